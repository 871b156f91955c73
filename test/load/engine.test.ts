/**
 * Engine "auto" for mid-size order lines (issue 15): DuckDB when a sample of the file shows values
 * both paths read alike, the JavaScript path (with its date-order and decimal sniffing) otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/paths';
import { testConfig } from '../helpers/config';
import { DUCKDB_MIN_BYTES, duckdbSuits } from '../../lib/load/engine';
import { isDuckSource, loadSources } from '../../lib/load/source';

const dir = tempDir('seglab-engine-');

/** An order-lines file just over the size bound; `line(i)` gives the date and amount fields. */
function orders(name: string, line: (i: number) => string): string {
  const file = path.join(dir, name);
  const parts = ['customer_id,order_date,amount,category'];
  let bytes = 0;
  for (let i = 0; bytes < DUCKDB_MIN_BYTES + 1024; i++) {
    const row = `C${i % 5000},${line(i)},${['toys', 'books'][i % 2]}`;
    parts.push(row);
    bytes += row.length + 1;
  }
  fs.writeFileSync(file, `${parts.join('\n')}\n`);
  return file;
}

test('plain ISO dates and plain amounts go to DuckDB; day/month dates, decimal commas, engine "js" and small files do not', async () => {
  const config = testConfig({ columns: { category: 'category' } }, dir);
  const plain = orders('plain.csv', (i) => `2025-0${1 + (i % 9)}-1${i % 10} 10:3${i % 10},${(i % 997) + 0.25}`);
  assert.equal(duckdbSuits({ path: plain }, config, 'csv'), true);
  assert.equal(duckdbSuits({ path: plain, engine: 'js' }, config, 'csv'), false);
  const dayMonth = orders('dmy.csv', (i) => `1${i % 10}/0${1 + (i % 9)}/2025,${i % 100}`);
  assert.equal(duckdbSuits({ path: dayMonth }, config, 'csv'), false, 'the JavaScript path guesses the date order');
  assert.equal(duckdbSuits({ path: dayMonth }, testConfig({ columns: { category: 'category', dateFormat: 'dmy' } }, dir), 'csv'), true, 'declared: DuckDB reads it');
  const comma = orders('comma.csv', (i) => `2025-01-0${1 + (i % 9)},"${i % 100},50"`);
  assert.equal(duckdbSuits({ path: comma }, config, 'csv'), false, 'a decimal comma is read by the JavaScript path only');
  const small = path.join(dir, 'small.csv');
  fs.writeFileSync(small, 'customer_id,order_date,amount,category\nC1,2025-01-01,3,toys\n');
  assert.equal(duckdbSuits({ path: small }, config, 'csv'), false);
  assert.equal(duckdbSuits({ path: plain }, testConfig({ columns: { category: 'no_such_column' } }, dir), 'csv'), false, 'a missing column keeps the JavaScript path and its message');

  fs.writeFileSync(path.join(dir, 'c.csv'), `customer_id\n${Array.from({ length: 5000 }, (_, i) => `C${i}`).join('\n')}\n`);
  const loaded = await loadSources(testConfig({ sources: { customers: { path: 'c.csv' }, transactions: { path: 'plain.csv' } }, columns: { category: 'category' } }, dir));
  assert.ok(isDuckSource(loaded.transactions), 'loadSources keeps the lines in DuckDB');
  const viaJs = await loadSources(testConfig({ sources: { customers: { path: 'c.csv' }, transactions: { path: 'comma.csv' } }, columns: { category: 'category' } }, dir));
  assert.ok(!isDuckSource(viaJs.transactions));
  fs.rmSync(dir, { recursive: true, force: true });
});
