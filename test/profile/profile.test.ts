import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSegments } from '../../lib/profile/profile';

test('profileSegments: sizes, shares, value shares, means, medians and z-means by hand', () => {
  const names = ['frequency', 'monetary'];
  const raw = [[1, 10], [3, 30], [5, 100], [7, 60]];
  const scaled = [[-1, -1], [0, 0], [1, 1], [2, 2]];
  const labels = [0, 0, 1, 1];
  const p = profileSegments(names, raw, scaled, labels, 2);
  assert.equal(p.length, 2);
  assert.deepEqual([p[0].size, p[1].size], [2, 2]);
  assert.deepEqual([p[0].share, p[1].share], [0.5, 0.5]);
  // monetary total 200: segment 0 holds 40, segment 1 holds 160.
  assert.deepEqual([p[0].valueShare, p[1].valueShare], [0.2, 0.8]);
  // The scaled column averages 0.5 over all customers (not 0), so z-means are measured from 0.5: 1.5 - 0.5 and -0.5 - 0.5.
  assert.deepEqual(p[1].features[1], { feature: 'monetary', mean: 80, median: 80, zMean: 1 });
  assert.equal(p[0].features[1].zMean, -1);
  assert.equal(p[0].label, 'Segment 1');
});

test('profileSegments: z-means are measured from the average customer when the scaled column was clipped (no "low" for every segment)', () => {
  // A skewed column standardised over all customers, then clipped at +1.5 SD as the features stage clips extremes:
  // its mean is then below 0, and before the fix every segment read "low" on it (UCI Bank Marketing, pdays).
  const values = Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 40 + i : 1 + (i % 7)));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  const scaled = values.map((v) => [Math.min(1.5, (v - mean) / sd)]);
  const clippedMean = scaled.reduce((a, r) => a + r[0], 0) / scaled.length;
  assert.ok(clippedMean < -0.05, `the clipped column no longer averages 0 (${clippedMean})`);
  // Two segments split at the median: one below, one above the average customer.
  const labels = values.map((v) => (v <= 4 ? 0 : 1));
  const p = profileSegments(['pdays'], values.map((v) => [v]), scaled, labels, 2);
  const [low, high] = p.map((s) => s.features[0].zMean);
  assert.ok(low < 0 && high > 0, `one segment below and one above average: ${low}, ${high}`);
  // The size-weighted z-means average 0, as the personas' effect = zMean / (1 - share) assumes.
  const weighted = p.reduce((sum, s) => sum + s.share * s.features[0].zMean, 0);
  assert.ok(Math.abs(weighted) < 1e-12, `weighted mean ${weighted}`);
  // Each is the segment's mean scaled value minus the all-customer mean, recomputed here.
  for (const s of p) {
    const members = scaled.filter((_, i) => labels[i] === s.segment).map((r) => r[0]);
    const direct = members.reduce((a, b) => a + b, 0) / members.length - clippedMean;
    assert.ok(Math.abs(s.features[0].zMean - direct) < 1e-12, `${s.features[0].zMean} vs ${direct}`);
  }
});
