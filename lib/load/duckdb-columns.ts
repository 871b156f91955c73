/**
 * Reading a query's result column by column straight from DuckDB's vectors (issue 15): a DOUBLE or
 * INTEGER column is copied out of the vector into a Float64Array, where `getColumnsJS` calls a
 * converter and pushes one value at a time onto a growing array (about a second per
 * 200,000-customer aggregate). Other types are read value by value, as `getColumnsJS` reads them.
 */
import { DuckDBDoubleVector, DuckDBIntegerVector, type DuckDBConnection } from '@duckdb/node-api';

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
