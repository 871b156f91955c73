import { SeglabError, msg } from '../errors/messages';
import type { RfmSummary, TransactionColumns } from './types';

const DAY_MS = 86_400_000;

export interface SummaryOptions {
  /** Last calibration day, epoch ms (any time in that UTC day). */
  calibrationEnd: number;
  /** Last holdout day, epoch ms; when given, holdout purchase counts are returned. Default none. */
  observationEnd?: number;
  /** Length of one time unit in days. Default 7 (weeks). */
  unitDays?: number;
}

/**
 * Build the BG/NBD summary (x, t_x, T, mean repeat spend) from transactions, the way lifetimes'
 * `summary_data_from_transaction_data` does with daily periods: rows on the same day are one
 * purchase (their amounts summed), x counts distinct purchase days − 1. Negative rows (returns)
 * are not purchases. Customers whose first purchase is after the calibration end are left out.
 * Customers are returned in order of first appearance in the transactions. Never mutates its input.
 * @example rfmSummary(tx, { calibrationEnd: Date.UTC(1997, 8, 30) }).frequency
 */
export function rfmSummary(tx: TransactionColumns, options: SummaryOptions): RfmSummary {
  const unitDays = options.unitDays ?? 7;
  if (!(unitDays > 0)) throw new SeglabError('clv', msg.clvBadOption('unitDays', unitDays, 'a positive number of days'));
  if (tx.time.length !== tx.customerId.length || tx.amount.length !== tx.customerId.length) {
    throw new SeglabError('clv', msg.clvColumnLengths({ customerId: tx.customerId.length, time: tx.time.length, amount: tx.amount.length }));
  }
  const calDay = Math.floor(options.calibrationEnd / DAY_MS);
  const obsDay = options.observationEnd === undefined ? null : Math.floor(options.observationEnd / DAY_MS);
  if (obsDay !== null && obsDay <= calDay) {
    throw new SeglabError('clv', msg.clvBadOption('observationEnd', new Date(options.observationEnd as number).toISOString().slice(0, 10), 'a day after calibrationEnd'));
  }

  // Per customer: purchase day → summed amount, split by period.
  const calibration = new Map<string, Map<number, number>>();
  const holdout = new Map<string, Set<number>>();
  const seen: string[] = [];
  const seenSet = new Set<string>();
  for (let i = 0; i < tx.customerId.length; i++) {
    const id = tx.customerId[i];
    if (!seenSet.has(id)) {
      seenSet.add(id);
      seen.push(id);
    }
    const amount = tx.amount[i];
    const time = tx.time[i];
    if (!(amount >= 0) || !Number.isFinite(time)) continue;
    const day = Math.floor(time / DAY_MS);
    if (day <= calDay) {
      let days = calibration.get(id);
      if (!days) calibration.set(id, (days = new Map()));
      days.set(day, (days.get(day) ?? 0) + amount);
    } else if (obsDay !== null && day <= obsDay) {
      let days = holdout.get(id);
      if (!days) holdout.set(id, (days = new Set()));
      days.add(day);
    }
  }

  const out = emptySummary(unitDays, calDay, obsDay);
  for (const id of seen) {
    const days = calibration.get(id);
    if (!days) {
      if (holdout.has(id)) out.excluded.afterCalibration++;
      else out.excluded.noPurchase++;
      continue;
    }
    const sorted = [...days.keys()].sort((p, q) => p - q);
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    let repeatSpend = 0;
    for (const d of sorted.slice(1)) repeatSpend += days.get(d) as number;
    const x = sorted.length - 1;
    out.customerId.push(id);
    out.frequency.push(x);
    out.recency.push((last - first) / unitDays);
    out.T.push((calDay - first) / unitDays);
    out.monetary.push(x > 0 ? repeatSpend / x : 0);
    out.firstSpend.push(days.get(first) as number);
    out.holdout?.frequency.push(holdout.get(id)?.size ?? 0);
  }
  return out;
}

/**
 * An RfmSummary with no customers yet, for the calibration period ending on day `calDay` (UTC day
 * number) and, when `obsDay` is given, a holdout period up to that day. Both builders (this file's
 * and the DuckDB one in summary-sql.ts) fill it customer by customer.
 */
export function emptySummary(unitDays: number, calDay: number, obsDay: number | null): RfmSummary {
  return {
    customerId: [],
    frequency: [],
    recency: [],
    T: [],
    monetary: [],
    firstSpend: [],
    unitDays,
    calibrationEnd: calDay * DAY_MS,
    holdout: obsDay === null ? null : { frequency: [], duration: (obsDay - calDay) / unitDays, observationEnd: obsDay * DAY_MS },
    excluded: { afterCalibration: 0, noPurchase: 0 },
  };
}
