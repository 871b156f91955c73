/**
 * Which engine aggregates a mid-size order-lines file (issue 15). DuckDB is faster and far leaner
 * than holding every line as JavaScript strings, and since money is summed exactly
 * (features/exact-sum.ts) both paths give the same bits, and the DuckDB path reads every value as
 * the JavaScript path does (features/sql-parse.ts; its day/month and decimal guesses from the same
 * rows). The rule below is older and stays cautious: with engine
 * "auto", a CSV between DUCKDB_MIN_BYTES and the large-file threshold goes to DuckDB only when a
 * sample from its top shows plain values both paths read the same way: ISO dates (or a declared
 * columns.dateFormat), plain numbers, a comma delimiter and every configured column present.
 * Anything else stays on the JavaScript path, with its sniffing and its messages.
 */
import * as fs from 'node:fs';
import type { RunConfig, SourceSpec } from '../config/types';
import { readDelimitedSample } from './csv';

/** Order-line CSV files from this size up may go to DuckDB under engine "auto" (bytes). */
export const DUCKDB_MIN_BYTES = 16 * 1024 * 1024;

/** Bytes read from the top of the file to check the values (about 20,000 order lines). */
const SAMPLE_BYTES = 1024 * 1024;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$/;
const DAY_MONTH_DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}( \d{1,2}:\d{2}(:\d{2})?)?$/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * True when a transactions CSV of mid size can be aggregated in DuckDB with the same result as
 * the JavaScript path (see the module comment). Never throws: any doubt means false.
 * @example duckdbSuits(config.sources.transactions, config, 'csv')
 */
export function duckdbSuits(spec: SourceSpec, config: RunConfig, format: string): boolean {
  if ((spec.engine ?? 'auto') !== 'auto' || format !== 'csv' || spec.path.endsWith('.gz')) return false;
  try {
    if (fs.statSync(spec.path).size < DUCKDB_MIN_BYTES) return false;
    const c = config.columns;
    if (c.decimal === ',') return false;
    const sample = readDelimitedSample(spec.path, 'transactions', { delimiter: spec.delimiter, header: spec.header, columnNames: spec.columnNames, skipLines: spec.skipLines }, SAMPLE_BYTES);
    if (sample.hadBom || (spec.delimiter ?? sample.delimiter) !== ',' || sample.rows.length === 0) return false;
    const hasAmount = sample.header.includes(c.amount);
    const numeric = hasAmount ? [c.amount] : [c.quantity, c.price];
    const needed = [spec.idColumn ?? c.customerId, c.orderDate, ...numeric, c.quantity, c.invoice, c.category, c.discount].filter((x): x is string => typeof x === 'string' && x !== '');
    if (!needed.every((col) => sample.header.includes(col))) return false;
    const missing = new Set(config.clean.missingTokens.map((t) => t.trim().toLowerCase()));
    const present = (v: string): boolean => v.trim() !== '' && !missing.has(v.trim().toLowerCase());
    const dateOk = c.dateFormat === 'dmy' || c.dateFormat === 'mdy' ? (v: string) => ISO_DATE.test(v) || DAY_MONTH_DATE.test(v) : (v: string) => ISO_DATE.test(v);
    const at = (col: string): number => sample.header.indexOf(col);
    const checks: [number, (v: string) => boolean][] = [
      [at(c.orderDate), dateOk],
      ...[...numeric, c.quantity, c.discount].filter((x): x is string => typeof x === 'string' && x !== '').map((col): [number, (v: string) => boolean] => [at(col), (v) => PLAIN_NUMBER.test(v)]),
    ];
    return sample.rows.every((row) => checks.every(([j, ok]) => !present(row[j] ?? '') || ok(row[j].trim())));
  } catch {
    return false;
  }
}
