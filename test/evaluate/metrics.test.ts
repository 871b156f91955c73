import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adjustedRandIndex,
  calinskiHarabasz,
  daviesBouldin,
  inertia,
  normalizedMutualInfo,
  silhouetteScore,
} from '../../lib/evaluate/metrics';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { deepFreeze, gaussianBlobs } from '../cluster/fixtures';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

/** Straightforward silhouette straight from the definition, to cross-check the fast version. */
function naiveSilhouette(points: number[][], labels: number[]): number {
  const distance = (p: number[], q: number[]) => Math.hypot(...p.map((v, j) => v - q[j]));
  const clusters = [...new Set(labels)];
  const scores = points.map((p, i) => {
    const own = labels.filter((l) => l === labels[i]).length;
    if (own === 1) return 0;
    const meanTo = (c: number) => {
      const members = points.filter((_, q) => labels[q] === c && q !== i);
      return members.reduce((sum, q) => sum + distance(p, q), 0) / members.length;
    };
    const a = meanTo(labels[i]);
    const b = Math.min(...clusters.filter((c) => c !== labels[i]).map(meanTo));
    return (b - a) / Math.max(a, b);
  });
  return scores.reduce((sum, s) => sum + s, 0) / scores.length;
}

test('silhouette of 4 points on a line, by hand', () => {
  // Points 0, 1 | 4, 5. For 0: a = 1, b = (4 + 5)/2 = 4.5, s = 3.5/4.5 = 7/9.
  // For 1: a = 1, b = (3 + 4)/2 = 3.5, s = 2.5/3.5 = 5/7. By symmetry 4 and 5 mirror 1 and 0.
  // Mean = (7/9 + 5/7) / 2 = 47/63.
  close(silhouetteScore(deepFreeze([[0], [1], [4], [5]]), [0, 0, 1, 1]), 47 / 63);
});

test('silhouette: a singleton cluster scores 0 for its point', () => {
  // Points 0, 2 | 10. For 0: a = 2, b = 10, s = 0.8. For 2: a = 2, b = 8, s = 0.75. For 10: 0.
  close(silhouetteScore([[0], [2], [10]], [0, 0, 1]), (0.8 + 0.75 + 0) / 3);
});

test('silhouette agrees with the definition on random 3-D data', () => {
  const { points } = gaussianBlobs([[0, 0, 0], [2, 1, 0], [0, 3, 1]], [20, 15, 10], 1, 4);
  const rng = createRng(8);
  const labels = points.map(() => rng.int(3));
  close(silhouetteScore(points, labels), naiveSilhouette(points, labels), 1e-10);
});

test('silhouette needs 2..n-1 labels', () => {
  assert.throws(
    () => silhouetteScore([[0], [1], [2]], [0, 0, 0]),
    (e: unknown) => e instanceof SeglabError && e.message === `evaluate: ${msg.badLabelCount('silhouetteScore', 1, 3)}`,
  );
  assert.throws(() => silhouetteScore([[0], [1]], [0, 1]), SeglabError);
});

test('inertia by hand: [[1],[2],[3]] with centroids 1.5 and 3', () => {
  // (1 - 1.5)² + (2 - 1.5)² + (3 - 3)² = 0.25 + 0.25 + 0 = 0.5
  assert.equal(inertia([[1], [2], [3]], [0, 0, 1], [[1.5], [3]]), 0.5);
  // Swapping the centroid order and the labels together changes nothing.
  assert.equal(inertia([[1], [2], [3]], [1, 1, 0], [[3], [1.5]]), 0.5);
  assert.throws(
    () => inertia([[1]], [2], [[0], [1]]),
    (e: unknown) => e instanceof SeglabError && e.message === `evaluate: ${msg.labelOutOfRange('inertia', 0, 2, 2)}`,
  );
});

test('Calinski-Harabasz and Davies-Bouldin by hand: points 0, 2 | 10, 12', () => {
  // Cluster means 1 and 11, overall mean 6. Between = 2·5² + 2·5² = 100; within = 4 · 1² = 4.
  // CH = (100 / (k-1=1)) / (4 / (n-k=2)) = 50.
  assert.equal(calinskiHarabasz([[0], [2], [10], [12]], [0, 0, 1, 1]), 50);
  // Mean distance to own centroid is 1 in both clusters; centroids are 10 apart: DB = (1+1)/10 = 0.2.
  close(daviesBouldin([[0], [2], [10], [12]], [0, 0, 1, 1]), 0.2);
  // Clusters that are single repeated points: CH is 1 and DB is 0, as in scikit-learn.
  assert.equal(calinskiHarabasz([[0], [0], [5], [5]], [0, 0, 1, 1]), 1);
  assert.equal(daviesBouldin([[0], [0], [5], [5]], [0, 0, 1, 1]), 0);
});

test('adjusted Rand index: scikit-learn documentation examples', () => {
  close(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 1]), 1);
  close(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]), 1);
  close(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]), 0.5714285714285715);
  close(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 0.5714285714285715);
  close(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  // ARI can be negative for discordant labelings (scikit-learn: -0.5).
  close(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
});

test('normalized mutual information: scikit-learn examples and one by hand', () => {
  close(normalizedMutualInfo([0, 0, 1, 1], [0, 0, 1, 1]), 1);
  close(normalizedMutualInfo([0, 0, 1, 1], [1, 1, 0, 0]), 1);
  close(normalizedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  // H(a) = ln2; H(b) = ½ln2 + 2·¼ln4 = 1.5 ln2; b determines a, so MI = H(a) = ln2.
  // Arithmetic NMI = ln2 / ((ln2 + 1.5 ln2) / 2) = 0.8.
  close(normalizedMutualInfo([0, 0, 1, 1], [0, 0, 1, 2]), 0.8);
  // Both labelings a single cluster: a perfect match (scikit-learn returns 1).
  assert.equal(normalizedMutualInfo(['x', 'x'], [7, 7]), 1);
});

test('every metric ignores label numbering (and accepts string labels)', () => {
  const { points, truth } = gaussianBlobs([[0, 0], [3, 1], [1, 4]], [25, 20, 15], 1.3, 12);
  const rng = createRng(3);
  const pred = truth.map((t) => (rng.next() < 0.2 ? rng.int(3) : t));
  const renamed = pred.map((label) => ['c', 'a', 'b'][label]);
  const permuted = pred.map((label) => [2, 0, 1][label]);
  for (const other of [renamed, permuted]) {
    close(silhouetteScore(points, other), silhouetteScore(points, pred));
    close(calinskiHarabasz(points, other), calinskiHarabasz(points, pred), 1e-9);
    close(daviesBouldin(points, other), daviesBouldin(points, pred));
    close(adjustedRandIndex(truth, other), adjustedRandIndex(truth, pred));
    close(normalizedMutualInfo(truth, other), normalizedMutualInfo(truth, pred));
  }
  // Symmetry of the external metrics.
  close(adjustedRandIndex(pred, truth), adjustedRandIndex(truth, pred));
  close(normalizedMutualInfo(pred, truth), normalizedMutualInfo(truth, pred));
  assert.ok(adjustedRandIndex(truth, pred) < 1);
});

test('external metrics need labelings of the same rows', () => {
  assert.throws(
    () => adjustedRandIndex([0, 1], [0]),
    (e: unknown) =>
      e instanceof SeglabError &&
      e.message === `evaluate: ${msg.lengthMismatch('adjustedRandIndex', 'the first labeling', 2, 'the second labeling', 1)}`,
  );
});
