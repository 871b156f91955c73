/**
 * A skewed customers column the run already clusters on a log scale (features.logColumns, or logged
 * automatically) was still told "a log scale may suit it" (demo data: income, in features.logColumns).
 * The alert now says the run log-scaled it; an unlogged skewed column keeps the advice.
 * The skewness is recomputed here (Fisher-Pearson g1) to confirm the column is skewed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnAlerts } from '../../lib/report/sections-quality';
import { profileSource } from '../../lib/clean/profile';
import type { RawTable } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';

test('a skewed column is advised a log scale only when the run did not use one', () => {
  const rng = createRng(21);
  // Log-normal incomes: exp of a normal (Box-Muller), heavily right-skewed.
  const income = Array.from({ length: 800 }, () => Math.round(Math.exp(10.5 + 0.9 * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()))));
  const m = income.reduce((a, b) => a + b, 0) / income.length;
  const m2 = income.reduce((a, x) => a + (x - m) ** 2, 0) / income.length;
  const m3 = income.reduce((a, x) => a + (x - m) ** 3, 0) / income.length;
  assert.ok(m3 / m2 ** 1.5 >= 1, 'the fixture is skewed');
  const rows = income.map((x, i) => [String(i + 1), String(x)]);
  const table: RawTable = { role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header: ['id', 'income'], rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
  const source = profileSource(table, new Set(['']), []);
  const c = source.columns.find((col) => col.name === 'income');
  assert.ok(c);
  const plain = columnAlerts(source, c).join(' ');
  assert.match(plain, /"income" is (strongly )?skewed .*: a log scale may suit it\./);
  const logged = columnAlerts(source, c, { logScaled: true }).join(' ');
  assert.match(logged, /"income" is (strongly )?skewed .*: this run log-scaled it \(log1p\) before clustering\./);
  assert.doesNotMatch(logged, /may suit/);
});
