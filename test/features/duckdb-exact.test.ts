/**
 * The DuckDB aggregation of order lines agrees with the JavaScript path exactly, and with itself
 * from run to run (issue 15): generated retail data with more order lines than one DuckDB row group
 * (122,880), so a parallel scan would add amounts in a varying order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { writeRetailCsv } from '../../lib/data/write';
import { buildFeatures } from '../../lib/features/build';
import { cleanInputs, loadInputs } from '../../lib/pipeline/run';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-duckdb-exact-'));
const files = writeRetailCsv(dir, { customers: 16_000, seed: 11 });

async function features(engine: 'js' | 'duckdb') {
  const config = validateConfig(
    {
      name: `exact-${engine}`,
      seed: 1,
      outDir: path.join(os.tmpdir(), 'seglab-unused'),
      sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv', engine } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', quantity: 'quantity', category: 'category', pii: ['email'] },
      clean: { ranges: { age: [16, 110], income: [0, 10000000] } },
      features: {
        behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days', 'return_rate', 'category_shares'],
        customerColumns: ['income'],
        logColumns: ['income'],
      },
      embed: { enabled: false },
    },
    dir,
  );
  const inputs = await loadInputs(config);
  const cleaned = await cleanInputs(inputs, config, { now: Date.parse('2026-01-01T00:00:00Z') });
  const table = buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config);
  return { ids: table.customerIds, names: table.names, raw: table.raw };
}

test('features from DuckDB equal the JavaScript path bit for bit, run after run', async () => {
  assert.ok(files.dirt.transactionRows > 2 * 122_880, `${files.dirt.transactionRows} order lines`);
  const js = await features('js');
  const first = await features('duckdb');
  const second = await features('duckdb');
  assert.ok(js.names.some((n) => n.startsWith('share_')) && js.names.includes('avg_basket'));
  assert.deepEqual(first, second);
  assert.deepEqual(first, js);
  fs.rmSync(dir, { recursive: true, force: true });
});
