/**
 * Historical CLV: what each customer has been worth so far (net revenue × margin), and its
 * totals per segment.
 */
import { SeglabError, msg } from '../errors/messages';
import { ss } from '../stats/simple-statistics';
import type { TransactionColumns } from './types';

export interface HistoricalClv {
  /** Per customer, in the order of `customerIds` given. */
  customers: { customerId: string[]; netRevenue: number[]; clv: number[] };
  /** Per segment, segments in order of first appearance in `customerIds`. */
  segments: SegmentClv[];
  margin: number;
  /** Transactions whose customer is not among `customerIds` (ignored). */
  unmatchedTransactions: number;
}

export interface SegmentClv {
  segment: string;
  customers: number;
  /** Sum of historical CLV (net revenue × margin). */
  totalClv: number;
  meanClv: number;
  medianClv: number;
  /** totalClv / total over all segments (0 when the total is 0). */
  clvShare: number;
}

/**
 * Net revenue (purchases minus returns) × margin per customer, and per segment.
 * @param segments segment of each customer id; customers missing from the map go to "unassigned"
 * @param margin share of revenue that is profit, in [0, 1]. Default 1.
 * @example historicalClv(['c1', 'c2'], tx, new Map([['c1', 'A'], ['c2', 'B']]), 0.3)
 */
export function historicalClv(
  customerIds: readonly string[],
  tx: TransactionColumns,
  segments: ReadonlyMap<string, string>,
  margin = 1,
): HistoricalClv {
  if (!(margin >= 0 && margin <= 1)) throw new SeglabError('clv', msg.clvBadOption('margin', margin, 'a share in [0, 1]'));
  const index = new Map<string, number>();
  customerIds.forEach((id, i) => index.set(id, i));
  const netRevenue = new Array<number>(customerIds.length).fill(0);
  let unmatched = 0;
  for (let t = 0; t < tx.customerId.length; t++) {
    const i = index.get(tx.customerId[t]);
    if (i === undefined) unmatched++;
    else netRevenue[i] += tx.amount[t];
  }
  return historicalClvFromRevenue(customerIds, netRevenue, segments, margin, unmatched);
}

/**
 * `historicalClv` from net revenue per customer already summed (in the order of `customerIds`),
 * e.g. by SQL in DuckDB.
 * @param unmatched transactions whose customer is not among `customerIds`. Default 0.
 * @example historicalClvFromRevenue(['c1'], [120], new Map([['c1', 'A']]), 0.3)
 */
export function historicalClvFromRevenue(
  customerIds: readonly string[],
  netRevenue: number[],
  segments: ReadonlyMap<string, string>,
  margin = 1,
  unmatched = 0,
): HistoricalClv {
  if (!(margin >= 0 && margin <= 1)) throw new SeglabError('clv', msg.clvBadOption('margin', margin, 'a share in [0, 1]'));
  const clv = netRevenue.map((r) => r * margin);
  const bySegment = new Map<string, number[]>();
  customerIds.forEach((id, i) => {
    const s = segments.get(id) ?? 'unassigned';
    let values = bySegment.get(s);
    if (!values) bySegment.set(s, (values = []));
    values.push(clv[i]);
  });
  const total = clv.reduce((s, v) => s + v, 0);
  const segmentRows: SegmentClv[] = [...bySegment].map(([segment, values]) => {
    const sum = values.reduce((s, v) => s + v, 0);
    return { segment, customers: values.length, totalClv: sum, meanClv: sum / values.length, medianClv: ss.median(values), clvShare: total === 0 ? 0 : sum / total };
  });
  return { customers: { customerId: customerIds.slice(), netRevenue, clv }, segments: segmentRows, margin, unmatchedTransactions: unmatched };
}
