/**
 * Matching the segments of a refit ("after") to those of the reference ("before") on the customers
 * present in both, and naming what happened to each segment (life events after MONIC, Spiliopoulou
 * et al., "MONIC: modeling and monitoring cluster transitions", KDD 2006).
 *
 * Overlap: `overlap[b][a]` customers in before segment b and after segment a. The one-to-one
 * matching maximises the total overlap (Hungarian method, lib/evaluate/hungarian.ts). With
 * `share(b→a) = overlap / |b|` (how much of b went to a) and `share(a←b) = overlap / |a|`:
 *
 * - merged: at least two before segments each send more than MATCH_SHARE (0.5) of their customers to the
 *   same after segment a; each of them "merged into" a (checked first);
 * - survived: b's Hungarian partner a holds more than MATCH_SHARE of b and b makes more than
 *   MATCH_SHARE of a (an even 50/50 split is a split, not a survival);
 * - split: otherwise, when >= 2 after segments each receive >= SPLIT_SHARE (0.25) of b and those
 *   parts together hold >= MATCH_SHARE of b;
 * - disappeared: none of these;
 * - emerged (after segments): not the partner of a survivor, not a merge target, not a split part.
 *
 * A segment of `after` that continues a before segment takes that segment's identity (lineage);
 * an emerged one gets a new identity.
 */
import { adjustedRandIndex } from '../evaluate/metrics';
import { minCostAssignment } from '../evaluate/hungarian';

/** Share of a segment that must go to (or make up) its partner to count as the same segment. */
export const MATCH_SHARE = 0.5;
/** Share of a before segment an after segment must receive to count as a part of a split. */
export const SPLIT_SHARE = 0.25;

export type LifeEvent = 'survived' | 'split' | 'merged' | 'disappeared';

/** What happened to one before segment. */
export interface BeforeSegmentFate {
  segment: number;
  event: LifeEvent;
  /** The Hungarian partner (after segment), -1 when it has none. */
  matchedTo: number;
  /** Jaccard of the segment and its partner on the common customers (0 without a partner). */
  jaccard: number;
  /** Share of this segment's common customers that went to its partner. */
  retained: number;
  /** After segments receiving it (merged: the target; split: the parts; survived: the partner). */
  into: number[];
}

/** What one after segment is. */
export interface AfterSegmentOrigin {
  segment: number;
  /** "continues" a survivor, "merge" of several, "split part" of one, or "emerged". */
  origin: 'continues' | 'merge' | 'split part' | 'emerged';
  /** Before segments it comes from. */
  from: number[];
}

export interface SegmentMatching {
  /** overlap[b][a], common customers only. */
  overlap: number[][];
  /** Hungarian partner of each before segment (-1: none, when k_after < k_before). */
  beforeToAfter: number[];
  /** Identity of each after segment: the before segment it continues (survivor or Hungarian partner of a merge/split), -1 when it emerged. */
  afterToBefore: number[];
  before: BeforeSegmentFate[];
  after: AfterSegmentOrigin[];
  /** Adjusted Rand index of the two labelings on the common customers (1 = same partition). */
  ari: number;
  common: number;
}

const jaccardOf = (overlap: number, sizeA: number, sizeB: number): number => (overlap > 0 ? overlap / (sizeA + sizeB - overlap) : 0);

/**
 * Match after segments to before segments on customers present in both.
 * @param before labels (0..kBefore-1) of the common customers
 * @param after labels (0..kAfter-1) of the same customers, same order
 * @example matchSegments([0, 0, 1, 1], [1, 1, 0, 0], 2, 2).beforeToAfter // [1, 0]
 */
export function matchSegments(before: readonly number[], after: readonly number[], kBefore: number, kAfter: number): SegmentMatching {
  if (before.length !== after.length) throw new RangeError(`matchSegments: ${before.length} before labels but ${after.length} after labels`);
  const overlap = Array.from({ length: kBefore }, () => new Array<number>(kAfter).fill(0));
  for (let i = 0; i < before.length; i++) overlap[before[i]][after[i]] += 1;
  const sizeB = overlap.map((row) => row.reduce((a, b) => a + b, 0));
  const sizeA = Array.from({ length: kAfter }, (_, a) => overlap.reduce((s, row) => s + row[a], 0));
  const { rowToColumn } = minCostAssignment(overlap.map((row) => row.map((c) => -c)));
  const beforeToAfter = rowToColumn.map((a, b) => (a >= 0 && overlap[b][a] > 0 ? a : -1));
  const shareTo = (b: number, a: number): number => (sizeB[b] > 0 ? overlap[b][a] / sizeB[b] : 0);
  const shareOf = (b: number, a: number): number => (sizeA[a] > 0 ? overlap[b][a] / sizeA[a] : 0);

  const mainTarget = sizeB.map((_, b) => {
    let best = -1;
    for (let a = 0; a < kAfter; a++) if (shareTo(b, a) > MATCH_SHARE && (best < 0 || overlap[b][a] > overlap[b][best])) best = a;
    return best;
  });
  const sources = (a: number): number[] => mainTarget.flatMap((t, b) => (t === a ? [b] : []));
  const fates: BeforeSegmentFate[] = sizeB.map((_, b) => {
    const partner = beforeToAfter[b];
    const base = { segment: b, matchedTo: partner, jaccard: partner >= 0 ? jaccardOf(overlap[b][partner], sizeB[b], sizeA[partner]) : 0, retained: partner >= 0 ? shareTo(b, partner) : 0 };
    const target = mainTarget[b];
    if (target >= 0 && sources(target).length >= 2) return { ...base, event: 'merged', into: [target] };
    if (partner >= 0 && shareTo(b, partner) > MATCH_SHARE && shareOf(b, partner) > MATCH_SHARE) return { ...base, event: 'survived', into: [partner] };
    const parts = overlap[b].flatMap((_, a) => (shareTo(b, a) >= SPLIT_SHARE ? [a] : []));
    if (parts.length >= 2 && parts.reduce((s, a) => s + shareTo(b, a), 0) >= MATCH_SHARE) return { ...base, event: 'split', into: parts };
    return { ...base, event: 'disappeared', into: [] };
  });

  const origins: AfterSegmentOrigin[] = sizeA.map((_, a) => {
    const survivor = fates.find((f) => f.event === 'survived' && f.into[0] === a);
    if (survivor) return { segment: a, origin: 'continues', from: [survivor.segment] };
    const merged = fates.filter((f) => f.event === 'merged' && f.into[0] === a).map((f) => f.segment);
    if (merged.length) return { segment: a, origin: 'merge', from: merged };
    const splitFrom = fates.filter((f) => f.event === 'split' && f.into.includes(a)).map((f) => f.segment);
    if (splitFrom.length) return { segment: a, origin: 'split part', from: splitFrom };
    return { segment: a, origin: 'emerged', from: [] };
  });
  // Identity: a survivor's partner continues it; a merge target or split part keeps the identity of
  // its Hungarian partner when that partner is among its sources (so a label is never used twice).
  const afterToBefore = origins.map((o) => {
    const b = beforeToAfter.indexOf(o.segment);
    return b >= 0 && o.from.includes(b) ? b : -1;
  });
  return {
    overlap,
    beforeToAfter,
    afterToBefore,
    before: fates,
    after: origins,
    ari: before.length >= 2 ? adjustedRandIndex(before, after) : 1,
    common: before.length,
  };
}
