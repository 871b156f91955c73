import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readDelimited, sniffDelimiter, parseRecords, requireColumn } from '../../lib/load/csv';
import { SeglabError, msg } from '../../lib/errors/messages';
import { writeFixture } from '../helpers/fixtures';

const read = (content: string | Uint8Array, delimiter?: string) => {
  const dir = writeFixture({ 'f.csv': content });
  return readDelimited(path.join(dir, 'f.csv'), 'customers', delimiter);
};

test('sniffDelimiter picks the separator that splits the header most', () => {
  assert.equal(sniffDelimiter('a,b,c'), ',');
  assert.equal(sniffDelimiter('a;b;c'), ';');
  assert.equal(sniffDelimiter('a\tb\tc'), '\t');
  assert.equal(sniffDelimiter('"a;x",b,c'), ',');
});

test('parseRecords handles quotes, doubled quotes, embedded newlines and CRLF', () => {
  const recs = parseRecords('a,b\r\n"x, y","he said ""hi"""\r\n"multi\nline",2\r\n', ',', { role: 'r', file: 'f' });
  assert.deepEqual(recs.map((r) => r.fields), [['a', 'b'], ['x, y', 'he said "hi"'], ['multi\nline', '2']]);
  assert.deepEqual(recs.map((r) => r.line), [1, 2, 3]);
});

test('readDelimited strips a BOM, reads CRLF and a missing final newline, skips blank lines', () => {
  const t = read('\ufeffid;v\r\n1;2\r\n\r\n3;4');
  assert.equal(t.hadBom, true);
  assert.equal(t.delimiter, ';');
  assert.deepEqual(t.header, ['id', 'v']);
  assert.deepEqual(t.rows, [['1', '2'], ['3', '4']]);
  assert.deepEqual(t.lines, [2, 4]);
  assert.equal(t.blankLines, 1);
});

test('a missing file is one clear error naming the file', () => {
  assert.throws(() => readDelimited('/nonexistent/c.csv', 'customers'), (e: unknown) => {
    assert.ok(e instanceof SeglabError);
    assert.equal(e.message, `load: ${msg.fileNotFound('customers', '/nonexistent/c.csv')}`);
    return true;
  });
});

test('empty file, header only, duplicate header, ragged rows, open quote and bad UTF-8 are clear errors', () => {
  const cases: [string | Uint8Array, RegExp][] = [
    ['', /is empty/],
    ['id,v\n', /header but no data rows/],
    ['id,id\n1,2\n', /column name "id" more than once/],
    ['id,v\n1,2\n3\n4,5,6\n', /2 rows whose number of fields differs from the header's 2 \(line 3: 1, line 4: 3\)/],
    ['id,v\n1,"open\n', /opens on line 2 and never closes/],
    [Buffer.concat([Buffer.from('id,v\n1,ok\n2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]), /not valid UTF-8 \(first bad byte on line 3\)/],
  ];
  for (const [content, re] of cases) {
    assert.throws(() => read(content), (e: unknown) => e instanceof SeglabError && re.test(e.message), String(re));
  }
});

test('a wrong delimiter shows up as a missing column with the columns found', () => {
  const t = read('id;amount\n1;2\n', ',');
  assert.throws(() => requireColumn(t, 'amount', 'columns.amount'), /has no column "amount".*Columns found: "id;amount"/);
});
