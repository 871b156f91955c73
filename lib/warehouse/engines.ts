/**
 * Connections to the engines seglab runs SQL in, behind one small interface: DuckDB (embedded, a
 * file or ":memory:"), PostgreSQL (the `pg` client) and ClickHouse (`@clickhouse/client` over HTTP,
 * which also talks to Debian's old 18.x server: only plain queries and JSONEachRow are used).
 * One connection per `openWarehouse`, closed by `close()`: no module state.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { SeglabError, msg } from '../errors/messages';
import type { DialectName } from './dialects';

/** A row of a result, by column name. */
export type Row = Record<string, unknown>;

/** An open connection to one engine. */
export interface Warehouse {
  engine: 'duckdb' | 'postgres' | 'clickhouse';
  dialect: DialectName;
  /** Run a statement that returns rows. */
  query(sql: string): Promise<Row[]>;
  /**
   * Run a statement that returns rows and hand them over in chunks (DuckDB streams its result;
   * the others hand over their result in slices): the caller keeps only what it converts.
   * Returns the number of rows.
   */
  each(sql: string, onRows: (rows: Row[]) => void): Promise<number>;
  /** Run a statement (DDL, INSERT ... SELECT); no result. */
  exec(sql: string): Promise<void>;
  /** Insert rows (objects keyed by column) into a table. */
  insert(table: string, rows: readonly Row[]): Promise<void>;
  close(): Promise<void>;
}

/** DuckDB's memory_limit when seglab opens a file (the default is 80% of the machine's memory). */
export const DUCKDB_MEMORY_LIMIT = '500MB';

/** Which engine a URL names: postgres://, clickhouse:// (HTTP), else a DuckDB file path. */
export function engineOf(url: string): Warehouse['engine'] {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^clickhouse:\/\//i.test(url) || /^https?:\/\//i.test(url)) return 'clickhouse';
  if (url === ':memory:' || /\.(duckdb|db)$/i.test(url)) return 'duckdb';
  throw new SeglabError('warehouse', msg.warehouseUrl(url));
}

const failed = (engine: string, e: unknown): SeglabError => new SeglabError('warehouse', msg.warehouseFailed(engine, String((e as Error)?.message ?? e).split('\n')[0]));

/** Hand `rows` to `onRows` in slices of `size`. */
function inSlices(rows: Row[], onRows: (rows: Row[]) => void, size = 10_000): number {
  for (let start = 0; start < rows.length; start += size) onRows(rows.slice(start, start + size));
  return rows.length;
}

async function openDuckdb(file: string, threads: number, memoryLimit: string | null): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(file, { threads: String(threads), ...(memoryLimit ? { memory_limit: memoryLimit } : {}) });
  const con = await instance.connect();
  return {
    engine: 'duckdb',
    dialect: 'duckdb',
    async query(sql) {
      try {
        return (await con.runAndReadAll(sql)).getRowObjectsJS() as Row[];
      } catch (e) {
        throw failed('DuckDB', e);
      }
    },
    async each(sql, onRows) {
      let n = 0;
      try {
        const result = await con.stream(sql);
        for await (const rows of result.yieldRowObjectJs()) {
          n += rows.length;
          onRows(rows as Row[]);
        }
      } catch (e) {
        throw failed('DuckDB', e);
      }
      return n;
    },
    async exec(sql) {
      try {
        await con.run(sql);
      } catch (e) {
        throw failed('DuckDB', e);
      }
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const cols = Object.keys(rows[0]);
      const appender = await con.createAppender(table);
      try {
        for (const row of rows) {
          for (const c of cols) {
            const v = row[c];
            if (v === null || v === undefined) appender.appendNull();
            else if (typeof v === 'number') appender.appendDouble(v);
            else appender.appendVarchar(String(v));
          }
          appender.endRow();
        }
      } finally {
        appender.closeSync();
      }
    },
    async close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

async function openPostgres(url: string): Promise<Warehouse> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw failed('PostgreSQL', e);
  }
  return {
    engine: 'postgres',
    dialect: 'postgres',
    async query(sql) {
      try {
        return (await client.query(sql)).rows as Row[];
      } catch (e) {
        throw failed('PostgreSQL', e);
      }
    },
    async each(sql, onRows) {
      try {
        return inSlices((await client.query(sql)).rows as Row[], onRows);
      } catch (e) {
        throw failed('PostgreSQL', e);
      }
    },
    async exec(sql) {
      try {
        await client.query(sql);
      } catch (e) {
        throw failed('PostgreSQL', e);
      }
    },
    async insert(table, rows) {
      const cols = Object.keys(rows[0] ?? {});
      // Batches of plain parameterised INSERTs: no COPY, so any PostgreSQL and any client setup works.
      for (let start = 0; start < rows.length; start += 1000) {
        const batch = rows.slice(start, start + 1000);
        const values: unknown[] = [];
        const tuples = batch.map((row) => `(${cols.map((c) => `$${values.push(row[c] ?? null)}`).join(', ')})`);
        try {
          await client.query(`INSERT INTO ${table} (${cols.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
        } catch (e) {
          throw failed('PostgreSQL', e);
        }
      }
    },
    async close() {
      await client.end();
    },
  };
}

async function openClickhouse(url: string): Promise<Warehouse> {
  const { createClient } = await import('@clickhouse/client');
  const http = url.replace(/^clickhouse:\/\//i, 'http://');
  // Long in-engine jobs (a 100M-line scoring): a 10-minute timeout, kept alive by progress headers (ClickHouse 18 sends them too).
  const client = createClient({ url: http, request_timeout: 600_000, clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' } });
  return {
    engine: 'clickhouse',
    dialect: 'clickhouse',
    async query(sql) {
      try {
        const result = await client.query({ query: sql, format: 'JSONEachRow' });
        return (await result.json()) as Row[];
      } catch (e) {
        throw failed('ClickHouse', e);
      }
    },
    async each(sql, onRows) {
      try {
        return inSlices((await (await client.query({ query: sql, format: 'JSONEachRow' })).json()) as Row[], onRows);
      } catch (e) {
        throw failed('ClickHouse', e);
      }
    },
    async exec(sql) {
      try {
        await client.command({ query: sql });
      } catch (e) {
        throw failed('ClickHouse', e);
      }
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      try {
        // JSONEachRow: the insert format ClickHouse 18.x reads.
        await client.insert({ table, values: rows as Row[], format: 'JSONEachRow' });
      } catch (e) {
        throw failed('ClickHouse', e);
      }
    },
    async close() {
      await client.close();
    },
  };
}

/**
 * Open a connection: a DuckDB file (or ":memory:"), postgres://user@host:port/db, or
 * clickhouse://host:port (the HTTP port; http:// also accepted).
 * @example const wh = await openWarehouse('postgres://seglab@127.0.0.1:55432/seglab'); await wh.query('SELECT 1 AS x');
 */
export async function openWarehouse(url: string, options: { threads?: number; memoryLimit?: string | null } = {}): Promise<Warehouse> {
  const engine = engineOf(url);
  switch (engine) {
    case 'duckdb':
      // DuckDB runs inside this process: its memory (buffer pool of the scanned file, hash tables) counts against ours.
      // Beyond memory_limit it spills to its temp directory (<file>.tmp).
      return openDuckdb(url, options.threads ?? 2, options.memoryLimit === undefined ? DUCKDB_MEMORY_LIMIT : options.memoryLimit);
    case 'postgres':
      return openPostgres(url);
    case 'clickhouse':
      return openClickhouse(url);
    default: {
      const never: never = engine;
      return never;
    }
  }
}
