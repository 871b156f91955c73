/**
 * Outcome-aware profiles: the declared outcome (columns.label: churn, response, income band, or a
 * number such as spend next year) is never a feature; it is profiled per segment so a user sees at
 * once which segment churns.
 *
 * - Two-valued outcome (0/1, yes/no, true/false, or any two labels): the rate of the positive value
 *   with a 95% Wilson score interval. The positive value is 1 / yes / y / true / churned / exited /
 *   responded when one of the two is such a word, else the rarer of the two values.
 * - Numeric outcome (more than two values, at least 90% numbers): the mean with a 95% normal interval
 *   (mean +- 1.96 sd / sqrt(n)).
 * Lift = the segment's rate (or mean) / the whole base's. Customers without an outcome value are
 * counted as unknown and left out of that segment's figure. A segment with fewer than
 * `minCellSize` customers with a known outcome is suppressed (k-anonymity), as elsewhere. A rate
 * is a count in disguise (rate x known = customers with the positive value): where that count, or
 * its complement, is between 1 and minCellSize - 1 the rate is withheld, with a partner segment
 * when it would otherwise come back by subtraction from the whole base's rate (as the 0/1 feature
 * means of lib/profile/flag-cells.ts; CPA trial: "4.0% of 396" is 16 customers).
 */
import { smallCountRows, type CountRow } from './flag-cells';

export interface OutcomeSegment {
  segment: number;
  /** Customers in the segment. */
  size: number;
  /** Customers with a known outcome. */
  known: number;
  /** Rate (0..1) or mean; null when suppressed. */
  value: number | null;
  low: number | null;
  high: number | null;
  /** value / overall value; null when suppressed or the overall value is 0. */
  lift: number | null;
  suppressed: boolean;
  /**
   * A rate withheld for privacy although the segment is large enough: its customers with (or without)
   * the positive value number fewer than minCellSize, or it is the partner withheld with such a segment
   * so that one cannot be computed from the whole base's rate. Absent when shown.
   */
  withheld?: 'small count' | 'partner';
}

export interface OutcomeProfile {
  column: string;
  kind: 'rate' | 'mean';
  /** For a rate: the value counted as positive. */
  positive: string | null;
  /** The whole base. */
  overall: { known: number; value: number; low: number; high: number };
  unknown: number;
  segments: OutcomeSegment[];
  /** One sentence for the report: the segment with the highest rate (or mean) and its lift. */
  sentence: string;
}

const POSITIVE = new Set(['1', '1.0', 'yes', 'y', 'true', 't', 'churned', 'churn', 'exited', 'responded', 'response', 'converted', 'positive']);
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for x successes of n.
 * @example wilson(5, 10) // { low: 0.237, high: 0.763 } (rounded)
 */
export function wilson(x: number, n: number): { low: number; high: number } {
  if (n === 0) return { low: Number.NaN, high: Number.NaN };
  const p = x / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

function meanInterval(values: readonly number[]): { value: number; low: number; high: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const half = (Z95 * sd) / Math.sqrt(n);
  return { value: mean, low: mean - half, high: mean + half };
}

/**
 * The outcome per segment; null when there is no outcome or it has fewer than two distinct values.
 * @param values outcome per customer (same order as `labels`), null = unknown
 * @example outcomeProfile('churned', ['yes', 'no', 'no', 'yes'], [0, 0, 1, 1], 2, 1).segments[0].value // 0.5
 */
export function outcomeProfile(column: string, values: readonly (string | null)[], labels: readonly number[], k: number, minCellSize: number): OutcomeProfile | null {
  const trimmed = values.map((v) => (v === null || v.trim() === '' ? null : v.trim()));
  const distinct = [...new Set(trimmed.filter((v): v is string => v !== null))];
  if (distinct.length < 2) return null;
  const numeric = trimmed.filter((v) => v !== null && Number.isFinite(Number(v))).length;
  const known = trimmed.filter((v) => v !== null).length;
  const isRate = distinct.length === 2;
  if (!isRate && numeric < 0.9 * known) return null;
  let positive: string | null = null;
  let score: (v: string) => number | null;
  if (isRate) {
    const named = distinct.filter((v) => POSITIVE.has(v.toLowerCase()));
    if (named.length === 1) positive = named[0];
    else {
      const count = (v: string): number => trimmed.filter((x) => x === v).length;
      positive = count(distinct[0]) <= count(distinct[1]) ? distinct[0] : distinct[1];
    }
    score = (v) => (v === positive ? 1 : 0);
  } else {
    score = (v) => (Number.isFinite(Number(v)) ? Number(v) : null);
  }
  const scores = trimmed.map((v) => (v === null ? null : score(v)));
  const summarise = (xs: number[]): { value: number; low: number; high: number } => {
    if (!isRate) return meanInterval(xs);
    const x = xs.reduce((a, b) => a + b, 0);
    return { value: x / xs.length, ...wilson(x, xs.length) };
  };
  const all = scores.filter((s): s is number => s !== null);
  const overall = { known: all.length, ...summarise(all) };
  const segments: OutcomeSegment[] = [];
  for (let s = 0; s < k; s++) {
    const xs: number[] = [];
    let size = 0;
    labels.forEach((l, i) => {
      if (l !== s) return;
      size++;
      const v = scores[i];
      if (v !== null) xs.push(v);
    });
    if (xs.length === 0 || xs.length < minCellSize) {
      segments.push({ segment: s, size, known: xs.length, value: null, low: null, high: null, lift: null, suppressed: xs.length > 0 });
      continue;
    }
    const sum = summarise(xs);
    segments.push({ segment: s, size, known: xs.length, ...sum, lift: overall.value !== 0 ? sum.value / overall.value : null, suppressed: false });
  }
  if (isRate) withholdSmallCounts(segments, minCellSize);
  const shown = segments.filter((s) => s.value !== null);
  const top = shown.reduce<OutcomeSegment | null>((best, s) => (best === null || (s.value as number) > (best.value as number) ? s : best), null);
  const fmt = (v: number): string => (isRate ? `${(100 * v).toFixed(1)}%` : v.toPrecision(4));
  const what = isRate ? `${column} = ${positive} rate` : `mean ${column}`;
  // "The highest" is only said of the shown segments when some are withheld: a withheld one may be higher.
  const withheld = segments.filter((s) => s.suppressed || s.withheld).map((s) => s.segment + 1);
  const among = withheld.length
    ? `Of the segments shown (${withheld.length === 1 ? 'segment' : 'segments'} ${withheld.join(', ')} withheld: a figure there would stand for, or give away, fewer than ${minCellSize} customers), segment`
    : 'Segment';
  const sentence = top
    ? `${among} ${top.segment + 1} has the highest ${what}: ${fmt(top.value as number)} (95% interval ${fmt(top.low as number)} to ${fmt(top.high as number)}), ${(top.lift as number).toFixed(2)} times the whole base's ${fmt(overall.value)}.`
    : `No segment's ${what} can be shown: each would stand for, or give away, fewer than ${minCellSize} customers.`;
  return { column, kind: isRate ? 'rate' : 'mean', positive, overall, unknown: trimmed.length - known, segments, sentence };
}

/**
 * Withholds (in place) the rates whose positive or negative count is between 1 and minCellSize - 1,
 * and their partner: the 0/1 feature means' rule (smallCountRows), suppressed segments counting as hidden.
 */
function withholdSmallCounts(segments: OutcomeSegment[], minCellSize: number): void {
  const rows: CountRow[] = segments.map((s) => {
    const ones = s.value === null ? 0 : Math.round(s.value * s.known);
    return { ones, zeros: s.known - ones, state: s.value !== null ? 'shown' : s.suppressed ? 'hidden' : 'absent' };
  });
  const { primary, partner } = smallCountRows(rows, minCellSize);
  const withhold = (s: OutcomeSegment, why: NonNullable<OutcomeSegment['withheld']>): void => {
    Object.assign(s, { withheld: why, value: null, low: null, high: null, lift: null });
  };
  for (const i of primary) withhold(segments[i], 'small count');
  if (partner !== null) withhold(segments[partner], 'partner');
}
