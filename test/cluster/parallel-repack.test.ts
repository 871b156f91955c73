/**
 * Worker results are repacked (lib/parallel/pool.ts `repack`, issue 15): structured clone delivers
 * number arrays as arrays of boxed numbers; where those meet the main thread's packed feature rows in
 * one optimised reader, V8 converts the feature rows too (up to ~580 MB more heap at 1M customers).
 * repack must give back the same values, number arrays as packed doubles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repack } from '../../lib/parallel/pool';

test('repack keeps every value (NaN, -0, integers, nested, mixed, typed arrays) and rebuilds number arrays', () => {
  const original = {
    centroids: [
      [1.5, -2.25, 0.1],
      [Number.NaN, -0, 1e-300],
    ],
    labels: [0, 2, 1, 1],
    empty: [] as number[],
    mixed: [1, 'a', [2.5, 3], null, { inner: [0.5] }],
    typed: new Float64Array([0.25, 0.5]),
    text: 'k = 3',
    nothing: null,
  };
  const clone = structuredClone(original);
  const firstRow = clone.centroids[0];
  const out = repack(clone) as typeof original;
  assert.deepStrictEqual(out, original);
  assert.ok(Object.is(out.centroids[1][1], -0));
  assert.notEqual(out.centroids[0], firstRow, 'number arrays are rebuilt');
  assert.ok(out.typed instanceof Float64Array);
});

test('a cloned number array is not packed doubles, and repack makes it so (V8 natives)', () => {
  const pool = path.resolve(__dirname, '../../lib/parallel/pool.js');
  const script = `
    const { repack } = require(${JSON.stringify(pool)});
    const row = [0.5, 1.25, -3.75];
    const cloned = structuredClone(row);
    console.log(JSON.stringify({ own: %HasDoubleElements(row), cloned: %HasDoubleElements(cloned), repacked: %HasDoubleElements(repack(cloned)) }));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepStrictEqual(JSON.parse(r.stdout.trim()), { own: true, cloned: false, repacked: true });
});
