/**
 * A data-quality profile per source, in the spirit of ydata-profiling: for every column its
 * guessed type, missing share, distinct count, min/max/quantiles, top values and a histogram.
 * Plain JSON, for the report's data-quality section and the manifest.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RawTable } from '../load/csv';
import { sourceRelation, sqlIdent } from '../load/duckdb';
import type { DuckSource } from '../load/source';
import { isMissing, parseNumber } from './coerce';
import { parseDate } from './dates';
import { quantileSorted } from './rules';

/** Profile of one column. */
export interface ColumnProfile {
  name: string;
  /** Guessed from the values: numeric or date when >= 90% of present values parse. */
  type: 'numeric' | 'date' | 'text' | 'empty';
  missing: number;
  /** Missing share, 0..1. */
  missingShare: number;
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
  /** Why top values, min/max, quantiles and histogram are left out: a personal column or free text (counts only). Absent when shown. */
  valuesHidden?: 'personal' | 'free text';
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

function profileColumn(name: string, values: readonly string[], missing: Set<string>): ColumnProfile {
  const present: string[] = [];
  for (const v of values) if (!isMissing(v, missing)) present.push(v.trim());
  const nMissing = values.length - present.length;
  const counts = new Map<string, number>();
  for (const v of present) if (counts.size < DISTINCT_CAP || counts.has(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([value, count]) => ({ value: value.length > 60 ? `${value.slice(0, 57)}...` : value, count }));
  const base = { name, missing: nMissing, missingShare: values.length ? nMissing / values.length : 0, distinct: counts.size, top, constant: counts.size === 1 };
  if (present.length === 0) return { ...base, type: 'empty', min: null, max: null, quantiles: null, histogram: null };
  const nums = present.map((v) => parseNumber(v));
  const numeric = nums.filter((x) => !Number.isNaN(x));
  if (numeric.length >= 0.9 * present.length) {
    const sorted = numeric.sort((a, b) => a - b);
    const [lo, hi] = [sorted[0], sorted[sorted.length - 1]];
    const width = (hi - lo) / 10 || 1;
    const histogram = Array.from({ length: 10 }, (_, j) => ({ from: lo + j * width, to: lo + (j + 1) * width, count: 0 }));
    for (const x of sorted) histogram[Math.min(9, Math.floor((x - lo) / width))].count++;
    return { ...base, type: 'numeric', min: lo, max: hi, quantiles: [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => quantileSorted(sorted, p)), histogram };
  }
  const dates = present.map((v) => parseDate(v, 'ymd')).filter((t) => !Number.isNaN(t));
  if (dates.length >= 0.9 * present.length) {
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
  const columns = table.header.map((name, j) => {
    const values = new Array<string>(n);
    for (let r = 0; r < n; r++) values[r] = table.rows[r][j];
    const p = profileColumn(name, values, missing);
    const hidden: ColumnProfile['valuesHidden'] | null = hide.includes(name) ? 'personal' : isFreeText(p, n - p.missing) ? 'free text' : null;
    return hidden ? { ...p, top: [], min: null, max: null, quantiles: null, histogram: null, valuesHidden: hidden } : p;
  });
  return { source: table.role, file: table.file, rows: table.rows.length, rowsProfiled: n, columns, guessed: table.guessed ?? [] };
}

/**
 * `profileSource` of a source kept in DuckDB, on its first `maxRows` rows read as text on an open
 * connection (the Node path profiles the first rows too). `rows` is the rows read; the caller
 * sets the file's full row count once the aggregation has counted it.
 * @example await profileDuckSource(con, src, missingSet(['']), ['customer_id'])
 */
export async function profileDuckSource(con: DuckDBConnection, src: DuckSource, missing: Set<string>, hide: readonly string[] = [], maxRows = 200_000): Promise<SourceProfile> {
  const select = src.header.map((h) => `COALESCE(CAST(${sqlIdent(h)} AS VARCHAR), '')`).join(', ');
  const columns = (await con.runAndReadAll(`SELECT ${select} FROM ${sourceRelation(src.spec, src.format)} LIMIT ${maxRows}`)).getColumnsJS() as string[][];
  const n = columns[0]?.length ?? 0;
  const rows: string[][] = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = src.header.map((_, j) => columns[j][r]);
  const table: RawTable = { role: src.role, file: src.file, delimiter: '', hadBom: false, header: src.header, rows, lines: [], blankLines: 0, guessed: src.guessed };
  return profileSource(table, missing, hide, maxRows);
}
