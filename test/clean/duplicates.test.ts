/**
 * Many rows per customer id: the run warns (on the command line and in the report) instead of
 * silently segmenting one row per id. The IBM fast-food A/B log has one row per store and week
 * (548 rows, 137 stores): with LocationID as the id, 411 rows (75%) were dropped and only the
 * ledger said so; the segments described week 4 alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { cleanCustomers } from '../../lib/clean/customers';
import { duplicateIdsWarning, duplicateIdsWarningFor } from '../../lib/clean/duplicates';
import { runPipeline } from '../../lib/pipeline/run';
import { createRng } from '../../lib/random/rng';
import { needsDatasets, sharedDatasets, tempDir } from '../helpers/paths';

/** A seeded store x week table: `stores` ids, `weeks` rows each, plus `extra` stray duplicates of single-row ids. */
function weeklyTable(stores: number, weeks: number, seed: number): string {
  const rng = createRng(seed);
  const lines = ['store_id,week,size,sales'];
  for (let w = 1; w <= weeks; w++)
    for (let s = 0; s < stores; s++) lines.push(`S${s},${w},${['Small', 'Medium', 'Large'][s % 3]},${(20 + 60 * rng.next()).toFixed(2)}`);
  return `${lines.join('\n')}\n`;
}

function config(dir: string, file: string, extra: Record<string, unknown> = {}) {
  return validateConfig(
    {
      name: 'dups',
      seed: 3,
      outDir: path.join(dir, 'run'),
      sources: { customers: { path: file } },
      columns: { customerId: 'store_id', ...extra },
      features: { behavioural: [], customerColumns: ['sales'], categoricalColumns: ['size'] },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 3, restarts: 2, workers: 1 },
      fairness: { minCellSize: 10 },
    },
    dir,
  );
}

test('a store x week table segmented by store: the warning gives the dropped rows, their share and the fix', async () => {
  const dir = tempDir('seglab-dups-');
  fs.writeFileSync(path.join(dir, 'weekly.csv'), weeklyTable(120, 4, 5));
  const run = await runPipeline(config(dir, 'weekly.csv'));
  assert.equal(run.clustering.labels.length, 120);
  const warning = run.warnings.find((w) => w.includes('repeat a "store_id" value'));
  assert.ok(warning, `no duplicate-id warning among: ${run.warnings.join(' | ')}`);
  // 480 rows, 120 kept: 360 dropped, 75.0%.
  assert.match(warning, /360 of 480 rows \(75\.0%\)/);
  assert.match(warning, /kept the last row in the file/);
  assert.match(warning, /aggregate it per customer first or give it as sources\.transactions/);
  assert.match(warning, /set columns\.updatedAt/);
});

test('a few stray duplicates (under 10% of the rows) stay in the ledger without a warning', () => {
  const ledger = { source: 'customers', file: 'c.csv', rowsRead: 1000, rowsKept: 950, dropped: { 'duplicate customer id (kept the last row in the file)': 50 }, repairs: {} };
  assert.equal(duplicateIdsWarning(ledger, 'id', false), null);
  const many = { ...ledger, rowsKept: 880, dropped: { 'duplicate customer id (kept the latest by updated)': 120 } };
  const text = duplicateIdsWarning(many, 'id', true);
  assert.ok(text);
  assert.match(text, /120 of 1000 rows \(12\.0%\)/);
  assert.match(text, /kept the latest row by columns\.updatedAt/);
  assert.doesNotMatch(text, /set columns\.updatedAt/);
});

test('one order-line file read as customers and transactions (the Online Retail example) repeats ids by design: no warning', () => {
  const dir = tempDir('seglab-dups-same-');
  const make = (customers: string) =>
    validateConfig({ name: 'same', sources: { customers: { path: customers }, transactions: { path: './lines.csv' } }, columns: { customerId: 'store_id', orderDate: 'day', amount: 'sales' } }, dir);
  const cfg = make('lines.csv');
  const ledger = { source: 'customers', file: 'lines.csv', rowsRead: 480, rowsKept: 120, dropped: { 'duplicate customer id (kept the last row in the file)': 360 }, repairs: {} };
  assert.equal(duplicateIdsWarningFor(cfg, ledger), null);
  const other = make('customers.csv');
  assert.ok(duplicateIdsWarningFor(other, ledger));
});

test('IBM fast-food A/B log keyed by LocationID: 411 of 548 rows dropped as repeats, and the warning says so', { skip: needsDatasets('fastfood-marketing-ab-test/WA_Marketing-Campaign.csv') }, () => {
  const file = path.join(sharedDatasets, 'fastfood-marketing-ab-test/WA_Marketing-Campaign.csv');
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const stores = new Set(rows.map((r) => r[header.indexOf('LocationID')]));
  const cfg = validateConfig(
    {
      name: 'fastfood',
      sources: { customers: { path: file } },
      columns: { customerId: 'LocationID' },
      features: { behavioural: [], customerColumns: ['SalesInThousands'] },
    },
    sharedDatasets,
  );
  const c = cleanCustomers({ role: 'customers', file: 'WA_Marketing-Campaign.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 }, cfg);
  assert.equal(c.ids.length, stores.size);
  const warning = duplicateIdsWarning(c.ledger, 'LocationID', false);
  assert.ok(warning);
  assert.match(warning, new RegExp(`${rows.length - stores.size} of ${rows.length} rows`));
});
