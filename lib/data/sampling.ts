/**
 * Small seeded samplers and day arithmetic for the data generator. Every function takes the
 * `Rng` it draws from; none keeps state.
 */
import type { Rng } from '../random/rng';
import { gammaDraw } from '../random/gamma';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) of an ISO date; NaN when it is not a real yyyy-mm-dd date. */
export function isoToDay(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) return NaN;
  return ms / MS_PER_DAY;
}

/** ISO yyyy-mm-dd of a day number (days since 1970-01-01, UTC). */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Lognormal draw with the given median and log-scale sigma. */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}

/** Uniform integer in [lo, hi] (both inclusive). */
export function uniformInt(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** Poisson draw: Knuth's product method below 30, a rounded normal above (plenty for counts). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Gamma(shape, scale) draw: see lib/random/gamma.ts. */
export const gamma = gammaDraw;

/**
 * Negative-binomial count with the given mean and dispersion (Poisson whose rate is Gamma):
 * variance = mean + mean^2 / dispersion, so a smaller dispersion spreads counts more.
 */
export function negBinomial(rng: Rng, mean: number, dispersion: number): number {
  return poisson(rng, gamma(rng, dispersion, mean / dispersion));
}

/** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
export function weightedIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** One element of `items`, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/**
 * Exact quotas: `shares` (summing to 1) turned into integer counts summing to `n` by largest
 * remainder, ties to the earlier share.
 * @example quotas(10, [0.5, 0.25, 0.25]) // [5, 3, 2]
 */
export function quotas(n: number, shares: readonly number[]): number[] {
  const raw = shares.map((s) => s * n);
  const counts = raw.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, rem: r - Math.floor(r) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) counts[order[j].i]++;
  return counts;
}

/**
 * `items` sorted by day, keeping generation order within a day (a stable counting sort: days
 * span a few thousand values, so this is linear where a comparison sort was the hot spot).
 */
export function sortByDay<T>(items: readonly T[], dayOf: (item: T) => number): T[] {
  if (items.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const item of items) {
    const d = dayOf(item);
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const starts = new Uint32Array(hi - lo + 2);
  for (const item of items) starts[dayOf(item) - lo + 1]++;
  for (let i = 1; i < starts.length; i++) starts[i] += starts[i - 1];
  const out = new Array<T>(items.length);
  for (const item of items) out[starts[dayOf(item) - lo]++] = item;
  return out;
}

/** A memoised `dayToIso` for one run (the same few thousand days repeat millions of times). */
export function isoDayFormatter(): (day: number) => string {
  const cache = new Map<number, string>();
  return (day) => {
    let iso = cache.get(day);
    if (iso === undefined) {
      iso = dayToIso(day);
      cache.set(day, iso);
    }
    return iso;
  };
}
