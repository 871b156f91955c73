/**
 * Join optional sources (surveys, web analytics, campaign logs, consent flags) to the cleaned
 * customers on the customer id. Per-customer sources (surveys, consent) keep the latest row of
 * each customer; event sources (web, campaigns) are counted and summed per customer. Every row
 * of every source is in its own ledger entry: kept, or dropped by reason.
 */
import type { ColumnRoles, DateFormat, ExtraSourceRole } from '../config/types';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import { DAY_MS, isMissing, parseNumber } from './coerce';
import { parseDate } from './dates';
import type { LedgerEntry } from './types';
import { detectPiiColumns } from './pii';
import { dict } from '../io/dict';
import { SeglabError, msg } from '../errors/messages';
import { MIN_JOIN_RATE } from './transactions';

/** Columns a joined source adds to the customer table (customers without a row: see each role). */
export interface JoinedColumns {
  numeric: Record<string, (number | null)[]>;
  text: Record<string, (string | null)[]>;
  ledger: LedgerEntry;
  /** PII columns found in the source (dropped, never joined). */
  piiColumns: string[];
}

const EVENT_ROLES: readonly ExtraSourceRole[] = ['web', 'campaigns'];

function looksNumeric(table: RawTable, idx: number, missing: Set<string>): boolean {
  let present = 0;
  let numeric = 0;
  for (const row of table.rows) {
    if (isMissing(row[idx], missing)) continue;
    present++;
    if (!Number.isNaN(parseNumber(row[idx]))) numeric++;
    if (present >= 2000) break;
  }
  return present > 0 && numeric / present >= 0.9;
}

/**
 * Join one extra source to customers `ids` (the cleaned, unique ids).
 * - surveys / consent: the latest row per customer (by columns.updatedAt when the file has it,
 *   else the last in the file); customers without a row get null, and `<role>_missing` = 1.
 * - web / campaigns: `<role>_rows` = rows per customer (0 without), numeric columns summed (0
 *   without), text columns from the latest row, and `<role>_days_since_last` when the file has
 *   columns.orderDate or columns.updatedAt (days before the source's last date).
 * Names that clash with customer columns get the prefix `<role>_`.
 */
export function joinSource(
  role: ExtraSourceRole,
  table: RawTable,
  ids: readonly string[],
  existing: ReadonlySet<string>,
  columns: ColumnRoles & { dateFormat: DateFormat },
  idColumn: string,
  missing: Set<string>,
): JoinedColumns {
  const idIdx = requireColumn(table, idColumn, role === 'consent' || role === 'surveys' || role === 'web' || role === 'campaigns' ? `sources.${role}.idColumn (or columns.customerId)` : 'columns.customerId');
  const position = new Map<string, number>();
  ids.forEach((id, i) => position.set(id, i));
  const timeCol = [columns.updatedAt, columns.orderDate].find((c) => c !== undefined && table.header.includes(c));
  const timeIdx = timeCol ? table.header.indexOf(timeCol) : -1;
  const piiColumns = detectPiiColumns(table, columns.pii.filter((c) => table.header.includes(c)), missing, [idColumn]).filter((c) => c !== idColumn);
  const dropped: Record<string, number> = {};
  const drop = (reason: string): void => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  // Rows per customer position, in file order.
  const rowsOf: number[][] = ids.map(() => []);
  const timeOf = (r: number): number => (timeIdx === -1 ? NaN : parseDate(table.rows[r][timeIdx], columns.dateFormat));
  table.rows.forEach((row, r) => {
    const id = row[idIdx].trim();
    if (isMissing(id, missing)) return drop('missing customer id');
    const p = position.get(id);
    if (p === undefined) return drop('customer id not among the cleaned customers');
    rowsOf[p].push(r);
  });
  // Ids in another format ("1130" vs "C001130") join almost nothing: say so, with the join rate.
  const withId = table.rows.length - (dropped['missing customer id'] ?? 0);
  const unmatched = dropped['customer id not among the cleaned customers'] ?? 0;
  if (withId > 0 && (withId - unmatched) / withId < MIN_JOIN_RATE) {
    const theirs = [...new Set(table.rows.slice(0, 200).map((row) => row[idIdx].trim()).filter((id) => id && !position.has(id)))].slice(0, 3);
    throw new SeglabError('clean', msg.idsDoNotJoin(role, table.file, idColumn, withId - unmatched, withId, theirs, ids.slice(0, 3)));
  }
  const isEvent = EVENT_ROLES.includes(role);
  const latest = (rs: number[]): number => {
    let best = rs[rs.length - 1];
    if (timeIdx !== -1) {
      let bestT = -Infinity;
      for (const r of rs) {
        const t = timeOf(r);
        if (t >= bestT) {
          bestT = t;
          best = r;
        }
      }
    }
    return best;
  };
  let superseded = 0;
  if (!isEvent) for (const rs of rowsOf) superseded += Math.max(0, rs.length - 1);
  if (superseded) dropped['superseded by a later row of the same customer'] = superseded;

  const name = (col: string): string => (existing.has(col) ? `${role}_${col}` : col);
  const numeric: Record<string, (number | null)[]> = dict();
  const text: Record<string, (string | null)[]> = dict();
  table.header.forEach((col, j) => {
    if (j === idIdx || piiColumns.includes(col) || j === timeIdx) return;
    if (looksNumeric(table, j, missing)) {
      numeric[name(col)] = rowsOf.map((rs) => {
        if (isEvent) {
          let sum = 0;
          for (const r of rs) {
            const v = parseNumber(table.rows[r][j]);
            if (!Number.isNaN(v)) sum += v;
          }
          return sum;
        }
        if (rs.length === 0) return null;
        const v = parseNumber(table.rows[latest(rs)][j]);
        return Number.isNaN(v) ? null : v;
      });
    } else {
      text[name(col)] = rowsOf.map((rs) => {
        if (rs.length === 0) return null;
        const v = table.rows[latest(rs)][j].trim();
        return isMissing(v, missing) ? null : v;
      });
    }
  });
  if (isEvent) {
    numeric[`${role}_rows`] = rowsOf.map((rs) => rs.length);
    if (timeIdx !== -1) {
      let maxT = -Infinity;
      for (let r = 0; r < table.rows.length; r++) {
        const t = timeOf(r);
        if (t > maxT) maxT = t;
      }
      numeric[`${role}_days_since_last`] = rowsOf.map((rs) => {
        let last = -Infinity;
        for (const r of rs) last = Math.max(last, timeOf(r));
        return Number.isFinite(last) ? Math.round(((maxT - last) / DAY_MS) * 100) / 100 : null;
      });
    }
  } else {
    numeric[`${role}_missing`] = rowsOf.map((rs) => (rs.length === 0 ? 1 : 0));
  }
  const nDropped = Object.values(dropped).reduce((a, b) => a + b, 0);
  return {
    numeric,
    text,
    piiColumns,
    ledger: {
      source: role,
      file: table.file,
      rowsRead: table.rows.length,
      rowsKept: table.rows.length - nDropped,
      dropped,
      repairs: table.blankLines ? { 'blank lines skipped (not rows)': table.blankLines } : {},
    },
  };
}
