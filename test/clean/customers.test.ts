import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCustomers } from '../../lib/clean/customers';
import type { RawTable } from '../../lib/load/csv';
import { SeglabError } from '../../lib/errors/messages';
import { testConfig } from '../helpers/config';
import { deepFreeze } from '../helpers/fixtures';

function table(header: string[], rows: string[][]): RawTable {
  return { role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
}

const header = ['customer_id', 'email', 'gender', 'age', 'income', 'region'];
const rows = [
  ['C1', 'a@x.com', 'F', '34', '$52,300', 'North'],
  ['C2', 'b@x.com', 'M', '150', 'n/a', 'South'],
  ['', 'c@x.com', 'F', '40', '1000', 'East'],
  ['C1', 'a2@x.com', 'F', '35', '54,000', 'North'],
  ['C3', 'd@x.com', 'M', '61', '70000', 'West'],
];

test('cleanCustomers drops blank ids and duplicates, fills medians, nulls implausible values, removes PII', () => {
  const input = deepFreeze(table(header, rows));
  const config = testConfig({
    features: { customerColumns: ['income'] },
    fairness: { protected: ['gender', 'age'] },
    clean: { ranges: { age: [16, 110] } },
  });
  const c = cleanCustomers(input, config);
  // C1's last row wins (kept rows stay in file order); the blank id is dropped.
  assert.deepEqual(c.ids, ['C2', 'C1', 'C3']);
  // income: 54000 and 70000 present, median 62000 fills C2's "n/a".
  assert.deepEqual(c.numeric.income, [62000, 54000, 70000]);
  // age 150 is outside [16, 110]: set to missing and counted.
  assert.deepEqual(c.numeric.age, [null, 35, 61]);
  assert.deepEqual(c.piiColumns, ['email']);
  assert.ok(!('email' in c.text));
  assert.deepEqual(c.text.gender, ['M', 'F', 'M']);
  // The ledger adds up, with every reason counted.
  assert.equal(c.ledger.rowsRead, 5);
  assert.equal(c.ledger.rowsKept, 3);
  assert.deepEqual(c.ledger.dropped, { 'missing customer id': 1, 'duplicate customer id (kept the last row in the file)': 1 });
  assert.equal(c.ledger.repairs['income: missing filled with median 62000'], 1);
  assert.equal(c.ledger.repairs['age: outside plausible range [16, 110], set to missing'], 1);
  // The Danfo frame has no PII column and the cleaned values.
  assert.deepEqual(c.frame.columns.includes('email'), false);
  assert.deepEqual(c.frame.shape, [3, 6 - 1]);
  assert.deepEqual(c.frame['income'].values, [62000, 54000, 70000]);
});

test('numericMissing "drop" drops rows with a missing feature value and counts them', () => {
  const config = testConfig({ features: { customerColumns: ['income'] }, clean: { numericMissing: 'drop' } });
  const c = cleanCustomers(table(header, rows), config);
  assert.deepEqual(c.ids, ['C1', 'C3']);
  assert.equal(c.ledger.dropped['missing value in a feature column'], 1);
  assert.equal(c.ledger.rowsKept + Object.values(c.ledger.dropped).reduce((a, b) => a + b), c.ledger.rowsRead);
});

test('a feature column with many unreadable values is a clear error naming column, rows and an example', () => {
  const bad = rows.map((r, i) => (i === 1 || i === 4 ? [...r.slice(0, 4), 'lots', r[5]] : r));
  const config = testConfig({ features: { customerColumns: ['income'] } });
  assert.throws(
    () => cleanCustomers(table(header, bad), config),
    (e: unknown) => e instanceof SeglabError && /column "income" in customers file "c.csv" has 2 of 3 values that cannot be read \(rows 3, 6\); e.g. "lots"/.test(e.message),
  );
});

test('a missing protected column or feature column is a clear error', () => {
  assert.throws(() => cleanCustomers(table(header, rows), testConfig({ fairness: { protected: ['sex'] } })), /protected attribute "sex" is not a column/);
  assert.throws(() => cleanCustomers(table(header, rows), testConfig({ features: { customerColumns: ['incme'] } })), /has no column "incme".*Closest: "income"/);
});
