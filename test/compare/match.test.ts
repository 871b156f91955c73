import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchSegments } from '../../lib/compare/match';
import { migrationMatrix } from '../../lib/compare/migration';

const repeat = (label: number, n: number): number[] => new Array<number>(n).fill(label);

test('migration matrix: stayed, moved, entered row and exited column, row shares, CLV weights', () => {
  const before = Object.freeze({ ids: Object.freeze(['a', 'b', 'c', 'd']), labels: Object.freeze([0, 0, 1, 1]), k: 2 });
  const after = Object.freeze({ ids: Object.freeze(['b', 'c', 'e', 'd']), labels: Object.freeze([0, 0, 1, 1]), k: 2 });
  const weights = { before: new Map([['a', 10], ['b', 20], ['c', 30], ['d', 40]]), after: new Map([['e', 5]]) };
  const m = migrationMatrix(before, after, weights);
  // rows: before 1, before 2, entered; columns: after 1, after 2, exited
  assert.deepEqual(m.counts, [
    [1, 0, 1],
    [1, 1, 0],
    [0, 1, 0],
  ]);
  assert.deepEqual(m.rowShares, [
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
    [0, 1, 0],
  ]);
  assert.deepEqual(m.weighted, [
    [20, 0, 10],
    [30, 40, 0],
    [0, 5, 0],
  ]);
  assert.equal(m.common, 3);
  assert.equal(m.entered, 1);
  assert.equal(m.exited, 1);
});

test('a refit with permuted labels is matched back: every segment survives with Jaccard 1, ARI 1', () => {
  const before = [...repeat(0, 50), ...repeat(1, 30), ...repeat(2, 20)];
  const permutation = [2, 0, 1];
  const after = before.map((l) => permutation[l]);
  const m = matchSegments(before, after, 3, 3);
  assert.deepEqual(m.beforeToAfter, permutation);
  assert.deepEqual(m.afterToBefore, [1, 2, 0]);
  for (const f of m.before) {
    assert.equal(f.event, 'survived');
    assert.equal(f.jaccard, 1);
  }
  assert.ok(m.after.every((o) => o.origin === 'continues'));
  assert.equal(m.ari, 1);
});

test('life events: a split, a merge, a disappearance and an emergence are named', () => {
  // before 0 (40) splits into after 0 and 1; before 1 (30) and 2 (30) merge into after 2;
  // before 3 (20) scatters (disappears); after 3 is made of scattered customers only.
  const before: number[] = [];
  const after: number[] = [];
  const add = (b: number, a: number, n: number) => {
    for (let i = 0; i < n; i++) {
      before.push(b);
      after.push(a);
    }
  };
  add(0, 0, 20);
  add(0, 1, 20);
  add(1, 2, 30);
  add(2, 2, 30);
  add(3, 0, 4);
  add(3, 1, 4);
  add(3, 2, 4);
  add(3, 3, 8);
  add(0, 3, 0);
  const m = matchSegments(before, after, 4, 4);
  const event = (b: number) => m.before[b].event;
  assert.equal(event(0), 'split');
  assert.deepEqual(m.before[0].into, [0, 1]);
  assert.equal(event(1), 'merged');
  assert.equal(event(2), 'merged');
  assert.deepEqual(m.before[1].into, [2]);
  assert.equal(event(3), 'disappeared');
  assert.equal(m.after[3].origin, 'emerged');
  assert.equal(m.after[2].origin, 'merge');
  assert.deepEqual(m.after[2].from, [1, 2]);
  assert.equal(m.after[0].origin, 'split part');
  // Identity: a label is never used twice, an emerged segment has none.
  const used = m.afterToBefore.filter((b) => b >= 0);
  assert.equal(new Set(used).size, used.length);
  assert.equal(m.afterToBefore[3], -1);
});

test('fewer segments after than before: the unmatched one has no partner', () => {
  const before = [...repeat(0, 10), ...repeat(1, 10), ...repeat(2, 10)];
  const after = [...repeat(0, 10), ...repeat(1, 10), ...repeat(1, 10)];
  const m = matchSegments(before, after, 3, 2);
  assert.equal(m.beforeToAfter.filter((a) => a < 0).length, 1);
  assert.equal(m.before[0].event, 'survived');
  assert.equal(m.before[1].event, 'merged');
  assert.equal(m.before[2].event, 'merged');
});
