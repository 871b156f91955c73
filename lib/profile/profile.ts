import { ss } from '../stats/simple-statistics';
import type { SegmentProfile } from './types';

/**
 * Profile each segment with simple-statistics: size, share, value share, and per feature the
 * mean and median (raw units) and the mean of the standardised feature.
 * @param raw feature values in their own units (rows = customers)
 * @param scaled the standardised features (same shape), for the z-means
 * @param labels segment per customer, 0..k-1
 * @param valueFeature the feature whose sum is the customer value (default "monetary")
 */
export function profileSegments(
  names: readonly string[],
  raw: readonly (readonly number[])[],
  scaled: readonly (readonly number[])[],
  labels: readonly number[],
  k: number,
  valueFeature = 'monetary',
): SegmentProfile[] {
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((s, i) => members[s].push(i));
  const valueIdx = names.indexOf(valueFeature);
  const totalValue = valueIdx === -1 ? 0 : ss.sum(raw.map((r) => Math.max(0, r[valueIdx])));
  // A 0/1 column over all customers (a flag): its segment mean is a share and is worded as one.
  const flags = names.map((_, j) => raw.length > 0 && raw.every((r) => r[j] === 0 || r[j] === 1));
  return members.map((rows, segment) => {
    const valueSum = valueIdx === -1 || rows.length === 0 ? 0 : ss.sum(rows.map((i) => Math.max(0, raw[i][valueIdx])));
    return {
      segment,
      label: `Segment ${segment + 1}`,
      size: rows.length,
      share: rows.length / labels.length,
      valueShare: totalValue > 0 ? valueSum / totalValue : 0,
      features: names.map((feature, j) => {
        const values = rows.map((i) => raw[i][j]);
        const z = rows.map((i) => scaled[i][j]);
        return {
          feature,
          mean: values.length ? ss.mean(values) : NaN,
          median: values.length ? ss.median(values) : NaN,
          zMean: z.length ? ss.mean(z) : NaN,
          ...(flags[j] ? { flag: true } : {}),
        };
      }),
    };
  });
}
