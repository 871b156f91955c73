/**
 * The data-quality profile's top values (lib/clean/profile.ts), found in one pass since issue 15:
 * the same five values, counts and order as sorting every distinct value (count descending, then
 * localeCompare, then first appearance), on columns full of ties, mixed case, accents and
 * missing tokens; and a text column is typed without reading all of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSource } from '../../lib/clean/profile';
import { missingSet } from '../../lib/clean/coerce';
import { createRng } from '../../lib/random/rng';
import type { RawTable } from '../../lib/load/csv';

/** The rule as it was: every distinct present value sorted, the first five. */
function referenceTop(values: readonly string[], missing: Set<string>): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    const t = v.trim();
    if (!missing.has(t.toLowerCase())) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([value, count]) => ({ value, count }));
}

test('top values equal the full sort, ties and collation included', () => {
  const rng = createRng(7);
  const words = ['apple', 'Apple', 'äpple', 'banana', 'Banana ', ' cherry', 'cote', 'côte', 'coté', 'côté', 'n/a', 'NA', '', 'z', 'Z', '10', '9', '-'];
  const missing = missingSet(['', 'n/a', 'na', '-']);
  for (let trial = 0; trial < 30; trial++) {
    const n = 20 + Math.floor(rng.next() * 400);
    // Few distinct values drawn unevenly: many equal counts, so the order of ties decides.
    const pool = words.filter(() => rng.next() < 0.7);
    const column = Array.from({ length: n }, () => pool[Math.floor(rng.next() ** (trial % 3) * pool.length)] ?? 'x');
    const table: RawTable = { role: 'customers', file: 'made-up.csv', delimiter: ',', hadBom: false, header: ['c'], rows: column.map((v) => [v]), lines: [], blankLines: 0 };
    const p = profileSource(table, missing).columns[0];
    assert.deepEqual(p.top, referenceTop(column, missing), `trial ${trial}`);
    assert.equal(p.missing, column.filter((v) => missing.has(v.trim().toLowerCase())).length);
  }
});

test('types: 90% of the present values decide, whatever the order of the failures', () => {
  const mk = (values: string[]): RawTable => ({ role: 'customers', file: 'made-up.csv', delimiter: ',', hadBom: false, header: ['c'], rows: values.map((v) => [v]), lines: [], blankLines: 0 });
  const missing = missingSet(['']);
  // 9 numbers of 10: numeric, even with the text first.
  assert.equal(profileSource(mk(['abc', '1', '2', '3', '4', '5', '6', '7', '8', '9']), missing).columns[0].type, 'numeric');
  // 8 of 10: text.
  assert.equal(profileSource(mk(['1', '2', '3', '4', '5', '6', '7', '8', 'abc', 'def']), missing).columns[0].type, 'text');
  // Dates: 9 of 10, with the min and max read from all of them.
  const dates = ['2020-01-05', 'soon', '2019-03-01', '2021-12-31', '2020-02-02', '2020-03-03', '2020-04-04', '2020-05-05', '2020-06-06', '2020-07-07'];
  const d = profileSource(mk(dates), missing).columns[0];
  assert.deepEqual([d.type, d.min, d.max], ['date', '2019-03-01', '2021-12-31']);
  const q = profileSource(mk(['5', '0.5', '3', '1', '4', '2']), missing).columns[0];
  assert.deepEqual([q.min, q.max, q.quantiles?.[2]], [0.5, 5, 2.5]);
});
