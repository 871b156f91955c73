import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortFloat64 } from '../../lib/features/radix-sort';
import { createRng } from '../../lib/random/rng';

const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('sortFloat64 gives the bytes of Float64Array.prototype.sort: negatives, -0 before 0, infinities, subnormals, ties, NaN', () => {
  const rng = createRng(17);
  const special = [0, -0, 1, -1, Infinity, -Infinity, 5e-324, -5e-324, 1e308, -1e308, 2 ** 53, 0.1];
  const generators: (() => number)[] = [
    () => rng.next() * 2 - 1,
    () => rng.int(10),
    () => special[rng.int(special.length)],
    () => Math.exp(rng.next() * 60 - 30) * (rng.next() < 0.5 ? -1 : 1),
    () => (rng.next() < 0.7 ? 0 : Math.round(rng.next() * 100) / 100),
  ];
  for (const n of [0, 1, 100, 5000, 40_000]) {
    for (const g of generators) {
      const a = Float64Array.from({ length: n }, g);
      const reference = a.slice().sort();
      const out = a.slice();
      assert.equal(sortFloat64(out), out, 'sorted in place');
      assert.ok(bytes(out).equals(bytes(reference)), `n ${n}`);
    }
  }
  // A NaN (any position) ends up last, as the built-in sort puts it.
  const withNaN = Float64Array.from({ length: 6000 }, (_, i) => (i === 17 ? NaN : rng.next() - 0.5));
  const sorted = sortFloat64(withNaN.slice());
  assert.ok(Number.isNaN(sorted[5999]));
  assert.ok(bytes(sorted.subarray(0, 5999)).equals(bytes(withNaN.slice().sort().subarray(0, 5999))));
  // A subarray view is sorted where it is, the rest of the buffer untouched.
  const whole = Float64Array.from({ length: 10_000 }, () => rng.next());
  const before = whole.slice();
  sortFloat64(whole.subarray(2000, 9000));
  assert.ok(bytes(whole.subarray(0, 2000)).equals(bytes(before.subarray(0, 2000))));
  assert.ok(bytes(whole.subarray(2000, 9000)).equals(bytes(before.subarray(2000, 9000).sort())));
});
