/**
 * A wrong columns.customerId proposes only columns that could be an id. Trial of 2026-11-29 on
 * BankChurners.csv (Eugeny13/BankChurners at 1164c6ddb279127b20e43c6c44e768a5fa518ebc): the default
 * "customer_id" got 'Closest: "Customer_Age"' (an age: its name is 3 edits away) while CLIENTNUM, the
 * id, went unmentioned. The table below has BankChurners' shape; which columns could be the id is
 * decided here from the values (no value repeated) and the names, not by seglab.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readDelimited, requireColumn, type RawTable } from '../../lib/load/csv';
import { plausibleIdColumns } from '../../lib/load/id-columns';
import { SeglabError } from '../../lib/errors/messages';
import { needsDatasets, sharedDatasets } from '../helpers/paths';

function errorOf(table: RawTable, column: string, setting = 'columns.customerId'): string {
  try {
    requireColumn(table, column, setting);
  } catch (e) {
    assert.ok(e instanceof SeglabError, String(e));
    return e.message;
  }
  assert.fail('expected an error');
}

/** The names quoted after "Closest...:" or "Could be the id:" (none when the message proposes nothing). */
function proposed(message: string): string[] {
  const m = /(?:Closest[^:]*|Could be the id): (.*?)\. Fix /.exec(message);
  return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
}

function hasRepeats(table: RawTable, column: string): boolean {
  const j = table.header.indexOf(column);
  const values = table.rows.map((r) => r[j]);
  return new Set(values).size !== values.length;
}

// 200 customers: a 9-digit id, an age (repeats), distinct amounts of varying width, a card category.
const header = ['CLIENTNUM', 'Customer_Age', 'Customer_Amt', 'Card_Category'];
const rows = Array.from({ length: 200 }, (_, i) => [String(708082083 + i * 7919), String(26 + (i % 47)), String(400 + i * 37), i % 5 ? 'Blue' : 'Silver']);
const bank: RawTable = { role: 'customers', file: 'BankChurners.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };

test('"customer_id" on a BankChurners-shaped table proposes CLIENTNUM, never Customer_Age or an amount', () => {
  const message = errorOf(bank, 'customer_id');
  const names = proposed(message);
  assert.deepEqual(names, ['CLIENTNUM'], message);
  for (const name of names) assert.equal(hasRepeats(bank, name), false, `${name} repeats a value`);
  assert.ok(hasRepeats(bank, 'Customer_Age'));
  assert.doesNotMatch(message, /row_id/, 'an id column was found: no row-number advice');
});

test('a close id name is still proposed when its values are distinct, and not when they repeat', () => {
  const withId: RawTable = { ...bank, header: ['CustomerID', ...header.slice(1)], rows: rows.map((r, i) => [`C${String(i).padStart(5, '0')}`, ...r.slice(1)]) };
  assert.deepEqual(proposed(errorOf(withId, 'Customer_ID')), ['CustomerID']);
  // The same name over repeated values (a household shared by customers) is no customer id.
  const repeated: RawTable = { ...withId, rows: withId.rows.map((r, i) => [`H${i % 10}`, ...r.slice(1)]) };
  const message = errorOf(repeated, 'Customer_ID');
  assert.deepEqual(proposed(message), [], message);
  assert.match(message, /row_id/);
});

test('other settings keep their closest names; a file of many rows per customer proposes id names only', () => {
  assert.equal(proposed(errorOf(bank, 'Customer_Agee', 'features.customerColumns'))[0], 'Customer_Age');
  const orders: RawTable = { ...bank, role: 'transactions', header: ['InvoiceNo', 'StockCode', 'Customer_Age', 'CustomerID'], rows: rows.map((r) => [r[0], 'A1', r[1], r[1]]) };
  assert.deepEqual(proposed(errorOf(orders, 'customer_id')), ['CustomerID']);
  // Names only when the rows are not in memory (the DuckDB path): ages and amounts never.
  assert.deepEqual(
    plausibleIdColumns(['Customer_Age', 'Total_Amt', 'CLIENTNUM', 'Phone_Number', 'Amount_Paid'], null, false).map((c) => c.column),
    ['CLIENTNUM'],
  );
});

test('Online Retail: a wrong id on the order lines proposes CustomerID', { skip: needsDatasets('online-retail/online_retail_2010-12.csv') }, () => {
  const table = readDelimited(path.join(sharedDatasets, 'online-retail/online_retail_2010-12.csv'), 'transactions');
  const message = errorOf(table, 'Customer');
  const names = proposed(message);
  assert.ok(names.includes('CustomerID'), message);
  for (const name of names) assert.ok(!/country|price|quantity|date|description/i.test(name), message);
});
