import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { readDelimited, MAX_FIELD_CHARS } from '../../lib/load/csv';
import { readSource } from '../../lib/load/source';
import { sqlString, withDuckdb } from '../../lib/load/duckdb';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { profileSource } from '../../lib/clean/profile';
import { missingSet } from '../../lib/clean/coerce';
import { SeglabError, msg } from '../../lib/errors/messages';
import { writeFixture } from '../helpers/fixtures';
import { testConfig } from '../helpers/config';

const file = (content: string | Uint8Array, name = 'f.csv'): string => path.join(writeFixture({ [name]: content }), name);
const read = (content: string | Uint8Array, opts?: Parameters<typeof readDelimited>[2]) => readDelimited(file(content), 'customers', opts);
const seglabError = (re: RegExp) => (e: unknown) => e instanceof SeglabError && re.test(e.message) && !/\n\s+at /.test(e.message);

test('malformed: empty file, header only, duplicate column names, ragged rows, non-UTF-8 are specific errors', () => {
  assert.throws(() => read(''), seglabError(/is empty/));
  assert.throws(() => read('id,v\r\n'), seglabError(/header but no data rows/));
  assert.throws(() => read('id,v,id\n1,2,3\n'), seglabError(/column name "id" more than once/));
  assert.throws(() => read('id,v\n1,2\n1,2,3\n'), seglabError(/line 3: 3/));
  assert.throws(() => read(Buffer.from([0x69, 0x64, 0x0a, 0xe9, 0x0a])), seglabError(/not valid UTF-8 \(first bad byte on line 2\)/));
});

test('malformed: BOM, CRLF and quoted newlines are repaired transparently', () => {
  const t = read('\ufeffid,note\r\n1,"two\r\nlines"\r\n2,"say ""hi"""\r\n');
  assert.equal(t.hadBom, true);
  assert.deepEqual(t.header, ['id', 'note']);
  assert.deepEqual(t.rows, [['1', 'two\r\nlines'], ['2', 'say "hi"']]);
  assert.deepEqual(t.lines, [2, 4]);
});

test('malformed: a wrong delimiter surfaces as a missing column listing the columns found and the closest', () => {
  const t = read('customer_id;amount\n1;2\n', ',');
  assert.throws(() => cleanCustomers(t, testConfig()), seglabError(/no column "customer_id".*Columns found: "customer_id;amount"/));
});

test('malformed: a 10 MB field is refused with the line and the limit', () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  assert.throws(() => read(`id,v\n1,${big}\n`), (e: unknown) => e instanceof SeglabError && e.message === `load: ${msg.fieldTooLarge('customers', (e as SeglabError).message.match(/"(.*?)"/)?.[1] ?? '', 2, 2, big.length)}`);
  assert.ok(big.length > MAX_FIELD_CHARS);
});

test('malformed: an id column with blanks drops those rows and counts them; all-null and constant columns are profiled as such', () => {
  const t = read('customer_id,empty,const,income\n1,,a,10\n,,a,20\n  ,,a,30\n4,,a,40\n');
  const c = cleanCustomers(t, testConfig({ features: { customerColumns: ['income'] } }));
  assert.deepEqual(c.ids, ['1', '4']);
  assert.equal(c.ledger.dropped['missing customer id'], 2);
  const p = profileSource(t, missingSet(['']));
  const col = (n: string) => p.columns.find((x) => x.name === n);
  assert.equal(col('empty')?.type, 'empty');
  assert.equal(col('empty')?.missingShare, 1);
  assert.equal(col('const')?.constant, true);
  assert.deepEqual(col('income')?.quantiles?.[2], 25);
  // An all-null feature column is an error, not a silent median of nothing.
  assert.throws(() => cleanCustomers(t, testConfig({ features: { customerColumns: ['empty'] } })), seglabError(/no features are left|empty in every row/));
});

test('malformed: ambiguous dates are an error naming the fix; declared order reads them', () => {
  const t = read('invoice_no,customer_id,order_date,amount\n1,C1,03/04/2025,5\n2,C1,04/03/2025,6\n');
  const ids = new Set(['C1']);
  assert.throws(() => cleanTransactions(t, testConfig(), ids, ids), seglabError(/columns.dateFormat: "dmy"/));
  const tx = cleanTransactions(t, testConfig({ columns: { dateFormat: 'mdy' } }), ids, ids);
  assert.deepEqual(tx.time, [Date.UTC(2025, 2, 4), Date.UTC(2025, 3, 3)]);
});

test('formats: gzip, no header (sniffed), skipLines + trimFields + columnNames, JSON and NDJSON', async () => {
  const gz = read(zlib.gzipSync(Buffer.from('id;v\n1;2\n')));
  assert.deepEqual(gz.rows, [['1', '2']]);
  assert.ok(gz.guessed?.includes('gzip-compressed (read with zlib)'));
  const noHeader = read('1,2\n3,4\n');
  assert.deepEqual(noHeader.header, ['column_1', 'column_2']);
  assert.equal(noHeader.rows.length, 2);
  assert.ok(noHeader.guessed?.some((g) => /no header/.test(g)));
  const adult = read('|1x3 Cross validator\n25, Private, <=50K.\n38, ?, >50K.\n', { delimiter: ',', skipLines: 1, trimFields: true, columnNames: ['age', 'work', 'income'] });
  assert.deepEqual(adult.rows, [['25', 'Private', '<=50K.'], ['38', '?', '>50K.']]);
  assert.deepEqual(adult.lines, [2, 3]);
  const json = await readSource({ path: file('[{"customer_id":"C1","age":30},{"customer_id":"C2","city":"Oslo"}]', 'c.json') }, 'customers');
  assert.deepEqual(json.header, ['customer_id', 'age', 'city']);
  assert.deepEqual(json.rows, [['C1', '30', ''], ['C2', '', 'Oslo']]);
  const nd = await readSource({ path: file('{"customer_id":"C1","s":1}\n\n{"customer_id":"C2","s":2}\n', 'w.ndjson') }, 'web');
  assert.deepEqual(nd.rows, [['C1', '1'], ['C2', '2']]);
  await assert.rejects(readSource({ path: file('{"a":1}', 'x.json') }, 'web'), seglabError(/not a table of records/));
  await assert.rejects(readSource({ path: file('a', 'x.weird') }, 'web'), seglabError(/sources.web.format/));
});

test('formats: Parquet is read through DuckDB, values as text', async () => {
  const dir = writeFixture({});
  const pq = path.join(dir, 'c.parquet');
  await withDuckdb(async (con) => {
    await con.run(`COPY (SELECT * FROM (VALUES ('C1', 34, 1.5::DOUBLE), ('C2', NULL, 2.25::DOUBLE)) t(customer_id, age, score)) TO ${sqlString(pq)} (FORMAT parquet)`);
  });
  const t = await readSource({ path: pq }, 'customers');
  assert.deepEqual(t.header, ['customer_id', 'age', 'score']);
  assert.deepEqual(t.rows, [['C1', '34', '1.5'], ['C2', '', '2.25']]);
});
