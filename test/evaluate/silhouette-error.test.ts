import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silhouetteScore, silhouetteValues, silhouetteWithError } from '../../lib/evaluate/metrics';
import { createRng, sampleIndices } from '../../lib/random/rng';

test('silhouetteValues: per-point values of the textbook example; silhouetteScore is their mean', () => {
  // Point 0: a = 1 (to 1), b = (4 + 5) / 2 = 4.5, s = 1 - 1/4.5.
  const values = Array.from(silhouetteValues([[0], [1], [4], [5]], [0, 0, 1, 1]));
  assert.ok(Math.abs(values[0] - (1 - 1 / 4.5)) < 1e-12);
  assert.ok(Math.abs(silhouetteScore([[0], [1], [4], [5]], [0, 0, 1, 1]) - values.reduce((a, b) => a + b) / 4) < 1e-15);
});

test('silhouetteWithError: the stated standard error matches the spread of sample means around the full value', () => {
  const rng = createRng(8);
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const c = i % 3;
    points.push([c * 2.5 + rng.normal(), (c === 1 ? 2 : 0) + rng.normal()]);
    labels.push(c);
  }
  const full = silhouetteScore(points, labels);
  const means: number[] = [];
  const errors: number[] = [];
  for (let r = 0; r < 30; r++) {
    const rows = sampleIndices(points.length, 300, createRng(100 + r));
    const s = silhouetteWithError(rows.map((i) => points[i]), rows.map((i) => labels[i]));
    means.push(s.mean);
    errors.push(s.standardError);
  }
  const meanError = errors.reduce((a, b) => a + b) / errors.length;
  const spread = Math.sqrt(means.reduce((t, m) => t + (m - full) ** 2, 0) / means.length);
  // The empirical spread of 30 sample means is within a factor 2 of the stated error (it is ~1.0-1.3x:
  // a and b estimated on the sample add a little), and the sample means centre on the full value.
  assert.ok(spread < 2 * meanError && spread > 0.5 * meanError, `spread ${spread}, stated ${meanError}`);
  assert.ok(Math.abs(means.reduce((a, b) => a + b) / means.length - full) < 3 * meanError);
});
