/**
 * "Unknown" is a default missing token: BankChurners' Education_Level was reported "15.0% missing" with
 * no word that the file says "Unknown" there (trial 2026-11-29). The data-quality alert now names the
 * tokens read as missing, with their counts, recomputed here from the rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSource } from '../../lib/clean/profile';
import { missingSet } from '../../lib/clean/coerce';
import { columnAlerts } from '../../lib/report/sections-quality';
import type { RawTable } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';

test('the alert for a mostly-"Unknown" column names the tokens read as missing, with counts; a personal column does not', () => {
  // 60 "Unknown", 25 " unknown ", 10 "n/a", 5 blanks among 400 rows, in a seeded order.
  const rng = createRng(8);
  const cells = [...Array(60).fill('Unknown'), ...Array(25).fill(' unknown '), ...Array(10).fill('n/a'), ...Array(5).fill(''), ...Array.from({ length: 300 }, (_, i) => ['Graduate', 'High School', 'College'][i % 3])];
  for (let i = cells.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [cells[i], cells[j]] = [cells[j], cells[i]];
  }
  const rows = cells.map((v, i) => [`C${i}`, v, `x${i}@mail.test`]);
  const table: RawTable = { role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header: ['id', 'Education_Level', 'email'], rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
  const profile = profileSource(table, missingSet(['', 'unknown', 'n/a']), ['email']);
  const column = profile.columns[1];
  const count = (v: string): number => rows.filter((r) => r[1].trim() === v).length;
  const expected = [
    { value: 'Unknown', count: count('Unknown') },
    { value: 'unknown', count: count('unknown') },
    { value: 'n/a', count: count('n/a') },
  ].sort((a, b) => b.count - a.count);
  assert.deepEqual(column.missingAs, expected);
  assert.equal(column.missing, expected.reduce((s, t) => s + t.count, 0) + count(''));
  const alert = columnAlerts(profile, column).find((a) => a.includes('missing'));
  assert.ok(alert);
  for (const t of expected) assert.ok(alert.includes(`"${t.value}" ${t.count}`), alert);
  assert.match(alert, /read as missing from clean\.missingTokens/);
  // The personal column keeps counts only.
  assert.equal(profile.columns[2].missingAs, undefined);
});
