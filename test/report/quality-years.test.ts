/**
 * New-user trial on Customer Personality Analysis (2026-11-29): the data-quality table "Columns as read"
 * printed Year_Birth's range as "1,893 · 1,970 · 1,996" while the README promises a year is printed as a
 * year. The min, median and max of a birth-year column are years; other numbers keep their separators.
 * Recomputed from the generated rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataQualitySection } from '../../lib/report/sections';
import { profileSource } from '../../lib/clean/profile';
import type { RawTable } from '../../lib/load/csv';
import type { TableBlock } from '../../lib/report/types';
import { createRng } from '../../lib/random/rng';
import { fixtureRun } from './fixture';

test('a birth year\'s min, median and max in "Columns as read" are years (1893, not 1,893); incomes keep separators', () => {
  const rng = createRng(4);
  const rows: string[][] = [];
  for (let i = 0; i < 301; i++) rows.push([String(i + 1), String(i === 7 ? 1893 : 1940 + rng.int(57)), String(20000 + rng.int(80000))]);
  const table: RawTable = { role: 'customers', file: 'marketing_campaign.csv', delimiter: ';', hadBom: false, header: ['ID', 'Year_Birth', 'Income'], rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
  const years = rows.map((r) => Number(r[1])).sort((a, b) => a - b);
  const incomes = rows.map((r) => Number(r[2])).sort((a, b) => a - b);
  const { run } = fixtureRun();
  const section = dataQualitySection({ ...run, dataQuality: [profileSource(table, new Set(['']), ['ID'])] });
  const block = section.blocks.find((b): b is TableBlock => b.kind === 'table' && /^customers: /.test(b.caption ?? ''));
  assert.ok(block, 'the customers column table');
  const row = (name: string) => block.rows.find((r) => r.name === name) as Record<string, unknown>;
  const yb = row('Year_Birth');
  assert.deepEqual([yb.min, yb.median, yb.max], [String(years[0]), String(years[150]), String(years[300])]);
  assert.equal(yb.min, '1893');
  const income = row('Income');
  assert.equal(income.max, incomes[300], 'a number stays a number (formatted with separators when rendered)');
});
