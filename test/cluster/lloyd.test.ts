import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kmeansPlusPlus, kmeansPlusPlusRows } from '../../lib/cluster/init';
import { assignRows, lloyd, toRowMatrix } from '../../lib/cluster/lloyd';
import { createRng } from '../../lib/random/rng';
import { gaussianBlobs } from './fixtures';

/** ml-kmeans 7 (the implementation fitKMeans used before issue 15), loaded the way kmeans.ts loaded it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ml = require('ml-kmeans') as {
  kmeans(data: number[][], k: number, o: { initialization: number[][]; maxIterations: number; tolerance: number }): { clusters: number[]; centroids: number[][]; iterations: number; converged: boolean };
};

/** Skewed, overlapping, duplicated rows: a hard case for ties and empty clusters. */
function awkwardPoints(n: number, dim: number, seed: number): number[][] {
  const rng = createRng(seed);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i % 17 === 0 && out.length) out.push(out[rng.int(out.length)].slice());
    else out.push(Array.from({ length: dim }, (_, j) => (j === 0 ? Math.exp(rng.normal()) : rng.normal() * (j + 1)) + (i % 3) * 0.7));
  }
  return out;
}

function uniformBox(n: number, dim: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => rng.next()));
}

test('lloyd gives bit-identical labels, centroids, iterations and converged flag to ml-kmeans 7', () => {
  const cases: [number[][], number][] = [
    [gaussianBlobs([[0, 0], [5, 5], [0, 5]], [300, 200, 100], 1, 3).points, 3],
    [awkwardPoints(2000, 8, 11), 6],
    [awkwardPoints(700, 23, 12), 10],
    [awkwardPoints(50, 3, 13), 9],
    // Uniform box (the gap statistic's reference data): slow convergence, many bound updates.
    [uniformBox(3000, 8, 14), 8],
    // Integer grid with repeats: exact distance ties between centres.
    [Array.from({ length: 400 }, (_, i) => [i % 7, Math.floor(i / 7) % 5, i % 3]), 5],
  ];
  for (const [points, k] of cases) {
    for (const maxIterations of [1, 3, 300]) {
      const init = kmeansPlusPlus(points, k, createRng(k * 7 + maxIterations));
      const reference = ml.kmeans(points, k, { initialization: init.map((r) => r.slice()), maxIterations, tolerance: 1e-6 });
      const matrix = toRowMatrix(points);
      const run = lloyd(matrix, toRowMatrix(init).data, k, maxIterations, 1e-6);
      assert.deepEqual(Array.from(run.labels), reference.clusters, `labels, k=${k}, maxIterations=${maxIterations}`);
      const centres = Array.from({ length: k }, (_, c) => Array.from(run.centres.subarray(c * matrix.dim, (c + 1) * matrix.dim)));
      // Exact equality (deepEqual on numbers is Object.is): the same arithmetic in the same order.
      assert.deepEqual(centres, reference.centroids.map((c) => Array.from(c)), `centroids, k=${k}`);
      assert.equal(run.iterations, reference.iterations);
      assert.equal(run.converged, reference.converged);
    }
  }
});

test("lloyd's bounds skip most rows once the centres settle", () => {
  const points = gaussianBlobs([[0, 0, 0], [6, 0, 0], [0, 6, 0], [0, 0, 6]], [2000, 2000, 2000, 2000], 1, 5).points;
  const k = 4;
  const run = lloyd(toRowMatrix(points), toRowMatrix(kmeansPlusPlus(points, k, createRng(2))).data, k, 300, 1e-6);
  // Plain Lloyd scans every row every iteration; the bounds leave most rows alone after the first.
  assert.ok(run.iterations >= 2);
  assert.ok(run.fullScans < 0.5 * points.length * run.iterations, `${run.fullScans} scans in ${run.iterations} iterations of ${points.length} rows`);
});

test('kmeansPlusPlusRows draws the same centres from the same rng as kmeansPlusPlus', () => {
  const points = awkwardPoints(900, 5, 21);
  for (const k of [1, 2, 7]) {
    const rows = kmeansPlusPlusRows(toRowMatrix(points), k, createRng(k));
    assert.deepEqual(Array.from(rows), kmeansPlusPlus(points, k, createRng(k)).flat());
  }
});

test('assignRows: nearest centre (ties to the lower index) and the summed squared distance', () => {
  // Row [5] is 5 from both centres 0 and 10: the tie goes to centre 0. Inertia 1 + 25 + 4 = 30.
  const labels = new Array<number>(3);
  const inertia = assignRows(toRowMatrix([[1], [5], [12]]), new Float64Array([0, 10]), 2, labels);
  assert.deepEqual(labels, [0, 0, 1]);
  assert.equal(inertia, 30);
});

test('toRowMatrix copies the chosen rows in order and leaves the input alone', () => {
  const points = Object.freeze([Object.freeze([1, 2]), Object.freeze([3, 4]), Object.freeze([5, 6])]);
  assert.deepEqual(Array.from(toRowMatrix(points).data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(toRowMatrix(points, [2, 0]).data), [5, 6, 1, 2]);
});
