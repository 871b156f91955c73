/**
 * Data "as of" a date: the transactions dated before it (and, when the customers come from the
 * same file, the customer rows dated before it), so features are recomputed as they were then.
 *
 * The day/month order of the date column is settled once on the whole file (declared
 * `columns.dateFormat`, else sniffed as the cleaning stage does), because one month alone can be
 * ambiguous (every "12/1/2010 .. 12/9/2010" reads both ways).
 */
import { missingSet } from '../clean/coerce';
import { parseDate, sniffDateOrder } from '../clean/dates';
import type { DateFormat } from '../config/types';
import { fail, msg } from '../errors/messages';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import type { ModelConfig } from '../model/artifact';

/** The day/month order of `column` in `table` under `config` (declared or sniffed on every row). */
export function dateOrderOf(table: RawTable, config: Pick<ModelConfig, 'columns' | 'clean'>, column: string): DateFormat {
  if (config.columns.dateFormat !== 'auto') return config.columns.dateFormat;
  const idx = requireColumn(table, column, 'columns.orderDate');
  const sniff = sniffDateOrder(table.rows.map((r) => r[idx]), missingSet(config.clean.missingTokens));
  if (sniff.ambiguous) fail('track', msg.ambiguousDates(table.role, table.file, column, sniff.examples));
  return sniff.order;
}

/** Rows of a table split by date: before `asOf`, and how many had no readable date. */
export interface AsOfRows {
  table: RawTable;
  /** Rows whose date could not be read (left out of every snapshot; the cleaning stage would drop them too). */
  undated: number;
}

/**
 * The rows of `table` whose `column` date is before `asOf` (UTC midnight).
 * @example rowsBefore(transactions, 'InvoiceDate', 'mdy', '2011-06-01').table.rows.length
 */
export function rowsBefore(table: RawTable, column: string, order: DateFormat, asOf: string): AsOfRows {
  const idx = requireColumn(table, column, 'columns.orderDate');
  const limit = Date.parse(`${asOf}T00:00:00Z`);
  const rows: string[][] = [];
  const lines: number[] = [];
  let undated = 0;
  table.rows.forEach((row, i) => {
    const t = parseDate(row[idx], order);
    if (Number.isNaN(t)) undated += 1;
    else if (t < limit) {
      rows.push(row);
      lines.push(table.lines[i]);
    }
  });
  return { table: { ...table, rows, lines }, undated };
}

/**
 * First days of the months from `from` to `to` (both ISO dates; `from` is rounded up to a first of
 * the month unless it is one), e.g. 2011-01-01, 2011-02-01, ...
 * @example monthlyDates('2011-01-01', '2011-03-15') // ['2011-01-01', '2011-02-01', '2011-03-01']
 */
export function monthlyDates(from: string, to: string): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
  const dates: string[] = [];
  for (;;) {
    const t = Date.UTC(y + Math.floor(m / 12), m % 12, 1);
    if (t > end) break;
    dates.push(new Date(t).toISOString().slice(0, 10));
    m += 1;
  }
  return dates;
}
