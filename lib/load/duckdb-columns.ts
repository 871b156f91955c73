/**
 * Reading a query's result column by column straight from DuckDB's vectors (issue 15): a DOUBLE or
 * INTEGER column is copied out of the vector into a Float64Array, where `getColumnsJS` calls a
 * converter and pushes one value at a time onto a growing array (about a second per
 * 200,000-customer aggregate). Other types are read value by value, as `getColumnsJS` reads them.
 */
import { DuckDBDoubleVector, DuckDBIntegerVector, type DuckDBConnection } from '@duckdb/node-api';
import * as os from 'node:os';

/**
 * What @duckdb/node-api 1.5's numeric vectors hold (TypeScript-private, present at run time): the
 * values as a typed array over the chunk's memory and the validity mask (64-bit words, bit r of
 * the mask = row r valid; no mask = every row valid).
 */
interface VectorInternals {
  items?: unknown;
  validity?: { data?: unknown; offset?: unknown };
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

/**
 * Copies a DOUBLE or INTEGER vector's rows into `out` at `offset` in one typed-array copy, then
 * writes NaN where the mask says NULL (issue 15: getItem tests a BigInt mask bit per value, about
 * 3 s for 14 columns of 1M rows). False (nothing written) when the vector does not look as
 * expected, for the caller's value-by-value read.
 */
export function copyNumbers(vector: unknown, rows: number, out: Float64Array, offset: number): boolean {
  const { items, validity } = vector as VectorInternals;
  if (!(items instanceof Float64Array || items instanceof Int32Array) || items.length !== rows) return false;
  if (!validity || validity.offset !== 0) return false;
  const mask = validity.data;
  if (mask !== null && !(mask instanceof BigUint64Array && LITTLE_ENDIAN && mask.length * 64 >= rows)) return false;
  out.set(items, offset);
  if (mask) {
    // Row r's bit in 32-bit words of the little-endian mask: word r >>> 5, bit r & 31.
    const words = new Uint32Array(mask.buffer, mask.byteOffset, mask.length * 2);
    for (let r = 0; r < rows; r++) if (((words[r >>> 5] >>> (r & 31)) & 1) === 0) out[offset + r] = NaN;
  }
  return true;
}

/** One result column: numbers (NULL as NaN) for DOUBLE and INTEGER columns, else the values as DuckDB gives them (NULL as null). */
export type ResultColumn = Float64Array | unknown[];

/**
 * Every column of `sql`'s result.
 * @example const [k, sums] = await readColumns(con, 'SELECT k, sum(x)::DOUBLE FROM t GROUP BY k');
 */
export async function readColumns(con: DuckDBConnection, sql: string): Promise<ResultColumn[]> {
  const result = await con.run(sql);
  const n = Number(result.rowCount);
  const columns: ResultColumn[] = [];
  // No rows: an empty column each.
  if (result.chunkCount === 0) for (let j = 0; j < result.columnCount; j++) columns.push([]);
  let offset = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const rows = chunk.rowCount;
    for (let j = 0; j < chunk.columnCount; j++) {
      const vector = chunk.getColumnVector(j);
      if (vector instanceof DuckDBDoubleVector || vector instanceof DuckDBIntegerVector) {
        if (c === 0) columns[j] = new Float64Array(n);
        const out = columns[j] as Float64Array;
        if (copyNumbers(vector, rows, out, offset)) continue;
        for (let r = 0; r < rows; r++) {
          const v = vector.getItem(r);
          out[offset + r] = v === null ? NaN : v;
        }
      } else {
        if (c === 0) columns[j] = new Array<unknown>(n);
        const out = columns[j] as unknown[];
        for (let r = 0; r < rows; r++) out[offset + r] = vector.getItem(r);
      }
    }
    offset += rows;
  }
  return columns;
}
