/** Issue 15: the proxy classifier's fold fits on worker threads give the same result as in-process. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { proxyClassifier } from '../../lib/fairness/proxy';
import { codeGroups } from '../../lib/fairness/groups';
import { parallelStats, shutdownWorkers } from '../../lib/parallel/pool';
import { createRng } from '../../lib/random/rng';

after(() => shutdownWorkers());

/** Three groups of unequal size; "spend" leaks the group, "age band=..." is a one-hot family, "noise" is noise; a row that is left out of the sample. */
function synthetic(n: number, seed: number) {
  const rng = createRng(seed);
  const group = Array.from({ length: n }, () => (rng.next() < 0.2 ? 'A' : rng.next() < 0.5 ? 'B' : 'C'));
  const names = ['spend', 'noise', 'band=young', 'band=old'];
  const matrix = group.map((g) => {
    const young = rng.next() < (g === 'A' ? 0.7 : 0.4) ? 1 : 0;
    return [(g === 'A' ? 1.5 : g === 'B' ? 0 : -1) + rng.normal(), rng.normal() * 3, young, 1 - young];
  });
  return { group, names, matrix };
}

test('proxyClassifier gives the same result with 1, 2 and 3 threads (sampled rows, 5 folds, 3 groups)', () => {
  const { group, names, matrix } = synthetic(1500, 11);
  const coding = codeGroups({ kind: 'text', values: group }, []);
  const run = (threads: number) => proxyClassifier('group', coding, { names, matrix }, createRng(4), { minGroupSize: 10, maxRows: 1200, threads });
  const before = parallelStats().batches;
  const one = run(1);
  const two = run(2);
  const three = run(3);
  assert.ok(parallelStats().batches >= before + 2, 'the 2- and 3-thread runs used the pool');
  assert.deepStrictEqual(two, one);
  assert.deepStrictEqual(three, one);
  assert.ok(one !== null && one.rows === 1200 && one.folds === 5);
  assert.ok(one.proxies.includes('spend'), JSON.stringify(one.features));
});
