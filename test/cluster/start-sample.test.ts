/**
 * cluster.startSample (issue 15): above it, k-means runs its restarts on one seeded subsample and
 * refines the winning start by Lloyd on every fit row. Checked here: nothing changes at or below the
 * threshold; above it the result is a refined fit of all rows (labels = nearest centroid, every
 * centroid the mean of its rows), as good as the all-rows restarts on clear structure, the same
 * for any thread count, and a bad value is one clear sentence.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { assignToCentroids, fitKMeans } from '../../lib/cluster/kmeans';
import { assignRows, toRowMatrix } from '../../lib/cluster/lloyd';
import { chooseK } from '../../lib/cluster/select-k';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { msg, SeglabError } from '../../lib/errors/messages';
import { shutdownWorkers } from '../../lib/parallel/pool';
import type { ClusterConfig } from '../../lib/config/types';
import { createRng } from '../../lib/random/rng';
import { gaussianBlobs } from './fixtures';

after(() => shutdownWorkers());

/** Six blobs of unequal size in 5 dimensions, one of them small, with an irrelevant skewed column. */
function blobs(seed: number): { points: number[][]; truth: number[] } {
  const centers = [
    [0, 0, 0, 0, 0],
    [8, 0, 1, 0, 0],
    [0, 8, 0, 1, 0],
    [8, 8, 0, 0, 1],
    [-8, 4, 1, 1, 0],
    [4, -8, 0, 1, 1],
  ];
  const { points, truth } = gaussianBlobs(centers, [1400, 1100, 900, 700, 500, 200], 1, seed);
  const rng = createRng(seed + 1);
  return { points: points.map((row) => [...row, 0.5 * Math.exp(rng.normal())]), truth };
}

test('at or above the row count startSample changes nothing (same draws, same fit)', () => {
  const { points } = blobs(3);
  const opts = { restarts: 6, maxIterations: 200 };
  const plain = fitKMeans(points, 6, opts, createRng(5));
  assert.deepStrictEqual(fitKMeans(points, 6, { ...opts, startSample: points.length }, createRng(5)), plain);
  assert.deepStrictEqual(fitKMeans(points, 6, { ...opts, startSample: 10 * points.length }, createRng(5)), plain);
  assert.equal(plain.startSample, undefined);
  // With one restart there is nothing to choose among: no subsample either.
  const one = { restarts: 1, maxIterations: 200 };
  assert.deepStrictEqual(fitKMeans(points, 6, { ...one, startSample: 500 }, createRng(5)), fitKMeans(points, 6, one, createRng(5)));
});

test('below the row count: restarts on the subsample, the winner refined on every row', () => {
  const { points, truth } = blobs(11);
  const full = fitKMeans(points, 6, { restarts: 8, maxIterations: 300 }, createRng(21));
  const fit = fitKMeans(points, 6, { restarts: 8, maxIterations: 300, startSample: 800 }, createRng(21));
  assert.equal(fit.startSample, 800);
  assert.equal(fit.fitRows, points.length);
  assert.equal(fit.restartInertia.length, 8);
  assert.equal(fit.labels.length, points.length);
  // The subsample's inertias are sums over 800 rows, far below the all-rows inertia.
  assert.ok(Math.max(...fit.restartInertia) < fit.inertia);
  // Labels are the nearest centroids of every row, and (converged) every centroid is the mean of its rows.
  assert.deepEqual(assignToCentroids(points, fit.centroids), fit.labels);
  assert.equal(fit.converged, true);
  for (let c = 0; c < 6; c++) {
    const members = points.filter((_, i) => fit.labels[i] === c);
    assert.equal(members.length, fit.clusterSizes[c]);
    fit.centroids[c].forEach((value, j) => {
      const mean = members.reduce((sum, row) => sum + row[j], 0) / members.length;
      assert.ok(Math.abs(mean - value) < 1e-3, `centroid ${c} column ${j}: ${value} vs mean ${mean}`);
    });
  }
  // On clear structure it finds the planted blobs as the all-rows restarts do, with the same inertia.
  assert.ok(adjustedRandIndex(truth, fit.labels) > 0.97);
  assert.ok(Math.abs(fit.inertia - full.inertia) <= 1e-9 * full.inertia, `${fit.inertia} vs ${full.inertia}`);
  // With maxFitRows too, the subsample is drawn from the fit sample and every row is assigned.
  const sampled = fitKMeans(points, 6, { restarts: 8, maxIterations: 300, maxFitRows: 3000, startSample: 800 }, createRng(21));
  assert.equal(sampled.fitRows, 3000);
  assert.equal(sampled.startSample, 800);
  assert.deepEqual(assignToCentroids(points, sampled.centroids), sampled.labels);
});

test('the same fit for 1, 2 and 3 threads (the restarts go to workers)', () => {
  const { points } = blobs(7);
  // 2,000 rows x 50 restarts reaches the pool's threshold, so 2 and 3 threads really use workers.
  const opts = { restarts: 50, maxIterations: 300, startSample: 2000 };
  const one = fitKMeans(points, 5, { ...opts, workers: 1 }, createRng(8));
  assert.deepStrictEqual(fitKMeans(points, 5, { ...opts, workers: 2 }, createRng(8)), one);
  assert.deepStrictEqual(fitKMeans(points, 5, { ...opts, workers: 3 }, createRng(8)), one);
});

test('chooseK with startSample finds the planted k and is thread-independent', () => {
  const { points, truth } = blobs(5);
  const cfg: ClusterConfig = { method: 'kmeans', maxFitRows: 50000, treeRows: 3000, kMin: 2, kMax: 8, restarts: 5, maxIterations: 200, silhouetteSample: 600, minSegmentShare: 0.02, startSample: 1000 };
  const one = chooseK(points, { ...cfg, workers: 1 }, createRng(4));
  assert.equal(one.k, 6);
  assert.ok(adjustedRandIndex(truth, one.labels) > 0.97);
  assert.deepStrictEqual(chooseK(points, { ...cfg, workers: 2 }, createRng(4)), one);
});

test('startSample below k is one clear sentence', () => {
  const { points } = blobs(2);
  assert.throws(
    () => fitKMeans(points, 6, { restarts: 3, maxIterations: 50, startSample: 4 }, createRng(1)),
    (error: unknown) => error instanceof SeglabError && error.message.includes(msg.badKMeansOption('startSample', 4, `an integer in 6..${Number.MAX_SAFE_INTEGER}`)),
  );
});

test('assigning every row without a row-major copy gives the labels and inertia of assignRows, ties to the lower centre', () => {
  const { points } = blobs(9);
  const fit = fitKMeans(points, 6, { restarts: 4, maxIterations: 300, maxFitRows: 1500, startSample: 500 }, createRng(3));
  // A copy of centre 2 as centre 6: every row nearest to it ties, and must keep the lower index.
  const centroids = [...fit.centroids, fit.centroids[2].slice()];
  const expected = new Int32Array(points.length);
  const inertia = assignRows(toRowMatrix(points), toRowMatrix(centroids).data, 7, expected);
  assert.deepEqual(assignToCentroids(points, centroids), Array.from(expected));
  assert.ok(!Array.from(expected).includes(6));
  // The sampled fit's labels and inertia are those of its centroids over every row.
  const own = new Int32Array(points.length);
  assert.equal(fit.inertia, assignRows(toRowMatrix(points), toRowMatrix(fit.centroids).data, 6, own));
  assert.deepEqual(fit.labels, Array.from(own));
  assert.ok(inertia > 0);
});
