import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignToCentroids, fitKMeans } from '../../lib/cluster/kmeans';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs } from './fixtures';

const opts = { restarts: 5, maxIterations: 100 };

/** Labels of a clustering as a set of groups of row indices, independent of numbering. */
function groups(labels: readonly number[]): string[] {
  const byLabel = new Map<number, number[]>();
  labels.forEach((label, row) => byLabel.set(label, [...(byLabel.get(label) ?? []), row]));
  return [...byLabel.values()].map((rows) => rows.join(',')).sort();
}

test('1-D: {1,2,3} and {10,11,12} give centroids 2 and 11, inertia 4', () => {
  // Each group's mean is its middle value; squared distances are 1 + 0 + 1 per group: inertia 4.
  const fit = fitKMeans(deepFreeze([[1], [2], [3], [10], [11], [12]]), 2, opts, createRng(1));
  const centroids = fit.centroids.map((c) => c[0]).sort((a, b) => a - b);
  assert.deepEqual(centroids, [2, 11]);
  assert.equal(fit.inertia, 4);
  assert.deepEqual(groups(fit.labels), ['0,1,2', '3,4,5']);
  assert.deepEqual([...fit.clusterSizes].sort(), [3, 3]);
  assert.equal(fit.converged, true);
});

test('2-D: four corners of a 10 x 2 rectangle, k=2 splits left/right, inertia 4', () => {
  // Centroids (0,1) and (10,1); each corner is 1 away from its centroid: 4 x 1² = 4.
  const points = [[0, 0], [0, 2], [10, 0], [10, 2]];
  const fit = fitKMeans(deepFreeze(points), 2, opts, createRng(7));
  const centroids = fit.centroids.map((c) => c.join(',')).sort();
  assert.deepEqual(centroids, ['0,1', '10,1']);
  assert.equal(fit.inertia, 4);
});

test('the same seed gives identical fits; labels match the centroids (assignToCentroids)', () => {
  const { points } = gaussianBlobs([[0, 0], [4, 0], [0, 4], [4, 4]], [60, 60, 60, 60], 1.2, 11);
  const first = fitKMeans(points, 4, opts, createRng(123));
  const second = fitKMeans(points, 4, opts, createRng(123));
  assert.deepEqual(second, first);
  assert.deepEqual(assignToCentroids(points, first.centroids), first.labels);
});

test('keeps the restart with the lowest inertia', () => {
  const { points } = gaussianBlobs([[0, 0], [3, 0], [0, 3], [3, 3], [6, 6]], [40, 40, 40, 40, 40], 1.5, 5);
  const fit = fitKMeans(points, 5, { restarts: 8, maxIterations: 100 }, createRng(9));
  assert.equal(fit.restartInertia.length, 8);
  assert.equal(fit.inertia, Math.min(...fit.restartInertia));
  // The first restart uses the same seed as a one-restart fit from the same stream.
  const single = fitKMeans(points, 5, { restarts: 1, maxIterations: 100 }, createRng(9));
  assert.equal(single.inertia, fit.restartInertia[0]);
  assert.ok(fit.inertia <= single.inertia);
});

test('does not mutate its (deeply frozen) input', () => {
  const { points } = gaussianBlobs([[0, 0, 0], [5, 5, 5]], [50, 50], 1, 3);
  const before = copyPoints(points);
  const frozen = deepFreeze(points);
  fitKMeans(frozen, 3, opts, createRng(2));
  assignToCentroids(frozen, [[0, 0, 0], [5, 5, 5]]);
  assert.deepEqual(copyPoints(frozen), before);
});

test('recovers well-separated blobs (ARI 1)', () => {
  const { points, truth } = gaussianBlobs([[0, 0], [10, 0], [0, 10]], [50, 80, 30], 1, 21);
  const fit = fitKMeans(points, 3, opts, createRng(4));
  assert.equal(adjustedRandIndex(truth, fit.labels), 1);
});

test('assignToCentroids: nearest centroid, ties to the lower index', () => {
  // 5 is equidistant from 0 and 10: label 0 wins.
  assert.deepEqual(assignToCentroids([[1], [5], [9], [-3]], [[0], [10]]), [0, 0, 1, 0]);
  assert.throws(
    () => assignToCentroids([[1, 2]], [[1]]),
    (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${msg.dimensionMismatch('assignToCentroids', 2, 1)}`,
  );
});

test('duplicate points: fewer distinct points than k leaves an empty cluster, no crash', () => {
  const fit = fitKMeans([[1, 1], [1, 1], [1, 1], [2, 2]], 3, opts, createRng(1));
  assert.equal(fit.clusterSizes.filter((size) => size === 0).length, 1);
  assert.equal(fit.inertia, 0);
});

test('errors: n < k, bad options, ragged rows and non-numbers name the problem', () => {
  const isError = (text: string) => (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${text}`;
  assert.throws(() => fitKMeans([[1], [2]], 3, opts, createRng(1)), isError(msg.kTooLarge(2, 3)));
  assert.throws(
    () => fitKMeans([[1], [2]], 2, { restarts: 0, maxIterations: 10 }, createRng(1)),
    isError(msg.badKMeansOption('restarts', 0, 'an integer in 1..10000')),
  );
  assert.throws(() => fitKMeans([[1, 2], [3]], 1, opts, createRng(1)), isError(msg.raggedPoints('fitKMeans', 2, 1, 1)));
  assert.throws(
    () => fitKMeans([[1], [Number.NaN], [3], [Infinity]], 2, opts, createRng(1)),
    isError(msg.nonFinitePoints('fitKMeans', 2, 4, [1, 3])),
  );
  assert.throws(() => fitKMeans([], 2, opts, createRng(1)), isError(msg.noPoints('fitKMeans')));
});
