import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutTree, fitAgglomerative, wardLinkage } from '../../lib/cluster/agglomerative';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs } from './fixtures';

/** The part of ml-hclust 4's tree used for the cross-check (an ES module, loaded with import()). */
interface HclustNode {
  height: number;
  isLeaf: boolean;
  children: HclustNode[];
}

test('Ward on paper: {0, 1, 5, 6, 20} in 1-D', () => {
  // Merges: {0,1} at 1 and {5,6} at 1 (ids 5 and 6); then {0,1}+{5,6}: means 0.5 and 5.5,
  // height sqrt(2·2·2/4)·5 = 7.071; last: {0,1,5,6} (mean 3) + {20}: sqrt(2·4·1/5)·17 = 21.503.
  const merges = wardLinkage(deepFreeze([[0], [1], [5], [6], [20]]));
  assert.deepEqual(
    merges.map((s) => [s.left, s.right, s.size]),
    [
      [0, 1, 2],
      [2, 3, 2],
      [5, 6, 4],
      [4, 7, 5],
    ],
  );
  const expected = [1, 1, Math.sqrt(2) * 5, Math.sqrt(8 / 5) * 17];
  merges.forEach((s, i) => assert.ok(Math.abs(s.height - expected[i]) < 1e-12, `merge ${i}: ${s.height} vs ${expected[i]}`));
  assert.deepEqual(cutTree(merges, 5, 2), [0, 0, 0, 0, 1]);
  assert.deepEqual(cutTree(merges, 5, 3), [0, 0, 1, 1, 2]);
  assert.deepEqual(cutTree(merges, 5, 5), [0, 1, 2, 3, 4]);
  assert.deepEqual(cutTree(merges, 5, 1), [0, 0, 0, 0, 0]);
});

test('Ward on paper: a 2-D square and a far point; the square splits into its two close pairs', () => {
  // (0,0)-(0,1) and (4,0)-(4,1) are 1 apart; the pairs are 4 apart; (20, 0) is far.
  const points = [[0, 0], [4, 0], [0, 1], [4, 1], [20, 0]];
  const merges = wardLinkage(points);
  assert.deepEqual(merges.slice(0, 2).map((s) => [s.left, s.right]), [[0, 2], [1, 3]]);
  // Pair means (0, .5) and (4, .5): height sqrt(2·2·2/4)·4 = 5.657.
  assert.ok(Math.abs(merges[2].height - Math.sqrt(2) * 4) < 1e-12);
  assert.deepEqual(cutTree(merges, 5, 3), [0, 1, 0, 1, 2]);
});

test('cross-check: the same merge heights as ml-hclust agnes(method "ward2") on random points', async () => {
  const { agnes } = (await import('ml-hclust')) as unknown as { agnes: (data: number[][], o: { method: string }) => HclustNode };
  const rng = createRng(17);
  const points = Array.from({ length: 40 }, () => [rng.normal(), rng.normal() * 2, rng.normal() + 3]);
  const ours = wardLinkage(points).map((s) => s.height);
  const heights: number[] = [];
  const walk = (node: HclustNode): void => {
    if (node.isLeaf) return;
    heights.push(node.height);
    node.children.forEach(walk);
  };
  walk(agnes(points, { method: 'ward2' }));
  heights.sort((a, b) => a - b);
  assert.equal(heights.length, ours.length);
  ours.forEach((h, i) => assert.ok(Math.abs(h - heights[i]) < 1e-9, `merge ${i}: ${h} vs ${heights[i]}`));
});

test('merge sizes and ids are consistent (scipy layout) and heights never decrease', () => {
  const { points } = gaussianBlobs([[0, 0], [5, 5]], [30, 30], 1, 2);
  const merges = wardLinkage(points);
  const m = points.length;
  const sizes = [...new Array<number>(m).fill(1)];
  merges.forEach((s, step) => {
    assert.ok(s.left < m + step && s.right < m + step && s.left < s.right);
    assert.equal(s.size, sizes[s.left] + sizes[s.right]);
    sizes.push(s.size);
    if (step > 0) assert.ok(s.height >= merges[step - 1].height);
  });
  assert.equal(merges[merges.length - 1].size, m);
});

test('fitAgglomerative: whole tree on small n; sample tree then nearest centroid on large n; seeded', () => {
  const { points, truth } = gaussianBlobs([[0, 0], [10, 0], [0, 10]], [60, 50, 40], 1, 21);
  const full = fitAgglomerative(deepFreeze(points.map((r) => r.slice())), 3, {}, createRng(4));
  assert.equal(full.treeRows.length, 150);
  assert.equal(adjustedRandIndex(truth, full.labels), 1);
  assert.deepEqual(full.clusterSizes.slice().sort(), [40, 50, 60]);

  const sampled = fitAgglomerative(points, 3, { treeRows: 30 }, createRng(4));
  assert.equal(sampled.treeRows.length, 30);
  assert.equal(sampled.labels.length, 150);
  assert.equal(adjustedRandIndex(truth, sampled.labels), 1);
  assert.deepEqual(fitAgglomerative(points, 3, { treeRows: 30 }, createRng(4)), sampled);
  assert.notDeepEqual(fitAgglomerative(points, 3, { treeRows: 30 }, createRng(5)).treeRows, sampled.treeRows);
  // Inertia is the sum of squared distances to the reported centroids.
  let inertia = 0;
  points.forEach((row, i) => row.forEach((v, j) => (inertia += (v - sampled.centroids[sampled.labels[i]][j]) ** 2)));
  assert.ok(Math.abs(inertia - sampled.inertia) < 1e-9);
});

test('does not mutate its input; errors for k > n and a tree too large', () => {
  const { points } = gaussianBlobs([[0, 0], [5, 5]], [20, 20], 1, 3);
  const before = copyPoints(points);
  fitAgglomerative(deepFreeze(points), 2, { treeRows: 10 }, createRng(1));
  assert.deepEqual(copyPoints(points), before);
  assert.throws(() => fitAgglomerative([[1], [2]], 3, {}, createRng(1)), (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${msg.kTooLarge(2, 3)}`);
  assert.throws(
    () => fitAgglomerative(points, 2, { treeRows: 20_000 }, createRng(1)),
    (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${msg.badClusterOption('agglomerative', 'treeRows', 20_000, 'an integer in 2..10000')}`,
  );
});
