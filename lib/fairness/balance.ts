/**
 * Segment fairness without labels: how evenly each segment mixes the groups of a protected
 * attribute.
 *
 * - balance (Chierichetti et al. 2017, "Fair Clustering Through Fairlets"): in each segment the
 *   smallest ratio between two groups' counts (= smallest count / largest count), then the minimum
 *   over segments. No segmentation can beat the dataset's own balance.
 * - proportional balance: min over segments C and groups g of min(p_gC / p_g, p_g / p_gC), where
 *   p_gC is g's share of C and p_g its share of everyone; >= 0.8 means every ratio is in [0.8, 1.25].
 * - total variation between two groups' distributions over segments (largest pair), and the KL
 *   divergence from each group's distribution over segments to the population's (largest group;
 *   always finite; the share-weighted sum over groups is the mutual information).
 * - group entropy within each segment, against the population's group entropy.
 *
 * Groups with fewer than minCellSize customers are not assessed; per-segment values that would
 * rest on a cell below minCellSize are suppressed (null).
 */
import { suppressCells } from './disclosure';
import type { BalanceMetrics } from './types';

function entropyOf(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h;
}

/**
 * Balance metrics of one attribute from its segment × group count table.
 * @param table `table[segment][group]` customer counts (see `crossTab`).
 * @param groups group names aligned with the table's columns.
 * @param minCellSize groups smaller than this are left out; segment values resting on a smaller cell are null.
 * @param hiddenCells the published-cell mask (`hidden[segment][group]`) when the caller publishes the
 *   table's cells with its own suppression (the card's representation); default `suppressCells(table, minCellSize)`.
 * @example balanceMetrics('sex', [[4, 1], [1, 4]], ['F', 'M'], 1).balance // 0.25
 */
export function balanceMetrics(attribute: string, table: readonly (readonly number[])[], groups: readonly string[], minCellSize: number, hiddenCells?: readonly (readonly boolean[])[]): BalanceMetrics {
  const k = table.length;
  const groupTotals = groups.map((_, g) => table.reduce((a, row) => a + row[g], 0));
  const n = groupTotals.reduce((a, b) => a + b, 0);
  const assessed = groups.map((_, g) => g).filter((g) => groupTotals[g] >= minCellSize);
  const segmentSizes = table.map((row) => row.reduce((a, b) => a + b, 0));
  const minMax = (counts: number[]): number => {
    const max = Math.max(...counts);
    return max === 0 ? 0 : Math.min(...counts) / max;
  };
  const datasetBalance = assessed.length < 2 ? 1 : minMax(assessed.map((g) => groupTotals[g]));
  const populationEntropy = entropyOf(assessed.map((g) => groupTotals[g]));

  // Never a figure derived from a suppressed count (primary or secondary, lib/fairness/disclosure.ts):
  // balance is the minimum over segments whose cells are all published, proportional balance over published cells.
  const hidden = hiddenCells ?? suppressCells(table, minCellSize);
  let balance = 1;
  let proportionalBalance = 1;
  const suppressedSegments: number[] = [];
  const perSegment: BalanceMetrics['perSegment'] = [];
  for (let s = 0; s < k; s++) {
    const size = segmentSizes[s];
    if (size === 0) {
      perSegment.push({ segment: s, size, balance: null, entropy: null, entropyRatio: null });
      continue;
    }
    const counts = assessed.map((g) => table[s][g]);
    const segmentBalance = assessed.length < 2 ? 1 : minMax(counts);
    const reportable = assessed.every((g) => !hidden[s][g]);
    if (reportable) balance = Math.min(balance, segmentBalance);
    else suppressedSegments.push(s);
    for (const g of assessed) {
      if (hidden[s][g]) continue;
      const ratio = table[s][g] / size / (groupTotals[g] / n);
      proportionalBalance = Math.min(proportionalBalance, ratio === 0 ? 0 : Math.min(ratio, 1 / ratio));
    }
    const entropy = entropyOf(counts);
    perSegment.push({
      segment: s,
      size,
      balance: reportable ? segmentBalance : null,
      entropy: reportable ? entropy : null,
      entropyRatio: reportable ? (populationEntropy === 0 ? 1 : entropy / populationEntropy) : null,
    });
  }

  // Distances over the segments whose cells are all published: a term resting on a suppressed
  // count would give it away (count / group total).
  const shown = (s: number): boolean => !suppressedSegments.includes(s);
  const reportableSegments = segmentSizes.filter((size, s) => size > 0 && !suppressedSegments.includes(s)).length;
  const distribution = (g: number): number[] => table.map((row, s) => (groupTotals[g] && shown(s) ? row[g] / groupTotals[g] : 0));
  let totalVariation = { value: 0, groups: [groups[assessed[0]] ?? '', groups[assessed[0]] ?? ''] as [string, string] };
  for (let a = 0; a < assessed.length; a++) {
    for (let b = a + 1; b < assessed.length; b++) {
      const pa = distribution(assessed[a]);
      const pb = distribution(assessed[b]);
      const tv = 0.5 * pa.reduce((sum, p, s) => sum + Math.abs(p - pb[s]), 0);
      if (tv > totalVariation.value) totalVariation = { value: tv, groups: [groups[assessed[a]], groups[assessed[b]]] };
    }
  }
  let klDivergence = { value: 0, group: groups[assessed[0]] ?? '' };
  for (const g of assessed) {
    const p = distribution(g);
    let kl = 0;
    for (let s = 0; s < k; s++) if (p[s] > 0 && shown(s)) kl += p[s] * Math.log(p[s] / (segmentSizes[s] / n));
    if (kl > klDivergence.value) klDivergence = { value: kl, group: groups[g] };
  }

  return {
    attribute,
    groups: assessed.map((g) => groups[g]),
    datasetBalance,
    // No segment with every cell published: no balance can be given (NaN, written as null).
    balance: reportableSegments > 0 ? balance : NaN,
    balanceRatio: reportableSegments === 0 ? NaN : datasetBalance === 0 ? 0 : balance / datasetBalance,
    proportionalBalance,
    totalVariation,
    klDivergence,
    perSegment,
    populationEntropy,
    suppressedSegments,
  };
}
