/**
 * DuckDB (embedded, in-process) for what Node and Danfo do badly at scale: reading Parquet and
 * large CSV files, and per-customer aggregation over millions of order lines (see
 * features/behaviour-sql.ts). One instance per call, closed afterwards: no module state.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SeglabError, msg } from '../errors/messages';
import type { SourceSpec } from '../config/types';
import type { RawTable } from './csv';

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A column's value as the JavaScript readers get it: text, a missing (NULL) value as "". */
export function textOf(column: string): string {
  return `COALESCE(CAST(${column} AS VARCHAR), '')`;
}

/** A SQL identifier (column name). */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Open an in-memory DuckDB, run `work`, and close it whatever happens.
 * @param threads worker threads (default 2, the machine's cores)
 */
export async function withDuckdb<T>(work: (con: DuckDBConnection) => Promise<T>, threads = 2): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await instance.connect();
  try {
    return await work(con);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/**
 * The SQL table expression reading a source file with every column as text (so seglab's own
 * cleaning rules apply, not DuckDB's type guesses).
 */
export function sourceRelation(spec: SourceSpec, format: 'csv' | 'parquet' | 'json' | 'ndjson'): string {
  const file = sqlString(spec.path);
  switch (format) {
    case 'parquet':
      return `read_parquet(${file})`;
    case 'json':
    case 'ndjson':
      return `read_json_auto(${file})`;
    case 'csv': {
      const opts = ['all_varchar = true', "null_padding = false", 'strict_mode = true'];
      if (spec.delimiter) opts.push(`delim = ${sqlString(spec.delimiter)}`);
      if (spec.header !== undefined || spec.columnNames) opts.push(`header = ${spec.columnNames ? 'false' : String(spec.header)}`);
      if (spec.columnNames) opts.push(`names = [${spec.columnNames.map(sqlString).join(', ')}]`);
      if (spec.skipLines) opts.push(`skip = ${spec.skipLines}`);
      return `read_csv(${file}, ${opts.join(', ')})`;
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}

/** Turn a DuckDB failure into a SeglabError naming the file. */
export function duckdbError(role: string, file: string, e: unknown): SeglabError {
  const detail = String((e as Error)?.message ?? e).split('\n')[0];
  return new SeglabError('load', msg.duckdbFailed(role, file, detail));
}

/** Column names of a relation, without reading it. */
export async function relationColumns(con: DuckDBConnection, relation: string): Promise<string[]> {
  const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
  return r.getColumnsJS()[0].map(String);
}

/**
 * Read a whole file through DuckDB into a RawTable (every value as text; SQL NULL as "").
 * For Parquet, and for CSV files too large for one JavaScript string.
 * @example const t = await readWithDuckdb({ path: 'customers.parquet' }, 'customers', 'parquet');
 */
export async function readWithDuckdb(spec: SourceSpec, role: string, format: 'csv' | 'parquet' | 'json' | 'ndjson'): Promise<RawTable> {
  return withDuckdb(async (con) => {
    try {
      const relation = sourceRelation(spec, format);
      const header = await relationColumns(con, relation);
      const select = header.map((h) => textOf(sqlIdent(h))).join(', ');
      const result = await con.runAndReadAll(`SELECT ${select} FROM ${relation}`);
      const columns = result.getColumnsJS() as string[][];
      const n = columns[0]?.length ?? 0;
      const rows: string[][] = new Array(n);
      for (let r = 0; r < n; r++) {
        const row = new Array<string>(header.length);
        for (let j = 0; j < header.length; j++) row[j] = columns[j][r];
        rows[r] = row;
      }
      if (n === 0) throw new SeglabError('load', msg.headerOnly(role, spec.path));
      return {
        role,
        file: spec.path,
        delimiter: spec.delimiter ?? (format === 'csv' ? ',' : ''),
        hadBom: false,
        header,
        rows,
        // Line numbers assume one line per record (true for Parquet rows; approximate for CSV with quoted newlines).
        lines: rows.map((_, r) => r + (format === 'csv' ? 2 + (spec.skipLines ?? 0) : 1)),
        blankLines: 0,
        guessed: [`read through DuckDB (${format})`],
      };
    } catch (e) {
      if (e instanceof SeglabError) throw e;
      throw duckdbError(role, spec.path, e);
    }
  });
}
