import { ss } from './simple-statistics';

/**
 * seglab's one quantile definition: simple-statistics' `quantileSorted`, which (7.x) is linear
 * interpolation between order statistics, Hyndman & Fan type 7 (numpy's and R's default).
 * Cleaning (fill values, winsor limits, IQR fences, the data-quality profile), the profile's
 * per-segment distributions, compare's drift cut points and the campaign bootstrap's percentile
 * intervals all use it, so a "median" or "95th percentile" printed anywhere is the same number
 * for the same values. This wrapper only adds: typed arrays accepted, and NaN for no values
 * (simple-statistics throws). test/stats/quantile.test.ts pins the type-7 values, so a library
 * upgrade that changed the definition would fail there.
 * @example quantileSorted([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return ss.quantileSorted(sorted as readonly number[], p);
}
