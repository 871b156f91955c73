/**
 * Numbers written in scientific notation ("9.3448e-05", "2E+05") are numbers wherever a column's
 * type is decided: the reading (parseNumber), the data-quality profile's type, the role guess's
 * numeric features and the cleaning of a customers column. Trial of 2026-11-29 on BankChurners.csv
 * (Eugeny13/BankChurners at 1164c6ddb279127b20e43c6c44e768a5fa518ebc, sha256 758ec415...67d5): the
 * profile typed Naive_Bayes_..._1 as "text". The values below are that column's first rows; the
 * truth is written out by hand as plain decimals, not computed by seglab.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingSet, parseNumber, sniffDecimal } from '../../lib/clean/coerce';
import { profileSource } from '../../lib/clean/profile';
import { cleanCustomers } from '../../lib/clean/customers';
import { detectRoles } from '../../lib/inspect/roles';
import type { RawTable } from '../../lib/load/csv';
import { testConfig } from '../helpers/config';

/** [as written, the number in plain decimals]. */
const SCIENTIFIC: [string, number][] = [
  ['9.3448e-05', 0.000093448],
  ['5.6861e-05', 0.000056861],
  ['2.1081e-05', 0.000021081],
  ['0.00013366', 0.00013366],
  ['2.1676e-05', 0.000021676],
  ['5.5077e-05', 0.000055077],
  ['1.5e-3', 0.0015],
  ['2E+05', 200000],
  [' -.5e1 ', -5],
  ['+3.e2', 300],
];

test('parseNumber reads scientific notation as the number it writes', () => {
  for (const [raw, value] of SCIENTIFIC) assert.equal(parseNumber(raw), value, raw);
  for (const [raw, value] of SCIENTIFIC) assert.equal(parseNumber(raw, '.'), value, raw);
  // A declared decimal comma reads a comma mantissa; the dot one is then no number.
  assert.equal(parseNumber('1,5e-3', ','), 0.0015);
  assert.equal(parseNumber('1.5e-3', ','), Number.NaN);
  // Text stays text: product codes, a lone exponent, a mantissa with thousands separators, overflow.
  for (const raw of ['3E4B', 'e5', '12e', '1e5x', '1,200e3', '1.2.3e4', '1e400', 'E']) assert.ok(Number.isNaN(parseNumber(raw)), raw);
});

test('an exponent is no thousands group when sniffing the decimal separator', () => {
  // "1.12e4" without its letters would be "1.124", which looks like a dot thousands separator.
  assert.equal(sniffDecimal(['1,5', '1.12e4']).ambiguous, false);
});

const header = ['CLIENTNUM', 'Naive_Bayes_1', 'Card_Category', 'Code'];
const rows = SCIENTIFIC.map(([raw], i) => [String(768805383 + i), raw, i % 2 ? 'Blue' : 'Silver', i % 2 ? '3E4B' : `8512${i}A`]);
const table: RawTable = { role: 'customers', file: 'BankChurners.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };

test('the data-quality profile types a scientific-notation column as numeric, with its true range', () => {
  const profile = profileSource(table, missingSet(['']));
  const byName = Object.fromEntries(profile.columns.map((c) => [c.name, c]));
  assert.equal(byName.Naive_Bayes_1.type, 'numeric');
  const values = SCIENTIFIC.map(([, v]) => v);
  assert.equal(byName.Naive_Bayes_1.min, Math.min(...values));
  assert.equal(byName.Naive_Bayes_1.max, Math.max(...values));
  // Codes with an "E" in them stay text.
  assert.equal(byName.Card_Category.type, 'text');
  assert.equal(byName.Code.type, 'text');
});

test('the role guess proposes it as a numeric feature, and cleaning reads it', () => {
  assert.ok(detectRoles(table, null).numericFeatures.includes('Naive_Bayes_1'));
  const clean = cleanCustomers(table, testConfig({ columns: { customerId: 'CLIENTNUM' }, features: { customerColumns: ['Naive_Bayes_1'] } }));
  assert.deepEqual(clean.numeric.Naive_Bayes_1, SCIENTIFIC.map(([, v]) => v));
});
