/**
 * A customers table without an id column (UCI Bank Marketing's bank.csv): the flags path and a config
 * without columns.customerId stopped at 'has no column "customer_id"' with no way forward in the
 * message. It now says that "row_id" numbers the rows, and that id works.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { SeglabError, msg } from '../../lib/errors/messages';
import { needsDatasets, sharedDatasets, tempDir } from '../helpers/paths';

function customersFile(): string {
  const dir = tempDir('seglab-noid-');
  const file = path.join(dir, 'bank.csv');
  // The shape of bank.csv: semicolons, quoted text, no id column.
  const rows = ['"age";"job";"marital";"balance";"y"', ...Array.from({ length: 60 }, (_, i) => `${20 + (i % 50)};"services";"${i % 3 ? 'married' : 'single'}";${i * 37 - 200};"${i % 7 ? 'no' : 'yes'}"`)];
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

async function loadError(file: string, extra: Record<string, unknown> = {}): Promise<string> {
  const out = tempDir('seglab-noid-out-');
  const config = validateConfig(
    { name: 'noid', outDir: path.join(out, 'run'), sources: { customers: { path: file } }, features: { behavioural: [], customerColumns: ['balance'] }, embed: { enabled: false }, cluster: { kMin: 2, kMax: 2, workers: 1 }, fairness: { minCellSize: 5 }, ...extra },
    path.dirname(file),
  );
  try {
    await runPipeline(config);
  } catch (e) {
    assert.ok(e instanceof SeglabError, String(e));
    return e.message;
  }
  return '';
}

test('no id column: the message names "row_id" as the way to number the rows, and row_id loads', async () => {
  const file = customersFile();
  const message = await loadError(file);
  assert.match(message, /has no column "customer_id" \(set by columns\.customerId\)/);
  assert.match(message, /set columns\.customerId to "row_id" in a config file: seglab then numbers the rows/);
  assert.equal(await loadError(file, { columns: { customerId: 'row_id' } }), '');
});

test('a near miss ("customerid") is pointed at, without the row_id advice', async () => {
  const dir = tempDir('seglab-noid-near-');
  const file = path.join(dir, 'c.csv');
  fs.writeFileSync(file, 'customerid,balance\nA,1\nB,2\n');
  const message = await loadError(file);
  assert.match(message, /Closest id-like column: "customerid"/);
  assert.doesNotMatch(message, /row_id/);
});

test('UCI Bank Marketing bank.csv without an id: the message says how to go on', { skip: needsDatasets('bank-marketing/bank.csv') }, async () => {
  const file = path.join(sharedDatasets, 'bank-marketing/bank.csv');
  const message = await loadError(file, { sources: { customers: { path: file, delimiter: ';' } } });
  assert.match(message, /"row_id"/);
});

test('the row_id advice is not repeated when the id already is "row_id" (seglab score reads its model\'s id column)', () => {
  const text = msg.missingColumn('customers', 'bank.csv', 'row_id', 'columns.customerId', ['age', 'job', 'balance']);
  assert.doesNotMatch(text, /set columns\.customerId to "row_id"/);
});
