import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverableCells, suppressCells } from '../../lib/fairness/disclosure';
import { balanceMetrics } from '../../lib/fairness/balance';
import { fairnessCard } from '../../lib/fairness/card';
import { createRng } from '../../lib/random/rng';

test('the differencing attacker solves a lone suppressed cell (Adult, segment 8: female = 758 - 721 = 37)', () => {
  // Segment sizes and group totals are published; only the female cell of segment 2 is hidden.
  const published = { cells: [[500, 480], [null, 721]], rowTotals: [980, 758], columnTotals: [537, 1201], grandTotal: 1738 };
  assert.deepEqual(recoverableCells(published), [[1, 0]]);
  // Two hidden cells in a 2 x 2 with all margins: still solvable (x + y = 758 and x = 537 - 500).
  assert.deepEqual(recoverableCells({ ...published, cells: [[500, 480], [null, null]] }).length, 2);
  // A 2 x 2 block hidden across two rows and two columns: not solvable.
  const block = { cells: [[null, null, 300], [null, null, 200], [90, 80, 70]], rowTotals: [400, 330, 240], columnTotals: [210, 190, 570], grandTotal: 970 };
  assert.deepEqual(recoverableCells(block), []);
});

test('secondary suppression leaves nothing recoverable and keeps as many cells as it can', () => {
  const table = [[500, 480, 300], [37, 721, 250], [400, 300, 260], [350, 410, 90]];
  const hidden = suppressCells(table, 50);
  const published = {
    cells: table.map((row, s) => row.map((c, j) => (hidden[s][j] ? null : c))),
    rowTotals: table.map((r) => r.reduce((a, b) => a + b, 0)),
    columnTotals: [0, 1, 2].map((j) => table.reduce((a, r) => a + r[j], 0)),
    grandTotal: table.flat().reduce((a, b) => a + b, 0),
  };
  assert.equal(hidden[1][0], true);
  assert.deepEqual(recoverableCells(published), []);
  const count = hidden.flat().filter(Boolean).length;
  assert.ok(count >= 4 && count <= 6, `${count} cells hidden`);
  // No balance figure is derived from the suppressed 37: 37/721 = 0.0513 is never the minimum.
  const b = balanceMetrics('sex', table.map((r) => r.slice(0, 2)), ['F', 'M'], 50);
  assert.ok(Math.abs(b.balance - 37 / 721) > 1e-6);
  assert.ok(b.suppressedSegments?.includes(1));
});

test('the card publishes no cell an attacker can work out from segment sizes and group totals', () => {
  const rng = createRng(3);
  const labels: number[] = [];
  const race: string[] = [];
  // 5 segments; "B" is rare in segment 4 (20 customers), "C" is a mid-size group.
  const plan = [[400, 120, 80], [300, 150, 60], [350, 60, 90], [250, 20, 70], [200, 100, 55]];
  plan.forEach((counts, s) => counts.forEach((n, g) => { for (let i = 0; i < n; i++) { labels.push(s); race.push(['A', 'B', 'C'][g]); } }));
  void rng;
  const card = fairnessCard({ labels, k: 5, protected: { race: { kind: 'text', values: race } } }, createRng(1));
  const attr = card.representation.attributes[0];
  const groups = attr.groups.map((g) => g.group);
  const cells = plan.map((_, s) => groups.map((g) => attr.cells.find((c) => c.segment === s && c.group === g)?.count ?? null));
  const rowTotals = plan.map((r) => r.reduce((a, b) => a + b, 0));
  const columnTotals = groups.map((g) => card.groups[0].groups.find((x) => x.group === g)?.count ?? null);
  assert.equal(cells[3][groups.indexOf('B')], null);
  assert.deepEqual(recoverableCells({ cells, rowTotals, columnTotals, grandTotal: labels.length }), []);
  // Shares and ratios are hidden with the counts.
  for (const c of attr.cells) if (c.count === null) assert.deepEqual([c.segmentShare, c.ratio], [null, null]);
});
