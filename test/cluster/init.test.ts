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

/** Greedy k-means++ written out in full (every distance computed), drawing from the rng as init.ts does. */
function referenceSeeds(points: readonly (readonly number[])[], k: number, seed: number): number[][] {
  const rng = createRng(seed);
  const n = points.length;
  const sq = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, j) => s + (v - b[j]) * (v - b[j]), 0);
  const trials = 2 + Math.floor(Math.log(k));
  const chosen = [rng.int(n)];
  let closest = points.map((p) => sq(p, points[chosen[0]]));
  for (let c = 1; c < k; c++) {
    const cumulative: number[] = [];
    let potential = 0;
    for (const d of closest) cumulative.push((potential += d));
    if (!(potential > 0)) {
      chosen.push(rng.int(n));
      continue;
    }
    let best: { row: number; potential: number; distances: number[] } | null = null;
    for (let t = 0; t < trials; t++) {
      const target = rng.next() * potential;
      const row = cumulative.findIndex((v) => v > target);
      const distances = points.map((p, i) => {
        const d = sq(p, points[row]);
        return d > closest[i] ? closest[i] : d;
      });
      const total = distances.reduce((s, d) => s + d, 0);
      if (!best || total < best.potential) best = { row, potential: total, distances };
    }
    chosen.push((best as { row: number }).row);
    closest = (best as { distances: number[] }).distances;
  }
  return chosen.map((row) => points[row].slice());
}

test('k-means++ skips distances by the triangle inequality without changing a single seed', () => {
  const cases: [number[][], number][] = [
    // Far-apart blobs: most distances are skipped once a centre sits in each blob.
    [gaussianBlobs([[0, 0], [40, 0], [0, 40], [40, 40], [80, 80], [120, 0]], [60, 60, 60, 60, 60, 60], 1, 21).points, 8],
    // Overlapping blobs in more dimensions: few skips.
    [gaussianBlobs([[0, 0, 0, 0], [1, 1, 1, 1], [2, 0, 2, 0]], [80, 80, 80], 1.5, 22).points, 6],
    // Repeated rows: zero distances, and fewer distinct rows than k.
    [[[1, 1], [1, 1], [5, 5], [5, 5], [1, 1], [9, 0]], 5],
  ];
  for (const [points, k] of cases) {
    for (const seed of [1, 2, 3, 7, 42]) assert.deepEqual(kmeansPlusPlus(points, k, createRng(seed)), referenceSeeds(points, k, seed));
  }
});
