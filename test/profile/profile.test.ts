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
  assert.deepEqual(p[1].features[1], { feature: 'monetary', mean: 80, median: 80, zMean: 1.5 });
  assert.equal(p[0].label, 'Segment 1');
});
