/**
 * Exact money sums (issue 15): integer micro-units, so sums do not depend on the order of the
 * lines, and DuckDB's parallel GROUP BY equals the JavaScript path bit for bit, also for amounts
 * with more than two decimals, negative amounts and exact half-cent ties.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { computeBehaviour } from '../../lib/features/behaviour';
import { behaviourFromDuckdb } from '../../lib/features/behaviour-sql';
import { centsOfMicro, ExactSums, microSql, toMicro } from '../../lib/features/exact-sum';
import { readDelimited } from '../../lib/load/csv';
import { withDuckdb } from '../../lib/load/duckdb';
import { openDuckSource } from '../../lib/load/source';
import { createRng as makeRng } from '../../lib/random/rng';
import { testConfig } from '../helpers/config';
import { writeFixture } from '../helpers/fixtures';

const AWKWARD = [0, 0.1, 0.2, 0.3, 2.675, -2.675, 1.005, -1.005, 0.0000005, -0.0000005, 0.0000015, -0.0000025, 1234.5678901, -99.99, 0.125, 1e9 + 0.01, -7e11, 3.3333333333];

test('toMicro rounds half away from zero, a refund is exactly minus its purchase, and equals DuckDB\'s expression', async () => {
  assert.equal(toMicro(0.0000005), 1);
  assert.equal(toMicro(-0.0000005), -1);
  assert.equal(toMicro(0.0000015), 2);
  assert.equal(toMicro(2.675), 2_675_000);
  assert.equal(toMicro(0.1) + toMicro(0.2), toMicro(0.3), 'decimal amounts add exactly');
  for (const x of AWKWARD) assert.equal(toMicro(-x), 0 - toMicro(x), String(x));
  const duck = await withDuckdb(async (con) => {
    const values = AWKWARD.map((x) => `(${x}::DOUBLE)`).join(', ');
    const r = await con.runAndReadAll(`SELECT ${microSql('v')} FROM (VALUES ${values}) t(v)`);
    return r.getColumnsJS()[0].map((v) => Number(v as bigint));
  });
  assert.deepEqual(duck, AWKWARD.map(toMicro));
});

test('centsOfMicro rounds as Math.round(x * 100) / 100 on exact sums, deciding half-cent ties exactly', () => {
  assert.equal(centsOfMicro(12_345_000), 12.35, 'half a cent up');
  assert.equal(centsOfMicro(-12_345_000), -12.34, 'ties towards +infinity, as Math.round');
  assert.equal(centsOfMicro(-12_345_001), -12.35);
  assert.equal(centsOfMicro(4_999), 0);
  assert.equal(centsOfMicro(5_000), 0.01);
  const rng = makeRng(3);
  for (let k = 0; k < 2000; k++) {
    const cents = Math.floor(rng.next() * 2e8) - 1e8;
    // Away from ties, the float formula of before gives the same number.
    const micro = cents * 10_000 + Math.floor(rng.next() * 4000) + 1000;
    assert.equal(centsOfMicro(micro), Math.round((micro / 1e6) * 100) / 100, String(micro));
  }
});

test('ExactSums: the same sum in any order, and exact past 2^53 (BigInt)', () => {
  const rng = makeRng(9);
  const lines = Array.from({ length: 5000 }, () => toMicro(Math.round((rng.next() * 2000 - 300) * 1000) / 1000));
  const forward = new ExactSums(1);
  const backward = new ExactSums(1);
  for (const m of lines) forward.add(0, m);
  for (const m of [...lines].reverse()) backward.add(0, m);
  assert.equal(forward.get(0), backward.get(0));
  assert.equal(forward.get(0), Number(lines.reduce((a, m) => a + BigInt(m), 0n)));
  // Large amounts: float sums would lose units; the BigInt tail keeps them.
  const big = [9e17, 7e17, 3, -1e17, 5];
  const s = new ExactSums(2);
  for (const m of big) s.add(1, m);
  assert.equal(s.get(1), Number(big.reduce((a, m) => a + BigInt(m), 0n)));
  assert.equal(s.get(0), 0);
  assert.deepEqual(s.toArray(), [0, Number(15e17 + 8)]);
});

// Order lines with 3-4 decimals, quantity x price, refunds, "C" cancellations and half-cent averages.
function awkwardFiles(seed: number, shuffle: boolean): { dir: string } {
  const rng = makeRng(seed);
  const rows: string[] = [];
  for (let c = 0; c < 60; c++) {
    const lines = 1 + Math.floor(rng.next() * 12);
    for (let l = 0; l < lines; l++) {
      const day = 1 + Math.floor(rng.next() * 28);
      const month = 1 + Math.floor(rng.next() * 3);
      const qty = rng.next() < 0.1 ? -1 : 1 + Math.floor(rng.next() * 3);
      const price = (Math.floor(rng.next() * 1e6) / [1, 100, 1000, 10000][l % 4]).toString();
      const invoice = rng.next() < 0.05 ? `C${c}${l}` : `${c}${l}`;
      rows.push(`${invoice},K${c},2025-0${month}-${String(day).padStart(2, '0')},${qty},${price},${['toys', 'books', 'food'][l % 3]}`);
    }
  }
  // Exact half-cent average baskets: 0.05 over two days, 0.15 over two days.
  rows.push('h1,K60,2025-03-10,1,0.025,toys', 'h2,K60,2025-03-11,1,0.025,toys');
  rows.push('h3,K61,2025-03-10,1,0.075,toys', 'h4,K61,2025-03-11,1,0.075,toys', 'h5,K61,2025-03-12,-1,0.0005,toys');
  if (shuffle) {
    const r2 = makeRng(seed + 1);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(r2.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
  }
  const customers = Array.from({ length: 62 }, (_, c) => `K${c},${c % 2 ? 'N' : 'S'}`).join('\n');
  return { dir: writeFixture({ 't.csv': `invoice,customer_id,order_date,qty,price,category\n${rows.join('\n')}\n`, 'c.csv': `customer_id,region\n${customers}\n` }) };
}

async function bothPaths(dir: string) {
  const config = testConfig(
    {
      columns: { invoice: 'invoice', quantity: 'qty', price: 'price', amount: 'no_such_amount', category: 'category' },
      features: { behavioural: ['monetary', 'avg_basket', 'trend_90d', 'category_shares', 'frequency', 'return_rate'], asOf: '2025-04-01' },
    },
    dir,
  );
  const customers = cleanCustomers(readDelimited(path.join(dir, 'c.csv'), 'customers'), config);
  const all = new Set(customers.ids);
  const tx = cleanTransactions(readDelimited(path.join(dir, 't.csv'), 'transactions'), config, all, all);
  const js = computeBehaviour(customers.ids, tx, '2025-04-01');
  const src = await openDuckSource({ path: path.join(dir, 't.csv'), engine: 'duckdb' }, 'transactions');
  const sql = await behaviourFromDuckdb(src, customers.ids, all, config);
  const pick = (b: typeof js) => ({ monetary: b.monetary, avgBasket: b.avgBasket, trend90d: b.trend90d, shares: b.categoryShares, frequency: b.frequency, returnRate: b.returnRate });
  return { js: pick(js), sql: pick(sql), customers: customers.ids };
}

test('JS and DuckDB (two threads) agree exactly on amounts with many decimals and refunds, in any line order', async () => {
  const a = await bothPaths(awkwardFiles(21, false).dir);
  assert.deepEqual(a.sql, a.js);
  const b = await bothPaths(awkwardFiles(21, true).dir);
  assert.deepEqual(b.js, a.js, 'shuffled order lines give the same bits');
  assert.deepEqual(b.sql, a.js);
  assert.ok(a.js.returnRate.some((r) => r > 0), 'the data has refunds');
  // Two purchase days of 0.025: gross 0.05 (exact), 0.025 a day, rounded as Math.round to 0.03.
  const k60 = a.customers.indexOf('K60');
  assert.equal(a.js.avgBasket[k60], Math.round((0.05 / 2) * 100) / 100);
  // 0.15 - 0.0005 = 0.1495 exactly: 14.95 cents, a tie, rounds up to 0.15 (a float sum could fall either side).
  const k61 = a.customers.indexOf('K61');
  assert.equal(a.js.monetary[k61], 0.15);
  assert.equal(a.js.avgBasket[k61], Math.round((0.15 / 2) * 100) / 100);
  const shares = Object.values(a.js.shares).map((col) => col[k60]);
  assert.equal(shares.reduce((x, y) => x + y, 0), 1, 'shares of one customer sum to 1');
});
