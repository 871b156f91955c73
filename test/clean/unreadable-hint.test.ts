/**
 * Trial of 2026-11-29 on BankChurners.csv: a text column listed in features.customerColumns
 * ("$60K - $80K") and a probability column written in scientific notation ("9.3448e-05") were both
 * refused with "Add such tokens to clean.missingTokens", which fixes neither; scientific notation is
 * now read as numbers. Rows shaped like the
 * file's; the message is checked against the message builder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCustomers } from '../../lib/clean/customers';
import type { RawTable } from '../../lib/load/csv';
import { msg, SeglabError } from '../../lib/errors/messages';
import { testConfig } from '../helpers/config';

const header = ['customer_id', 'Income_Category', 'Naive_Bayes_1', 'Credit_Limit'];
const rows = [
  ['768805383', '$60K - $80K', '9.3448e-05', '12691'],
  ['818770008', 'Less than $40K', '5.6861e-05', '8256'],
  ['713982108', '$80K - $120K', '2.1081e-05', '3418'],
  ['769911858', 'Less than $40K', '0.00013366', '3313'],
  ['709106358', 'Unknown', '2.1676e-05', '4716'],
  ['713061558', '$40K - $60K', '5.5077e-05', '4010'],
];
const table: RawTable = { role: 'customers', file: 'BankChurners.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };

function messageOf(customerColumns: string[]): string {
  try {
    cleanCustomers(table, testConfig({ features: { customerColumns } }));
  } catch (e) {
    if (e instanceof SeglabError) return e.message;
    throw e;
  }
  assert.fail('expected a clean error');
}

test('a text column listed as a number is pointed to features.categoricalColumns', () => {
  const message = messageOf(['Income_Category', 'Credit_Limit']);
  // "Unknown" is a missing token: 5 of the 6 values cannot be read, and none can.
  assert.ok(message.endsWith(msg.unreadableNumberFix('Income_Category', 'text')), message);
  assert.match(message, /has 5 of 6 values that cannot be read .*features\.categoricalColumns/);
  assert.doesNotMatch(message, /missingTokens/);
});

test('numbers in scientific notation are read, not refused (test/clean/scientific.test.ts)', () => {
  const clean = cleanCustomers(table, testConfig({ features: { customerColumns: ['Naive_Bayes_1'] } }));
  assert.deepEqual(clean.numeric.Naive_Bayes_1, [0.000093448, 0.000056861, 0.000021081, 0.00013366, 0.000021676, 0.000055077]);
});
