import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropProxiesAndRecluster, fairAssignment, mitigateByFairAssignment } from '../../lib/fairness/mitigate';
import { codeGroups } from '../../lib/fairness/groups';
import { createRng } from '../../lib/random/rng';

// 1-D toy: segment 0 = F at 0, 1, 2, 3 and M at 4 (centre 2); segment 1 = F at 20, M at 16..19 (centre 18).
const points = [[0], [1], [2], [3], [4], [20], [16], [17], [18], [19]];
const sex = ['F', 'F', 'F', 'F', 'M', 'F', 'M', 'M', 'M', 'M'];
const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
const coding = codeGroups({ kind: 'text', values: sex }, []);
const bounds = { lower: 0.8, upper: 1.25, minCellSize: 1 };

test('fair assignment moves the fewest, cheapest customers into the band', () => {
  // In band means a group's share of a segment within [0.4, 0.625] (0.5 × 0.8 .. 0.5 × 1.25).
  // One move cannot do it; two can: F at 3 (the F of segment 0 closest to centre 18: cost 15² − 1² = 224)
  // goes to segment 1, M at 16 (cost 14² − 2² = 192) goes to segment 0 -> 3 F + 2 M and 2 F + 3 M.
  const frozen = Object.freeze(labels.slice());
  const r = fairAssignment(points, frozen, 2, coding, bounds, [[2], [18]]);
  assert.equal(r.moved, 2);
  assert.equal(r.withinBounds, true);
  assert.deepEqual(r.labels, [0, 0, 0, 1, 0, 1, 0, 1, 1, 1]);
  assert.deepEqual(frozen, labels);
});

test('fair assignment reports before/after fairness and the cost in cluster quality', () => {
  const m = mitigateByFairAssignment(points, labels, 2, 'sex', coding, bounds, createRng(1), [[2], [18]]);
  assert.equal(m.method, 'fair-assignment');
  assert.equal(m.movedShare, 0.2);
  assert.ok(Math.abs(m.before.proportionalBalance - 0.4) < 1e-12);
  // After: segment 0 = 3 F + 2 M (ratios 1.2, 0.8) -> proportional balance 0.8.
  assert.ok(Math.abs(m.after.proportionalBalance - 0.8) < 1e-12);
  assert.equal(m.before.cellsOutsideBand, 4);
  assert.equal(m.after.cellsOutsideBand, 0);
  // Before: inertia around means 2 and 18 = (4+1+0+1+4) × 2 = 20.
  assert.equal(m.before.inertia, 20);
  assert.ok(m.after.inertia > m.before.inertia);
  assert.ok(m.after.silhouette < m.before.silhouette);
  assert.ok(m.after.cramersV < m.before.cramersV);
});

test('a segmentation already in the band is left alone', () => {
  const fair = fairAssignment([[0], [1], [10], [11]], [0, 0, 1, 1], 2, codeGroups({ kind: 'text', values: ['F', 'M', 'F', 'M'] }, []), bounds);
  assert.deepEqual(fair, { labels: [0, 0, 1, 1], moved: 0, withinBounds: true });
});

test('dropping the proxy feature and re-clustering is measured in the full space', () => {
  // Feature "proxy" is sex itself; "behaviour" is unrelated. Clustering on both splits by sex;
  // after dropping "proxy", the callback splits by behaviour.
  const group = ['F', 'F', 'M', 'M', 'F', 'F', 'M', 'M'];
  const behaviour = [0, 0, 0, 0, 1, 1, 1, 1];
  const matrix = group.map((g, i) => [g === 'F' ? 5 : -5, behaviour[i]]);
  const before = group.map((g) => (g === 'F' ? 0 : 1));
  const recluster = (p: number[][]): number[] => {
    assert.equal(p[0].length, 1, 'the proxy column was dropped');
    return p.map((row) => (row[0] > 0.5 ? 1 : 0));
  };
  const m = dropProxiesAndRecluster({ names: ['proxy', 'behaviour'], matrix }, ['proxy'], before, 2, 'sex', codeGroups({ kind: 'text', values: group }, []), bounds, recluster, createRng(2));
  assert.deepEqual(m.droppedFeatures, ['proxy']);
  assert.equal(m.before.cramersV, 1);
  assert.equal(m.after.cramersV, 0);
  assert.equal(m.after.proportionalBalance, 1);
  assert.equal(m.withinBounds, true);
  // Half the customers change segment under the best matching of old to new segments.
  assert.equal(m.moved, 4);
  assert.ok(m.after.inertia > m.before.inertia);
});
