import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { validateConfig } from '../../lib/config/validate';
import { applyFeatures } from '../../lib/features/apply';
import { buildFeatures } from '../../lib/features/build';
import { readDelimited, type RawTable } from '../../lib/load/csv';
import { SeglabError, msg } from '../../lib/errors/messages';
import { testConfig } from '../helpers/config';
import { deepFreeze } from '../helpers/fixtures';
import { repoRoot } from '../helpers/paths';

const demoDir = path.join(repoRoot, 'data', 'demo');

/** The demo config with every feature family that has fitted state: RFM scores, category shares, bands, one-hot with "other". */
function richDemoConfig() {
  const json = JSON.parse(fs.readFileSync(path.join(demoDir, 'seglab.config.json'), 'utf8'));
  return validateConfig(
    {
      ...json,
      columns: { ...json.columns, category: 'category' },
      features: {
        ...json.features,
        behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'trend_90d', 'category_shares', 'rfm_scores'],
        categoricalColumns: ['region', 'marital_status'],
        rareShare: 0.05,
        bands: { age: [25, 35, 50, 65] },
        allowProtected: true,
      },
    },
    demoDir,
  );
}

test('applyFeatures with the training transform on the training data reproduces FeatureTable.scaled exactly', () => {
  const config = richDemoConfig();
  const customersTable = readDelimited(path.join(demoDir, 'customers.csv'), 'customers');
  const txTable = readDelimited(path.join(demoDir, 'transactions.csv'), 'transactions');
  const customers = cleanCustomers(customersTable, config);
  const tx = cleanTransactions(txTable, config, new Set(customers.ids), new Set(customers.ids));
  const built = buildFeatures(customers, tx, config);
  // The fixture must exercise the fitted pieces, else the test proves little.
  assert.ok(built.names.includes('marital_status=other'), built.names.join(', '));
  assert.ok(built.names.some((n) => n.startsWith('share_')) && built.names.includes('r_score') && built.names.some((n) => n.startsWith('age_band=')));
  assert.ok(built.transform.log1p.length > 0);
  const transform = JSON.parse(JSON.stringify(built.transform));
  deepFreeze(customers);
  deepFreeze(tx);
  const applied = applyFeatures(customers, tx, config, transform);
  assert.deepEqual(applied.names, built.names);
  assert.deepEqual(applied.customerIds, built.customerIds);
  assert.deepEqual(applied.raw, built.raw);
  assert.deepEqual(applied.scaled, built.scaled);
  assert.equal(applied.asOf, built.asOf);
  assert.deepEqual(applied.ledger, built.ledger);
});

const raw = (role: string, header: string[], rows: string[][]): RawTable => ({
  role, file: `${role}.csv`, delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0,
});

test('applyFeatures: an unseen level goes to "other", the fitted scaler and RFM edges are reused, recency counts from the given date', () => {
  const config = testConfig({ features: { customerColumns: ['income'], categoricalColumns: ['region'], rareShare: 0.2, behavioural: ['recency_days', 'frequency', 'monetary'] } });
  const regions = ['N', 'N', 'N', 'S', 'S', 'S', 'E', 'W', 'N', 'S'];
  const trainCustomers = raw('customers', ['customer_id', 'region', 'income'], regions.map((r, i) => [`c${i}`, r, String(100 * (i + 1))]));
  const trainTx = raw('transactions', ['customer_id', 'order_date', 'amount'], regions.flatMap((_, i) => [[`c${i}`, `2025-01-0${1 + (i % 9)}`, String(10 + i)], [`c${i}`, `2025-02-0${1 + (i % 5)}`, String(5 * i + 1)]]));
  const c = cleanCustomers(trainCustomers, config);
  const built = buildFeatures(c, cleanTransactions(trainTx, config, new Set(c.ids), new Set(c.ids)), config);
  assert.ok(built.names.includes('region=other'));

  const fresh = raw('customers', ['customer_id', 'region', 'income'], [['n1', 'Mars', '5000'], ['n2', 'N', '100'], ['n3', 'E', '300']]);
  const freshTx = raw('transactions', ['customer_id', 'order_date', 'amount'], [['n1', '2026-03-01', '40'], ['n2', '2026-03-05', '10'], ['n3', '2026-03-09', '20']]);
  const nc = cleanCustomers(fresh, config);
  const ntx = cleanTransactions(freshTx, config, new Set(nc.ids), new Set(nc.ids));
  const applied = applyFeatures(nc, ntx, config, built.transform, { asOf: '2026-03-11' });
  const col = (name: string): number[] => applied.raw.map((r) => r[applied.names.indexOf(name)]);
  assert.deepEqual(col('region=other'), [1, 0, 1]); // "Mars" unseen, "E" rare at fit time
  assert.deepEqual(col('region=N'), [0, 1, 0]);
  assert.deepEqual(col('recency_days'), [10, 6, 2]);
  assert.equal(applied.asOf, '2026-03-11');
  // Default reference date: the new data's own (the day after its last transaction).
  assert.equal(applyFeatures(nc, ntx, config, built.transform).asOf, '2026-03-10');
  // Scaled with the training mean/sd, not refitted on the 3 new rows.
  const j = applied.names.indexOf('income');
  const { mean, sd } = built.transform.scaler;
  const incomeLogged = built.transform.log1p.includes('income') ? Math.log1p(5000) : 5000;
  // An extreme value of new data is clipped to the training fence (lib/features/mixed.ts), as at fit time.
  const bounds = built.transform.scaler.clip?.[j] ?? [-Infinity, Infinity];
  assert.equal(applied.scaled[0][j], (Math.min(bounds[1], Math.max(bounds[0], incomeLogged)) - mean[j]) / sd[j]);
});

test('applyFeatures refuses a transform whose features the config cannot build', () => {
  const config = testConfig({ features: { customerColumns: ['income'], behavioural: [] } });
  const table = raw('customers', ['customer_id', 'income'], [['a', '1'], ['b', '2'], ['c', '3']]);
  const c = cleanCustomers(table, config);
  const built = buildFeatures(c, null, config);
  const tampered = { ...built.transform, scaler: { ...built.transform.scaler, features: ['income', 'loyalty'], mean: [0, 0], sd: [1, 1] } };
  assert.throws(
    () => applyFeatures(c, null, config, tampered),
    (e: unknown) => e instanceof SeglabError && e.message.includes(msg.modelFeatureMismatch('applyFeatures', ['income', 'loyalty'], ['income'])),
  );
});
