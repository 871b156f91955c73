/**
 * Behavioural values per customer from cleaned transactions (one Map pass, never Danfo's
 * groupby). The DuckDB path (behaviour-sql.ts) computes the same values with SQL GROUP BY for
 * files too large for Node; test/features/behaviour.test.ts cross-checks the two.
 */
import { DAY_MS } from '../clean/coerce';
import type { CleanTransactions } from '../clean/transactions';
import type { LedgerEntry } from '../clean/types';
import { dict } from '../io/dict';
import { centsOfMicro, ExactSums, toMicro } from './exact-sum';

/** Per-customer behaviour, aligned with the customer ids it was computed for. */
export interface Behaviour {
  /** Days from the last purchase to the reference date. */
  recencyDays: number[];
  /** Distinct days with a purchase (positive amount). */
  frequency: number[];
  /** Net spend: purchases minus returns (currency units, rounded to cents). */
  monetary: number[];
  /** Days from the first purchase to the reference date. */
  tenureDays: number[];
  /** Gross purchase amount per purchase day. */
  avgBasket: number[];
  /** Mean days between purchase days; for a single purchase day, the days since it (a lower bound). */
  interpurchaseDays: number[];
  /** Return / cancellation lines as a share of all lines (0..1). */
  returnRate: number[];
  /** Share of purchase lines with a discount > 0 (0..1; 0 without columns.discount). */
  discountShare: number[];
  /** Share of gross purchase amount in the 90 days before the reference date (0..1). */
  trend90d: number[];
  /** Share of gross purchase amount per category (columns.category), keyed by category. */
  categoryShares: Record<string, number[]>;
  /** False for customers with no order line at all. A customer with only returns is kept
   * (frequency 0, negative monetary; recency and tenure from their lines), as UCI Online
   * Retail's 4,372-customer RFM counts them. */
  hasPurchase: boolean[];
  /** Reference date, epoch ms (UTC midnight). */
  asOf: number;
  /** The transactions ledger entry. */
  ledger: LedgerEntry;
  notes: string[];
  /** Warnings for the report's notices (join rate, future-dated rows), as cleanTransactions gives them. Optional for older callers. */
  warnings?: string[];
}

/** Most categories given their own share column; the rest are summed into "other". */
export const MAX_CATEGORY_SHARES = 12;

const cents = (x: number): number => Math.round(x * 100) / 100;

/** Reference date: `asOf` (ISO) or the UTC midnight after `maxTime`. */
export function referenceDate(maxTime: number, asOf?: string): number {
  return asOf ? Date.parse(`${asOf}T00:00:00Z`) : (Math.floor(maxTime / DAY_MS) + 1) * DAY_MS;
}

/**
 * Compute behaviour for `customerIds` (raw ids, as in CleanCustomers.ids) from cleaned transactions.
 * @example computeBehaviour(customers.ids, tx).monetary
 */
export function computeBehaviour(customerIds: readonly string[], tx: CleanTransactions, asOf?: string): Behaviour {
  const index = new Map<string, number>();
  customerIds.forEach((id, i) => index.set(id, i));
  const n = customerIds.length;
  const zeros = (): number[] => new Array<number>(n).fill(0);
  const last = new Array<number>(n).fill(-Infinity);
  const first = new Array<number>(n).fill(Infinity);
  const lastAny = new Array<number>(n).fill(-Infinity);
  const firstAny = new Array<number>(n).fill(Infinity);
  const days: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  // Money is summed exactly, in integer micro-units (exact-sum.ts): the same bits as DuckDB's parallel sums.
  const [net, gross, recent] = [new ExactSums(n), new ExactSums(n), new ExactSums(n)];
  const [lines, purchaseLines, discounted] = [zeros(), zeros(), zeros()];
  let maxTime = -Infinity;
  for (let t = 0; t < tx.customerId.length; t++) {
    const i = index.get(tx.customerId[t]);
    if (i === undefined) continue;
    if (tx.time[t] > maxTime) maxTime = tx.time[t];
  }
  const ref = referenceDate(maxTime, asOf);
  const catTotals = new Map<string, ExactSums>();
  const catSpend = new Map<string, ExactSums>();
  for (let t = 0; t < tx.customerId.length; t++) {
    const i = index.get(tx.customerId[t]);
    if (i === undefined) continue;
    const time = tx.time[t];
    const amount = tx.amount[t];
    const micro = toMicro(amount);
    net.add(i, micro);
    lines[i]++;
    if (time > lastAny[i]) lastAny[i] = time;
    if (time < firstAny[i]) firstAny[i] = time;
    if (amount > 0 && !tx.isReturn?.[t]) {
      gross.add(i, micro);
      purchaseLines[i]++;
      days[i].add(Math.floor(time / DAY_MS));
      if (time > last[i]) last[i] = time;
      if (time < first[i]) first[i] = time;
      if (time >= ref - 90 * DAY_MS) recent.add(i, micro);
      if (tx.discount && tx.discount[t] > 0) discounted[i]++;
      const cat = tx.category?.[t];
      if (cat !== undefined && cat !== null) {
        let total = catTotals.get(cat);
        if (!total) catTotals.set(cat, (total = new ExactSums(1)));
        total.add(0, micro);
        let spend = catSpend.get(cat);
        if (!spend) catSpend.set(cat, (spend = new ExactSums(n)));
        spend.add(i, micro);
      }
    }
  }
  // Returns dropped by clean.returns "drop" still count towards the return rate.
  const returnsOf = (i: number): number => tx.returnsByCustomer?.get(customerIds[i]) ?? 0;
  const keptReturns = zeros();
  if (tx.isReturn) for (let t = 0; t < tx.customerId.length; t++) if (tx.isReturn[t]) {
    const i = index.get(tx.customerId[t]);
    if (i !== undefined) keptReturns[i]++;
  }
  // Customers with only returns: recency and tenure from any line.
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(last[i]) && Number.isFinite(lastAny[i])) {
      last[i] = lastAny[i];
      first[i] = firstAny[i];
    }
  }
  const hasPurchase = last.map((t) => Number.isFinite(t));
  const grossMicro = gross.toArray();
  const recentMicro = recent.toArray();
  const categoryShares = categorySharesOf(
    new Map([...catTotals].map(([c, s]) => [c, s.get(0)])),
    new Map([...catSpend].map(([c, s]) => [c, s.toArray()])),
    grossMicro,
  );
  return {
    recencyDays: last.map((t) => (Number.isFinite(t) ? Math.max(0, (ref - t) / DAY_MS) : NaN)),
    frequency: days.map((s) => s.size),
    monetary: net.toArray().map(centsOfMicro),
    tenureDays: first.map((t) => (Number.isFinite(t) ? Math.max(0, (ref - t) / DAY_MS) : NaN)),
    // Gross spend in cents (exact), then the average per day rounded to cents: avgBasketOf.
    avgBasket: grossMicro.map((g, i) => avgBasketOf(g, days[i].size)),
    interpurchaseDays: last.map((l, i) =>
      !Number.isFinite(l) ? NaN : days[i].size >= 2 ? (l - first[i]) / DAY_MS / (days[i].size - 1) : Math.max(0, (ref - l) / DAY_MS),
    ),
    returnRate: lines.map((l, i) => {
      const dropped = returnsOf(i) - keptReturns[i];
      const all = l + Math.max(0, dropped);
      return all ? returnsOf(i) / all : 0;
    }),
    discountShare: purchaseLines.map((p, i) => (p ? discounted[i] / p : 0)),
    trend90d: grossMicro.map((g, i) => (g > 0 ? recentMicro[i] / g : 0)),
    categoryShares,
    hasPurchase,
    asOf: ref,
    ledger: tx.ledger,
    notes: tx.notes ?? [],
  };
}

/** Gross spend per purchase day: the exact gross in cents, divided by the days, rounded to cents (0 without a purchase day). */
export function avgBasketOf(grossMicro: number, days: number): number {
  return days ? cents(centsOfMicro(grossMicro) / days) : 0;
}

/**
 * Share columns for the largest categories (by total spend, ties by name); the rest summed into "other".
 * Totals, spend and gross are exact sums in micro-units (exact-sum.ts); a share is one division of two of them.
 */
export function categorySharesOf(totals: Map<string, number>, spend: Map<string, number[]>, gross: readonly number[]): Record<string, number[]> {
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const own = ranked.slice(0, MAX_CATEGORY_SHARES);
  const out: Record<string, number[]> = dict();
  for (const c of [...own].sort()) out[c] = (spend.get(c) as number[]).map((s, i) => (gross[i] > 0 ? s / gross[i] : 0));
  if (ranked.length > own.length) {
    out.other = gross.map((g, i) => (g > 0 ? ranked.slice(own.length).reduce((a, c) => a + (spend.get(c) as number[])[i], 0) / g : 0));
  }
  return out;
}
