/**
 * The deterministic sample a model is fitted on when the data stays in the warehouse: customers
 * whose id falls in the first `keep` of `buckets` hash buckets (the engine's own hash of the
 * trimmed id, dialects.ts), with all of their order lines. The same ids give the same sample on
 * every rerun of the same engine, and a customer is never split (all lines or none).
 *
 * Size rule (sampleBuckets): at least `minCustomers` customers (default 100,000) or everyone when
 * there are fewer; after fitting, the smallest segment should hold at least 1,000 sampled
 * customers (checkSampleSize says by how much to grow the sample when it does not).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, msg } from '../errors/messages';
import { csvField } from '../io/csv';
import type { RawTable } from '../load/csv';
import { dialect as dialectOf, tableName, type DialectName } from './dialects';
import type { Row, Warehouse } from './engines';

/** Hash buckets the ids are spread over (the sample keeps a whole number of them). */
export const SAMPLE_BUCKETS = 10_000;
/** Default smallest sample (customers). */
export const MIN_SAMPLE_CUSTOMERS = 100_000;
/** Sampled customers the smallest segment should have. */
export const MIN_SEGMENT_IN_SAMPLE = 1_000;

/**
 * Buckets to keep so that about `minCustomers` of `totalCustomers` are sampled (all buckets when the table is small).
 * @example sampleBuckets(10_000_000) // 100 of 10,000 buckets: about 100,000 customers
 */
export function sampleBuckets(totalCustomers: number, minCustomers = MIN_SAMPLE_CUSTOMERS): number {
  if (totalCustomers <= minCustomers) return SAMPLE_BUCKETS;
  return Math.min(SAMPLE_BUCKETS, Math.ceil((SAMPLE_BUCKETS * minCustomers) / totalCustomers));
}

/**
 * The sample's SELECTs: customers in the kept buckets, and their order lines.
 * @example sampleQueries('duckdb', 'customer_id', 100, { customers: 'customers', orders: 'orders' }).orders
 */
export function sampleQueries(
  name: DialectName,
  idColumn: string,
  keep: number,
  tables: { customers: string; orders?: string },
  orderBy?: { customers: readonly string[]; orders: readonly string[] },
): { customers: string; orders: string | null } {
  const d = dialectOf(name);
  const bucket = `${d.hashBucket(d.trim(d.text(d.ident(idColumn))), SAMPLE_BUCKETS)} < ${keep}`;
  // Sorted by every column when asked: the same rows in the same order on every pull (a sharded engine returns them in any order).
  const sorted = (cols: readonly string[] | undefined): string => (cols && cols.length ? ` ORDER BY ${cols.map((c) => d.ident(c)).join(', ')}` : '');
  return {
    customers: `SELECT * FROM ${tableName(d, tables.customers)} WHERE ${bucket}${sorted(orderBy?.customers)}`,
    orders: tables.orders ? `SELECT * FROM ${tableName(d, tables.orders)} WHERE ${bucket}${sorted(orderBy?.orders)}` : null,
  };
}

/** A table's column names, in order (from one row; an empty table is an error naming it). */
export async function columnsOf(wh: Warehouse, table: string): Promise<string[]> {
  const d = dialectOf(wh.dialect);
  const rows = await wh.query(`SELECT * FROM ${tableName(d, table)} LIMIT 1`);
  if (rows.length === 0) fail('warehouse', msg.warehouseFailed(wh.engine, `the table ${table} is empty`));
  return Object.keys(rows[0]);
}

/** The sample as two CSV files in `dir`, and its size. */
export interface PulledSample {
  customersFile: string;
  ordersFile: string;
  customers: number;
  lines: number;
}

/**
 * Pull the sample (customers in the first `keep` buckets, and their order lines), sorted by every
 * column, into customers.csv and orders.csv in `dir`, streamed chunk by chunk. The same tables give
 * byte-identical files on every pull (what `seglab reproduce` of a warehouse run relies on).
 * @example await pullSample(wh, 'customer_id', 100, { customers: 'customers', orders: 'orders' }, dir)
 */
export async function pullSample(wh: Warehouse, idColumn: string, keep: number, tables: { customers: string; orders: string }, dir: string): Promise<PulledSample> {
  const header = { customers: await columnsOf(wh, tables.customers), orders: await columnsOf(wh, tables.orders) };
  const q = sampleQueries(wh.dialect, idColumn, keep, tables, header);
  const customersFile = path.join(dir, 'customers.csv');
  const ordersFile = path.join(dir, 'orders.csv');
  const customers = await pullToCsv(wh, q.customers, header.customers, customersFile);
  const lines = await pullToCsv(wh, q.orders as string, header.orders, ordersFile);
  return { customersFile, ordersFile, customers, lines };
}

/** A value as the text a CSV file would hold (timestamps as ISO "YYYY-MM-DD HH:MM:SS" UTC). */
function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  return String(v);
}

/**
 * Rows pulled from an engine as a RawTable, so the ordinary cleaning and feature code fits on them.
 * @example const table = rowsToRawTable('customers', rows, ['customer_id', 'region']);
 */
export function rowsToRawTable(role: string, rows: readonly Row[], header: readonly string[], file = `${role} (warehouse sample)`): RawTable {
  return {
    role,
    file,
    delimiter: ',',
    hadBom: false,
    header: header.slice(),
    rows: rows.map((r) => header.map((h) => asText(r[h]))),
    lines: rows.map((_, i) => i + 2),
    blankLines: 0,
  };
}

/**
 * Whether the sample was large enough: the smallest segment's sampled customers against
 * MIN_SEGMENT_IN_SAMPLE; when short, the bucket count that would reach it (proportionally).
 * @example checkSampleSize([5000, 800], 100) // { enough: false, keep: 125 }
 */
export function checkSampleSize(segmentSizes: readonly number[], keep: number): { enough: boolean; keep: number } {
  const smallest = Math.min(...segmentSizes);
  if (smallest >= MIN_SEGMENT_IN_SAMPLE) return { enough: true, keep };
  return { enough: false, keep: Math.min(SAMPLE_BUCKETS, Math.ceil((keep * MIN_SEGMENT_IN_SAMPLE) / Math.max(1, smallest))) };
}

/**
 * Pull a query's rows as a RawTable, chunk by chunk: only the text cells are kept (no row objects,
 * no engine result held whole), so the sample costs its text and little more.
 * @example const table = await pullTable(wh, q.orders, 'transactions', ['invoice', 'customer_id']);
 */
export async function pullTable(wh: Warehouse, sql: string, role: string, header: readonly string[], file = `${role} (warehouse sample)`): Promise<RawTable> {
  const rows: string[][] = [];
  await wh.each(sql, (chunk) => {
    for (const r of chunk) rows.push(header.map((h) => asText(r[h])));
  });
  return { role, file, delimiter: ',', hadBom: false, header: header.slice(), rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
}

/**
 * Pull a query's rows into a CSV file chunk by chunk (header first); returns the number of rows.
 * @example await pullToCsv(wh, q.customers, ['customer_id', 'region'], '/tmp/s/customers.csv')
 */
export async function pullToCsv(wh: Warehouse, sql: string, header: readonly string[], file: string): Promise<number> {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${header.map((h) => csvField(h)).join(',')}\n`);
    return await wh.each(sql, (chunk) => {
      fs.writeSync(fd, chunk.map((r) => `${header.map((h) => csvField(asText(r[h]))).join(',')}\n`).join(''));
    });
  } finally {
    fs.closeSync(fd);
  }
}
