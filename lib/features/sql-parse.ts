/**
 * The JavaScript path's readings of numbers and dates (clean/coerce.ts parseNumber, clean/dates.ts
 * parseDate), written in DuckDB SQL so the DuckDB path reads every value the same way (issue 15:
 * "exact parity against the JavaScript path"). DuckDB's own casts read "1_000", "+-5" and
 * "2025/03/01" that JavaScript refuses, read "12,5" as 125 where JavaScript reads 12.5, and refuse
 * "(12.50)" and "12%" that JavaScript reads; this module leaves none of those differences
 * (test/features/sql-parse.test.ts compares both on thousands of generated strings).
 *
 * Each reading is a list of layers: every layer is a SELECT list over the layer below (`SELECT *,
 * <layer> FROM (...)`), so a value is computed once, and the plain common case (a plain decimal
 * number, a yyyy-mm-dd date) takes a cheap first test; the regular expressions run only for the rest.
 */
import { sqlString } from '../load/duckdb';

/** Every character JavaScript's String.prototype.trim and the regular-expression class \s treat as white space. */
export const JS_SPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
/** The same set as an RE2 character class. */
const SPACE_CLASS = '[\\t\\n\\x0B\\f\\r \\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';
/** parseNumber's CURRENCY class: white space and the currency signs it strips at both ends. */
const CURRENCY_CHARS = `${JS_SPACE}$€£¥`;
/** Characters JavaScript's "." does not match (line terminators), for parseNumber's /^\(.*\)$/. */
const LINE_TERMINATORS = '[\\n\\r\\x{2028}\\x{2029}]';

/**
 * `expr` (a column name: it is repeated) trimmed as JavaScript's trim() does. DuckDB's trim with a
 * character list costs ~1.4 µs a value, so values that start and end with a character that is no
 * white space (codes 33-159: every JavaScript white space is below 33 or from 160) skip it.
 */
export function jsTrim(expr: string): string {
  return `(CASE WHEN ascii(${expr}) BETWEEN 33 AND 159 AND ascii(${expr}[-1]) BETWEEN 33 AND 159 THEN ${expr} ELSE trim(${expr}, ${sqlString(JS_SPACE)}) END)`;
}

/** `expr` (a column name) with leading white space removed as JavaScript's /^\s*​/ does. */
export function jsLtrim(expr: string): string {
  return `(CASE WHEN ascii(${expr}) BETWEEN 33 AND 159 THEN ${expr} ELSE ltrim(${expr}, ${sqlString(JS_SPACE)}) END)`;
}

/** SQL layers that end in a DOUBLE column `out` (NULL where parseNumber gives NaN). */
export interface ParseLayers {
  /** SELECT lists, innermost first; each may use the columns of the layers below it. */
  layers: string[];
  /** The column that holds the reading. */
  out: string;
}

/** `let name = value in body`, for one row: DuckDB evaluates `value` once and binds it in `body`. */
function bind(value: string, name: string, body: string): string {
  return `list_transform([${value}], lambda ${name}: ${body})[1]`;
}

/**
 * parseNumber(raw, decimal) in SQL on the VARCHAR column `col` (NULL reads as unreadable, as a
 * missing field does in JavaScript: parseNumber('') is NaN). Columns are prefixed with `p`
 * (unique per reading in one query). The general case sits in the ELSE branch of a CASE, which
 * DuckDB evaluates only for the rows that reach it.
 */
export function numberLayers(col: string, p: string, decimal: '.' | ',' | undefined): ParseLayers {
  // What DuckDB's cast reads, without an exponent, "_" or "+" (it reads "1_0", "+-5", which
  // parseNumber refuses, and exponents are checked below), parseNumber reads to the same double: a decimal number with an
  // optional "-" and surrounding white space, or "inf" / "nan", which both refuse (isfinite below).
  // Not with a declared decimal comma, where "12.5" means 125.
  const plain =
    decimal === ','
      ? 'false'
      : `(${p}_cast IS NOT NULL AND NOT (contains(${col}, 'e') OR contains(${col}, 'E') OR contains(${col}, '_') OR contains(${col}, '+')))`;
  // Undeclared separators: the later of "," and "." is the decimal point; commas alone group
  // thousands as "1,200" / "1,200,300" (first group 0-3 digits) or are a decimal comma "12,5";
  // dots alone are one decimal point or group thousands as "1.200.300".
  const lastComma = '(length(x) - strpos(reverse(x), \',\') + 1)';
  const lastDot = '(length(x) - strpos(reverse(x), \'.\') + 1)';
  const normalise =
    decimal === ','
      ? `regexp_replace(replace(x, '.', ''), ',', '.')`
      : decimal === '.'
        ? `replace(x, ',', '')`
        : `CASE
            WHEN strpos(x, ',') > 0 AND strpos(x, '.') > 0 THEN
              CASE WHEN ${lastComma} > ${lastDot} THEN regexp_replace(replace(x, '.', ''), ',', '.') ELSE replace(x, ',', '') END
            WHEN strpos(x, ',') > 0 THEN
              CASE WHEN regexp_full_match(x, '[0-9]{0,3}(,[0-9]{3})+') THEN replace(x, ',', '')
                   WHEN length(x) - length(replace(x, ',', '')) = 1 THEN replace(x, ',', '.')
                   ELSE NULL END
            WHEN strpos(x, '.') > 0 THEN
              CASE WHEN length(x) - length(replace(x, '.', '')) <= 1 THEN x
                   WHEN regexp_full_match(x, '[0-9]*(\\.[0-9]{3}){2,}') THEN replace(x, '.', '')
                   ELSE NULL END
            ELSE x END`;
  // The steps of parseNumber, each value bound once: t trimmed; paren /^\(.*\)$/ ("." matches no
  // line terminator); v without the currency signs and white space at the ends, one trailing "%",
  // then every white space; x without a leading sign and the currency signs after it.
  // Scientific notation (clean/coerce.ts SCIENTIFIC_DOT / SCIENTIFIC_COMMA) is read whole; no such
  // string reaches the general reading below (its x holds only digits, "." and ",").
  const scientific = decimal === ','
    ? `CASE WHEN regexp_full_match(t, '[+-]?([0-9]+,?[0-9]*|,[0-9]+)[eE][+-]?[0-9]+') THEN TRY_CAST(replace(t, ',', '.') AS DOUBLE) ELSE `
    : `CASE WHEN regexp_full_match(t, '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)[eE][+-]?[0-9]+') THEN TRY_CAST(t AS DOUBLE) ELSE `;
  const reading = bind(
    `trim(${col}, ${sqlString(JS_SPACE)})`,
    't',
    scientific + bind(
      `COALESCE(starts_with(t, '(') AND ends_with(t, ')') AND length(t) >= 2 AND NOT regexp_matches(t, '${LINE_TERMINATORS}'), false)`,
      'paren',
      bind(
        `regexp_replace(regexp_replace(trim(CASE WHEN paren THEN t[2:length(t) - 1] ELSE t END, ${sqlString(CURRENCY_CHARS)}), '%$', ''), '${SPACE_CLASS}', '', 'g')`,
        'v',
        bind(
          `trim(CASE WHEN starts_with(v, '-') OR starts_with(v, '+') THEN v[2:] ELSE v END, ${sqlString(CURRENCY_CHARS)})`,
          'x',
          `CASE WHEN regexp_full_match(x, '[0-9.,]+') AND regexp_matches(x, '[0-9]') THEN
             (CASE WHEN paren <> starts_with(v, '-') THEN -1.0 ELSE 1.0 END) * TRY_CAST(${normalise} AS DOUBLE) END`,
        ),
      ),
    ) + ' END',
  );
  const out = `${p}_num`;
  return {
    layers: [
      `TRY_CAST(${col} AS DOUBLE) AS ${p}_cast`,
      `(CASE WHEN ${col} IS NULL THEN NULL WHEN ${plain} THEN ${p}_cast ELSE ${reading} END) AS ${p}_raw`,
      // A number too long for a double is Infinity in JavaScript: never a reading.
      `CASE WHEN isfinite(${p}_raw) THEN ${p}_raw END AS ${out}`,
    ],
    out,
  };
}

/** parseDate's ISO pattern (clean/dates.ts), for RE2. */
const ISO = '^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?$';
/** parseDate's day/month pattern. */
const PARTS = '^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$';

/**
 * parseDate(raw, order) in SQL on the VARCHAR column `col`: epoch milliseconds as DOUBLE (NULL
 * where JavaScript gives NaN). ISO dates always; day/month dates only for order "dmy" / "mdy";
 * two-digit years are 19xx above 69, else 20xx; fractions of a second and a time-zone suffix are
 * ignored; a date is valid as JavaScript's Date.UTC round trip checks it (years from 100, real
 * calendar days, hours below 24, minutes and seconds below 60).
 */
export function dateLayers(col: string, p: string, order: 'dmy' | 'mdy' | null): ParseLayers {
  const t = `${p}_t`;
  const out = `${p}_ms`;
  // The common case: yyyy-mm-dd. DuckDB's DATE cast reads these 10 characters (a year from 0100,
  // ending in a digit) only when they are digits and a real day, as parseDate does; any other shape
  // goes through the patterns.
  const fast = `CASE WHEN ${t} LIKE '____-__-__' AND ${t} >= '0100' AND ascii(${t}[-1]) BETWEEN 48 AND 57 THEN TRY_CAST(${t} AS DATE) END`;
  const int = (e: string): string => `TRY_CAST(NULLIF(${e}, '') AS BIGINT)`;
  const [dayOf, monthOf] = order === 'mdy' ? ['b', 'a'] : ['a', 'b'];
  const twoDigit = (e: string): string => `(CASE WHEN length(m.y) = 2 THEN (CASE WHEN ${e} > 69 THEN 1900 + ${e} ELSE 2000 + ${e} END) ELSE ${e} END)`;
  // The parts of a date: from the ISO pattern, else (with an order) from the day/month one.
  const fromIso = `{'y': ${int('m.y')}, 'mo': ${int('m.mo')}, 'd': ${int('m.d')}, 'h': COALESCE(${int('m.h')}, 0), 'mi': COALESCE(${int('m.mi')}, 0), 's': COALESCE(${int('m.s')}, 0)}`;
  const fromParts = `{'y': ${twoDigit(int('m.y'))}, 'mo': ${int(`m.${monthOf}`)}, 'd': ${int(`m.${dayOf}`)}, 'h': COALESCE(${int('m.h')}, 0), 'mi': COALESCE(${int('m.mi')}, 0), 's': COALESCE(${int('m.s')}, 0)}`;
  const noParts = `{'y': NULL::BIGINT, 'mo': NULL::BIGINT, 'd': NULL::BIGINT, 'h': 0::BIGINT, 'mi': 0::BIGINT, 's': 0::BIGINT}`;
  const parts = bind(
    `regexp_extract(${t}, '${ISO}', ['y', 'mo', 'd', 'h', 'mi', 's'])`,
    'm',
    `CASE WHEN m.y <> '' THEN ${fromIso} ELSE ${order ? bind(`regexp_extract(${t}, '${PARTS}', ['a', 'b', 'y', 'h', 'mi', 's'])`, 'm', `CASE WHEN m.y <> '' THEN ${fromParts} ELSE ${noParts} END`) : noParts} END`,
  );
  const leap = '((c.y % 4 = 0 AND c.y % 100 <> 0) OR c.y % 400 = 0)';
  const daysIn = `(CASE WHEN c.mo = 2 THEN (CASE WHEN ${leap} THEN 29 ELSE 28 END) WHEN c.mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END)`;
  const valid = `c.y >= 100 AND c.mo BETWEEN 1 AND 12 AND c.d BETWEEN 1 AND ${daysIn} AND c.h < 24 AND c.mi < 60 AND c.s < 60`;
  const reading = bind(parts, 'c', `CASE WHEN ${valid} THEN epoch_ms(make_timestamp(c.y, c.mo, c.d, c.h, c.mi, c.s::DOUBLE)) END`);
  return {
    layers: [
      `${jsTrim(col)} AS ${t}`,
      `${fast} AS ${p}_fast`,
      `(CASE WHEN ${t} IS NULL THEN NULL WHEN ${p}_fast IS NOT NULL THEN epoch_ms(${p}_fast::TIMESTAMP) ELSE ${reading} END)::DOUBLE AS ${out}`,
    ],
    out,
  };
}

/** `relation` wrapped in the layers: SELECT *, layer FROM (...) for each, innermost first. */
export function withLayers(relation: string, layers: readonly string[]): string {
  return layers.reduce((inner, layer) => `(SELECT *, ${layer} FROM ${inner})`, relation);
}
