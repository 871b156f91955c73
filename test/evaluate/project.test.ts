import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pca2d } from '../../lib/evaluate/project';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng, shuffled } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs } from '../cluster/fixtures';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

test('points on the line y = 2x: PC1 = (1, 2)/√5, x = t·√5, y = 0, all variance on PC1', () => {
  // Rows (t, 2t) for t = -2..2 (mean 0). Projection on (1, 2)/√5 is (t + 4t)/√5 = t·√5.
  const ts = [-2, -1, 0, 1, 2];
  const points = deepFreeze(ts.map((t) => [t, 2 * t]));
  const map = pca2d(points, [0, 1, 2, 3, 4]);
  close(map.components[0][0], 1 / Math.sqrt(5));
  close(map.components[0][1], 2 / Math.sqrt(5));
  map.points.forEach((p, i) => {
    close(p.x, ts[i] * Math.sqrt(5));
    close(p.y, 0);
  });
  close(map.explainedVarianceRatio[0], 1);
  close(map.explainedVarianceRatio[1], 0);
});

test('signs are deterministic: the largest loading of each component is positive', () => {
  const { points } = gaussianBlobs([[0, 0, 0], [4, -6, 1], [-3, 2, 5]], [30, 30, 30], 1, 6);
  const map = pca2d(points, [0, 1]);
  for (const component of map.components) {
    const largest = component.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
    assert.ok(largest > 0);
    close(Math.hypot(...component), 1);
  }
  // Same answer when the rows come in another order (sign and projection do not depend on it).
  const order = shuffled(points.map((_, i) => i), createRng(2));
  const reordered = pca2d(order.map((i) => points[i]), [order.indexOf(0), order.indexOf(1)]);
  reordered.points.forEach((p, i) => {
    close(p.x, map.points[i].x);
    close(p.y, map.points[i].y);
  });
  assert.ok(map.explainedVarianceRatio[0] >= map.explainedVarianceRatio[1]);
});

test('projects only the sampled rows, in sample order, without touching the input', () => {
  const { points } = gaussianBlobs([[0, 0], [5, 5]], [20, 20], 1, 1);
  const before = copyPoints(points);
  const frozen = deepFreeze(points);
  const all = pca2d(frozen, points.map((_, i) => i));
  const some = pca2d(frozen, [30, 2, 7]);
  assert.deepEqual(some.points, [all.points[30], all.points[2], all.points[7]]);
  assert.deepEqual(copyPoints(frozen), before);
});

test('one-dimensional data gets y = 0', () => {
  const map = pca2d([[1], [2], [4]], [0, 2]);
  assert.deepEqual(
    map.points.map((p) => p.y),
    [0, 0],
  );
  close(map.points[1].x - map.points[0].x, 3);
  assert.deepEqual(map.explainedVarianceRatio, [1, 0]);
});

test('errors: too few rows, sample index out of range', () => {
  assert.throws(
    () => pca2d([[1, 2]], [0]),
    (e: unknown) => e instanceof SeglabError && e.message === `evaluate: ${msg.pcaTooFewRows(1)}`,
  );
  assert.throws(
    () => pca2d([[1, 2], [3, 4]], [0, 2]),
    (e: unknown) => e instanceof SeglabError && e.message === `evaluate: ${msg.rowOutOfRange('pca2d sampleIdx', 1, 2, 2)}`,
  );
});

test('components and variance shares equal an SVD of the centred data (ml-pca SVD) on skewed, mixed columns', async () => {
  // Seeded data unlike the blobs: a log-normal spend, 0/1 flags, a column that is a copy of another
  // (a zero-variance direction), a constant column and outliers.
  const { PCA } = await import('ml-pca');
  const rng = createRng(11);
  const points = Array.from({ length: 2500 }, (_, i) => {
    const spend = Math.exp(2 * rng.normal());
    const flag = rng.next() < 0.2 ? 1 : 0;
    const visits = Math.round(5 * rng.next() + 3 * flag);
    return [spend, flag, visits, visits, 7, i % 97 === 0 ? 400 : rng.normal(), 0.3 * spend + rng.normal()];
  });
  const map = pca2d(points, [0, 5, 97, 2499]);
  const svd = new PCA(points, { method: 'SVD', center: true, scale: false });
  const variances = svd.getEigenvalues();
  const total = variances.reduce((s, v) => s + v, 0);
  close(map.explainedVarianceRatio[0], variances[0] / total, 1e-9);
  close(map.explainedVarianceRatio[1], variances[1] / total, 1e-9);
  const loadings = svd.getLoadings().to2DArray();
  for (const c of [0, 1]) {
    const sign = Math.sign(loadings[c].reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0));
    loadings[c].forEach((v, j) => close(map.components[c][j], sign * v, 1e-7));
  }
  const means = points[0].map((_, j) => points.reduce((s, row) => s + row[j], 0) / points.length);
  [0, 5, 97, 2499].forEach((row, i) => {
    const expected = (c: number) => points[row].reduce((s, v, j) => s + (v - means[j]) * map.components[c][j], 0);
    close(map.points[i].x, expected(0), 1e-9);
    close(map.points[i].y, expected(1), 1e-9);
  });
});
