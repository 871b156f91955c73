/**
 * The customer-level Danfo DataFrame, built and handled around Danfo's measured pitfalls. This is
 * the one place that says where seglab uses Danfo's own operations and where it works around them
 * (danfojs-node 1.2.0 on this machine; each pitfall is pinned by a test in test/clean/frame.test.ts
 * or test/workbench/frames.test.ts, which fails when Danfo changes).
 *
 * Used as they are (correct and fast at customer-table size, tens of thousands of rows):
 * `query` with a boolean Series, `addColumn`, `valueCounts`, Series arithmetic, `groupby` over a
 * few groups, and `describe` on columns without missing values. lib/workbench/frames.ts builds the
 * notebook stages on these.
 *
 * Worked around:
 * - `readCSV` takes ~72 s for 1M rows: never used; files are parsed by load/ and the frame is
 *   built from finished column arrays (`buildFrame`).
 * - `groupby` is superlinear in the number of groups (100k groups: 483 s): per-customer
 *   aggregation is a Map pass (clean/, features/, `groupSummary`) or SQL GROUP BY in DuckDB.
 * - `df.loc` with a row list is quadratic: `selectRows` rebuilds the frame from column arrays.
 * - `concat` corrupts its first input: `concatRows` joins plain column arrays instead.
 * - `describe` throws on nulls: `summarise` / `describeFrame` compute count/missing/mean/sd/quantiles.
 * - `Series.apply` turns null into 0: `mapColumn` maps a plain array and keeps nulls.
 * - `merge` gives NaN (not null) for an unmatched row: `joinSegments` keeps null.
 * - `valueCounts` throws ("Row index must contain unique values") on a column of distinct date
 *   strings: `countBy` counts with a Map.
 * - a column named like a DataFrame member ("column", "values", ...) shadows that member:
 *   `frameColumn` calls the prototype's method.
 * - float32: numeric columns are typed "float32" and anything that goes through Danfo's tensors
 *   (`.tensor`, its scalers) rounds to float32 (16777217 -> 16777216, 0.1 -> 0.10000000149). The
 *   `values` arrays hold exact JavaScript numbers, so seglab reads values only (never tensors),
 *   keeps ids as text, and computes on the exact arrays of CleanCustomers (`numeric`, `text`).
 *
 * The customers-cleaning verbs (lib/clean/customers.ts), one by one. Each verb was checked against
 * the Danfo operation that would do its job. A verb uses Danfo where that operation is CORRECT
 * (same values, bit for bit, as the exact arrays); speed decides only between correct ways, and the
 * absolute cost at customer-table size is small. Figures: CPU ms, `node dist/bench/clean-verbs.js
 * 10000 100000` (Danfo time includes building the Series/DataFrame and reading values back);
 * pitfalls pinned in test/clean/frame.test.ts, exactness in test/clean/verbs-exact.test.ts.
 * Uses Danfo:
 * - excludeWithoutConsent and the "drop" rule (query): `keepRows` selects the kept rows with
 *   `query` and a boolean mask on a frame of every per-row column (ids, label, numeric, text) and
 *   reads them back (`queryRows`): query copies values, so "00123" stays text, nulls stay null,
 *   money keeps its cents. Cost: 283 vs 87 ms at 100k on 6 columns with the frame built (545 ms
 *   with the build); cleanCustomers with consent exclusion on the first 200k retail customers
 *   (9 columns, 63,108 excluded) goes from 1.56 to 2.75 s CPU; on all 1M (319,103 excluded, one
 *   locked run each) from 6.35 to 12.02 s CPU and 1.48 to 2.28 GB RSS, same result digest. Nothing
 *   dropped: no frame is built. A frame of row positions only would cost about 40% of it (200k x 9:
 *   0.8 vs 1.9 s) but leaves Danfo selecting numbers, not customers.
 * - fillMissing (fillNa): numeric and text fills go through `Series.fillNa` in its non-mutating form
 *   (`fillMissingValues`; exact, input untouched): 6.0 vs 1.2 ms at 10k, 85 vs 11 ms at 100k per
 *   column (text 83 vs 5). Danfo refuses an empty-string (and null) fill and would fill NaN, which
 *   is not missing in seglab: those columns, and columns with nothing missing, take the array
 *   pass. `DataFrame.fillNa` is not used: it fills its input even without inplace. The fill values
 *   (type-7 median; mode ties to the smallest, labels as written) are seglab's.
 * Does not use Danfo (it would lose exact values or has no such operation):
 * - dedupeIds (drop_duplicates): `Series.dropDuplicates({ keep: 'last' })` finds the same rows but
 *   scans a list per value (quadratic: 10k ids 217 ms vs 4.8 ms for a Map; 100k not run),
 *   reverses its own input in place, and cannot keep the latest row by columns.updatedAt. -> Map pass.
 * - numericColumnsOf / coerceNumeric (astype): `asType('float32')` reads null and "" as 0, "1,200",
 *   "$5", "(3)" as NaN, and ids "00123" as 123 (4.3 vs 2.9 ms at 10k, 96 vs 14 ms at 100k): wrong. -> parseNumber
 *   with the missing-value tokens and clean.ranges.
 * - recodeTextColumns and the text mode (value counts, replace): `valueCounts` turns labels that
 *   start with digits into numbers ("00123" -> 123, "10-20" -> 10) and throws on distinct date
 *   strings; guaranteeing a column is safe needs a pass over every label, as long as the Map count
 *   itself (valueCounts 7.2 vs 0.6 ms at 10k, 27 vs 1.7 ms at 100k). `replace` takes one old/new pair
 *   per call (a copy of the column per recode). -> one Map lookup per value (recodeText, modeOf).
 * - joinExtras (merge): `merge` gives NaN for an unmatched row (bench/frames.ts). -> joinSource.
 * - winsoriseColumns: danfojs-node 1.2.0 has no Series quantile or clip. -> winsorise / clipAt.
 * - requireConfiguredColumns and customersLedger read the header and sum counts: nothing for Danfo.
 * The customer frame (`CleanCustomers.frame`) is built on first read (a getter): the pipeline
 * computes on the arrays and never reads it, notebooks and lib/workbench do. At 1M customers
 * (`node dist/bench/clean-customers.js <1M customers.csv>`, demo rules + income median fill,
 * marital_status mode fill, income winsor) cleanCustomers took 8.8 s CPU on a loaded machine,
 * about 2.2 s of it the frame. One locked run each, same machine state: before 6.53 s CPU (the frame
 * 1.97 s of it), after (fills on Danfo, frame lazy) 5.14 s CPU; same result digest 22c1315f602c9284.
 */
import type * as dfd from 'danfojs-node';

/**
 * Danfo itself, loaded on first use (issue 15): requiring danfojs-node loads mathjs, xlsx, request
 * and tfjs-node, about 1.7 s of start-up CPU, which a run spent before reading its first row. Loaded
 * when a frame is first built (or by `loadDanfo`, e.g. while the main thread waits on DuckDB).
 */
let danfoModule: typeof dfd | null = null;
export function loadDanfo(): typeof dfd {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  danfoModule ??= require('danfojs-node') as typeof dfd;
  return danfoModule;
}
import { quantileSorted } from './rules';
import { dict, dictFrom } from '../io/dict';

/** A table as plain column arrays (what Danfo is built from, and what the pipeline computes on). */
export type Columns = Record<string, readonly (string | number | null)[]>;

/**
 * Build a Danfo DataFrame from plain column arrays (copied: the frame never aliases the caller's
 * arrays). An empty table gives a frame with the columns and no rows.
 * @example buildFrame({ id: ['a', 'b'], spend: [1, null] }).shape // [2, 2]
 */
export function buildFrame(columns: Columns): dfd.DataFrame {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  if (n === 0) return new (loadDanfo().DataFrame)([], { columns: names });
  // Rows plus a column list, not an object keyed by name: Danfo refuses a column object that has a
  // column named "constructor" (and a null-prototype one), while any name is safe as a list entry.
  const cols = names.map((name) => columns[name]);
  const rows: (string | number | null)[][] = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = cols.map((c) => c[r]);
  return new (loadDanfo().DataFrame)(rows, { columns: names });
}

/**
 * Rows where keep[i] of equally long columns, selected by Danfo's `query` with a boolean mask on a
 * frame of these columns; the values are read back as they are (nulls stay null, "00123" stays text:
 * query copies values, it never converts them). Nothing to drop: the columns are returned as copies
 * without building a frame.
 * @example queryRows([['a', 'b'], [1, null]], [false, true]) // [['b'], [null]]
 */
export function queryRows<T extends readonly (string | number | null)[]>(columns: readonly T[], keep: readonly boolean[]): T[] {
  if (keep.every((k) => k)) return columns.map((c) => c.slice() as unknown as T);
  const frame = buildFrame(dictFrom(columns.map((c, i) => [`c${i}`, c])));
  const kept = frame.query(new (loadDanfo().Series)(keep.slice())) as dfd.DataFrame;
  return columns.map((_, i) => frameColumn(kept, `c${i}`) as unknown as T);
}

/**
 * Missing values (null) of a column filled with `fill` by Danfo's `Series.fillNa` (the
 * non-mutating form: the input is not changed; values are copied, never converted). Danfo refuses
 * an empty-string or null fill and also fills NaN: then, and when nothing is missing, a plain array
 * pass does it.
 * @example fillMissingValues([1, null, 3], 2.5) // [1, 2.5, 3]
 */
export function fillMissingValues<V extends string | number>(values: readonly (V | null)[], fill: V | null): (V | null)[] {
  let nulls = 0;
  let nans = 0;
  for (const v of values) {
    if (v === null) nulls++;
    else if (typeof v === 'number' && Number.isNaN(v)) nans++;
  }
  // NaN is not missing in seglab (Danfo's fillNa would fill it): such a column takes the array pass.
  if (fill === null || fill === '' || nulls === 0 || nans > 0) return values.map((v) => (v === null ? fill : v));
  return (new (loadDanfo().Series)(values.slice()).fillNa(fill) as dfd.Series).values as (V | null)[];
}

/** The values of a frame's column as a plain array (nulls kept). */
export function frameColumn(frame: dfd.DataFrame, column: string): (string | number | null)[] {
  // The prototype's method, not frame.column: a column named "column" (or "values") shadows Danfo's member.
  const series = loadDanfo().DataFrame.prototype.column.call(frame, column) as dfd.Series;
  return series.values.slice() as (string | number | null)[];
}

/** Frame → plain columns (copies). */
export function frameColumns(frame: dfd.DataFrame): Record<string, (string | number | null)[]> {
  const out: Record<string, (string | number | null)[]> = dict();
  for (const c of frame.columns) out[c] = frameColumn(frame, c);
  return out;
}

/**
 * Rows `rows` of a frame, in that order, as a new frame: linear, unlike `df.loc({ rows })`.
 * @example selectRows(frame, [2, 0])
 */
export function selectRows(frame: dfd.DataFrame, rows: readonly number[]): dfd.DataFrame {
  const cols = frameColumns(frame);
  const out: Record<string, (string | number | null)[]> = dict();
  for (const [c, values] of Object.entries(cols)) out[c] = rows.map((r) => values[r]);
  return buildFrame(out);
}

/** Stack two frames with the same columns into a new frame; neither input changes (unlike dfd.concat). */
export function concatRows(top: dfd.DataFrame, bottom: dfd.DataFrame): dfd.DataFrame {
  const a = frameColumns(top);
  const b = frameColumns(bottom);
  const out: Record<string, (string | number | null)[]> = dict();
  for (const c of Object.keys(a)) out[c] = [...a[c], ...(b[c] ?? bottom.index.map(() => null))];
  return buildFrame(out);
}

/** Map a column, keeping nulls as null (Danfo's Series.apply turns them into 0). */
export function mapColumn<T extends string | number>(values: readonly (T | null)[], f: (v: T) => T): (T | null)[] {
  return values.map((v) => (v === null ? null : f(v)));
}

/** Count rows per value (a linear Map pass; Danfo's groupby is superlinear in the number of groups). */
export function countBy(values: readonly (string | number | null)[]): Map<string | number | null, number> {
  const counts = new Map<string | number | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Summary of a numeric column that tolerates nulls (Danfo's describe throws on them). */
export interface NumericSummary {
  count: number;
  missing: number;
  mean: number;
  sd: number;
  min: number;
  q25: number;
  median: number;
  q75: number;
  max: number;
}

/**
 * count / missing / mean / population sd / min / quartiles / max of a numeric column, nulls and
 * NaN counted as missing. All statistics are NaN when nothing is present.
 * @example summarise([1, null, 3]).mean // 2
 */
export function summarise(values: readonly (number | null)[]): NumericSummary {
  const present = values.filter((v): v is number => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  const n = present.length;
  const mean = n ? present.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n ? Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / n) : NaN;
  return {
    count: n,
    missing: values.length - n,
    mean,
    sd,
    min: n ? present[0] : NaN,
    q25: quantileSorted(present, 0.25),
    median: quantileSorted(present, 0.5),
    q75: quantileSorted(present, 0.75),
    max: n ? present[n - 1] : NaN,
  };
}
