import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSource } from '../../lib/load/source';
import { SeglabError } from '../../lib/errors/messages';
import { tempDir } from '../helpers/paths';

// The same xlsx package the reader uses (SheetJS, through danfojs-node's dependency).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const XLSX = require('xlsx') as {
  utils: { aoa_to_sheet: (rows: unknown[][]) => unknown; book_new: () => unknown; book_append_sheet: (book: unknown, sheet: unknown, name: string) => void };
  write: (book: unknown, opts: { type: 'buffer'; bookType: 'xlsx' }) => Buffer;
};

function workbook(rows: unknown[][]): string {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'customers');
  const file = path.join(tempDir(), 'customers.xlsx');
  fs.writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
  return file;
}

test('an XLSX sheet is read as text with exact values, its header and row numbers', async () => {
  const file = workbook([
    ['customer_id', 'income', 'joined'],
    ['C1', 52300.25, '2024-01-05'],
    ['C2', '', '2024-02-07'],
  ]);
  const t = await readSource({ path: file }, 'customers');
  assert.deepEqual(t.header, ['customer_id', 'income', 'joined']);
  assert.deepEqual(t.rows, [['C1', '52300.25', '2024-01-05'], ['C2', '', '2024-02-07']]);
  assert.deepEqual(t.lines, [2, 3]);
  assert.deepEqual(t.guessed, ['first sheet of the workbook']);
});

test('an XLSX file with a header only, or that is not a workbook, is one clear error', async () => {
  await assert.rejects(readSource({ path: workbook([['customer_id', 'income']]) }, 'customers'), (e: unknown) => e instanceof SeglabError && /header but no data rows/.test(e.message));
  const junk = path.join(tempDir(), 'broken.xlsx');
  fs.writeFileSync(junk, 'this is not a workbook');
  await assert.rejects(readSource({ path: junk }, 'customers'), (e: unknown) => e instanceof SeglabError && /broken\.xlsx/.test(e.message));
});
