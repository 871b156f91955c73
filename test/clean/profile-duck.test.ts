/**
 * The order lines' data-quality profile on the DuckDB path (profileDuckSource) reads each row as
 * one joined string and splits it (issue 15). It must give exactly what the plain read gives, also
 * when a value holds the separator itself (U+001F: then it reads plainly), with empty cells,
 * quoted commas and spaces kept as written, and only the first `maxRows` rows in file order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileDuckSource, profileSource } from '../../lib/clean/profile';
import { missingSet } from '../../lib/clean/coerce';
import { withDuckdb } from '../../lib/load/duckdb';
import type { DuckSource } from '../../lib/load/source';
import type { RawTable } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';

/** A CSV (header + rows) and the same rows as a RawTable, values written without quotes unless needed. */
function write(dir: string, name: string, header: string[], rows: string[][]): { src: DuckSource; table: RawTable } {
  const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n');
  const src: DuckSource = { kind: 'duckdb', role: 'transactions', file, spec: { path: file }, format: 'csv', header, rowCount: -1, guessed: [] };
  const table = { role: 'transactions', file, delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, r) => r + 2), blankLines: 0, guessed: [] } as RawTable;
  return { src, table };
}

test('profileDuckSource equals profileSource on the same rows, with and without the separator in a value', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-profile-duck-'));
  try {
    const rng = createRng(11);
    const header = ['customer_id', 'order_date', 'amount', 'category', 'note'];
    const cats = ['home', 'Home', ' apparel', 'n/a', '', 'toys, games'];
    const rows: string[][] = [];
    for (let r = 0; r < 3000; r++) {
      const day = 1 + Math.floor(rng.next() * 28);
      rows.push([
        `C${String(Math.floor(rng.next() * 400)).padStart(4, '0')}`,
        rng.next() < 0.05 ? 'not a date' : `2024-03-${String(day).padStart(2, '0')}`,
        rng.next() < 0.05 ? '' : (rng.next() * 200 - 20).toFixed(2),
        cats[Math.floor(rng.next() * cats.length)],
        rng.next() < 0.1 ? 'said "hi", left' : 'x',
      ]);
    }
    const missing = missingSet(['', 'na', 'n/a']);
    const plain = write(dir, 'plain.csv', header, rows);
    const withSep = write(dir, 'sep.csv', header, rows.map((row, r) => (r === 1500 ? [...row.slice(0, 4), 'a\u001fb'] : row)));
    for (const { src, table } of [plain, withSep]) {
      for (const maxRows of [200_000, 1000]) {
        const duck = await withDuckdb((con) => profileDuckSource(con, src, missing, ['customer_id'], maxRows));
        const node = profileSource(table, missing, ['customer_id'], maxRows);
        // rows: the caller sets the file's count once aggregated; here both name the rows profiled.
        assert.deepEqual({ ...duck, rows: node.rowsProfiled }, { ...node, rows: node.rowsProfiled });
        assert.equal(duck.rowsProfiled, Math.min(rows.length, maxRows));
      }
    }
    // The separator case really profiled the value holding it (the note column's distinct count grew).
    const a = await withDuckdb((con) => profileDuckSource(con, plain.src, missing));
    const b = await withDuckdb((con) => profileDuckSource(con, withSep.src, missing));
    const distinct = (p: typeof a): number => p.columns.find((c) => c.name === 'note')?.distinct ?? -1;
    assert.equal(distinct(b), distinct(a) + 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
