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
 */
import type { FeatureDistribution, SegmentProfile } from './types';

/**
 * Which segments' means to withhold, per 0/1 feature (features with none are absent).
 * @example withheldFlagCells(profiles, 50).get('Complain') // [1, 2]
 */
export function withheldFlagCells(profiles: readonly SegmentProfile[], minCellSize: number): Map<string, number[]> {
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
  return out;
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
