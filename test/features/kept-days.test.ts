/**
 * One (customer, day) grouping for the behaviour's purchase days and the CLV per-day table
 * (issue 15): behaviour-sql.ts's `kept_days`, read by clvInputsFromDuckdb through `keys.days`,
 * must give exactly what clvInputsFromDuckdb computes from the lines itself, and the purchase days
 * must equal the JavaScript path's, on lines that test every filter: purchases and returns on the
 * same day, a return on a day without purchases, zero amounts, "C" cancellations with positive
 * amounts, lines on and after the CLV scope's last day, late-evening times, unknown customer ids,
 * missing ids and unreadable dates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { computeBehaviour } from '../../lib/features/behaviour';
import { behaviourFromDuckdb, KEPT_DAYS_CLV } from '../../lib/features/behaviour-sql';
import { clvInputsFromDuckdb } from '../../lib/clv/summary-sql';
import type { ClvInputs, ClvOptions } from '../../lib/clv/stage';
import { readDelimited } from '../../lib/load/csv';
import { openDuckSource } from '../../lib/load/source';
import { createRng as makeRng } from '../../lib/random/rng';
import { testConfig } from '../helpers/config';
import { writeFixture } from '../helpers/fixtures';

function files(seed: number): string {
  const rng = makeRng(seed);
  const rows: string[] = [];
  const pad = (n: number): string => String(n).padStart(2, '0');
  for (let c = 0; c < 80; c++) {
    const lines = 1 + Math.floor(rng.next() * 14);
    for (let l = 0; l < lines; l++) {
      // Few days (Feb-Mar 2025), so same-day lines are common; some late in the evening.
      const day = 1 + Math.floor(rng.next() * 28);
      const month = 2 + Math.floor(rng.next() * 2);
      const time = rng.next() < 0.3 ? ` 23:${pad(Math.floor(rng.next() * 60))}:59` : rng.next() < 0.5 ? ' 00:00:00' : '';
      const u = rng.next();
      const qty = u < 0.12 ? -1 : 1 + Math.floor(rng.next() * 3);
      const price = u > 0.95 ? '0' : (Math.floor(rng.next() * 1e5) / 100).toString();
      const invoice = rng.next() < 0.06 ? `C${c}x${l}` : `${c}x${l}`;
      rows.push(`${invoice},K${c},2025-${pad(month)}-${pad(day)}${time},${qty},${price},${['toys', 'books'][l % 2]}`);
    }
  }
  rows.push(
    // A purchase and a return the same day; a return alone on another day; a cancellation with a positive price.
    'p1,K80,2025-03-05,2,10.5,toys', 'r1,K80,2025-03-05 18:00:00,-1,10.5,toys', 'r2,K80,2025-03-07,-1,4,toys', 'C9,K80,2025-03-09,1,3,toys',
    // Only returns; only a zero amount.
    'r3,K81,2025-03-02,-2,5,books', 'z1,K82,2025-03-03,1,0,books',
    // The last second of the CLV scope's last day (2025-03-20) and the first of the next.
    'e1,K83,2025-03-20 23:59:59,1,7,toys', 'e2,K83,2025-03-21 00:00:00,1,8,toys', 'e3,K84,2025-03-21,1,9,toys',
    // Unknown customer, missing id, unreadable date.
    'u1,NOPE,2025-03-04,1,5,toys', 'm1,,2025-03-04,1,5,toys', 'd1,K1,not a date,1,5,toys', 'd2,K2,,1,5,toys',
    // After features.asOf: dropped, and the warning quotes the latest date as written (a rescan of the lines).
    'f1,K3, 2025-05-02 10:00:00,1,5,toys', 'f2,NOPE,2025-06-01,1,5,toys', 'f3,,2025-07-01,1,5,toys',
  );
  const customers = Array.from({ length: 85 }, (_, c) => `K${c},${c % 3}`).join('\n');
  return writeFixture({ 't.csv': `invoice,customer_id,order_date,qty,price,category\n${rows.join('\n')}\n`, 'c.csv': `customer_id,region\n${customers}\n` });
}

const OPTIONS: ClvOptions[] = [
  { holdoutDays: 14 },
  { holdoutDays: 0 },
  { holdoutDays: 10, observationEnd: Date.UTC(2025, 2, 20, 13, 0, 0) },
  { holdoutDays: 0, observationEnd: Date.UTC(2025, 2, 20) },
];

test('kept_days serves both the purchase days and the CLV per-day table exactly', async () => {
  const dir = files(5);
  const config = testConfig(
    {
      columns: { invoice: 'invoice', quantity: 'qty', price: 'price', amount: 'no_such_amount', category: 'category' },
      features: { behavioural: ['frequency', 'monetary', 'avg_basket', 'return_rate'], asOf: '2025-04-01' },
      clean: { maxUnreadableShare: 0.2 },
    },
    dir,
  );
  const customers = cleanCustomers(readDelimited(path.join(dir, 'c.csv'), 'customers'), config);
  const all = new Set(customers.ids);
  const src = await openDuckSource({ path: path.join(dir, 't.csv'), engine: 'duckdb' }, 'transactions');
  const pairs: [ClvInputs, ClvInputs][] = [];
  const named: ClvInputs[] = [];
  const sql = await behaviourFromDuckdb(src, customers.ids, all, config, { clvDays: true }, async (con, idOf) => {
    for (const options of OPTIONS) {
      const grouped = await clvInputsFromDuckdb(con, 'kept_tx', options, { names: 'names', days: KEPT_DAYS_CLV });
      const fromLines = await clvInputsFromDuckdb(con, 'kept_tx', options, { names: 'names' });
      pairs.push([grouped, fromLines]);
      // Keys named in JavaScript (issue 15: no ids read as text): the same inputs, revenue in the same order.
      named.push(await clvInputsFromDuckdb(con, 'kept_tx', options, { names: 'names', days: KEPT_DAYS_CLV, idOf }));
    }
  });
  assert.equal(pairs.length, OPTIONS.length);
  for (const [i, [grouped]] of pairs.entries()) {
    assert.deepEqual(named[i].summary, grouped.summary, `summary with idOf, options ${i}`);
    assert.deepEqual(named[i].calibration, grouped.calibration, `calibration with idOf, options ${i}`);
    assert.deepEqual([...named[i].netRevenue].sort(), [...grouped.netRevenue].sort(), `net revenue with idOf, options ${i}`);
    assert.ok(named[i].summary.customerId.length > 0);
  }
  for (const [i, [grouped, fromLines]] of pairs.entries()) {
    assert.deepEqual(grouped.summary, fromLines.summary, `summary, options ${i}`);
    assert.deepEqual(grouped.calibration, fromLines.calibration, `calibration, options ${i}`);
    assert.deepEqual([...grouped.netRevenue].sort(), [...fromLines.netRevenue].sort(), `net revenue, options ${i}`);
    assert.deepEqual(grouped.options, fromLines.options);
  }
  // The scope matters: with the end on 2025-03-20, K83's line of the 21st is out and K84 has no line in scope.
  const scoped = pairs[3][0];
  assert.ok(!scoped.netRevenue.has('K84') && pairs[0][0].netRevenue.has('K84'), 'K84 only after the scope end');
  assert.equal(scoped.netRevenue.get('K83'), 7);
  assert.equal(pairs[0][0].netRevenue.get('K83'), 15);
  // K80: purchase 21 and return -10.5 on the 5th, a return alone on the 7th, a positive cancellation on the 9th.
  assert.equal(pairs[0][0].netRevenue.get('K80'), 21 - 10.5 - 4 - 3);
  // The purchase days equal the JavaScript path's (and the grouping without the CLV columns).
  const tx = cleanTransactions(readDelimited(path.join(dir, 't.csv'), 'transactions'), config, all, all);
  const js = computeBehaviour(customers.ids, tx, '2025-04-01');
  assert.deepEqual(sql.frequency, js.frequency);
  assert.deepEqual(sql.avgBasket, js.avgBasket);
  assert.equal(sql.frequency[customers.ids.indexOf('K80')], 1, 'one purchase day: the 5th');
  assert.equal(sql.frequency[customers.ids.indexOf('K81')], 0, 'returns only');
  const plain = await behaviourFromDuckdb(src, customers.ids, all, config);
  assert.deepEqual(plain.frequency, sql.frequency);
  assert.ok(js.frequency.some((f) => f >= 3), 'several purchase days occur');
  // Future-dated lines with an id (known or not) count; the latest is quoted as written; a line without an id is "missing".
  const future = Object.entries(sql.ledger.dropped).find(([reason]) => reason.includes('2025-04-01'));
  assert.equal(future?.[1], 2);
  assert.ok((sql.warnings ?? []).some((w) => w.includes('2025-06-01')), (sql.warnings ?? []).join(' | '));
});
