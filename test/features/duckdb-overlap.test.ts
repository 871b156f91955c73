/**
 * Issue 15: on the DuckDB path the customers are cleaned (JavaScript) while DuckDB reads and joins
 * the order lines. The errors must come as they did when the customers were cleaned first: a
 * customers error wins over a transactions error, and an error of the caller's code reaches the
 * caller as it was thrown (not as a DuckDB failure); the connection is closed either way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { loadSources } from '../../lib/load/source';
import type { DuckSource } from '../../lib/load/source';
import { cleanSources } from '../../lib/pipeline/sources';
import { allCustomerIds } from '../../lib/clean/sources';
import { behaviourFromDuckdb } from '../../lib/features/behaviour-sql';
import { tempDir } from '../helpers/paths';

function setup(customers: string[], lines: string[], engine: 'js' | 'duckdb') {
  const dir = tempDir('seglab-duckoverlap-');
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${lines.join('\n')}\n`);
  return validateConfig(
    {
      outDir: tempDir('seglab-duckoverlap-out-'),
      features: { asOf: '2025-12-31', customerColumns: ['income'] },
      sources: { customers: { path: path.join(dir, 'customers.csv') }, transactions: { path: path.join(dir, 'transactions.csv'), engine } },
    },
    dir,
  );
}

test('a customers error is reported before a transactions error, on both paths', async () => {
  // income, the only customer column, is empty in every row (a customers error while cleaning); every order
  // date is unreadable (a transactions error).
  const customers = ['customer_id,age,income', ...Array.from({ length: 40 }, (_, i) => `C${i},${20 + i},`)];
  const lines = ['customer_id,order_date,amount', ...Array.from({ length: 80 }, (_, i) => `C${i % 40},someday,${i + 1}`)];
  const messages: string[] = [];
  for (const engine of ['js', 'duckdb'] as const) {
    const config = setup(customers, lines, engine);
    await assert.rejects(cleanSources(await loadSources(config), config, {}), (e: Error) => {
      messages.push(e.message);
      return true;
    });
  }
  // income, empty everywhere, leaves no feature: an error of the customers' cleaning, not of the order dates.
  assert.match(messages[0], /features\.customerColumns/);
  assert.doesNotMatch(messages[0], /order_date/);
  assert.equal(messages[1], messages[0], 'the DuckDB path reports the same customers error');
  // Without the customers problem, the same order lines stop at their unreadable dates on the DuckDB path.
  const fine = customers.map((row, i) => (i === 0 ? row : `${row}${1000 * i}`));
  const config = setup(fine, lines, 'duckdb');
  await assert.rejects(cleanSources(await loadSources(config), config, {}), /order_date/);
});

test("an error thrown by the caller's customer ids reaches the caller as it was thrown", async () => {
  const customers = ['customer_id,age,income', ...Array.from({ length: 40 }, (_, i) => `C${i},${20 + i},${1000 * i}`)];
  const lines = ['customer_id,order_date,amount', ...Array.from({ length: 80 }, (_, i) => `C${i % 40},2025-03-0${1 + (i % 9)},${i + 1}`)];
  const config = setup(customers, lines, 'duckdb');
  const loaded = await loadSources(config);
  const mine = new RangeError('not a DuckDB problem');
  let called = 0;
  await assert.rejects(
    behaviourFromDuckdb(loaded.transactions as DuckSource, () => {
      called++;
      throw mine;
    }, allCustomerIds(loaded, config), config),
    (e: unknown) => e === mine,
  );
  assert.equal(called, 1);
  // A function giving the ids and the ids themselves: the same behaviour.
  const ids = customers.slice(1).map((r) => r.split(',')[0]);
  const a = await behaviourFromDuckdb(loaded.transactions as DuckSource, () => ids, allCustomerIds(loaded, config), config);
  const b = await behaviourFromDuckdb(loaded.transactions as DuckSource, ids, allCustomerIds(loaded, config), config);
  assert.deepEqual(a, b);
  assert.equal(a.ledger.rowsKept, 80);
  // Customer Cj bought on day 1 + j % 9 and day 1 + (j + 40) % 9 of March: two purchase days each.
  assert.deepEqual(a.frequency, ids.map(() => 2));
});
