import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanTransactions } from '../../lib/clean/transactions';
import type { RawTable } from '../../lib/load/csv';
import { testConfig } from '../helpers/config';
import { deepFreeze } from '../helpers/fixtures';
import { SeglabError, msg } from '../../lib/errors/messages';

function table(rows: string[][]): RawTable {
  const header = ['invoice_no', 'customer_id', 'order_date', 'amount'];
  return { role: 'transactions', file: 't.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
}

test('cleanTransactions counts every dropped row by reason and nets returns', () => {
  const rows = [
    ['1', 'C1', '2025-01-02', '10.00'],
    ['2', '', '2025-01-03', '5.00'],
    ['C3', 'C1', '2025-01-04', '-4.00'],
    ['4', 'C9', '2025-01-05', '7.00'],
    ['5', 'C2', '2025-01-06', '7.00'],
    ['6', 'C3', '2025-01-06', '$1,000.50'],
  ];
  const tx = cleanTransactions(deepFreeze(table(rows)), testConfig(), new Set(['C1', 'C3']), new Set(['C1', 'C2', 'C3']));
  assert.deepEqual(tx.customerId, ['C1', 'C1', 'C3']);
  assert.deepEqual(tx.amount, [10, -4, 1000.5]);
  assert.equal(tx.returns, 1);
  assert.deepEqual(tx.ledger.dropped, {
    'missing customer id': 1,
    'customer id not in the customers file': 1,
    'customer dropped while cleaning customers': 1,
  });
  assert.equal(tx.ledger.rowsRead, 6);
  assert.equal(tx.ledger.rowsKept, 3);
});

test('ambiguous day/month dates are an error unless columns.dateFormat is declared', () => {
  const rows = [
    ['1', 'C1', '02/01/2025', '10'],
    ['2', 'C1', '2025-01-03', '5'],
  ];
  assert.throws(
    () => cleanTransactions(table(rows), testConfig(), new Set(['C1']), new Set(['C1'])),
    (e: unknown) => e instanceof SeglabError && e.message === `clean: ${msg.ambiguousDates('transactions', 't.csv', 'order_date', ['02/01/2025'])}`,
  );
  const dmy = cleanTransactions(table(rows), testConfig({ columns: { dateFormat: 'dmy' } }), new Set(['C1']), new Set(['C1']));
  assert.deepEqual(dmy.time, [Date.UTC(2025, 0, 2), Date.UTC(2025, 0, 3)]);
  const mdy = cleanTransactions(table(rows), testConfig({ columns: { dateFormat: 'mdy' } }), new Set(['C1']), new Set(['C1']));
  assert.deepEqual(mdy.time, [Date.UTC(2025, 1, 1), Date.UTC(2025, 0, 3)]);
});

test('a day above 12 settles the order; unreadable dates beyond the tolerated share are an error with rows and an example', () => {
  const ok = cleanTransactions(table([['1', 'C1', '13/01/2025', '10'], ['2', 'C1', '02/01/2025', '5']]), testConfig(), new Set(['C1']), new Set(['C1']));
  assert.deepEqual(ok.time, [Date.UTC(2025, 0, 13), Date.UTC(2025, 0, 2)]);
  assert.match(ok.notes[0], /read as dmy/);
  assert.throws(
    () => cleanTransactions(table([['1', 'C1', 'soon', '10'], ['2', 'C1', '2025-01-03', '5']]), testConfig(), new Set(['C1']), new Set(['C1'])),
    /column "order_date" in transactions file "t.csv" has 1 of 2 values that cannot be read \(rows 2\); e.g. "soon". Dates must be ISO/,
  );
});
