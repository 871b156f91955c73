/**
 * Dates in several formats: ISO (2025-03-01, 2025-03-01T10:30, 2025-03-01 10:30:00) always;
 * day/month/year in either order (01/03/2025, 1-3-2025 10:30, 01.03.2025) only when the order is
 * known: declared in columns.dateFormat, or evident from the data (a first part above 12 means
 * day-month). A column where every value could be either is ambiguous and an error.
 */
import type { DateFormat } from '../config/types';
import { isMissing } from './coerce';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const PARTS = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const c = new Date(t);
  return c.getUTCFullYear() === y && c.getUTCMonth() === mo - 1 && c.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? t : NaN;
}

/**
 * Parse a date to epoch milliseconds (UTC), or NaN. ISO dates are read whatever `order` says;
 * "dd/mm/yyyy" style needs `order` "dmy" or "mdy" ("ymd" and "auto" read ISO only).
 * Two-digit years are 19xx when above 69, else 20xx.
 * @example parseDate('31/12/2025', 'dmy') // Date.UTC(2025, 11, 31)
 */
export function parseDate(raw: string, order: DateFormat = 'ymd'): number {
  const s = raw.trim();
  const iso = ISO.exec(s);
  if (iso) return utc(+iso[1], +iso[2], +iso[3], +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0));
  if (order !== 'dmy' && order !== 'mdy') return NaN;
  const m = PARTS.exec(s);
  if (!m) return NaN;
  const [a, b] = [+m[1], +m[2]];
  let y = +m[3];
  if (m[3].length === 2) y += y > 69 ? 1900 : 2000;
  const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
  return utc(y, mo, d, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
}

/** What sniffing a date column found. */
export interface DateSniff {
  /** The order to read the column with. */
  order: DateFormat;
  /** True when non-ISO dates fit both day-month and month-day (an error unless declared). */
  ambiguous: boolean;
  /** A few values showing the ambiguity (or the evidence). */
  examples: string[];
}

/**
 * Work out the day/month order of a column from its values (up to `limit` non-missing ones).
 * @example sniffDateOrder(['13/01/2025', '02/03/2025'], missingSet([''])).order // 'dmy'
 */
/** Non-missing values sniffDateOrder reads (the DuckDB path reads the same rows: features/behaviour-sql.ts). */
export const DATE_SNIFF_LIMIT = 5000;

export function sniffDateOrder(values: readonly string[], missing: Set<string>, limit = DATE_SNIFF_LIMIT): DateSniff {
  let dayFirst = false;
  let monthFirst = false;
  let nonIso = 0;
  const examples: string[] = [];
  let seen = 0;
  for (const v of values) {
    if (isMissing(v, missing)) continue;
    if (++seen > limit) break;
    const m = PARTS.exec(v.trim());
    if (!m) continue;
    nonIso++;
    if (examples.length < 3) examples.push(v.trim());
    if (+m[1] > 12) dayFirst = true;
    if (+m[2] > 12) monthFirst = true;
  }
  if (nonIso === 0) return { order: 'ymd', ambiguous: false, examples: [] };
  if (dayFirst && !monthFirst) return { order: 'dmy', ambiguous: false, examples };
  if (monthFirst && !dayFirst) return { order: 'mdy', ambiguous: false, examples };
  return { order: 'auto', ambiguous: true, examples };
}
