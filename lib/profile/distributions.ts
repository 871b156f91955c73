/**
 * Per-segment distributions of features (5th, 25th, 50th, 75th and 95th percentiles and the
 * mean, raw units), compact enough to keep in the run result for the report's RFM chart.
 * No minimum or maximum is kept (a single customer's value), and segments below the minimum
 * cell size get nulls.
 */
import { SeglabError, msg } from '../errors/messages';
import { ss } from '../stats/simple-statistics';
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
  const features = (options.features ?? (defaults.length ? defaults : names)).filter((f) => names.includes(f));
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((s, i) => members[s]?.push(i));
  const out: FeatureDistribution[] = [];
  for (const feature of features) {
    const j = names.indexOf(feature);
    members.forEach((rows, segment) => {
      const values = rows.map((i) => raw[i][j]).filter(Number.isFinite);
      if (rows.length < minCellSize || values.length === 0) {
        out.push({ feature, segment, customers: rows.length, q05: null, q25: null, q50: null, q75: null, q95: null, mean: null });
        return;
      }
      const sorted = values.sort((a, b) => a - b);
      const q = (p: number): number => quantileSorted(sorted, p);
      out.push({ feature, segment, customers: rows.length, q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95), mean: ss.mean(sorted) });
    });
  }
  return out;
}
