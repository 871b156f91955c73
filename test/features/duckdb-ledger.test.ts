/**
 * Issue 15's DuckDB path keeps a status code per order line (not its text) and no id text for
 * known customers: the ledger must still say exactly what the JavaScript path says (every drop
 * reason with its count), and the "files do not join" message must still quote their ids.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { loadSources } from '../../lib/load/source';
import { cleanSources } from '../../lib/pipeline/sources';
import { tempDir } from '../helpers/paths';

function write(dir: string, customers: string[], lines: string[]): void {
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${lines.join('\n')}\n`);
}

const configFor = (dir: string, engine: 'js' | 'duckdb') =>
  validateConfig(
    {
      outDir: tempDir('seglab-duckledger-out-'),
      clean: { ranges: { age: [16, 110] }, returns: 'drop', maxUnreadableShare: 0.5 },
      features: { asOf: '2025-12-31' },
      sources: { customers: { path: path.join(dir, 'customers.csv') }, transactions: { path: path.join(dir, 'transactions.csv'), engine } },
    },
    dir,
  );

test('every drop reason counted as on the JavaScript path (same reasons, counts, kept rows, repairs)', async () => {
  const dir = tempDir('seglab-duckledger-');
  const customers = ['customer_id,age'];
  const lines = ['customer_id,order_date,amount'];
  for (let i = 0; i < 60; i++) {
    // Every 10th customer is out of range (dropped while cleaning customers).
    customers.push(`C${i},${i % 10 === 0 ? 200 : 20 + i}`);
    lines.push(`C${i},2025-0${1 + (i % 9)}-1${i % 10},${(i * 3.7).toFixed(2)}`);
    if (i % 4 === 0) lines.push(`C${i},2025-07-01,-${(i / 3).toFixed(2)}`); // a return (dropped: returns "drop")
  }
  lines.push(',2025-01-01,5', 'n/a,2025-01-01,5', 'X99,2025-01-01,5', 'X98,2025-02-01,7'); // no id; ids not in the customers file
  lines.push('C1,not a date,5', 'C2,2025-03-01,abc', 'C3,2025-03-01,5000000000000', 'C4,2026-06-01,5'); // unreadable date and amount, absurd amount, after asOf
  write(dir, customers, lines);
  const ledgerOf = async (engine: 'js' | 'duckdb') => {
    const config = configFor(dir, engine);
    const cleaned = await cleanSources(await loadSources(config), config, {});
    assert.equal(cleaned.behaviour !== null, engine === 'duckdb', `${engine} path taken`);
    const entry = cleaned.ledger.find((l) => l.source === 'transactions');
    assert.ok(entry, `${engine}: a transactions ledger`);
    return entry;
  };
  const [js, duck] = [await ledgerOf('js'), await ledgerOf('duckdb')];
  assert.deepEqual(duck.dropped, js.dropped);
  assert.deepEqual(Object.keys(duck.dropped).sort(), Object.keys(js.dropped).sort());
  assert.equal(duck.rowsRead, lines.length - 1);
  assert.equal(duck.rowsKept, js.rowsKept);
  assert.deepEqual(duck.repairs, js.repairs);
  // The reasons this file was built to hit, each with its count.
  assert.equal(duck.dropped['missing customer id'], 2);
  assert.equal(duck.dropped['customer id not in the customers file'], 2);
  assert.equal(duck.dropped['unreadable order date'], 1);
  assert.equal(duck.dropped['order date after the as-of date 2025-12-31'], 1);
  assert.equal(duck.dropped['return / cancellation (clean.returns: drop)'], 15 - 1); // C0's "-0.00" is not negative: no return
});

test('ids that do not join: one sentence quoting their ids and ours', async () => {
  const dir = tempDir('seglab-duckjoin-');
  const customers = ['customer_id,age'];
  const lines = ['customer_id,order_date,amount'];
  for (let i = 0; i < 50; i++) {
    customers.push(`C${i},${20 + i}`);
    lines.push(`cust-${i},2025-03-01,10`);
  }
  write(dir, customers, lines);
  const config = configFor(dir, 'duckdb');
  await assert.rejects(cleanSources(await loadSources(config), config, {}), (e: Error) => {
    assert.match(e.message, /only 0 of 50 transactions rows \(0\.0%\) have a customer id found in the customers file/);
    assert.match(e.message, /look like "cust-\d+", "cust-\d+", "cust-\d+" but in the customers file like "C0", "C1", "C2"/);
    return true;
  });
});
