import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusteringStability, meanPairwiseAri } from '../../lib/cluster/stability';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { createRng, sampleIndices } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs } from './fixtures';

const kmeans = { restarts: 3, maxIterations: 100 };

test('meanPairwiseAri: identical labelings (up to renumbering) give 1', () => {
  assert.equal(meanPairwiseAri([[0, 0, 1, 1, 2], [1, 1, 0, 0, 2], [2, 2, 1, 1, 0]]), 1);
});

test('meanPairwiseAri: the mean of the three pairwise ARIs, checked against a textbook value', () => {
  const a = [0, 0, 1, 2];
  const b = [0, 0, 1, 1];
  // ARI(a, b) = 4/7 (scikit-learn's example); ARI(a, a) = 1.
  assert.ok(Math.abs(meanPairwiseAri([a, b]) - 4 / 7) < 1e-12);
  const expected = (adjustedRandIndex(a, b) + adjustedRandIndex(a, a) + adjustedRandIndex(b, a)) / 3;
  assert.ok(Math.abs(meanPairwiseAri([a, b, a]) - expected) < 1e-12);
  assert.ok(Number.isNaN(meanPairwiseAri([a])));
});

test('clusteringStability: well-separated blobs at the true k give exactly 1', () => {
  const { points } = gaussianBlobs([[0, 0], [20, 0], [0, 20]], [100, 80, 60], 1, 3);
  const rows = sampleIndices(points.length, 120, createRng(2));
  const result = clusteringStability(points, 3, kmeans, createRng(1), rows, { replicates: 4 });
  assert.equal(result.stability, 1);
  assert.equal(result.replicateLabels.length, 4);
  assert.equal(result.replicateLabels[0].length, 120);
  assert.equal(result.subsampleRows, Math.round(0.8 * 240));
});

test('clusteringStability: splitting one round blob into 4 does not reproduce (well below 1)', () => {
  const { points } = gaussianBlobs([[0, 0]], [400], 1, 9);
  const rows = sampleIndices(points.length, 200, createRng(2));
  const k4 = clusteringStability(points, 4, kmeans, createRng(1), rows, { replicates: 5 });
  assert.ok(k4.stability < 0.9, `stability ${k4.stability}`);
});

test('clusteringStability: same seed, same result; frozen input untouched; maxRows caps subsamples', () => {
  const { points } = gaussianBlobs([[0, 0], [8, 0]], [150, 150], 1, 4);
  const frozen = deepFreeze(copyPoints(points));
  const rows = [0, 10, 20, 200, 250];
  const first = clusteringStability(frozen, 2, kmeans, createRng(7), rows, { maxRows: 50 });
  assert.deepEqual(clusteringStability(frozen, 2, kmeans, createRng(7), rows, { maxRows: 50 }), first);
  assert.equal(first.subsampleRows, 50);
  assert.deepEqual(copyPoints(frozen), points);
});

test('clusteringStability: NaN when a subsample cannot hold more than k rows', () => {
  const result = clusteringStability([[0], [1], [2], [3]], 3, kmeans, createRng(1), [0, 1, 2, 3]);
  assert.ok(Number.isNaN(result.stability));
  assert.equal(result.subsampleRows, 0);
});
