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

/** One segment's side counts of a 0/1 measure: shown, already hidden (too small to profile), or absent (nothing to show). */
export interface CountRow {
  ones: number;
  zeros: number;
  state: 'shown' | 'hidden' | 'absent';
}

/**
 * The rule of this file for one 0/1 measure over the segments (rows): primary, the shown rows whose ones
 * or zeros number 1..minCellSize-1; partner, when fewer than two rows would then be hidden, the shown row
 * with the fewest customers on its smaller side (ties: the lower row), so the published total cannot give
 * a primary back. Also used for outcome rates (lib/profile/outcome.ts).
 * @example smallCountRows([{ ones: 4, zeros: 600, state: 'shown' }, { ones: 90, zeros: 300, state: 'shown' }], 50) // { primary: [0], partner: 1 }
 */
export function smallCountRows(rows: readonly CountRow[], minCellSize: number): { primary: number[]; partner: number | null } {
  const tiny = (c: number): boolean => c > 0 && c < minCellSize;
  const primary = rows.flatMap((r, i) => (r.state === 'shown' && (tiny(r.ones) || tiny(r.zeros)) ? [i] : []));
  if (primary.length === 0) return { primary, partner: null };
  const alreadyHidden = rows.filter((r) => r.state === 'hidden').length;
  if (primary.length + alreadyHidden >= 2) return { primary, partner: null };
  const smaller = (i: number): number => Math.min(rows[i].ones, rows[i].zeros);
  const candidates = rows.flatMap((r, i) => (r.state === 'shown' && !primary.includes(i) ? [i] : []));
  const partner = candidates.sort((a, b) => smaller(a) - smaller(b) || a - b)[0];
  return { primary, partner: partner ?? null };
}

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
      return { ones, zeros: p.size - ones, state: p.size < minCellSize ? ('hidden' as const) : ('shown' as const) };
    });
    const { primary, partner } = smallCountRows(sides, minCellSize);
    if (primary.length === 0) continue;
    const hidden = [...primary, ...(partner === null ? [] : [partner])].map((i) => profiles[i].segment);
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
