import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { buildFeatures } from '../../lib/features/build';
import { computeRfm } from '../../lib/features/rfm';
import { fitScaler, applyScaler } from '../../lib/features/scale';
import type { RawTable } from '../../lib/load/csv';
import { testConfig } from '../helpers/config';
import { deepFreeze } from '../helpers/fixtures';

const raw = (role: string, header: string[], rows: string[][]): RawTable => ({
  role, file: `${role}.csv`, delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0,
});

const customers = raw('customers', ['customer_id', 'gender', 'income'], [
  ['A', 'F', '100'], ['B', 'M', '200'], ['C', 'F', '300'], ['D', 'M', '400'],
]);
const transactions = raw('transactions', ['customer_id', 'order_date', 'amount'], [
  ['A', '2025-01-01', '10'], ['A', '2025-01-01', '5'], ['A', '2025-01-08', '20'], ['A', '2025-01-09', '-5'],
  ['B', '2025-01-05', '100'],
  ['C', '2025-01-09', '-30'],
]);

test('computeRfm by hand: recency in days, frequency = distinct purchase days, monetary net of returns', () => {
  const config = testConfig();
  const c = cleanCustomers(customers, config);
  const tx = cleanTransactions(transactions, config, new Set(c.ids), new Set(c.ids));
  const rfm = computeRfm(c.ids, tx, '2025-01-11');
  // A: last purchase 01-08 -> 3 days; purchases on 01-01 and 01-08 -> 2; 10 + 5 + 20 - 5 = 30.
  // B: 01-05 -> 6 days; 1; 100. C: only a return -> no purchase. D: nothing.
  assert.deepEqual(rfm.recencyDays.slice(0, 2), [3, 6]);
  assert.deepEqual(rfm.frequency, [2, 1, 0, 0]);
  assert.deepEqual(rfm.monetary, [30, 100, -30, 0]);
  assert.deepEqual(rfm.hasPurchase, [true, true, false, false]);
  // Tenure: A first bought on 01-01 -> 10 days; B on 01-05 -> 6 days.
  assert.deepEqual(rfm.tenureDays.slice(0, 2), [10, 6]);
  // Default reference date: the day after the last transaction (01-09 -> 01-10).
  assert.equal(computeRfm(c.ids, tx).asOf, Date.UTC(2025, 0, 10));
});

test('buildFeatures: RFM + declared columns, protected excluded, customers without any line counted, input untouched', () => {
  const config = testConfig({ features: { customerColumns: ['income'], asOf: '2025-01-11' }, fairness: { protected: ['gender'] } });
  const c = cleanCustomers(customers, config);
  const tx = cleanTransactions(transactions, config, new Set(c.ids), new Set(c.ids));
  deepFreeze(c.numeric);
  deepFreeze(tx);
  const f = buildFeatures(c, tx, config);
  // C has only a return: kept (frequency 0, net -30, recency/tenure from the return on 01-09),
  // as UCI Online Retail's RFM counts such customers; D has no line at all and is dropped.
  assert.deepEqual(f.customerIds, ['A', 'B', 'C']);
  assert.deepEqual(f.names, ['recency_days', 'frequency', 'monetary', 'tenure_days', 'income']);
  assert.deepEqual(f.raw, [[3, 2, 30, 10, 100], [6, 1, 100, 6, 200], [2, 0, -30, 2, 300]]);
  assert.deepEqual(f.transform.log1p, ['recency_days', 'frequency', 'monetary', 'tenure_days']);
  // Standardised: every column has mean 0 and population sd 1.
  for (let j = 0; j < f.names.length; j++) {
    const col = f.scaled.map((r) => r[j]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    assert.ok(Math.abs(mean) < 1e-12 && Math.abs(sd - 1) < 1e-12, f.names[j]);
  }
  assert.equal(f.ledger.dropped['no purchase in the transactions file'], 1);
  assert.equal(f.ledger.rowsKept, 3);
  assert.deepEqual(f.excluded.find((e) => e.column === 'gender'), { column: 'gender', reason: 'protected' });
  assert.deepEqual(f.excluded.find((e) => e.column === 'customer_id'), { column: 'customer_id', reason: 'id' });
});

test('fitScaler / applyScaler: hand-computed mean and sd, new rows scaled with the fitted parameters', () => {
  const fit = fitScaler([[1, 10], [3, 30]], ['a', 'b']);
  assert.deepEqual(fit, { features: ['a', 'b'], mean: [2, 20], sd: [1, 10] });
  assert.deepEqual(applyScaler([[5, 0]], fit), [[3, -2]]);
});
