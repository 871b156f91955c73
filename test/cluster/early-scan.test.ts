/**
 * A k scan started early (issue 15): the pipeline starts the standardised features' k scan on its
 * own worker thread while the autoencoder trains, and the cluster stage joins it. The segmentation
 * must be the one automaticSegmentation gives without it, bit for bit, whether the early worker ran
 * every task, some, or none (cancelled), with and without a selection sample.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { automaticSegmentation, startEarlyKScan } from '../../lib/cluster/automatic';
import { runRestart, type RestartTask } from '../../lib/cluster/kmeans';
import { kmeansPlusPlusRows } from '../../lib/cluster/init';
import { joinEarlyBatch, parallelStats, runTasks, sharedMatrix, shutdownWorkers, startEarlyBatch } from '../../lib/parallel/pool';
import type { ClusterConfig } from '../../lib/config/types';
import { createRng } from '../../lib/random/rng';
import { gaussianBlobs, clusterConfig } from './fixtures';

after(() => shutdownWorkers());

const config = (overrides: Partial<ClusterConfig> = {}): ClusterConfig => clusterConfig({ restarts: 3, silhouetteSample: 400, workers: 2, ...overrides });

/** Four blobs of unequal size, a skewed column and a 0/1 flag; and a 2-D "embedding" of them. */
function data(seed: number): { features: number[][]; embedding: number[][] } {
  const { points } = gaussianBlobs([[0, 0, 0, 0], [3, 1, 0, -1], [-2, 3, 1, 0], [1, -3, 2, 2]], [700, 450, 300, 150], 1.2, seed);
  const rng = createRng(seed + 1);
  const features = points.map((row) => [...row, Math.exp(rng.normal()), rng.next() < 0.3 ? 1 : 0]);
  const embedding = points.map((row) => [row[0] + row[1] + 0.3 * rng.normal(), row[2] - row[3] + 0.3 * rng.normal()]);
  return { features, embedding };
}

/** automaticSegmentation with and without the early scan; the rng is a fresh stream each time, as the pipeline's stageRng. */
function both(cfg: ClusterConfig, seed: number, prepare?: (early: NonNullable<ReturnType<typeof startEarlyKScan>>) => void) {
  const { features, embedding } = data(seed);
  const candidates = [
    { name: 'standardised features', points: features },
    { name: 'autoencoder embedding', points: embedding },
  ];
  const plain = automaticSegmentation(candidates, features, cfg, createRng(seed + 7), 20);
  const early = startEarlyKScan(candidates[0], cfg, createRng(seed + 7), 20);
  assert.ok(early, 'the early scan starts with two threads');
  prepare?.(early);
  const joined = automaticSegmentation(candidates, features, cfg, createRng(seed + 7), 20, undefined, undefined, early);
  return { plain, joined, early };
}

const strip = (seg: ReturnType<typeof automaticSegmentation>) => JSON.stringify({ choice: seg.choice, clustering: seg.clustering, plain: seg.plain, sampledRows: seg.sampledRows });

test('the early scan gives the segmentation of the plain run, bit for bit (every row fitted)', () => {
  const before = parallelStats().workerTasks;
  const { plain, joined } = both(config(), 3);
  assert.ok(parallelStats().workerTasks > before, 'some tasks ran on a worker');
  assert.equal(joined.clustering.k, plain.clustering.k);
  assert.deepStrictEqual(joined.clustering.labels, plain.clustering.labels);
  assert.equal(strip(joined), strip(plain));
});

test('the early scan reproduces the selection sample when n > maxFitRows', () => {
  const { plain, joined } = both(config({ maxFitRows: 900 }), 5);
  assert.equal(plain.sampledRows, 900);
  assert.equal(strip(joined), strip(plain));
});

test('a cancelled early scan is run afresh at the join, with the same result', () => {
  const { plain, joined, early } = both(config(), 8, (e) => e.batch.cancel());
  assert.ok(early.batch.cancelled);
  assert.equal(strip(joined), strip(plain));
});

test('one thread: no early scan is started', () => {
  const { features } = data(2);
  assert.equal(startEarlyKScan({ name: 'standardised features', points: features }, config({ workers: 1 }), createRng(1), 20), null);
});

test('an early batch returns runTasks results in task order, whoever ran the tasks', () => {
  const { features } = data(4);
  const shared = sharedMatrix(features);
  const rng = createRng(11);
  const tasks: RestartTask[] = [2, 5, 3, 4, 6, 2].map((k) => ({ module: 'cluster/kmeans', fn: 'runRestart', points: shared, initial: kmeansPlusPlusRows(shared, k, rng), k, maxIterations: 100, tolerance: 1e-6 }));
  const expected = runTasks(tasks, 1, runRestart);
  // Joined at once: the main thread, a pool worker and the early worker share the tasks.
  const early = startEarlyBatch(tasks);
  assert.ok(early.worker, 'a dedicated worker started');
  assert.deepStrictEqual(joinEarlyBatch(early, 2, runRestart), expected);
  assert.ok(early.cancelled, 'the dedicated worker is stopped after the join');
  // Joined late: the early worker has run every task by then.
  const late = startEarlyBatch(tasks);
  const wait = Date.now() + 20_000;
  while (Atomics.load(late.control, 1) < tasks.length && Date.now() < wait) Atomics.wait(late.control, 1, Atomics.load(late.control, 1), 50);
  assert.equal(Atomics.load(late.control, 1), tasks.length, 'the early worker finished the batch alone');
  let ranHere = 0;
  assert.deepStrictEqual(joinEarlyBatch(late, 2, (t: RestartTask) => (ranHere++, runRestart(t))), expected);
  assert.equal(ranHere, 0, 'nothing was left for the joining threads');
});
