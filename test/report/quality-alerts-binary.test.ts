/**
 * Data-quality alerts: UCI Wholesale's "Channel" (1 = Horeca, 2 = Retail; median 1, 95th percentile 2)
 * was called "strongly skewed: a log scale may suit it". A two-valued column gets no skew advice; a
 * skewed numeric column still does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnAlerts } from '../../lib/report/sections-quality';
import { profileSource } from '../../lib/clean/profile';
import type { RawTable } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';

function table(): RawTable {
  const rng = createRng(9);
  const header = ['id', 'channel', 'flag', 'spend'];
  const rows: string[][] = [];
  for (let i = 0; i < 440; i++) {
    // 68% "1", 32% "2" as in Wholesale; a 0/1 flag at 10%; spend log-normal (skewed).
    rows.push([String(i + 1), rng.next() < 0.68 ? '1' : '2', rng.next() < 0.1 ? '1' : '0', String(Math.round(100 * Math.exp(1.5 * rng.normal())))]);
  }
  return { role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
}

test('no "strongly skewed ... log scale" alert for a two-valued column; still one for a skewed amount', () => {
  const source = profileSource(table(), new Set(['']), ['id']);
  const alerts = (name: string) => {
    const c = source.columns.find((col) => col.name === name);
    assert.ok(c, name);
    return columnAlerts(source, c).join(' ');
  };
  const channel = source.columns.find((c) => c.name === 'channel');
  assert.ok(channel?.quantiles && channel.quantiles[2] === 1 && channel.quantiles[4] === 2, 'median 1, 95th percentile 2');
  assert.doesNotMatch(alerts('channel'), /skewed|log scale/);
  assert.doesNotMatch(alerts('flag'), /skewed|log scale/);
  assert.match(alerts('spend'), /strongly skewed|extreme values/);
});
