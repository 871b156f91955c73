/**
 * Stage 1 of the data layer: read every source declared in the run config.
 *
 *   sources.customers     ──> RawTable               (required)
 *   sources.transactions  ──> RawTable | DuckSource   (large files stay in DuckDB)
 *   sources.surveys/web/campaigns/consent ──> RawTable (optional; joined on the customer id in clean/)
 *
 * Nothing is coerced here: every value stays text, so cleaning rules decide and count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExtraSourceRole, RunConfig, SourceSpec } from '../config/types';
import { EXTRA_SOURCE_ROLES } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import { readDelimited, readFileBytes, type RawTable } from './csv';
import { duckdbError, readWithDuckdb, relationColumns, sourceRelation, withDuckdb } from './duckdb';
import { readJsonTable } from './json';
import { duckdbSuits } from './engine';

/** Files above this size are read through DuckDB when engine is "auto" (bytes). */
export const DUCKDB_THRESHOLD_BYTES = 256 * 1024 * 1024;

/** A source left in DuckDB (read and aggregated with SQL, never materialised in Node). */
export interface DuckSource {
  kind: 'duckdb';
  role: string;
  file: string;
  spec: SourceSpec;
  format: 'csv' | 'parquet' | 'json' | 'ndjson';
  header: string[];
  /** Rows in the file (data rows, header excluded); counted when the source is aggregated (-1 until then). */
  rowCount: number;
  guessed: string[];
}

/** Every source as read. */
export interface LoadedSources {
  customers: RawTable;
  transactions: RawTable | DuckSource | null;
  extras: Partial<Record<ExtraSourceRole, RawTable>>;
}

type ConcreteFormat = 'csv' | 'json' | 'ndjson' | 'parquet' | 'xlsx';

/** The format of a source: declared, or from the extension (".gz" looks at the name before it). */
export function formatOf(spec: SourceSpec, role: string): ConcreteFormat {
  if (spec.format && spec.format !== 'auto') return spec.format;
  const name = spec.path.toLowerCase().replace(/\.gz$/, '');
  const ext = path.extname(name);
  if (['.csv', '.tsv', '.txt', '.tab', '.data', '.test', ''].includes(ext)) return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.xlsx' || ext === '.xls') return 'xlsx';
  throw new SeglabError('load', msg.unknownFormat(role, spec.path, ext));
}

function readXlsx(spec: SourceSpec, role: string): RawTable {
  // danfo's own Excel reader returns float32 columns; read the sheet through the same xlsx
  // package danfo uses, as text, so values are exact and cleaning rules apply.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const XLSX = require('xlsx') as {
    read: (data: Buffer, opts: { type: 'buffer' }) => { SheetNames: string[]; Sheets: Record<string, unknown> };
    utils: { sheet_to_json: (sheet: unknown, opts: { header: 1; raw: false; defval: string }) => unknown[][] };
  };
  let grid: unknown[][];
  try {
    const book = XLSX.read(readFileBytes(spec.path, role).bytes, { type: 'buffer' });
    grid = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1, raw: false, defval: '' });
  } catch (e) {
    if (e instanceof SeglabError) throw e;
    throw new SeglabError('load', msg.xlsxFailed(role, spec.path, (e as Error).message));
  }
  const cells = grid.slice(spec.skipLines ?? 0).map((r) => r.map((v) => String(v ?? '')));
  if (cells.length === 0) throw new SeglabError('load', msg.fileEmpty(role, spec.path));
  const hasHeader = !spec.columnNames && spec.header !== false;
  const header = spec.columnNames ? spec.columnNames.slice() : hasHeader ? cells[0].map((h) => h.trim()) : cells[0].map((_, j) => `column_${j + 1}`);
  const body = hasHeader ? cells.slice(1) : cells;
  if (body.length === 0) throw new SeglabError('load', msg.headerOnly(role, spec.path));
  const rows = body.map((r) => header.map((_, j) => r[j] ?? ''));
  return {
    role,
    file: spec.path,
    delimiter: '',
    hadBom: false,
    header,
    rows,
    lines: rows.map((_, i) => i + 1 + (hasHeader ? 1 : 0) + (spec.skipLines ?? 0)),
    blankLines: 0,
    guessed: ['first sheet of the workbook'],
  };
}

/** Should this source stay in DuckDB? */
function useDuckdb(spec: SourceSpec, format: ConcreteFormat): boolean {
  if (spec.engine === 'duckdb') return format !== 'xlsx';
  if (spec.engine === 'js') return false;
  if (format === 'parquet') return true;
  return format === 'csv' && !spec.path.endsWith('.gz') && fs.existsSync(spec.path) && fs.statSync(spec.path).size > DUCKDB_THRESHOLD_BYTES;
}

/**
 * Read one source into a RawTable (every value as text). Parquet goes through DuckDB.
 * @example readSource({ path: 'customers.csv' }, 'customers').header
 */
export async function readSource(spec: SourceSpec, role: string): Promise<RawTable> {
  if (!fs.existsSync(spec.path) || !fs.statSync(spec.path).isFile()) throw new SeglabError('load', msg.fileNotFound(role, spec.path));
  const format = formatOf(spec, role);
  if (useDuckdb(spec, format) && format !== 'xlsx') return readWithDuckdb(spec, role, format);
  switch (format) {
    case 'csv':
      return readDelimited(spec.path, role, spec);
    case 'json':
    case 'ndjson':
      return readJsonTable(spec.path, role, format);
    case 'xlsx':
      return readXlsx(spec, role);
    case 'parquet':
      return readWithDuckdb(spec, role, format);
    default: {
      const never: never = format;
      return never;
    }
  }
}

/** Open a large source in DuckDB: its columns and row count, not its rows. */
export async function openDuckSource(spec: SourceSpec, role: string): Promise<DuckSource> {
  if (!fs.existsSync(spec.path) || !fs.statSync(spec.path).isFile()) throw new SeglabError('load', msg.fileNotFound(role, spec.path));
  const format = formatOf(spec, role);
  if (format === 'xlsx') throw new SeglabError('load', msg.duckdbFailed(role, spec.path, 'XLSX is not read through DuckDB'));
  return withDuckdb(async (con) => {
    try {
      const relation = sourceRelation(spec, format);
      // Columns only: counting rows would scan the whole file once more; the aggregation counts them.
      const header = await relationColumns(con, relation);
      return { kind: 'duckdb', role, file: spec.path, spec, format, header, rowCount: -1, guessed: [`kept in DuckDB (${format})`] };
    } catch (e) {
      if (e instanceof SeglabError) throw e;
      throw duckdbError(role, spec.path, e);
    }
  });
}

/** True for a source kept in DuckDB. */
export function isDuckSource(t: RawTable | DuckSource | null): t is DuckSource {
  return t !== null && (t as DuckSource).kind === 'duckdb';
}

/** The id name that means "number the rows" when the file has no such column. */
export const ROW_ID = 'row_id';

/**
 * A table with a `row_id` column (1-based data-row number) prepended, for files without an id
 * column (Bank Marketing, Adult, Wholesale). Returns the table itself when it has one.
 */
export function withRowIds(table: RawTable): RawTable {
  if (table.header.includes(ROW_ID)) return table;
  return {
    ...table,
    header: [ROW_ID, ...table.header],
    rows: table.rows.map((row, i) => [String(i + 1), ...row]),
    guessed: [...(table.guessed ?? []), `no id column: "${ROW_ID}" numbers the rows`],
  };
}

/**
 * Read every source of the run config. When the id column is "row_id" and a file has no such
 * column, its rows are numbered (see withRowIds). Transactions stay in DuckDB when they are Parquet or
 * large (engine "auto", over 256 MB), CSV from 16 MB whose sampled values DuckDB reads as seglab
 * does (engine.ts), or when engine is "duckdb".
 * @example const loaded = await loadSources(config);
 */
export async function loadSources(config: RunConfig): Promise<LoadedSources> {
  const read = await readSource(config.sources.customers, 'customers');
  const customers = config.columns.customerId === ROW_ID ? withRowIds(read) : read;
  let transactions: RawTable | DuckSource | null = null;
  const tx = config.sources.transactions;
  if (tx) {
    const format = formatOf(tx, 'transactions');
    // Mid-size CSV order lines go to DuckDB too when their values read the same there (engine.ts, issue 15).
    transactions = useDuckdb(tx, format) || duckdbSuits(tx, config, format) ? await openDuckSource(tx, 'transactions') : await readSource(tx, 'transactions');
  }
  const extras: Partial<Record<ExtraSourceRole, RawTable>> = {};
  for (const role of EXTRA_SOURCE_ROLES) {
    const spec = config.sources[role];
    if (!spec) continue;
    // A source read from the same kind of id-less file is numbered the same way (row i = row i).
    const table = await readSource(spec, role);
    extras[role] = (spec.idColumn ?? config.columns.customerId) === ROW_ID ? withRowIds(table) : table;
  }
  return { customers, transactions, extras };
}
