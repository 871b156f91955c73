import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPiiColumns } from '../../lib/clean/pii';
import { missingSet } from '../../lib/clean/coerce';
import type { RawTable } from '../../lib/load/csv';

const table = (header: string[], rows: string[][]): RawTable => ({
  role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0,
});

test('PII by name, by e-mail and phone content; a zip column is personal only when it holds postal codes', () => {
  const t = table(
    ['id', 'first_name', 'contact', 'tel_no', 'zip_code', 'postcode', 'area'],
    [
      ['1', 'Ann', 'ann@example.org', '+44 20 7946 0018', 'Urban', 'SW1A 1AA', 'Urban'],
      ['2', 'Bob', 'bob@example.org', '+44 20 7946 0019', 'Rural', 'EC1A 1BB', 'Rural'],
    ],
  );
  assert.deepEqual(detectPiiColumns(t, [], missingSet([''])), ['first_name', 'contact', 'tel_no', 'postcode']);
  // Declared columns are always personal.
  assert.deepEqual(detectPiiColumns(t, ['area'], missingSet([''])), ['first_name', 'contact', 'tel_no', 'postcode', 'area']);
});
