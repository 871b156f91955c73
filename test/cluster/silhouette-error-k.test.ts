/** Issue 15: every k of the scan carries the standard error of its sampled silhouette. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseK } from '../../lib/cluster/select-k';
import { silhouetteScore, silhouetteWithError } from '../../lib/evaluate/metrics';
import { createRng, sampleIndices } from '../../lib/random/rng';
import { gaussianBlobs } from './fixtures';
import { segmentationChecksSection } from '../../lib/report/sections-outcome';

test('the k table states each silhouette with its standard error, sd/√n of the sampled customers', () => {
  const { points } = gaussianBlobs([[0, 0, 0], [4, 0, 1], [0, 4, -1], [4, 4, 0]], [400, 300, 200, 100], 1, 6);
  const cfg = { method: 'kmeans' as const, maxFitRows: 50000, treeRows: 3000, kMin: 2, kMax: 6, restarts: 3, maxIterations: 100, silhouetteSample: 300, minSegmentShare: 0.02 };
  const result = chooseK(points, cfg, createRng(9));
  for (const c of result.candidates) {
    assert.ok(typeof c.silhouetteError === 'number' && c.silhouetteError > 0 && c.silhouetteError < 0.05, `k = ${c.k}: ${c.silhouetteError}`);
  }
  // The function behind it: the mean is silhouetteScore's to the bit, the error sd/√n.
  const sample = sampleIndices(points.length, 300, createRng(1));
  const labels = sample.map((i) => (points[i][0] > 2 ? 1 : 0) + (points[i][1] > 2 ? 2 : 0));
  const pts = sample.map((i) => points[i]);
  const withError = silhouetteWithError(pts, labels);
  assert.ok(Object.is(withError.mean, silhouetteScore(pts, labels)));
  assert.equal(withError.n, 300);
});

test('the report\'s k scan table prints each silhouette\'s standard error', () => {
  const { points } = gaussianBlobs([[0, 0], [5, 0], [0, 5]], [200, 150, 100], 0.8, 2);
  const cfg = { method: 'kmeans' as const, maxFitRows: 50000, treeRows: 3000, kMin: 2, kMax: 4, restarts: 2, maxIterations: 100, silhouetteSample: 200, minSegmentShare: 0.02 };
  const result = chooseK(points, cfg, createRng(4));
  const section = segmentationChecksSection({ kScans: [{ name: 'standardised features', chosen: true, k: result.k, candidates: result.candidates }] });
  const table = section?.blocks.find((b) => b.kind === 'table');
  assert.ok(table && table.kind === 'table');
  assert.ok(table.columns.some((c) => c.key === 'silhouetteError'));
  assert.deepEqual(table.rows.map((r) => r.silhouetteError), result.candidates.map((c) => (c.silhouetteError as number).toFixed(4)));
});
