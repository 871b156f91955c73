import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileSorted } from '../../lib/stats/quantile';
import { quantileSorted as cleanQuantile } from '../../lib/clean/rules';
import { quantileSorted as driftQuantile } from '../../lib/compare/drift';
import { createRng } from '../../lib/random/rng';

test('quantileSorted is type 7 (numpy\'s default): published values, typed arrays, empty -> NaN', () => {
  // numpy.quantile(x, p) with the default method="linear".
  assert.equal(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.ok(Math.abs(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) - 9.1) < 1e-12);
  assert.equal(quantileSorted([7], 0.3), 7);
  assert.equal(quantileSorted(Float64Array.from([0, 10]), 0.05), 0.5);
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
  // Cleaning and compare use this very function (one definition).
  assert.equal(cleanQuantile, quantileSorted);
  assert.equal(driftQuantile, quantileSorted);
});

test('quantileSorted equals the type-7 formula on seeded random samples with ties', () => {
  const rng = createRng(14);
  const type7 = (x: readonly number[], p: number): number => {
    const h = (x.length - 1) * p;
    const lo = Math.floor(h);
    return x[lo] + (h - lo) * (x[Math.min(lo + 1, x.length - 1)] - x[lo]);
  };
  for (let t = 0; t < 5000; t++) {
    const x = Array.from({ length: 1 + rng.int(60) }, () => rng.int(20) * 1.5).sort((a, b) => a - b);
    const p = t % 10 === 0 ? [0, 1, 0.5][t % 3] : rng.next();
    assert.equal(quantileSorted(x, p), type7(x, p), `n=${x.length} p=${p}`);
  }
});
