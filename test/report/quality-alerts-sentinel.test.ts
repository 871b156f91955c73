/**
 * A numeric code for "none" (UCI Bank Marketing's pdays = -1, "not contacted before": 3,705 of 4,521
 * rows of bank.csv) was averaged like a quantity ("pdays −0.281 on average", a "High pdays" segment)
 * with no word in the data-quality alerts. The alerts now point it out; ordinary columns stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { columnAlerts } from '../../lib/report/sections-quality';
import { profileSource } from '../../lib/clean/profile';
import { readDelimited, type RawTable } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';
import { needsDatasets, sharedDatasets } from '../helpers/paths';

const alertsOf = (table: RawTable, name: string): string => {
  const source = profileSource(table, new Set(['']), []);
  const c = source.columns.find((col) => col.name === name);
  assert.ok(c, name);
  return columnAlerts(source, c).join(' ');
};

test('a -1 floor holding most rows and a 999 ceiling are named as likely codes; a skewed amount and a -1/0/1 pair are not', () => {
  const rng = createRng(5);
  const header = ['id', 'pdays', 'age_code', 'balance', 'flag'];
  const rows: string[][] = [];
  for (let i = 0; i < 600; i++) {
    const contacted = rng.next() < 0.2;
    rows.push([
      String(i + 1),
      contacted ? String(1 + Math.floor(400 * rng.next())) : '-1',
      rng.next() < 0.3 ? '999' : String(18 + Math.floor(60 * rng.next())),
      String(Math.round(1000 * rng.normal())),
      rng.next() < 0.5 ? '-1' : '1',
    ]);
  }
  const table: RawTable = { role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
  assert.match(alertsOf(table, 'pdays'), /"pdays" holds -1 in \d+\.\d% of rows, its smallest value: likely a code for "none"/);
  // The advice is per column (clean.ranges), not a global missing token that would also hit other columns' -1.
  assert.match(alertsOf(table, 'pdays'), /set clean\.ranges for "pdays" so that -1 falls outside/);
  assert.doesNotMatch(alertsOf(table, 'pdays'), /missingTokens/);
  assert.match(alertsOf(table, 'age_code'), /"age_code" holds 999 in \d+\.\d% of rows, its largest value/);
  assert.doesNotMatch(alertsOf(table, 'balance'), /likely a code/);
  assert.doesNotMatch(alertsOf(table, 'flag'), /likely a code/);
});

test('UCI Bank Marketing bank.csv: pdays -1 is named', { skip: needsDatasets('bank-marketing/bank.csv') }, () => {
  const table = readDelimited(path.join(sharedDatasets, 'bank-marketing/bank.csv'), 'customers', ';');
  assert.match(alertsOf(table, 'pdays'), /holds -1 in 82\.0% of rows/);
  assert.doesNotMatch(alertsOf(table, 'balance'), /likely a code/);
});
