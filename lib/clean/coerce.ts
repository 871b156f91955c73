/**
 * Reading messy values: numbers written as "$1,200", "1.200,50", "12%", and missing-value tokens.
 */

/** A set of missing-value tokens, compared case-insensitively after trimming. */
export function missingSet(tokens: readonly string[]): Set<string> {
  return new Set(tokens.map((t) => t.trim().toLowerCase()));
}

/** True when `raw` is a missing-value token. */
export function isMissing(raw: string, missing: Set<string>): boolean {
  return missing.has(raw.trim().toLowerCase());
}

const CURRENCY = /^[\s$€£¥]*|[\s$€£¥]*$/g;

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/**
 * A number in scientific notation, e.g. "9.3448e-05", "2E+05", "-.5e1": a signed decimal mantissa
 * with a "." decimal point (a "," one when columns.decimal is ","), no thousands separators.
 * features/sql-parse.ts has the same patterns for DuckDB.
 */
export const SCIENTIFIC_DOT = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
export const SCIENTIFIC_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)[eE][+-]?\d+$/;

/**
 * Parse a number from a messy string, or return NaN. Handles currency symbols, thousands
 * separators ("1,200", "1.200,50", "1 200"), a trailing "%" (kept as the number, not divided),
 * parentheses for negatives ("(12.50)") and scientific notation ("1.5e-3", "2E+05").
 * @example parseNumber('$1,200') // 1200
 * @example parseNumber('1.200,50') // 1200.5
 * @example parseNumber('9.3448e-05') // 0.000093448
 */

export function parseNumber(raw: string, decimal?: '.' | ','): number {
  // Fast path for the common case: a plain decimal number. A 309-digit number is Infinity in
  // JavaScript: never a reading (NaN, so the row is refused and counted like any unreadable value).
  if (PLAIN_NUMBER.test(raw) && decimal !== ',') return finite(Number(raw));
  let s = raw.trim();
  if (s === '') return NaN;
  // Exported probabilities and tiny or huge amounts ("9.3448e-05"; trial of 2026-11-29, BankChurners).
  if (decimal === ',' ? SCIENTIFIC_COMMA.test(s) : SCIENTIFIC_DOT.test(s)) return finite(Number(s.replace(',', '.')));
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s.replace(CURRENCY, '').replace(/%$/, '').replace(/\s/g, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  s = s.replace(CURRENCY, '');
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return NaN;
  if (decimal) {
    // Declared (columns.decimal): the other separator only groups thousands.
    const value = Number(decimal === ',' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, ''));
    return finite(negative ? -value : value);
  }
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let normalised: string;
  if (lastComma !== -1 && lastDot !== -1) {
    // Both present: the later one is the decimal separator.
    normalised = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma !== -1) {
    // Only commas: "1,200" / "1,200,300" are thousands; "12,5" is a decimal comma.
    const groups = s.split(',');
    const thousands = groups.length > 1 && groups.slice(1).every((g) => g.length === 3) && groups[0].length <= 3;
    normalised = thousands ? groups.join('') : groups.length === 2 ? `${groups[0]}.${groups[1]}` : '';
  } else if (lastDot !== -1) {
    const groups = s.split('.');
    // "1.200.300" is thousands; a single dot is a decimal point.
    normalised = groups.length > 2 ? (groups.slice(1).every((g) => g.length === 3) ? groups.join('') : '') : s;
  } else normalised = s;
  if (normalised === '') return NaN;
  const value = Number(normalised);
  return finite(negative ? -value : value);
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : NaN;
}

/** What sniffing a column's decimal separator found. */
export interface DecimalSniff {
  /** True when the values read differently under "." and "," decimals in a way the data does not settle. */
  ambiguous: boolean;
  /** A value read with a comma decimal ("1.200,50") and one the default reads with a dot ("1.200"). */
  examples: string[];
}

/** Values sniffDecimal reads (the DuckDB path reads the same rows: features/behaviour-sql.ts). */
export const DECIMAL_SNIFF_LIMIT = 200_000;

/**
 * Does a column mix decimal conventions? "1.200,50" shows a comma decimal (and "." thousands);
 * beside it "1.200" would be read as 1.2 by the default rules: a 1000x error. Also ambiguous: a
 * column with both "1.200,50" and "1,200.50". Declare columns.decimal to settle it.
 * @example sniffDecimal(['1.200', '1.200,50']).ambiguous // true
 */
export function sniffDecimal(values: readonly string[], limit = DECIMAL_SNIFF_LIMIT): DecimalSniff {
  let commaDecimal = '';
  let dotDecimal = '';
  let dotThousandsOrDecimal = '';
  let n = 0;
  for (const raw of values) {
    if (++n > limit) break;
    // The exponent of "1.12e4" is no digit group ("1.124" would look like thousands).
    const t = raw.trim();
    const s = (SCIENTIFIC_DOT.test(t) ? t.replace(/[eE].*$/, '') : t).replace(/[^0-9.,]/g, '');
    if (!s) continue;
    const lastComma = s.lastIndexOf(',');
    const lastDot = s.lastIndexOf('.');
    if (lastComma !== -1 && lastDot !== -1) {
      if (lastComma > lastDot) commaDecimal ||= raw.trim();
      else dotDecimal ||= raw.trim();
    } else if (lastComma !== -1 && !/^\d{1,3}(,\d{3})+$/.test(s)) commaDecimal ||= raw.trim();
    else if (lastDot !== -1 && /^\d{1,3}\.\d{3}$/.test(s)) dotThousandsOrDecimal ||= raw.trim();
  }
  if (commaDecimal && dotDecimal) return { ambiguous: true, examples: [commaDecimal, dotDecimal] };
  if (commaDecimal && dotThousandsOrDecimal) return { ambiguous: true, examples: [commaDecimal, dotThousandsOrDecimal] };
  return { ambiguous: false, examples: [] };
}

/**
 * Parse an ISO date (yyyy-mm-dd, optionally with a time) into epoch milliseconds (UTC), or NaN.
 * Ambiguous day/month formats are not guessed.
 * @example parseIsoDate('2025-03-01') // Date.UTC(2025, 2, 1)
 */
export function parseIsoDate(raw: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(raw.trim());
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return NaN;
  return t;
}

export const DAY_MS = 86_400_000;
