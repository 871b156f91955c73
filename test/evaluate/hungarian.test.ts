import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyAfterMatching, minCostAssignment } from '../../lib/evaluate/hungarian';
import { createRng } from '../../lib/random/rng';

/** The minimum over all permutations, for small square matrices. */
function bruteForceMinCost(cost: number[][]): number {
  const n = cost.length;
  let best = Infinity;
  const visit = (row: number, used: boolean[], total: number): void => {
    if (row === n) {
      best = Math.min(best, total);
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      visit(row + 1, used, total + cost[row][j]);
      used[j] = false;
    }
  };
  visit(0, new Array<boolean>(n).fill(false), 0);
  return best;
}

test('minCostAssignment: a 3 x 3 example by hand', () => {
  // Row 0 -> col 1 (1), row 1 -> col 0 (2), row 2 -> col 2 (2): total 5, the unique minimum.
  const cost = [
    [4, 1, 3],
    [2, 0, 5],
    [3, 2, 2],
  ];
  assert.deepEqual(minCostAssignment(cost), { rowToColumn: [1, 0, 2], cost: 5 });
});

test('minCostAssignment matches brute force on random matrices', () => {
  const rng = createRng(17);
  for (let trial = 0; trial < 30; trial++) {
    const n = 1 + rng.int(6);
    const cost = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.int(20) - 5));
    const { rowToColumn, cost: total } = minCostAssignment(cost);
    assert.equal(total, bruteForceMinCost(cost));
    assert.equal(new Set(rowToColumn).size, n);
  }
});

test('minCostAssignment: more rows than columns leaves surplus rows unassigned', () => {
  const { rowToColumn, cost } = minCostAssignment([[5], [1], [3]]);
  assert.deepEqual(rowToColumn, [-1, 0, -1]);
  assert.equal(cost, 1);
});

test('accuracyAfterMatching ignores numbering and counts surplus clusters as wrong', () => {
  assert.equal(accuracyAfterMatching([0, 0, 1, 1], [1, 1, 0, 0]), 1);
  // Cluster 1 -> "a" (2 rows), cluster 0 or 2 -> "b" (1 row): 3 of 4 right.
  assert.equal(accuracyAfterMatching(['a', 'a', 'b', 'b'], [1, 1, 0, 2]), 0.75);
  // Fewer clusters than classes: the best matching covers 3 + 2 of 7 rows.
  assert.equal(accuracyAfterMatching([0, 0, 0, 1, 1, 2, 2], [5, 5, 5, 6, 6, 6, 6]), 5 / 7);
});
