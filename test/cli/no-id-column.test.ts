/**
 * New-user trial on UCI Online Shoppers (12,330 sessions, semicolon-separated, no id column) from
 * flags: the run printed a config and then stopped for want of "customer_id"; with a session_id
 * column added, it even said "Not used as features: session_id (id)" and stopped the same way.
 * A column named as an id whose values are all distinct is the customer id; a customers-only file
 * with no id column has its rows numbered as "row_id" (as the missing-id error advises), and the
 * terminal says so, as it names the text columns (Month, VisitorType, Weekend, Revenue) it leaves out.
 * Seeded table of that shape; the ids, the rows and the levels are counted here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { detectRoles } from '../../lib/inspect/roles';
import type { RawTable } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';
import { repoRoot, tempDir } from '../helpers/paths';

const bin = path.join(repoRoot, 'bin', 'seglab.js');
const HEADER = ['Administrative', 'ProductRelated', 'ProductRelated_Duration', 'BounceRates', 'ExitRates', 'PageValues', 'Month', 'VisitorType', 'Weekend', 'Revenue'];

function shoppersRows(n: number): string[][] {
  const rng = createRng(3);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const buyer = i % 4 === 0;
    const pages = 1 + rng.int(buyer ? 80 : 20);
    rows.push([
      String(rng.int(buyer ? 8 : 3)),
      String(pages),
      (pages * (20 + 40 * rng.next())).toFixed(3),
      (buyer ? 0.01 * rng.next() : 0.2 * rng.next()).toFixed(6),
      (buyer ? 0.02 + 0.02 * rng.next() : 0.05 + 0.15 * rng.next()).toFixed(6),
      (buyer ? 10 + 40 * rng.next() : 0).toFixed(3),
      ['Feb', 'Mar', 'May', 'Nov', 'Dec'][rng.int(5)],
      rng.next() < 0.85 ? 'Returning_Visitor' : 'New_Visitor',
      rng.next() < 0.23 ? 'TRUE' : 'FALSE',
      buyer && rng.next() < 0.6 ? 'TRUE' : 'FALSE',
    ]);
  }
  return rows;
}

const table = (header: string[], rows: string[][]): RawTable =>
  ({ role: 'customers', file: 'online_shoppers_intention.csv', delimiter: ';', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 });

test('a column named as an id with distinct values is the customer id; a postcode-like "code" or a repeated id is not', () => {
  const rows = shoppersRows(300);
  const withSession = table(['session_id', ...HEADER], rows.map((r, i) => [String(i + 1001), ...r]));
  const roles = detectRoles(withSession, null);
  assert.equal(new Set(withSession.rows.map((r) => r[0])).size, withSession.rows.length, 'the fixture\'s session ids are distinct');
  assert.equal(roles.customerId, 'session_id');
  assert.ok(!roles.numericFeatures.includes('session_id'));

  // Repeated values (several rows per visitor) or a code (a postcode) are not taken as the key.
  const repeated = table(['visitor_id', ...HEADER], rows.map((r, i) => [String(1 + (i % 150)), ...r]));
  assert.equal(detectRoles(repeated, null).customerId, null);
  const postcode = table(['zip_code', ...HEADER], rows.map((r, i) => [String(10000 + i), ...r]));
  assert.equal(detectRoles(postcode, null).customerId, null);
});

test('a customers-only flags run on a file with no id column numbers the rows as row_id and segments every row', { timeout: 300_000 }, () => {
  const rows = shoppersRows(600);
  const dir = tempDir('seglab-no-id-');
  const file = path.join(dir, 'online_shoppers_intention.csv');
  fs.writeFileSync(file, [HEADER, ...rows].map((r) => r.join(';')).join('\n') + '\n');
  const out = path.join(tempDir('seglab-no-id-out-'), 'run');
  const r = spawnSync(process.execPath, [bin, 'run', '--customers', file, '--out', out, '--k', '2'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr || r.stdout);
  const said = r.stdout + r.stderr;
  assert.match(said, /"customerId": "row_id"/);
  assert.match(said, /No customer id column found: the rows are numbered as "row_id"/);
  assert.doesNotMatch(said, /look like codes/, 'no column of this table is a code');
  // The text columns the run leaves out are named, with their number of values counted from the rows.
  const levels = (name: string): number => new Set(rows.map((r) => r[HEADER.indexOf(name)])).size;
  assert.match(said, new RegExp(`Text columns not used, which features\\.categoricalColumns would use \\(one 0/1 feature per level\\): Month \\(${levels('Month')} values\\), VisitorType \\(${levels('VisitorType')} values\\), Weekend \\(${levels('Weekend')} values\\), Revenue \\(${levels('Revenue')} values\\)`));
  const segments = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1);
  assert.equal(segments.length, rows.length, 'every row is a segmented customer');
  assert.deepEqual(segments.map((line) => line.split(',')[0]), rows.map((_, i) => String(i + 1)), 'ids are the row numbers 1..n');
});

test('whole-number codes from 1 (Browser 1..13, OperatingSystems 1..8) are named as code-like; counts are not', () => {
  const rng = createRng(6);
  const header = ['Browser', 'OperatingSystems', 'Administrative', 'Total_Relationship_Count', 'BounceRates'];
  const rows = Array.from({ length: 400 }, () => [
    String(rng.next() < 0.6 ? 2 : 1 + rng.int(13)),
    String(1 + rng.int(8)),
    String(rng.int(20)),
    String(1 + rng.int(6)),
    (0.2 * rng.next()).toFixed(4),
  ]);
  // Which columns are codes, decided here from how the rows were made: whole numbers from 1, 3..30 values.
  const wholeFromOne = (j: number): boolean => rows.every((r) => Number.isInteger(Number(r[j])) && Number(r[j]) >= 1);
  assert.ok(wholeFromOne(0) && wholeFromOne(1) && !wholeFromOne(2) && wholeFromOne(3));
  const roles = detectRoles(table(header, rows), null);
  // Total_Relationship_Count is whole numbers from 1 too, but its name says it is a count.
  assert.deepEqual(roles.codeLike, ['Browser', 'OperatingSystems']);
  for (const c of header) assert.ok(roles.numericFeatures.includes(c), c);
});

test('a text column\'s number of values is counted over every row read, not the first 5,000 (Online Shoppers is sorted by month)', () => {
  const months = ['Feb', 'Mar', 'May', 'June', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  // Sorted as the UCI file is: the first 5,000 rows hold Feb, Mar and May only.
  const rows = Array.from({ length: 6000 }, (_, i) => [i < 5000 ? months[i % 3] : months[3 + (i % 7)], String(i % 17)]);
  const roles = detectRoles(table(['Month', 'Pages'], rows), null);
  assert.deepEqual(roles.textCategories, [{ column: 'Month', levels: new Set(rows.map((r) => r[0])).size }]);
  assert.equal(roles.textCategories?.[0].levels, 10);
});
