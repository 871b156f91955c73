import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dfd from 'danfojs-node';
import { buildFrame, concatRows, countBy, frameColumn, mapColumn, selectRows, summarise } from '../../lib/clean/frame';

// Each test pins a measured Danfo 1.2.0 pitfall AND the workaround seglab uses instead.

test('pitfall: Series.apply turns null into 0; mapColumn keeps null', () => {
  const s = new dfd.Series([1, null, 3] as (number | null)[]);
  const applied = s.apply(((v: number) => v * 2) as never).values as (number | null)[];
  assert.notEqual(applied[1], null, 'danfo changed: Series.apply now keeps null; mapColumn may be retired');
  assert.deepEqual(mapColumn<number>([1, null, 3], (v) => v * 2), [2, null, 6]);
});

test('pitfall: describe throws on nulls; summarise counts them as missing', () => {
  const df = new dfd.DataFrame({ a: [1, null, 3, 4] });
  let threw = false;
  try {
    df.describe();
  } catch {
    threw = true;
  }
  assert.ok(threw, 'danfo changed: describe no longer throws on nulls');
  const s = summarise([1, null, 3, 4]);
  assert.equal(s.count, 3);
  assert.equal(s.missing, 1);
  assert.equal(s.median, 3);
  assert.equal(s.min, 1);
  assert.equal(s.max, 4);
});

test('pitfall: concat corrupts its first input; concatRows leaves both inputs intact', () => {
  const a = buildFrame({ id: ['a', 'b'], v: [1, 2] });
  const b = buildFrame({ id: ['c'], v: [3] });
  const before = JSON.stringify(frameColumn(a, 'id'));
  const joined = concatRows(a, b);
  assert.deepEqual(frameColumn(joined, 'id'), ['a', 'b', 'c']);
  assert.equal(JSON.stringify(frameColumn(a, 'id')), before);
  // Danfo's own concat: check what happens to its first input (documented corruption).
  const a2 = buildFrame({ id: ['a', 'b'], v: [1, 2] });
  dfd.concat({ dfList: [a2, buildFrame({ id: ['c'], v: [3] })], axis: 0 });
  let corrupted = false;
  try {
    corrupted = JSON.stringify(frameColumn(a2, 'id')) !== '["a","b"]' || a2.shape[0] !== 2;
  } catch {
    corrupted = true; // reading the first input now throws an IndexError
  }
  assert.ok(corrupted, 'danfo changed: concat no longer corrupts its first input');
});

test('pitfall: df.loc with a row list is quadratic; selectRows gives the same rows in linear time', () => {
  const df = buildFrame({ id: ['a', 'b', 'c', 'd'], v: [1, null, 3, 4] });
  const picked = selectRows(df, [3, 1]);
  assert.deepEqual(frameColumn(picked, 'id'), ['d', 'b']);
  assert.deepEqual(frameColumn(picked, 'v'), [4, null]);
  const viaLoc = df.loc({ rows: [3, 1] });
  assert.deepEqual(frameColumn(viaLoc, 'id'), ['d', 'b']);
});

test('pitfall: groupby is superlinear in groups; countBy is a Map pass with the same counts', () => {
  const region = ['N', 'S', 'N', 'E', 'N'];
  const df = buildFrame({ region, one: region.map(() => 1) });
  const g = df.groupby(['region']).col(['one']).sum();
  const danfo = new Map((frameColumn(g, 'region') as string[]).map((r, i) => [r, frameColumn(g, 'one_sum')[i]]));
  const ours = countBy(region);
  for (const [k, v] of ours) assert.equal(danfo.get(k as string), v);
});

test('buildFrame copies its columns, keeps nulls, and builds an empty frame without throwing', () => {
  const v = [1.1, null];
  const f = buildFrame({ id: ['a', 'b'], v });
  v[0] = 99;
  assert.deepEqual(frameColumn(f, 'v'), [1.1, null]);
  assert.deepEqual(buildFrame({ id: [], v: [] }).columns, ['id', 'v']);
});

test('pitfall: a column named "column" or "values" shadows the DataFrame member; frameColumn still reads it', () => {
  const f = buildFrame({ column: ['a', 'b'], values: [1, 2], x: [3, 4] });
  assert.notEqual(typeof (f as unknown as { column: unknown }).column, 'function', 'danfo changed: column names no longer shadow members');
  assert.deepEqual(frameColumn(f, 'column'), ['a', 'b']);
  assert.deepEqual(frameColumn(f, 'values'), [1, 2]);
});

test('pitfall: Danfo tensors are float32; the values arrays (what seglab reads) stay exact', () => {
  const s = new dfd.Series([16777217, 0.1]);
  assert.equal(s.dtype, 'float32');
  const viaTensor = Array.from(s.tensor.dataSync() as Float32Array);
  assert.notEqual(viaTensor[0], 16777217, 'danfo changed: tensors keep 16777217 exactly');
  assert.deepEqual(frameColumn(buildFrame({ v: [16777217, 0.1] }), 'v'), [16777217, 0.1]);
});

test('pitfall: valueCounts throws on a column of distinct date strings; countBy counts them', () => {
  const dates = Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
  assert.throws(() => new dfd.Series(dates).valueCounts(), /unique/, 'danfo changed: valueCounts now handles date strings');
  assert.equal(countBy(dates).size, 30);
});
