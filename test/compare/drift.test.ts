import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binCounts,
  distributionDrift,
  jensenShannon,
  populationStabilityIndex,
  PSI_EPSILON,
  psiLevel,
  quantileCuts,
  wasserstein1,
} from '../../lib/compare/drift';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('PSI equals the hand computation, term by term', () => {
  const r = populationStabilityIndex([0.5, 0.3, 0.2], [0.4, 0.4, 0.2]);
  const t0 = (0.4 - 0.5) * Math.log(0.4 / 0.5);
  const t1 = (0.4 - 0.3) * Math.log(0.4 / 0.3);
  close(r.terms[0], t0);
  close(r.terms[1], t1);
  close(r.terms[2], 0);
  close(r.psi, t0 + t1);
  // 0.25 ln 2 + 0.25 ln 1.5 = 0.27465...
  close(populationStabilityIndex([0.5, 0.5], [0.25, 0.75]).psi, 0.25 * Math.log(2) + 0.25 * Math.log(1.5));
});

test('PSI floors an empty bin at the documented epsilon; a bin empty on both sides adds nothing', () => {
  const r = populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.4, 0.1]);
  close(r.terms[2], (0.1 - PSI_EPSILON) * Math.log(0.1 / PSI_EPSILON));
  assert.ok(Number.isFinite(r.psi));
  close(populationStabilityIndex([1, 0], [1, 0]).psi, 0);
});

test('PSI levels: 0.1 warn, 0.25 alert', () => {
  assert.equal(psiLevel(0.0999), 'stable');
  assert.equal(psiLevel(0.1), 'warn');
  assert.equal(psiLevel(0.2499), 'warn');
  assert.equal(psiLevel(0.25), 'alert');
});

test('Jensen–Shannon: 0 for equal, 1 for disjoint, hand value in between', () => {
  close(jensenShannon([0.3, 0.7], [0.3, 0.7]), 0);
  close(jensenShannon([1, 0], [0, 1]), 1);
  // p = (1, 0), q = (0.5, 0.5): m = (0.75, 0.25); JS = 0.5*log2(1/0.75) + 0.5*(0.5*log2(0.5/0.75) + 0.5*log2(0.5/0.25))
  close(jensenShannon([1, 0], [0.5, 0.5]), 0.5 * Math.log2(1 / 0.75) + 0.5 * (0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(2)));
});

test('Wasserstein-1: shifts, different sizes, symmetric', () => {
  close(wasserstein1([0, 1], [1, 2]), 1);
  close(wasserstein1([0, 0, 0, 0], [1]), 1);
  // CDFs of {0, 2} and {1}: |F1 - F2| = 0.5 on [0, 1) and 0.5 on [1, 2) -> 1
  close(wasserstein1([0, 2], [1]), 1);
  close(wasserstein1([3, 1, 2], [0, 5]), wasserstein1([0, 5], [3, 1, 2]));
  assert.ok(Number.isNaN(wasserstein1([], [1])));
});

test('reference-quantile bins: cuts at the deciles, ties merged, x <= cut goes left', () => {
  const reference = Array.from({ length: 101 }, (_, i) => i); // 0..100
  assert.deepEqual(quantileCuts(reference, 10), [10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.deepEqual(quantileCuts([1, 1, 1, 1, 2], 4), [1]);
  assert.deepEqual(binCounts([0, 10, 10.5, 95, 1000], [10, 20, 90]), [2, 1, 0, 2]);
});

test('feature drift: same distribution stays stable, a shifted one alerts', () => {
  const a = Array.from({ length: 2000 }, (_, i) => Math.sin(i * 12.9898) * 0.5 + (i % 100) / 100);
  const b = a.map((x) => x + 0.0);
  const same = distributionDrift(a, b);
  close(same.psi, 0);
  close(same.wasserstein, 0);
  const shifted = distributionDrift(a, a.map((x) => x + 0.5));
  assert.equal(shifted.level, 'alert');
  close(shifted.wasserstein, 0.5, 1e-9);
  assert.equal(shifted.referenceShares.length, shifted.cuts.length + 1);
});
