import { DAY_MS } from '../clean/coerce';
import type { CleanTransactions } from '../clean/transactions';

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
