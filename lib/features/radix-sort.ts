/**
 * Ascending sort of a Float64Array in the order `Float64Array.prototype.sort()` gives (numeric,
 * -0 before 0, NaN last), by an LSD radix sort on the IEEE-754 bits: 4 passes of 16 bits instead
 * of a comparison sort (issue 15: the features stage sorts ~20 columns of every customer).
 * Arrays with a NaN, and short arrays, use the built-in sort.
 */
const MIN_RADIX = 4096;

/**
 * Sort `values` in place and return it.
 * @example sortFloat64(Float64Array.of(3, -0, 0, -2)) // Float64Array [-2, -0, 0, 3]
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < MIN_RADIX) return values.sort();
  for (let i = 0; i < n; i++) if (values[i] !== values[i]) return values.sort();
  // Keys: the bits with the sign flipped for non-negative values and every bit flipped for negative
  // ones, so unsigned key order is numeric order (and -0 < 0).
  const keys = new Uint32Array(values.buffer, values.byteOffset, n * 2).slice();
  for (let i = 0; i < n; i++) {
    const hi = keys[2 * i + 1];
    if (hi & 0x80000000) {
      keys[2 * i] = ~keys[2 * i] >>> 0;
      keys[2 * i + 1] = ~hi >>> 0;
    } else keys[2 * i + 1] = (hi | 0x80000000) >>> 0;
  }
  let src = keys;
  let dst = new Uint32Array(n * 2);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 0 : 1;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[2 * i + word] >>> shift) & 0xffff]++;
    // Skip a pass where every key has the same digit (common: small integers, shares in [0, 1]).
    if (count[(src[word] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i];
      const hi = src[2 * i + 1];
      const at = count[((word ? hi : lo) >>> shift) & 0xffff]++;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) {
    const hi = src[2 * i + 1];
    if (hi & 0x80000000) src[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    else {
      src[2 * i] = ~src[2 * i] >>> 0;
      src[2 * i + 1] = ~hi >>> 0;
    }
  }
  values.set(new Float64Array(src.buffer, src.byteOffset, n));
  return values;
}
