import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dfd from 'danfojs-node';
import { buildFrame, concatRows, countBy, fillMissingValues, frameColumn, mapColumn, queryRows, selectRows, summarise } from '../../lib/clean/frame';

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

// Danfo operations the customers-cleaning verbs could use, and why each verb keeps its array code
// (figures: bench/clean-verbs.ts; decisions: the header of lib/clean/frame.ts).

test('pitfall: Series.asType("float32") reads a missing value as 0 and "1,200" / "$5" / "(3)" as NaN; ids lose digits', () => {
  const read = new dfd.Series(['1,200', '$5', '(3)', '12', null, '']).asType('float32').values as number[];
  assert.ok(Number.isNaN(read[0]) && Number.isNaN(read[1]) && Number.isNaN(read[2]), 'danfo changed: asType now reads formatted numbers');
  assert.equal(read[3], 12);
  assert.equal(read[4], 0, 'danfo changed: asType no longer turns null into 0');
  assert.equal(read[5], 0, 'danfo changed: asType no longer turns "" into 0');
  const ids = new dfd.Series(['00123', '123456789012345678']).asType('float32').values as number[];
  assert.equal(ids[0], 123);
  assert.notEqual(String(ids[1]), '123456789012345678');
});

test('pitfall: valueCounts turns labels that start with digits into numbers ("00123" -> 123, "10-20" -> 10); countBy keeps them', () => {
  const labels = ['00123', '10-20', '10-20', 'North'];
  const vc = new dfd.Series(labels).valueCounts();
  assert.deepEqual(vc.index, [123, 10, 'North'], 'danfo changed: valueCounts keeps text labels; the verbs could count with it');
  assert.deepEqual([...countBy(labels)], [['00123', 1], ['10-20', 2], ['North', 1]]);
});

test('pitfall: Series.dropDuplicates({ keep: "last" }) reverses its own input in place (and scans a list per value: quadratic)', () => {
  const ids = new dfd.Series(['a', 'b', 'a', 'c']);
  const kept = ids.dropDuplicates({ keep: 'last' });
  assert.deepEqual(kept.index, [1, 2, 3]);
  assert.deepEqual(ids.values, ['c', 'a', 'b', 'a'], 'danfo changed: dropDuplicates no longer reverses its input');
});

test('pitfall: DataFrame.fillNa without inplace still fills the original frame; Series.fillNa refuses an empty-string fill', () => {
  const f = new dfd.DataFrame([[1, 'x'], [null, 'y']], { columns: ['v', 't'] });
  f.fillNa([5], { columns: ['v'] });
  assert.deepEqual(f.values[1], [5, 'y'], 'danfo changed: DataFrame.fillNa leaves its input alone');
  assert.throws(() => new dfd.Series(['a', null]).fillNa(''), /value must be specified/);
  // Series.fillNa itself is exact and leaves its input alone: correct, only slower (bench/clean-verbs.ts).
  const values = [16777217.01, null, 0.1];
  assert.deepEqual(new dfd.Series(values).fillNa(9007199254740.5).values, [16777217.01, 9007199254740.5, 0.1]);
  assert.deepEqual(values, [16777217.01, null, 0.1]);
});

test('pitfall: a Series has no quantile or clip, so winsorising stays seglab\'s (winsorise / clipAt)', () => {
  const s = new dfd.Series([1, 2, 300]) as unknown as Record<string, unknown>;
  assert.equal(typeof s.quantile, 'undefined', 'danfo changed: Series.quantile exists; winsoriseColumns may use it');
  assert.equal(typeof s.clip, 'undefined', 'danfo changed: Series.clip exists; winsoriseColumns may use it');
});

test('queryRows selects rows with Danfo query on a boolean mask and reads values back exactly', () => {
  const ids = ['00123', '123', '123456789012345678', '0123'];
  const spend = [16777217.05, null, 9007199254740.5, 0.1];
  const band = [null, '10-20', '00123', 'x'];
  const [keptIds, keptSpend, keptBand] = queryRows<readonly (string | number | null)[]>([ids, spend, band], [true, false, true, true]);
  assert.deepEqual(keptIds, ['00123', '123456789012345678', '0123']);
  assert.deepEqual(keptSpend, [16777217.05, 9007199254740.5, 0.1]);
  assert.deepEqual(keptBand, [null, '00123', 'x']);
  assert.equal(typeof keptIds[0], 'string');
  assert.deepEqual(ids, ['00123', '123', '123456789012345678', '0123'], 'input untouched');
  assert.deepEqual(queryRows([ids, spend], [false, false, false, false]), [[], []]);
  const all = queryRows([ids], [true, true, true, true]);
  assert.deepEqual(all, [ids]);
  assert.notEqual(all[0], ids, 'a copy, not the input');
});

test('fillMissingValues fills nulls with Series.fillNa exactly, input untouched; "" / null fills and NaN take the array pass', () => {
  const values = [16777217.05, null, 9007199254740.5, null];
  const filled = fillMissingValues(values, 16777219.03);
  assert.deepEqual(filled, [16777217.05, 16777219.03, 9007199254740.5, 16777219.03]);
  assert.deepEqual(values, [16777217.05, null, 9007199254740.5, null]);
  assert.deepEqual(fillMissingValues(['00123', null, '10-20'], '00123'), ['00123', '00123', '10-20']);
  assert.deepEqual(fillMissingValues(['a', null], ''), ['a', '']);
  assert.deepEqual(fillMissingValues(['a', null], null), ['a', null]);
  const withNaN = fillMissingValues([NaN, null, 2], 0);
  assert.ok(Number.isNaN(withNaN[0]), 'NaN is not missing: not filled');
  assert.deepEqual(withNaN.slice(1), [0, 2]);
  assert.deepEqual(fillMissingValues([], 1), []);
});
