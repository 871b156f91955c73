/**
 * A data-quality profile per source, in the spirit of ydata-profiling: for every column its
 * guessed type, missing share, distinct count, min/max/quantiles, top values and a histogram.
 * Plain JSON, for the report's data-quality section and the manifest.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RawTable } from '../load/csv';
import { sourceRelation, sqlIdent } from '../load/duckdb';
import { readColumns } from '../load/duckdb-columns';
import type { DuckSource } from '../load/source';
import { parseNumber } from './coerce';
import { parseDate, sniffDateOrder } from './dates';
import { quantileSorted } from './rules';

/** Profile of one column. */
export interface ColumnProfile {
  name: string;
  /** Guessed from the values: numeric or date when >= 90% of present values parse. */
  type: 'numeric' | 'date' | 'text' | 'empty';
  missing: number;
  /** Missing share, 0..1. */
  missingShare: number;
  /** The missing tokens other than blanks as written in the file, most frequent first (up to 3), e.g. "Unknown"; absent when none. */
  missingAs?: { value: string; count: number }[];
  /** Distinct present values (exact up to 100,000, then a lower bound). */
  distinct: number;
  /** Numeric (and date, as ISO text) statistics; null for text. */
  min: number | string | null;
  max: number | string | null;
  /** 5th, 25th, 50th, 75th, 95th percentiles (numeric only). */
  quantiles: number[] | null;
  /** The most frequent values with counts (up to 5; values cut to 60 characters). */
  top: { value: string; count: number }[];
  /** Equal-width histogram of numeric values: 10 bins of [from, to) with counts. */
  histogram: { from: number; to: number; count: number }[] | null;
  /** True when every present value is the same. */
  constant: boolean;
  /** Sample skewness of numeric values (Fisher–Pearson g1, the third standardised moment); absent for other types and older profiles. */
  skewness?: number;
  /** Why top values, min/max, quantiles and histogram are left out: a personal column or free text (counts only). Absent when shown. */
  valuesHidden?: 'personal' | 'free text';
}

/** Fisher–Pearson skewness g1 = m3 / m2^1.5 (0 for a constant column). */
function sampleSkewness(values: Float64Array): number {
  const n = values.length;
  if (n < 3) return 0;
  let mean = 0;
  for (const x of values) mean += x;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  for (const x of values) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

/** Free text: a text column whose present values are mostly distinct (comments, descriptions, names). */
function isFreeText(p: ColumnProfile, present: number): boolean {
  return p.type === 'text' && p.distinct > 20 && p.distinct >= 0.5 * present;
}

/** Profile of one source. */
export interface SourceProfile {
  source: string;
  file: string;
  rows: number;
  /** Rows profiled (a seeded-free head sample for very large sources; all rows otherwise). */
  rowsProfiled: number;
  columns: ColumnProfile[];
  /** What the reader guessed (delimiter, header, gzip, date order...). */
  guessed: string[];
}

const DISTINCT_CAP = 100_000;
const TOP = 5;
/** String.prototype.localeCompare's order (the default locale), without building a collator per call. */
const collate = new Intl.Collator().compare;

/**
 * The `TOP` most frequent values, most frequent first, ties in the collation order and then in
 * order of first appearance: the head of the stable sort of every entry, found in one pass
 * (sorting 100,000 distinct ids with localeCompare cost seconds; issue 15).
 */
function topValues(counts: ReadonlyMap<string, number>): [string, number][] {
  const before = (a: [string, number], b: [string, number]): boolean => b[1] - a[1] < 0 || (b[1] === a[1] && collate(a[0], b[0]) < 0);
  const top: [string, number][] = [];
  for (const e of counts) {
    if (top.length === TOP && !before(e, top[TOP - 1])) continue;
    // After every entry it does not come before: equal ones keep their order of appearance.
    let at = top.length;
    while (at > 0 && before(e, top[at - 1])) at--;
    top.splice(at, 0, e);
    if (top.length > TOP) top.pop();
  }
  return top;
}

function profileColumn(name: string, values: readonly string[], missing: Set<string>, longestToken: number): ColumnProfile {
  const present: string[] = [];
  // The missing tokens other than a blank, as written in the file ("Unknown" is read as missing: say so).
  const tokens = new Map<string, number>();
  for (const v of values) {
    const t = v.trim();
    // isMissing(v, missing), lower-casing only what could be a token (lower case is never shorter).
    if (t.length > longestToken || !missing.has(t.toLowerCase())) present.push(t);
    else if (t.length > 0) tokens.set(t, (tokens.get(t) ?? 0) + 1);
  }
  const nMissing = values.length - present.length;
  const missingAs = tokens.size ? { missingAs: topValues(tokens).slice(0, 3).map(([value, count]) => ({ value, count })) } : {};
  const counts = new Map<string, number>();
  for (const v of present) if (counts.size < DISTINCT_CAP || counts.has(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = topValues(counts).map(([value, count]) => ({ value: value.length > 60 ? `${value.slice(0, 57)}...` : value, count }));
  const base = { name, missing: nMissing, missingShare: values.length ? nMissing / values.length : 0, ...missingAs, distinct: counts.size, top, constant: counts.size === 1 };
  if (present.length === 0) return { ...base, type: 'empty', min: null, max: null, quantiles: null, histogram: null };
  // A type needs >= 90% of the present values: reading stops once more than the rest failed.
  const mayFail = present.length - 0.9 * present.length;
  const numeric: number[] = [];
  let failed = 0;
  for (let i = 0; i < present.length && failed <= mayFail; i++) {
    const x = parseNumber(present[i]);
    if (Number.isNaN(x)) failed++;
    else numeric.push(x);
  }
  if (failed <= mayFail && numeric.length >= 0.9 * present.length) {
    // Numeric order in a typed array (no comparator calls).
    const sorted = new Float64Array(numeric).sort();
    const [lo, hi] = [sorted[0], sorted[sorted.length - 1]];
    const width = (hi - lo) / 10 || 1;
    const histogram = Array.from({ length: 10 }, (_, j) => ({ from: lo + j * width, to: lo + (j + 1) * width, count: 0 }));
    for (const x of sorted) histogram[Math.min(9, Math.floor((x - lo) / width))].count++;
    return { ...base, type: 'numeric', min: lo, max: hi, quantiles: [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => quantileSorted(sorted, p)), histogram, skewness: sampleSkewness(sorted) };
  }
  const dates: number[] = [];
  failed = 0;
  // Day-month dates (CPA's Dt_Customer, "30-07-2012") are dates too when their order is evident from the values.
  const sniffed = sniffDateOrder(present, new Set(['']), 2000).order;
  const order = sniffed === 'dmy' || sniffed === 'mdy' ? sniffed : 'ymd';
  for (let i = 0; i < present.length && failed <= mayFail; i++) {
    const t = parseDate(present[i], order);
    if (Number.isNaN(t)) failed++;
    else dates.push(t);
  }
  if (failed <= mayFail && dates.length >= 0.9 * present.length) {
    const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
    let [lo, hi] = [Infinity, -Infinity];
    for (const t of dates) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    return { ...base, type: 'date', min: iso(lo), max: iso(hi), quantiles: null, histogram: null };
  }
  return { ...base, type: 'text', min: null, max: null, quantiles: null, histogram: null };
}

/**
 * Profile every column of a raw source (values as read, before cleaning). Columns listed in
 * `hide` (PII) and free-text columns (mostly distinct text values) get counts only: no top
 * values, no min/max, so personal data never reaches a report.
 * @example profileSource(customers, missingSet(['', 'n/a']), ['email']).columns[0].missingShare
 */
export function profileSource(table: RawTable, missing: Set<string>, hide: readonly string[] = [], maxRows = 200_000): SourceProfile {
  const n = Math.min(table.rows.length, maxRows);
  const columns = profileColumns(
    table.header,
    (j) => {
      const values = new Array<string>(n);
      for (let r = 0; r < n; r++) values[r] = table.rows[r][j];
      return values;
    },
    n,
    missing,
    hide,
  );
  return { source: table.role, file: table.file, rows: table.rows.length, rowsProfiled: n, columns, guessed: table.guessed ?? [] };
}

/** Every column's profile; `valuesOf(j)` gives column j's first `n` values as read. */
function profileColumns(header: readonly string[], valuesOf: (j: number) => readonly string[], n: number, missing: Set<string>, hide: readonly string[]): ColumnProfile[] {
  let longestToken = 0;
  for (const t of missing) longestToken = Math.max(longestToken, t.length);
  return header.map((name, j) => {
    const p = profileColumn(name, valuesOf(j), missing, longestToken);
    const hidden: ColumnProfile['valuesHidden'] | null = hide.includes(name) ? 'personal' : isFreeText(p, n - p.missing) ? 'free text' : null;
    if (!hidden) return p;
    const { missingAs: _tokens, ...counts } = p;
    return { ...counts, top: [], min: null, max: null, quantiles: null, histogram: null, valuesHidden: hidden };
  });
}

/**
 * `profileSource` of a source kept in DuckDB, on its first `maxRows` rows read as text on an open
 * connection (the Node path profiles the first rows too). `rows` is the rows read; the caller
 * sets the file's full row count once the aggregation has counted it.
 * @example await profileDuckSource(con, src, missingSet(['']), ['customer_id'])
 */
export async function profileDuckSource(con: DuckDBConnection, src: DuckSource, missing: Set<string>, hide: readonly string[] = [], maxRows = 200_000): Promise<SourceProfile> {
  return (await readDuckProfileRows(con, src, maxRows))(missing, hide);
}

/**
 * `profileDuckSource` in two steps: the query (first `maxRows` rows in file order) now, the
 * profile (JavaScript only) when the returned function is called, e.g. while DuckDB works on
 * another query (issue 15).
 * @example const profile = await readDuckProfileRows(con, src); ...; profile(missingSet(['']), ['customer_id'])
 */
export async function readDuckProfileRows(con: DuckDBConnection, src: DuckSource, maxRows = 200_000): Promise<(missing: Set<string>, hide?: readonly string[]) => SourceProfile> {
  const values = src.header.map((h) => `COALESCE(CAST(${sqlIdent(h)} AS VARCHAR), '')`);
  const relation = sourceRelation(src.spec, src.format);
  const columns = (await rowsAsLines(con, values, relation, maxRows)) ?? ((await con.runAndReadAll(`SELECT ${values.join(', ')} FROM ${relation} LIMIT ${maxRows}`)).getColumnsJS() as string[][]);
  const n = columns[0]?.length ?? 0;
  // As profileSource on those rows, straight from DuckDB's columns (no rows built in between).
  return (missing, hide = []) => ({ source: src.role, file: src.file, rows: n, rowsProfiled: n, columns: profileColumns(src.header, (j) => columns[j], n, missing, hide), guessed: src.guessed ?? [] });
}

/** The unit separator: joins a row's values in rowsAsLines (a value holding it sends the read to the plain path). */
const UNIT_SEPARATOR = '\u001f';

/**
 * The first `maxRows` rows of `relation` as text columns, read as one joined string per row and split
 * in JavaScript (issue 15): DuckDB's per-value conversion of six text columns (getColumnsJS) cost about
 * 2 s of CPU for 200,000 rows; one string per row is a sixth of the values to convert. Null when some
 * value contains the separator (the row would not split back into its values): then read plainly.
 */
async function rowsAsLines(con: DuckDBConnection, values: readonly string[], relation: string, maxRows: number): Promise<string[][] | null> {
  const [lines] = (await readColumns(con, `SELECT concat_ws(chr(31), ${values.join(', ')}) FROM ${relation} LIMIT ${maxRows}`)) as unknown[][];
  const columns = values.map(() => new Array<string>(lines.length));
  for (let r = 0; r < lines.length; r++) {
    const parts = String(lines[r]).split(UNIT_SEPARATOR);
    if (parts.length !== values.length) return null;
    for (let j = 0; j < parts.length; j++) columns[j][r] = parts[j];
  }
  return columns;
}

/** A column profile as published in data-quality.json: top values and histogram bins under the minimum cell size withheld. */
export type PublishedColumnProfile = Omit<ColumnProfile, 'histogram'> & {
  histogram: { from: number; to: number; count: number | null }[] | null;
  /** How many of the most frequent values were left out because fewer than the minimum cell size have them. Absent when none. */
  topWithheld?: number;
};

/** A source profile as published in data-quality.json. */
export type PublishedSourceProfile = Omit<SourceProfile, 'columns'> & { columns: PublishedColumnProfile[]; minCellSize: number };

/**
 * The profiles as data-quality.json publishes them, with what the report's "Columns as read" table and
 * histograms already leave out: a most frequent value seen by fewer than `minCellSize` rows (CPA trial:
 * Income "35860" 4 times, "7500" 12 times) and a histogram bin with 1..minCellSize-1 rows (count null).
 * @example publishedProfiles(run.dataQuality, 50)[0].columns[0].top
 */
export function publishedProfiles(profiles: readonly SourceProfile[], minCellSize: number): PublishedSourceProfile[] {
  return profiles.map((source) => ({
    ...source,
    minCellSize,
    columns: source.columns.map((c) => {
      const top = c.top.filter((t) => t.count >= minCellSize);
      const withheld = c.top.length - top.length;
      return {
        ...c,
        top,
        ...(withheld ? { topWithheld: withheld } : {}),
        histogram: c.histogram ? c.histogram.map((b) => ({ ...b, count: b.count > 0 && b.count < minCellSize ? null : b.count })) : null,
      };
    }),
  }));
}
