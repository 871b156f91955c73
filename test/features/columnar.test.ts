import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostileData } from '../../bench/hostile-data';
import { cleanCustomers } from '../../lib/clean/customers';
import { applyLog1p, buildFeatures, LOGGED, middleValue } from '../../lib/features/build';
import { fitMixedScaler } from '../../lib/features/mixed';
import { applyScaler, fitScaler } from '../../lib/features/scale';
import { createRng } from '../../lib/random/rng';
import { testConfig } from '../helpers/config';

/** Bit patterns, so -0 and 0 (and NaN payloads aside) are told apart. */
const bits = (m: readonly (readonly number[])[]): string => Buffer.from(Float64Array.from(m.flat()).buffer).toString('base64');

test('buildFeatures (columns in typed arrays): raw, standardised and scaled equal the row-matrix functions bit for bit', () => {
  for (const seed of [3, 11]) {
    const d = hostileData({ customers: 1200, seed });
    const config = testConfig({
      sources: { customers: { path: 'c.csv' }, surveys: { path: 's.csv' } },
      columns: { customerId: 'customer_id', label: 'churned' },
      features: { behavioural: [], ...d.features, logColumns: d.features.customerColumns?.slice(0, 1) ?? [] },
    });
    const cleaned = cleanCustomers(d.customers, config, { surveys: d.surveys }, {});
    const f = buildFeatures(cleaned, null, config);
    assert.ok(f.names.length >= 3 && f.raw.length > 1000);
    const configured = f.names.filter((n) => (config.features.logTransform && LOGGED.includes(n)) || config.features.logColumns.includes(n));
    assert.ok(configured.length >= 2);
    const logged = applyLog1p(f.raw, f.names, configured);
    assert.deepEqual(bits(f.standardised), bits(applyScaler(logged, fitScaler(logged, f.names))));
    // The scaled matrix is what a saved model reproduces: log1p of every logged column, then the saved scaler.
    assert.deepEqual(bits(f.scaled), bits(applyScaler(applyLog1p(f.raw, f.names, f.transform.log1p), f.transform.scaler)));
    const observed: Record<string, boolean[]> = {};
    for (const [col, mask] of Object.entries(cleaned.imputed ?? {})) if (f.names.includes(col)) observed[col] = f.rowIndex.map((i) => !mask[i]);
    const blocks = (f.transform.oneHot ?? []).map((o) => f.names.filter((n) => n.startsWith(`${o.column}=`)));
    const refit = fitMixedScaler(logged, f.names, blocks, observed, f.customerIds, configured);
    assert.deepEqual(refit.scaler, f.transform.scaler);
    assert.deepEqual(refit.kinds, f.kinds);
    assert.deepEqual(refit.extremes, f.extremes);
  }
});

test('middleValue: the value a stable comparator sort puts in the middle, -0 and 0 in input order, nulls skipped', () => {
  const reference = (values: readonly (number | null)[]): number => {
    const present = values.filter((v): v is number => v !== null).sort((x, y) => x - y);
    return present.length ? present[Math.floor(present.length / 2)] : 0;
  };
  const rng = createRng(5);
  for (let t = 0; t < 300; t++) {
    const n = rng.int(12);
    const pool = [null, -0, 0, 0, 1, -1, 2.5, 1e-300, -7];
    const values = Array.from({ length: n }, () => pool[rng.int(pool.length)]);
    assert.ok(Object.is(middleValue(values), reference(values)), JSON.stringify(values.map((v) => (Object.is(v, -0) ? '-0' : v))));
  }
  assert.ok(Object.is(middleValue([0, -0, -0]), -0));
  assert.ok(Object.is(middleValue([-0, 0, 0]), 0));
  assert.equal(middleValue([null, null]), 0);
});
