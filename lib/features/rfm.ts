import { DAY_MS } from '../clean/coerce';
import type { CleanTransactions } from '../clean/transactions';
import { sortFloat64 } from './radix-sort';

/** Recency, frequency, monetary value and tenure per customer. */
export interface RfmValues {
  /** Days from the last purchase to the reference date. */
  recencyDays: number[];
  /** Number of distinct days with a purchase (positive amount). */
  frequency: number[];
  /** Net spend: purchases minus returns. */
  monetary: number[];
  /** Days from the first purchase to the reference date. */
  tenureDays: number[];
  /** False for customers with no purchase at all (they cannot be placed on the RFM scale). */
  hasPurchase: boolean[];
  /** Reference date, epoch ms (UTC midnight). */
  asOf: number;
}

/**
 * Compute RFM for `customerIds` from cleaned transactions in one pass. The reference date is
 * `asOf` (ISO) or the day after the last transaction.
 * @example computeRfm(['c1'], tx).recencyDays[0] // days since c1's last purchase
 */
export function computeRfm(customerIds: readonly string[], tx: CleanTransactions, asOf?: string): RfmValues {
  const index = new Map<string, number>();
  customerIds.forEach((id, i) => index.set(id, i));
  const n = customerIds.length;
  const last = new Array<number>(n).fill(-Infinity);
  const first = new Array<number>(n).fill(Infinity);
  const days: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const monetary = new Array<number>(n).fill(0);
  let maxTime = -Infinity;
  for (let t = 0; t < tx.customerId.length; t++) {
    const i = index.get(tx.customerId[t]);
    if (i === undefined) continue;
    const time = tx.time[t];
    if (time > maxTime) maxTime = time;
    monetary[i] += tx.amount[t];
    if (tx.amount[t] > 0) {
      days[i].add(Math.floor(time / DAY_MS));
      if (time > last[i]) last[i] = time;
      if (time < first[i]) first[i] = time;
    }
  }
  const ref = asOf ? Date.parse(`${asOf}T00:00:00Z`) : (Math.floor(maxTime / DAY_MS) + 1) * DAY_MS;
  const hasPurchase = last.map((t) => Number.isFinite(t));
  return {
    recencyDays: last.map((t) => (Number.isFinite(t) ? Math.max(0, (ref - t) / DAY_MS) : NaN)),
    frequency: days.map((s) => s.size),
    monetary: monetary.map((m) => Math.round(m * 100) / 100),
    tenureDays: first.map((t) => (Number.isFinite(t) ? Math.max(0, (ref - t) / DAY_MS) : NaN)),
    hasPurchase,
    asOf: ref,
  };
}

/** Fitted RFM quintile edges (plain data, saved with the model). */
export interface RfmScoreFit {
  /** Four cut points each (20/40/60/80th percentiles of the fitted customers). */
  recencyEdges: number[];
  frequencyEdges: number[];
  monetaryEdges: number[];
}

function quintileEdges(values: readonly number[]): number[] {
  // Order statistics only: a typed sort (numeric order, no comparator calls; issue 15).
  const sorted = sortFloat64(new Float64Array(values.filter((v) => Number.isFinite(v))));
  return [0.2, 0.4, 0.6, 0.8].map((p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]);
}

/** 1 + the number of edges strictly below `x` (1..5). */
function scoreOf(x: number, edges: readonly number[]): number {
  let s = 1;
  for (const e of edges) if (x > e) s++;
  return s;
}

/**
 * Fit RFM quintile edges on recency (days), frequency and monetary value.
 * @example fitRfmScores(r, f, m).monetaryEdges.length // 4
 */
export function fitRfmScores(recencyDays: readonly number[], frequency: readonly number[], monetary: readonly number[]): RfmScoreFit {
  return { recencyEdges: quintileEdges(recencyDays), frequencyEdges: quintileEdges(frequency), monetaryEdges: quintileEdges(monetary) };
}

/** RFM scores 1..5 (5 = best: most recent, most frequent, highest spend). */
export function applyRfmScores(fit: RfmScoreFit, recencyDays: readonly number[], frequency: readonly number[], monetary: readonly number[]): { r: number[]; f: number[]; m: number[] } {
  return {
    // Fewer days since the last purchase is better, so recency's score is reversed.
    r: recencyDays.map((x) => 6 - scoreOf(x, fit.recencyEdges)),
    f: frequency.map((x) => scoreOf(x, fit.frequencyEdges)),
    m: monetary.map((x) => scoreOf(x, fit.monetaryEdges)),
  };
}

/** The classic named RFM segments, from R and the mean of F and M (rounded down). */
export type RfmSegmentName =
  | 'Champions'
  | 'Loyal'
  | 'Potential loyalist'
  | 'New customers'
  | 'Promising'
  | 'Need attention'
  | 'About to sleep'
  | "Can't lose them"
  | 'At risk'
  | 'Hibernating'
  | 'Lost';

/**
 * Name a customer's RFM segment (the common R x FM grid): checked in order, first match wins.
 * @example rfmSegment(5, 5, 5) // 'Champions'
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegmentName {
  const fm = Math.floor((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'Champions';
  if (r >= 3 && fm >= 4) return 'Loyal';
  if (r >= 4 && fm >= 2) return 'Potential loyalist';
  if (r === 5 && fm === 1) return 'New customers';
  if (r === 4 && fm === 1) return 'Promising';
  if (r === 3 && fm === 3) return 'Need attention';
  if (r === 3) return 'About to sleep';
  if (r === 1 && fm >= 4) return "Can't lose them";
  if (r <= 2 && fm >= 3) return 'At risk';
  if (r === 2) return 'Hibernating';
  return 'Lost';
}
