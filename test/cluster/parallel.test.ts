/**
 * Worker threads for the independent fits (issue 15): the k scan, the restarts and the
 * automatic segmentation give the same result, bit for bit, with 1, 2 and 3 threads, and a
 * worker's result for a task equals the main thread's.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { automaticSegmentation } from '../../lib/cluster/automatic';
import { fitKMeans, runRestart, type RestartTask } from '../../lib/cluster/kmeans';
import { kmeansPlusPlusRows } from '../../lib/cluster/init';
import { parallelStats, runTasks, sharedMatrix, shutdownWorkers } from '../../lib/parallel/pool';
import { chooseK } from '../../lib/cluster/select-k';
import { latentClassModel } from '../../lib/cluster/latent-class';
import type { ColumnKind } from '../../lib/features/mixed';
import type { ClusterConfig } from '../../lib/config/types';
import { createRng } from '../../lib/random/rng';
import { gaussianBlobs, clusterConfig } from './fixtures';

after(() => shutdownWorkers());

const config = (overrides: Partial<ClusterConfig> = {}): ClusterConfig => clusterConfig({ kMax: 7, silhouetteSample: 600, ...overrides });

/** Five overlapping blobs of unequal size in 6 dimensions, plus skewed noise columns. */
function mixedPoints(seed: number): number[][] {
  const centers = [
    [0, 0, 0, 0, 0, 0],
    [3, 1, 0, -1, 0, 2],
    [-2, 3, 1, 0, 1, -1],
    [1, -3, 2, 2, -1, 0],
    [4, 4, -2, 1, 2, 1],
  ];
  const { points } = gaussianBlobs(centers, [900, 600, 400, 250, 150], 1.1, seed);
  const rng = createRng(seed + 1);
  return points.map((row) => [...row, Math.exp(rng.normal()), rng.next() < 0.2 ? 1 : 0]);
}

test('a worker runs a restart exactly as the main thread does', () => {
  const points = mixedPoints(3);
  const shared = sharedMatrix(points);
  const rng = createRng(11);
  const tasks: RestartTask[] = [2, 4, 6, 3].map((k) => ({ module: 'cluster/kmeans', fn: 'runRestart', points: shared, initial: kmeansPlusPlusRows(shared, k, rng), k, maxIterations: 100, tolerance: 1e-6 }));
  const before = parallelStats().workerTasks;
  // mainTakes: false leaves every task to the worker threads.
  const fromWorkers = runTasks(tasks, 3, runRestart, { mainTakes: false });
  assert.equal(parallelStats().workerTasks - before, tasks.length, 'every task ran in a worker');
  const inProcess = tasks.map(runRestart);
  assert.deepStrictEqual(fromWorkers, inProcess);
  assert.ok(fromWorkers.every((r, i) => r.centroids.length === tasks[i].k && Number.isFinite(r.inertia)));
});

test('fitKMeans gives the same fit with 1, 2 and 3 threads (restarts on workers)', () => {
  const points = mixedPoints(5);
  const fit = (workers: number) => fitKMeans(points, 5, { restarts: 40, maxIterations: 300, workers }, createRng(21));
  const one = fit(1);
  const two = fit(2);
  const three = fit(3);
  assert.deepStrictEqual(two, one);
  assert.deepStrictEqual(three, one);
  assert.equal(one.restartInertia.length, 40);
  // The restarts differ, so the order in which the winner is picked matters and is checked.
  assert.ok(new Set(one.restartInertia).size > 1);
});

test('chooseK gives the same k table, labels and warnings with 1 and 2 threads', () => {
  const points = mixedPoints(7);
  const before = parallelStats().batches;
  const one = chooseK(points, config({ workers: 1 }), createRng(42));
  const two = chooseK(points, config({ workers: 2 }), createRng(42));
  const three = chooseK(points, config({ workers: 3, kRule: undefined }), createRng(42));
  assert.ok(parallelStats().batches > before, 'the 2- and 3-thread runs used the pool');
  assert.deepStrictEqual(two, one);
  assert.deepStrictEqual(three, one);
  assert.equal(one.candidates.length, 6);
});

test('the automatic segmentation (sample, k scan, final fit, plain comparison) is the same with 1 and 2 threads', () => {
  const points = mixedPoints(9);
  const standardised = points.map((row) => row.map((v) => v / 2));
  const run = (workers: number) =>
    automaticSegmentation([{ name: 'standardised features', points }], standardised, config({ workers, maxFitRows: 1500, kMax: 6 }), createRng(8));
  const one = run(1);
  const two = run(2);
  assert.deepStrictEqual(two, one);
  assert.equal(one.sampledRows, 1500);
});

test('the latent-class scan gives the same model with 1 and 2 threads (mixed Gaussian, spike and 0/1 columns)', () => {
  const rng = createRng(13);
  const raw: number[][] = [];
  for (let i = 0; i < 1500; i++) {
    const c = i % 3;
    raw.push([c * 2.5 + rng.normal(), rng.next() < 0.35 ? 0 : 4 + rng.normal() + 2 * c, rng.next() < (c === 1 ? 0.8 : 0.2) ? 1 : 0, rng.normal()]);
  }
  const kinds: ColumnKind[] = ['numeric', 'numeric', 'binary', 'numeric'];
  const names = ['x', 'spiky', 'flag', 'noise'];
  const fit = (threads: number) => latentClassModel(names, raw, raw, kinds, 2, 6, createRng(5), { threads, maxFitRows: 1000 });
  const one = fit(1);
  assert.deepStrictEqual(fit(2), one);
  assert.equal(one.scan.length, 5);
});
