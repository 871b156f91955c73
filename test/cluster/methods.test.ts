import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignToCentroids, fitKMeans } from '../../lib/cluster/kmeans';
import { CLUSTER_METHODS, fitClustering } from '../../lib/cluster/methods';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { createRng } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs, readWine, standardise } from './fixtures';
import { needsDatasets } from '../helpers/paths';

const opts = { restarts: 3, maxIterations: 200 };

test('every method recovers well-separated blobs through the one interface', () => {
  const { points, truth } = gaussianBlobs([[0, 0], [10, 0], [0, 10]], [60, 80, 40], 1, 21);
  for (const method of CLUSTER_METHODS) {
    const fit = fitClustering(method, points, 3, opts, createRng(1));
    assert.equal(fit.method, method);
    assert.equal(fit.labels.length, points.length);
    assert.equal(fit.centroids.length, 3);
    assert.equal(adjustedRandIndex(truth, fit.labels), 1, method);
    assert.deepEqual(fit.clusterSizes.slice().sort((a, b) => a - b), [40, 60, 80], method);
    assert.deepEqual(assignToCentroids(points, fit.centroids), fit.labels, `${method}: labels are nearest-centroid here`);
    assert.equal(fit.membership !== undefined, method === 'gmm');
    assert.equal(fit.bic !== undefined, method === 'gmm');
  }
});

test('same seed, same result; frozen input untouched, for every method', () => {
  const { points } = gaussianBlobs([[0, 0, 0], [3, 3, 0], [0, 3, 3]], [70, 70, 70], 1.2, 8);
  const before = copyPoints(points);
  const frozen = deepFreeze(points);
  for (const method of CLUSTER_METHODS) {
    const a = fitClustering(method, frozen, 3, { ...opts, treeRows: 100, maxFitRows: 150 }, createRng(7));
    const b = fitClustering(method, frozen, 3, { ...opts, treeRows: 100, maxFitRows: 150 }, createRng(7));
    assert.deepEqual(b, a, method);
  }
  assert.deepEqual(copyPoints(frozen), before);
});

test('k-means sample-then-assign: fits on maxFitRows rows, labels every row, matches the full fit on clear blobs', () => {
  const { points, truth } = gaussianBlobs([[0, 0], [8, 0], [0, 8], [8, 8]], [500, 500, 500, 500], 1, 5);
  const sampled = fitKMeans(points, 4, { ...opts, maxFitRows: 200 }, createRng(3));
  const full = fitKMeans(points, 4, opts, createRng(3));
  assert.equal(sampled.fitRows, 200);
  assert.equal(full.fitRows, 2000);
  assert.equal(sampled.labels.length, 2000);
  assert.deepEqual(assignToCentroids(points, sampled.centroids), sampled.labels);
  assert.equal(adjustedRandIndex(truth, sampled.labels), 1);
  assert.equal(adjustedRandIndex(full.labels, sampled.labels), 1);
  // Inertia is on all rows (not the sample's), and a sample's centroids cannot beat the full fit's.
  assert.ok(sampled.inertia >= full.inertia - 1e-9);
  assert.ok(sampled.inertia < 1.05 * full.inertia);
  assert.equal(sampled.clusterSizes.reduce((a, b) => a + b, 0), 2000);
  assert.deepEqual(fitKMeans(points, 4, { ...opts, maxFitRows: 200 }, createRng(3)), sampled);
  // maxFitRows >= n is the ordinary fit.
  assert.deepEqual(fitKMeans(points, 4, { ...opts, maxFitRows: 5000 }, createRng(3)), full);
});

test('UCI Wine (standardised, k = 3): every method finds the cultivars (ARI > 0.75)', { skip: needsDatasets('uci-wine/wine.data') }, () => {
  const { features, cultivar } = readWine();
  const scaled = standardise(features);
  const ari = Object.fromEntries(
    CLUSTER_METHODS.map((method) => [method, adjustedRandIndex(cultivar, fitClustering(method, scaled, 3, { restarts: 5, maxIterations: 300 }, createRng(42)).labels)]),
  );
  for (const method of CLUSTER_METHODS) assert.ok(ari[method] > 0.75, `${method}: ARI ${ari[method]}`);
});
