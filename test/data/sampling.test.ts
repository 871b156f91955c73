import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../lib/random/rng';
import { dayToIso, isoToDay, negBinomial, poisson, quotas, sortByDay, weightedIndex } from '../../lib/data/sampling';
import { selectionSampler, dirtTargets } from '../../lib/data/dirt';
import { csvField, csvLines } from '../../lib/io/csv';

test('quotas: largest remainder, exact total', () => {
  assert.deepEqual(quotas(10, [0.5, 0.25, 0.25]), [5, 3, 2]);
  assert.deepEqual(quotas(7, [1 / 3, 1 / 3, 1 / 3]), [3, 2, 2]);
  const q = quotas(2001, [0.11, 0.22, 0.12, 0.15, 0.14, 0.26]);
  assert.equal(q.reduce((a, b) => a + b, 0), 2001);
});

test('iso dates round-trip and impossible dates are rejected', () => {
  assert.equal(dayToIso(isoToDay('2025-12-31')), '2025-12-31');
  assert.equal(isoToDay('1970-01-02'), 1);
  assert.ok(Number.isNaN(isoToDay('2025-02-30')));
  assert.ok(Number.isNaN(isoToDay('31/12/2025')));
});

test('selectionSampler picks each class exactly its count, disjointly', () => {
  const rng = createRng(3);
  const draw = selectionSampler(1000, [20, 7]);
  const picked = [0, 0];
  for (let i = 0; i < 1000; i++) {
    const c = draw(rng);
    if (c >= 0) picked[c]++;
  }
  assert.deepEqual(picked, [20, 7]);
});

test('dirtTargets: at least one of each kind, missing + formatted never exceed n', () => {
  const small = dirtTargets(10);
  assert.deepEqual(Object.values(small).map((v) => v >= 1), [true, true, true, true, true]);
  const one = dirtTargets(1);
  assert.ok(one.incomeMissing + one.incomeFormatted <= 1);
  assert.equal(dirtTargets(2000).incomeMissing, 40);
});

test('sortByDay is a stable sort by day', () => {
  const items = [
    { day: 5, tag: 'a' },
    { day: 3, tag: 'b' },
    { day: 5, tag: 'c' },
    { day: 3, tag: 'd' },
    { day: 4, tag: 'e' },
  ];
  const frozen = Object.freeze(items.map((x) => Object.freeze(x)));
  assert.deepEqual(
    sortByDay(frozen, (x) => x.day).map((x) => x.tag),
    ['b', 'd', 'e', 'a', 'c'],
  );
  assert.deepEqual(sortByDay([], () => 0), []);
});

test('poisson and negative binomial have the requested means; weightedIndex follows weights', () => {
  const rng = createRng(11);
  const mean = (draw: () => number, n = 20000) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += draw();
    return s / n;
  };
  assert.ok(Math.abs(mean(() => poisson(rng, 3)) - 3) < 0.08);
  assert.ok(Math.abs(mean(() => poisson(rng, 45)) - 45) < 0.3);
  assert.ok(Math.abs(mean(() => negBinomial(rng, 12, 6)) - 12) < 0.3);
  const hits = [0, 0, 0];
  for (let i = 0; i < 30000; i++) hits[weightedIndex(rng, [1, 2, 0])]++;
  assert.equal(hits[2], 0);
  assert.ok(Math.abs(hits[1] / hits[0] - 2) < 0.1);
});

test('csv fields are quoted only when needed', () => {
  assert.equal(csvField('$52,300'), '"$52,300"');
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvLines([{ a: '1', b: 'x,y' }], ['a', 'b']), '1,"x,y"\n');
});
