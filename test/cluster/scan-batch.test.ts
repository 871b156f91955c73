/**
 * Issue 15: chooseRepresentation runs every candidate's k scan in one batch of tasks, costliest
 * first. Each candidate's result must be exactly chooseK's on its own stream, whatever the number
 * of threads and the order the tasks ran in.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRepresentation } from '../../lib/cluster/representation';
import { chooseK } from '../../lib/cluster/select-k';
import { parallelStats, shutdownWorkers } from '../../lib/parallel/pool';
import type { ClusterConfig } from '../../lib/config/types';
import { createRng } from '../../lib/random/rng';
import { gaussianBlobs } from './fixtures';

after(() => shutdownWorkers());

const config = (workers: number): ClusterConfig => ({ method: 'kmeans', maxFitRows: 50000, treeRows: 3000, kMin: 2, kMax: 6, restarts: 4, maxIterations: 200, silhouetteSample: 400, minSegmentShare: 0.02, workers });

/** Four blobs in 5 dimensions, and a second space of different dimension: 2 of the coordinates and a skewed noise column. */
function spaces(): { wide: number[][]; narrow: number[][] } {
  const { points } = gaussianBlobs([[0, 0, 0, 0, 0], [4, 0, 1, 0, 0], [0, 4, 0, 1, 0], [3, 3, 0, 0, 2]], [500, 300, 200, 120], 0.9, 17);
  const rng = createRng(4);
  return { wide: points, narrow: points.map((row) => [row[0], row[1], Math.exp(rng.normal())]) };
}

test('each candidate gets exactly the chooseK result of its own stream (the batch changes nothing)', () => {
  const { wide, narrow } = spaces();
  const candidates = [{ name: 'wide', points: wide }, { name: 'narrow', points: narrow }];
  const choice = chooseRepresentation(candidates, config(1), createRng(9));
  // chooseRepresentation's streams: one split of its rng, then a fork per candidate name.
  const streams = createRng(9).split();
  for (const candidate of candidates) {
    const alone = chooseK(candidate.points, config(1), streams.fork(`representation:${candidate.name}`));
    assert.deepStrictEqual(choice.clusterings[candidate.name], alone, candidate.name);
  }
  assert.equal(choice.clusterings.wide.k, 4);
});

test('the batched scans give the same choice with 1, 2 and 3 threads', () => {
  const { wide, narrow } = spaces();
  const candidates = [{ name: 'wide', points: wide }, { name: 'narrow', points: narrow }];
  const before = parallelStats().batches;
  const one = chooseRepresentation(candidates, config(1), createRng(3));
  const two = chooseRepresentation(candidates, config(2), createRng(3));
  const three = chooseRepresentation(candidates, config(3), createRng(3));
  assert.ok(parallelStats().batches > before, 'the 2- and 3-thread runs used the pool');
  assert.deepStrictEqual(two, one);
  assert.deepStrictEqual(three, one);
  assert.equal(one.evidence.length, 2);
  assert.equal(one.clusterings.wide.candidates.length, 5);
});
