/**
 * A 0/1 column's segment mean is a count in disguise: mean × segment size = customers with a 1.
 * CPA trial: "Complain 0.00594" in a segment of 673 customers is 4 customers, a cell the fairness card
 * would never print (k-anonymity, minCellSize). So a flag's segment mean (and its z-mean, which gives
 * the mean back) is withheld where the customers with a 1, or with a 0, number fewer than
 * minCellSize (but not 0: "nobody" is a finding, as an absent group in the fairness card).
 *
 * The column's total is published elsewhere (Data quality's top values), so one withheld segment
 * would come back by subtraction from the others; as in lib/fairness/disclosure.ts for one row, a
 * second segment is then withheld too (the one holding the fewest customers on its smaller side).
 * Segments below minCellSize have no statistics in the report, so they count as withheld already.
 *
 * The indicator columns of one categorical (a one-hot block) are tied together as well: in every
 * segment they add up to the segment's size. Trial of 2026-11-29: Train.csv's Spending_Score in a
 * segment of 1,842 published "Average" 0.648 and "High" 0.35 and withheld "Low", which was therefore
 * 1,842 − 1,193 − 645 = 4 customers; BankChurners' Card_Category gave back "other" = 14 the same way.
 * So a block is treated as a segment × level count table with published segment sizes and level
 * totals, and withheld cells are added (lib/fairness/disclosure.ts, the fairness card's secondary
 * suppression) until no withheld count can be worked out from the published ones.
 */
import { suppressCells } from '../fairness/disclosure';
import type { FeatureDistribution, SegmentProfile } from './types';

/**
 * Which segments' means to withhold, per 0/1 feature (features with none are absent).
 * @param blocks the feature names of each one-hot block (the indicator columns of one categorical); default none
 * @example withheldFlagCells(profiles, 50).get('Complain') // [1, 2]
 */
export function withheldFlagCells(profiles: readonly SegmentProfile[], minCellSize: number, blocks: readonly (readonly string[])[] = []): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const features = profiles[0]?.features.filter((f) => f.flag).map((f) => f.feature) ?? [];
  for (const feature of features) {
    const sides = profiles.map((p) => {
      const f = p.features.find((x) => x.feature === feature);
      const ones = f && Number.isFinite(f.mean) ? Math.round(f.mean * p.size) : 0;
      return { segment: p.segment, ones, zeros: p.size - ones, small: p.size < minCellSize };
    });
    const tiny = (c: number): boolean => c > 0 && c < minCellSize;
    const primary = sides.filter((s) => !s.small && (tiny(s.ones) || tiny(s.zeros))).map((s) => s.segment);
    if (primary.length === 0) continue;
    const alreadyHidden = sides.filter((s) => s.small).length;
    const hidden = [...primary];
    if (primary.length + alreadyHidden < 2) {
      const partner = sides
        .filter((s) => !s.small && !hidden.includes(s.segment))
        .sort((a, b) => Math.min(a.ones, a.zeros) - Math.min(b.ones, b.zeros) || a.segment - b.segment)[0];
      if (partner) hidden.push(partner.segment);
    }
    out.set(feature, hidden.sort((a, b) => a - b));
  }
  for (const block of blocks) withholdBlock(profiles, minCellSize, block, out);
  return out;
}

/**
 * Adds to `out` the cells of one one-hot block that must be withheld so that no withheld count of the
 * block comes back from the segment sizes, the level totals and the published counts.
 */
function withholdBlock(profiles: readonly SegmentProfile[], minCellSize: number, block: readonly string[], out: Map<string, number[]>): void {
  const features = block.filter((name) => profiles[0]?.features.some((f) => f.feature === name && f.flag));
  if (features.length < 2) return;
  const counts = profiles.map((p) =>
    features.map((name) => {
      const f = p.features.find((x) => x.feature === name);
      return f && Number.isFinite(f.mean) ? Math.round(f.mean * p.size) : 0;
    }),
  );
  const withheldAlready = profiles.map((p) => features.map((name) => p.size < minCellSize || (out.get(name)?.includes(p.segment) ?? false)));
  if (!withheldAlready.some((row) => row.some(Boolean))) return;
  const suppressed = suppressCells(counts, minCellSize, undefined, withheldAlready);
  features.forEach((name, j) => {
    const segments = profiles.filter((p, s) => suppressed[s][j] && p.size >= minCellSize).map((p) => p.segment);
    if (segments.length) out.set(name, segments.sort((a, b) => a - b));
  });
}

/**
 * The profiles with those means withheld: mean and z-mean NaN (null in profiles.json), `withheld` set;
 * the median (0 or 1: which side is the majority) stays.
 * @example withholdFlagMeans(profiles, withheldFlagCells(profiles, 50))
 */
export function withholdFlagMeans(profiles: readonly SegmentProfile[], withheld: ReadonlyMap<string, readonly number[]>): SegmentProfile[] {
  if (withheld.size === 0) return [...profiles];
  return profiles.map((p) => ({
    ...p,
    features: p.features.map((f) => (withheld.get(f.feature)?.includes(p.segment) ? { ...f, mean: NaN, zMean: NaN, withheld: true } : f)),
  }));
}

/**
 * The distributions with the same means withheld (null); the quantiles of a 0/1 column only say which side a share is on.
 * @example withholdDistributionMeans(distributions, withheldFlagCells(profiles, 50))
 */
export function withholdDistributionMeans(distributions: readonly FeatureDistribution[], withheld: ReadonlyMap<string, readonly number[]>): FeatureDistribution[] {
  return distributions.map((d) => (withheld.get(d.feature)?.includes(d.segment) ? { ...d, mean: null } : d));
}
