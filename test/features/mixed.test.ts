import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostileData } from '../../bench/hostile-data';
import { cleanCustomers } from '../../lib/clean/customers';
import { applyFeatures } from '../../lib/features/apply';
import { buildFeatures } from '../../lib/features/build';
import { fitMixedScaler } from '../../lib/features/mixed';
import { applyScaler } from '../../lib/features/scale';
import { testConfig } from '../helpers/config';

const variance = (xs: readonly number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};

test('fitMixedScaler: a one-hot block carries at most the variance of one feature, a rare flag less, a numeric exactly one', () => {
  const n = 1000;
  const rows = Array.from({ length: n }, (_, i) => {
    const level = i % 5;
    return [Math.sin(i) * 10 + i / 100, i % 20 === 0 ? 1 : 0, ...[0, 1, 2, 3, 4].map((l) => (l === level ? 1 : 0))];
  });
  const names = ['x', 'flag', 'r=a', 'r=b', 'r=c', 'r=d', 'r=e'];
  const fit = fitMixedScaler(rows, names, [names.slice(2)], {}, rows.map((_, i) => `c${i}`));
  const scaled = applyScaler(rows, fit.scaler);
  const col = (j: number): number[] => scaled.map((r) => r[j]);
  assert.deepEqual(fit.kinds, ['numeric', 'binary', 'categorical', 'categorical', 'categorical', 'categorical', 'categorical']);
  assert.ok(Math.abs(variance(col(0)) - 1) < 1e-9, 'numeric: variance 1');
  // Block of 5 equal levels: V = 5 * 0.2 * 0.8 = 0.8 -> every column divided by sqrt(0.8): total variance 1.
  const block = [2, 3, 4, 5, 6].reduce((a, j) => a + variance(col(j)), 0);
  assert.ok(Math.abs(block - 1) < 1e-9, `block variance ${block}`);
  // Rare flag (p = 0.05): divided by 1/2, so its values are 2 apart and its variance 4 p (1 - p) = 0.19 < 1.
  const f = col(1);
  assert.ok(Math.abs(Math.max(...f) - Math.min(...f) - 2) < 1e-9);
  assert.ok(Math.abs(variance(f) - 4 * 0.05 * 0.95) < 1e-9);
});

test('fitMixedScaler: a skewed column is logged, an extreme value is clipped and named with its row and customer', () => {
  const n = 500;
  const income = Array.from({ length: n }, (_, i) => Math.exp(10 + Math.sin(i * 7.3)) * (1 + (i % 13) / 4));
  income[41] *= 1000;
  const rows = income.map((v) => [v]);
  const fit = fitMixedScaler(rows, ['income'], [], {}, rows.map((_, i) => `C${i}`));
  assert.deepEqual(fit.autoLog, ['income']);
  assert.equal(fit.clipped.income, 1);
  assert.equal(fit.extremes[0].row, 42);
  assert.equal(fit.extremes[0].customerId, 'C41');
  assert.equal(fit.extremes[0].value, income[41]);
  assert.ok(fit.extremes[0].robustZ > 5);
});

test('fitMixedScaler: a column logged by features.log1p names its extreme value as the customer has it, not its log', () => {
  const n = 400;
  const grocery = Array.from({ length: n }, (_, i) => 5000 + ((i * 37) % 101) * 40);
  grocery[75] = 3; // far below the rest once logged, as Wholesale's row 76
  const rows = grocery.map((v) => [Math.sign(v) * Math.log1p(Math.abs(v))]);
  const fit = fitMixedScaler(rows, ['Grocery'], [], {}, rows.map((_, i) => String(i + 1)), ['Grocery']);
  assert.equal(fit.clipped.Grocery, 1);
  assert.equal(fit.extremes[0].row, 76);
  assert.equal(fit.extremes[0].value, 3);
});

test('survey answers are features (joined from the survey file), scaled on the customers who answered', () => {
  const d = hostileData({ customers: 1500, seed: 3 });
  const config = testConfig({
    sources: { customers: { path: 'c.csv' }, surveys: { path: 's.csv' } },
    columns: { customerId: 'customer_id', label: 'churned' },
    features: { behavioural: [], ...d.features },
  });
  const cleaned = cleanCustomers(d.customers, config, { surveys: d.surveys }, {});
  const f = buildFeatures(cleaned, null, config);
  const j = f.names.indexOf('price_sensitivity');
  assert.ok(j >= 0, 'price_sensitivity is a feature');
  assert.equal(f.kinds[j], 'ordinal');
  const answered = new Set(d.surveys.rows.map((r) => r[0]));
  const rows = f.customerIds.map((id, i) => ({ id, v: f.scaled[i][j] }));
  const given = rows.filter((r) => answered.has(r.id)).map((r) => r.v);
  const missing = rows.filter((r) => !answered.has(r.id)).map((r) => r.v);
  assert.ok(given.length > 400 && missing.length > 700);
  // Non-respondents share one value (no distance among them, near the centre); respondents have the spread of one feature.
  assert.ok(missing.every((v) => v === missing[0]) && Math.abs(missing[0]) < 0.5);
  assert.ok(Math.abs(variance(given) - 1) < 0.15, `variance among respondents ${variance(given)}`);
  // The outcome, the row number and the id are never features, each with its reason.
  assert.ok(!f.names.includes('churned') && !f.names.includes('row_number'));
  const reason = (c: string): string | undefined => f.excluded.find((e) => e.column === c)?.reason;
  assert.equal(reason('churned'), 'outcome');
  assert.equal(reason('row_number'), 'row number');
  assert.equal(reason('customer_id'), 'id');
  // The one extreme income is clipped, counted in the ledger and named.
  assert.equal(f.extremes[0].column, 'income');
  assert.equal(f.extremes[0].customerId, d.customers.rows[d.outlierRow][0]);
  assert.ok(Object.keys(f.ledger.repairs).some((k) => k.startsWith('income: extreme value clipped')));
  // fit/apply: the saved transform reproduces the scaled matrix exactly.
  const applied = applyFeatures(cleaned, null, config, f.transform);
  assert.deepEqual(applied.scaled, f.scaled);
});

test('a feature listed as the outcome is refused with one sentence', () => {
  assert.throws(
    () => testConfig({ columns: { label: 'churned' }, features: { customerColumns: ['churned'] } }),
    /is the outcome \(columns\.label\)/,
  );
});
