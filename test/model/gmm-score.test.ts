/** A saved Gaussian mixture scores new customers by posterior, as the run labelled them, not by nearest centroid. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitClustering } from '../../lib/cluster/methods';
import { assignSegments } from '../../lib/model/score';
import { createRng } from '../../lib/random/rng';
import { segmentCustomers } from '../../lib/cluster/segment';
import { DEFAULTS } from '../../lib/config/validate';

/** A tight component at 0 (sd 0.2) and a wide one at 4 (sd 2.5), seeded: between them, the wide one wins the posterior well before the midpoint. */
function unequalSpreads(): number[][] {
  const rng = createRng(11);
  const rows: number[][] = [];
  for (let i = 0; i < 300; i++) rows.push([0.2 * rng.normal(), 0.2 * rng.normal()]);
  for (let i = 0; i < 300; i++) rows.push([4 + 2.5 * rng.normal(), 4 + 2.5 * rng.normal()]);
  return rows;
}

test('posterior scoring reproduces the fit\'s labels; nearest-centroid scoring would not', () => {
  const points = unequalSpreads();
  const fit = fitClustering('gmm', points, 2, { restarts: 3, maxIterations: 300 }, createRng(5));
  assert.ok(fit.mixture, 'the gmm fit carries its mixture');
  const model = { method: 'gmm' as const, centroids: fit.centroids, mixture: fit.mixture };
  assert.deepEqual(assignSegments(points, model), fit.labels);
  const nearest = assignSegments(points, { method: 'gmm', centroids: fit.centroids });
  const differ = nearest.filter((l, i) => l !== fit.labels[i]).length;
  assert.ok(differ > 0, 'nearest centroid disagrees with the posterior on some rows of unequal spreads');
  // A new customer 1.2 from the tight centre and 2.8 from the wide one: nearer the tight one,
  // yet 6 of its standard deviations away, so the wide component's posterior wins.
  const tight = fit.mixture.means.findIndex((m) => Math.hypot(m[0], m[1]) < 1);
  const probe = [[fit.mixture.means[tight][0] + 1.2 * Math.SQRT1_2, fit.mixture.means[tight][1] + 1.2 * Math.SQRT1_2]];
  assert.equal(assignSegments(probe, { method: 'gmm', centroids: fit.centroids })[0], tight);
  assert.equal(assignSegments(probe, model)[0], 1 - tight);
});

test('k-means models still score by nearest centroid', () => {
  const centroids = [[0, 0], [10, 10]];
  assert.deepEqual(assignSegments([[1, 1], [9, 8], [5, 5]], { method: 'kmeans', centroids }), [0, 1, 0]);
});

test('a run with cluster.method "gmm" keeps its mixture in segment order: the posterior gives the run\'s labels', () => {
  const points = unequalSpreads();
  const cfg = { ...DEFAULTS.cluster, method: 'gmm' as const, kMin: 2, kMax: 3, restarts: 3 };
  const { clustering } = segmentCustomers([{ name: 'standardised features', points, reweight: false }], cfg, createRng(3));
  assert.ok(clustering.mixture, 'the segmentation carries the mixture');
  assert.deepEqual(assignSegments(points, { method: 'gmm', centroids: clustering.centroids, mixture: clustering.mixture }), clustering.labels);
});
