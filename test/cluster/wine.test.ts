import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitKMeans } from '../../lib/cluster/kmeans';
import { chooseK } from '../../lib/cluster/select-k';
import { accuracyAfterMatching } from '../../lib/evaluate/hungarian';
import { adjustedRandIndex, normalizedMutualInfo } from '../../lib/evaluate/metrics';
import { createRng } from '../../lib/random/rng';
import { readWine, standardise } from './fixtures';
import { needsDatasets } from '../helpers/paths';

// UCI Wine: 178 wines, 13 chemical measurements, 3 cultivars. On standardised features k-means
// with k=3 is known to recover the cultivars well (scikit-learn gives ARI ≈ 0.897).
const skip = needsDatasets('uci-wine/wine.data');
const wine = skip ? { features: [], cultivar: [] } : readWine();
const scaled = skip ? [] : standardise(wine.features);

test('UCI Wine: 178 rows, 13 features, 3 cultivars', { skip }, () => {
  assert.equal(wine.features.length, 178);
  assert.ok(wine.features.every((row) => row.length === 13 && row.every(Number.isFinite)));
  assert.deepEqual([...new Set(wine.cultivar)].sort(), [1, 2, 3]);
});

test('UCI Wine: standardised k-means (k=3) recovers the cultivars, ARI >= 0.88', { skip }, () => {
  const fit = fitKMeans(scaled, 3, { restarts: 10, maxIterations: 300 }, createRng(42));
  const ari = adjustedRandIndex(wine.cultivar, fit.labels);
  assert.ok(ari >= 0.88, `ARI ${ari}`);
  assert.ok(normalizedMutualInfo(wine.cultivar, fit.labels) >= 0.85);
  assert.ok(accuracyAfterMatching(wine.cultivar, fit.labels) >= 0.95);
  assert.equal(fit.converged, true);
});

test('UCI Wine: the result does not hinge on the seed', { skip }, () => {
  for (const seed of [1, 2, 3]) {
    const fit = fitKMeans(scaled, 3, { restarts: 10, maxIterations: 300 }, createRng(seed));
    assert.ok(adjustedRandIndex(wine.cultivar, fit.labels) >= 0.88);
  }
});

test('UCI Wine: chooseK over 2..6 reports a candidate for each k with finite scores', { skip }, () => {
  const config = { kMin: 2, kMax: 6, restarts: 5, maxIterations: 300, silhouetteSample: 2000, minSegmentShare: 0.02, method: 'kmeans' as const, maxFitRows: 50000, treeRows: 3000 };
  const result = chooseK(scaled, config, createRng(42));
  assert.deepEqual(
    result.candidates.map((c) => c.k),
    [2, 3, 4, 5, 6],
  );
  assert.ok(result.candidates.every((c) => Number.isFinite(c.silhouette) && c.inertia > 0));
  // Inertia of the best restart falls as k grows on this data.
  for (let i = 1; i < result.candidates.length; i++) {
    assert.ok(result.candidates[i].inertia < result.candidates[i - 1].inertia);
  }
  assert.equal(result.labels.length, 178);
});
