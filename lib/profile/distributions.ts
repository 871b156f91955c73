/**
 * Per-segment distributions of features (5th, 25th, 50th, 75th and 95th percentiles and the
 * mean, raw units), compact enough to keep in the run result for the report's RFM chart.
 * No minimum or maximum is kept (a single customer's value), and segments below the minimum
 * cell size get nulls.
 */
import { SeglabError, msg } from '../errors/messages';
import { NeumaierSums } from '../stats/neumaier';
import { quantileSorted } from '../stats/quantile';
import type { FeatureDistribution } from './types';

/** The features whose distributions the report shows by default, when present. */
export const RFM_FEATURES: readonly string[] = ['recency_days', 'frequency', 'monetary', 'tenure_days'];

export interface DistributionOptions {
  /** Features to summarise. Default RFM_FEATURES that exist in `names` (all of `names` when none does). */
  features?: readonly string[];
  /** Segments smaller than this get null quantiles (k-anonymity). Default 10. */
  minCellSize?: number;
}

/**
 * Quantiles of each chosen feature within each segment (type 7, linear interpolation between order
 * statistics: lib/stats/quantile.ts, the same definition cleaning uses).
 * @param names feature names (columns of `raw`)
 * @param raw feature values in their own units, one row per customer
 * @param labels segment per customer, 0..k-1
 * @example featureDistributions(features.names, features.raw, clustering.labels, clustering.k, { minCellSize: 50 })
 */
export function featureDistributions(
  names: readonly string[],
  raw: readonly (readonly number[])[],
  labels: readonly number[],
  k: number,
  options: DistributionOptions = {},
): FeatureDistribution[] {
  if (raw.length !== labels.length) throw new SeglabError('profile', msg.distributionsShape('the raw feature matrix', raw.length, labels.length));
  const minCellSize = options.minCellSize ?? 10;
  const defaults = RFM_FEATURES.filter((f) => names.includes(f));
  // Without RFM features, every column but the 0/1 ones (flags, one-hot levels): a box plot of a
  // yes/no column is a box from 0 to 1 or a line, and its share per segment is in the profiles.
  const features = (options.features ?? (defaults.length ? defaults : names.filter((_, j) => !isZeroOne(raw, j)))).filter((f) => names.includes(f));
  // One pass per feature: each segment's finite values gathered into its own typed array (issue 15),
  // then sorted; the same numbers as sorting an array of them (test/profile/profile-fast.test.ts).
  const n = labels.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) if (labels[i] >= 0 && labels[i] < k) sizes[labels[i]]++;
  const start = new Int32Array(k + 1);
  for (let s = 0; s < k; s++) start[s + 1] = start[s] + sizes[s];
  const buffer = new Float64Array(n);
  const fill = new Int32Array(k);
  const out: FeatureDistribution[] = [];
  for (const feature of features) {
    const j = names.indexOf(feature);
    fill.fill(0);
    for (let i = 0; i < n; i++) {
      const s = labels[i];
      if (!(s >= 0 && s < k)) continue;
      const x = raw[i][j];
      if (Number.isFinite(x)) buffer[start[s] + fill[s]++] = x;
    }
    for (let segment = 0; segment < k; segment++) {
      const customers = sizes[segment];
      if (customers < minCellSize || fill[segment] === 0) {
        out.push({ feature, segment, customers, q05: null, q25: null, q50: null, q75: null, q95: null, mean: null });
        continue;
      }
      const sorted = buffer.subarray(start[segment], start[segment] + fill[segment]).sort();
      const sum = new NeumaierSums(1);
      for (let r = 0; r < sorted.length; r++) sum.add(0, sorted[r]);
      const q = (p: number): number => quantileSorted(sorted, p);
      out.push({ feature, segment, customers, q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95), mean: sum.mean(0) });
    }
  }
  return out;
}

/** Column j holds only 0 and 1 (a flag or a one-hot level). */
function isZeroOne(raw: readonly (readonly number[])[], j: number): boolean {
  if (raw.length === 0) return false;
  for (const row of raw) if (row[j] !== 0 && row[j] !== 1) return false;
  return true;
}
