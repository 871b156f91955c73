import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readDelimited, parseRecords, MAX_FIELD_CHARS } from '../../lib/load/csv';
import { SeglabError, msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { writeFixture } from '../helpers/fixtures';

// lib/load/csv.ts parses with csv-parse; these pin what the thin wrapper around it adds or keeps.
const read = (content: string | Uint8Array, opts?: Parameters<typeof readDelimited>[2]) => {
  const dir = writeFixture({ 'f.csv': content });
  return readDelimited(path.join(dir, 'f.csv'), 'customers', opts);
};
const failsWith = (content: string, expected: (file: string) => string) =>
  assert.throws(
    () => read(content),
    (e: unknown) => e instanceof SeglabError && e.message === `load: ${expected(/"(.*?)"/.exec(e.message)?.[1] ?? '')}` && !/\n\s+at /.test(e.message),
  );

test('csv: LF, CRLF and lone CR mixed in one file each end a record; lines are where records start', () => {
  const t = read('id,v\n1,a\r\n2,b\r3,c\n4,d');
  assert.deepEqual(t.rows, [['1', 'a'], ['2', 'b'], ['3', 'c'], ['4', 'd']]);
  assert.deepEqual(t.lines, [2, 3, 4, 5]);
  // A CRLF inside quotes is one line (csv-parse's own counter says two); the next record starts on line 4.
  const q = read('id,v\r\n1,"x\r\ny"\r\n2,"p\rq\nr"\r\n3,z\r\n');
  assert.deepEqual(q.rows, [['1', 'x\r\ny'], ['2', 'p\rq\nr'], ['3', 'z']]);
  assert.deepEqual(q.lines, [2, 4, 7]);
});

test('csv: an unterminated quote is named by the line where it opened, after multi-line records', () => {
  failsWith('id,v\n1,"a\r\nb"\n2,ok\n3,"never closes\n4,x\n5,y\n', (f) => msg.unterminatedQuote('customers', f, 5));
  failsWith('id,note,v\n1,"two ""quoted""\nlines",x\n2,"ab"cd,"open\n', (f) => msg.unterminatedQuote('customers', f, 4));
});

test('csv: text after a closing quote and a quote inside an unquoted field are kept, not errors', () => {
  const t = read('id,v,w\n1,"ab"cd,5" screen\n2,"x,y",plain\n');
  assert.deepEqual(t.rows, [['1', '"ab"cd', '5" screen'], ['2', 'x,y', 'plain']]);
});

test('csv: a field over the size cap is refused with the record\'s start line and the column', () => {
  const big = 'y'.repeat(MAX_FIELD_CHARS + 10);
  failsWith(`id,a,b\n1,"multi\nline",ok\n2,x,"${big}"\n`, (f) => msg.fieldTooLarge('customers', f, 4, 3, big.length));
  // Exactly at the cap is accepted.
  const ok = read(`id,a\n1,${'z'.repeat(MAX_FIELD_CHARS)}\n`);
  assert.equal(ok.rows[0][1].length, MAX_FIELD_CHARS);
});

test('csv: ragged rows are all listed together; BOM with skipLines; sniffed ; and tab delimiters with quotes', () => {
  failsWith('id,v\n1,2\n3\n4,"5,6",7\n8,9\n', (f) => msg.raggedRows('customers', f, 2, [{ line: 3, fields: 1 }, { line: 4, fields: 3 }]));
  const bom = read('\ufeff# exported 2025\nid;v\n1;"a;b"\n', { skipLines: 1 });
  assert.equal(bom.hadBom, true);
  assert.equal(bom.delimiter, ';');
  assert.deepEqual(bom.rows, [['1', 'a;b']]);
  assert.deepEqual(bom.lines, [3]);
  const tab = read('id\tname\n1\t"Ann\tLee"\n');
  assert.equal(tab.delimiter, '\t');
  assert.deepEqual(tab.rows, [['1', 'Ann\tLee']]);
});

test('csv: seeded random fields written with RFC 4180 quoting read back exactly, with their start lines', () => {
  const rng = createRng(20261128);
  const alphabet = ['a', 'Z', '7', ' ', ',', '"', '\n', '\r\n', '\r', ';', 'é', '€', "'"];
  const field = (): string => Array.from({ length: rng.int(6) }, () => alphabet[rng.int(alphabet.length)]).join('');
  const quote = (f: string): string => (/[",\r\n]/.test(f) || rng.next() < 0.2 ? `"${f.replace(/"/g, '""')}"` : f);
  const eols = ['\n', '\r\n', '\r'];
  const records: string[][] = [];
  for (let r = 0; r < 400; r++) records.push(Array.from({ length: 4 }, field));
  let text = 'a,b,c,d\n';
  const expectedLines: number[] = [];
  let line = 2;
  for (const rec of records) {
    expectedLines.push(line);
    text += rec.map(quote).join(',') + eols[rng.int(3)];
    line += 1 + rec.reduce((s, f) => s + (f.match(/\r\n|\r|\n/g) ?? []).length, 0);
  }
  const parsed = parseRecords(text, ',', { role: 'r', file: 'f' });
  assert.deepEqual(parsed.slice(1).map((p) => p.fields), records);
  assert.deepEqual(parsed.slice(1).map((p) => p.line), expectedLines);
});
