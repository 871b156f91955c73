import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kmeansPlusPlus } from '../../lib/cluster/init';
import { createRng } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs } from './fixtures';

test('k-means++ picks k distinct input rows, one per well-separated blob', () => {
  const centers = [[0, 0], [50, 0], [0, 50], [50, 50], [100, 100]];
  const { points, truth } = gaussianBlobs(centers, [40, 40, 40, 40, 40], 1, 3);
  const rowKeys = new Map(points.map((p, i) => [p.join(','), i]));
  for (const seed of [1, 2, 3, 4, 5]) {
    const chosen = kmeansPlusPlus(points, 5, createRng(seed));
    const rows = chosen.map((c) => rowKeys.get(c.join(',')));
    assert.ok(rows.every((row) => row !== undefined));
    // A far blob is drawn with overwhelming probability (distance² ~2500 against ~2 inside a blob).
    assert.deepEqual(rows.map((row) => truth[row as number]).sort(), [0, 1, 2, 3, 4]);
  }
});

test('k-means++ is reproducible for a seed, returns copies, and leaves the input alone', () => {
  const { points } = gaussianBlobs([[0, 0, 0], [3, 3, 3]], [30, 30], 1, 8);
  const before = copyPoints(points);
  const frozen = deepFreeze(points);
  const first = kmeansPlusPlus(frozen, 4, createRng(11));
  assert.deepEqual(kmeansPlusPlus(frozen, 4, createRng(11)), first);
  assert.notDeepEqual(kmeansPlusPlus(frozen, 4, createRng(12)), first);
  assert.ok(first.every((c) => !Object.isFrozen(c)));
  assert.deepEqual(copyPoints(frozen), before);
});

test('k-means++ with fewer distinct rows than k repeats a row instead of failing', () => {
  const chosen = kmeansPlusPlus([[1, 1], [1, 1], [2, 2]], 3, createRng(1));
  assert.equal(chosen.length, 3);
  assert.equal(new Set(chosen.map((c) => c.join(','))).size, 2);
});
