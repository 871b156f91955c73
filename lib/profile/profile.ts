import { NeumaierSums } from '../stats/neumaier';
import { quantileSorted } from '../stats/quantile';
import type { FeatureSummary, SegmentProfile } from './types';

/** Columns gathered per pass over the rows (a block of n × COLUMN_BLOCK numbers is held at a time). */
const COLUMN_BLOCK = 4;

/**
 * Profile each segment: size, share, value share, and per feature the mean and median (raw units)
 * and the mean of the standardised feature (for a 0/1 column: the share's distance from the whole
 * base's share p in standard deviations of the column, (share − p) / sqrt(p (1 − p))).
 *
 * The numbers are simple-statistics' (`ss.mean`: compensated sum over the segment's customers in row
 * order; `ss.median`: type-7 median), computed in a few passes over the rows (issue 15): per
 * segment running sums for the means, and each block of COLUMN_BLOCK features gathered per segment
 * into typed arrays and sorted for the medians, instead of one array per segment and feature.
 * test/profile/profile-fast.test.ts checks every number against the array-per-segment computation.
 * @param raw feature values in their own units (rows = customers)
 * @param scaled the standardised features (same shape), for the z-means
 * @param labels segment per customer, 0..k-1
 * @param valueFeature the feature whose sum is the customer value (default "monetary")
 * @param values the customer value per row instead (profile.valueColumns, lib/clean/value.ts); then
 *   each profile also gets its mean value per customer
 * @param logged the features whose scaled column is logged (FeatureTransform.log1p): their summaries
 *   say `scale: 'log'`, so a raw mean is never printed beside a log-scale effect as if on one scale
 */
export function profileSegments(
  names: readonly string[],
  raw: readonly (readonly number[])[],
  scaled: readonly (readonly number[])[],
  labels: readonly number[],
  k: number,
  valueFeature = 'monetary',
  values?: ArrayLike<number>,
  logged: readonly string[] = [],
): SegmentProfile[] {
  const n = labels.length;
  const d = names.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const start = new Int32Array(k + 1);
  for (let s = 0; s < k; s++) start[s + 1] = start[s] + sizes[s];
  const valueIdx = values ? -1 : names.indexOf(valueFeature);

  // Pass 1: value sums, z sums, raw sums per segment and which columns are 0/1 flags.
  const totalValue = new NeumaierSums(1);
  const valueSums = new NeumaierSums(k);
  const rawSums = Array.from({ length: d }, () => new NeumaierSums(k));
  const zSums = Array.from({ length: d }, () => new NeumaierSums(k));
  // A 0/1 column over all customers (a flag): its segment mean is a share and is worded as one.
  const flags = new Array<boolean>(d).fill(raw.length > 0);
  for (let i = 0; i < n; i++) {
    const s = labels[i];
    const row = raw[i];
    const z = scaled[i];
    if (values || valueIdx !== -1) {
      const v = Math.max(0, values ? values[i] : row[valueIdx]);
      totalValue.add(0, v);
      valueSums.add(s, v);
    }
    for (let j = 0; j < d; j++) {
      const x = row[j];
      rawSums[j].add(s, x);
      zSums[j].add(s, z[j]);
      if (flags[j] && x !== 0 && x !== 1) flags[j] = false;
    }
  }

  // Medians: a block of columns at a time, each segment's values contiguous, then sorted.
  const medians = Array.from({ length: d }, () => new Float64Array(k));
  const block = new Float64Array(n * Math.min(COLUMN_BLOCK, Math.max(d, 1)));
  const fill = new Int32Array(k);
  for (let j0 = 0; j0 < d; j0 += COLUMN_BLOCK) {
    const width = Math.min(COLUMN_BLOCK, d - j0);
    fill.fill(0);
    for (let i = 0; i < n; i++) {
      const s = labels[i];
      const row = raw[i];
      const at = fill[s]++;
      for (let c = 0; c < width; c++) block[(c * n) + start[s] + at] = row[j0 + c];
    }
    for (let c = 0; c < width; c++) {
      for (let s = 0; s < k; s++) {
        const values = block.subarray(c * n + start[s], c * n + start[s] + sizes[s]);
        values.sort();
        medians[j0 + c][s] = values.length ? median(values) : NaN;
      }
    }
  }

  const total = totalValue.total(0);
  // The all-customer mean of each scaled column: 0 when the column was standardised over these
  // customers, but not after extreme values were clipped (or for another customer set), and zMean
  // is read as a distance from the average customer (a bank table with pdays clipped read "low
  // pdays" for every segment). Summed per segment, then over segments in order.
  const zCentre = zSums.map((sums) => {
    let sum = 0;
    for (let s = 0; s < k; s++) sum += sums.total(s);
    return n > 0 ? sum / n : 0;
  });
  // A 0/1 column's z-mean is in its own standard deviations, sqrt(p (1 − p)), as every reader of zMean
  // ("+0.7 SD vs the rest", the heatmap's z) takes it. The scaled column is not: one-hot blocks and flags
  // are divided by the block's spread (lib/features/mixed.ts), which shrank the trial's "Spending score:
  // Average, 64.8% of the segment" from 1.22 SD vs the rest to "+0.703 SD".
  const flagShare = rawSums.map((sums, j) => {
    if (!flags[j] || n === 0) return NaN;
    let ones = 0;
    for (let s = 0; s < k; s++) ones += sums.total(s);
    return ones / n;
  });
  const zMeanOf = (j: number, segment: number): number => {
    const p = flagShare[j];
    if (Number.isNaN(p)) return zSums[j].mean(segment) - zCentre[j];
    const sd = Math.sqrt(p * (1 - p));
    const share = rawSums[j].mean(segment);
    // An empty segment has no mean (NaN); a column of one value is at the average (0), as its scaled copy was.
    return Number.isNaN(share) ? NaN : sd > 0 ? (share - p) / sd : 0;
  };
  return Array.from({ length: k }, (_, segment) => {
    const size = sizes[segment];
    const valueSum = (valueIdx === -1 && !values) || size === 0 ? 0 : valueSums.total(segment);
    return {
      segment,
      label: `Segment ${segment + 1}`,
      size,
      share: size / n,
      valueShare: total > 0 ? valueSum / total : 0,
      ...(values ? { valuePerCustomer: size > 0 ? valueSums.mean(segment) : Number.NaN } : {}),
      features: names.map(
        (feature, j): FeatureSummary => ({
          feature,
          mean: rawSums[j].mean(segment),
          median: medians[j][segment],
          zMean: zMeanOf(j, segment),
          ...(flags[j] ? { flag: true } : {}),
          ...(logged.includes(feature) && !flags[j] ? { scale: 'log' as const } : {}),
        }),
      ),
    };
  });
}

/**
 * ss.median of sorted values (type 7 at p = 0.5: the middle value, or the mean of the two middle
 * values). NaN sorts last in a typed array where ss.median's quickselect would leave it anywhere,
 * so a column with NaN gets NaN, as `ss.mean` does.
 */
function median(sorted: Float64Array): number {
  if (Number.isNaN(sorted[sorted.length - 1])) return NaN;
  return quantileSorted(sorted, 0.5);
}
