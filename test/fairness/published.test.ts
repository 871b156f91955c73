import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard } from '../../lib/fairness/card';
import { cramersV } from '../../lib/fairness/association';
import { publishedAssociation } from '../../lib/fairness/published';
import { normalizedMutualInfo } from '../../lib/evaluate/metrics';
import { createRng } from '../../lib/random/rng';
import type { FairnessCard } from '../../lib/fairness/types';

/** Customers (segment label, group value) of a segment × group count table, in a shuffled order. */
function customers(table: readonly (readonly number[])[], groups: readonly string[], seed: number): { labels: number[]; values: string[] } {
  const rows: [number, string][] = [];
  table.forEach((row, s) => row.forEach((c, g) => { for (let i = 0; i < c; i++) rows.push([s, groups[g]]); }));
  const rng = createRng(seed);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return { labels: rows.map((r) => r[0]), values: rows.map((r) => r[1]) };
}

function card(table: readonly (readonly number[])[], groups: readonly string[], targeted: readonly number[]): FairnessCard {
  const { labels, values } = customers(table, groups, 11);
  return fairnessCard(
    { labels, k: table.length, protected: { region: { kind: 'text', values } }, targeting: { segments: targeted }, config: { minCellSize: 50, mitigation: 'none' } },
    createRng(5),
  );
}

/** Published representation cells: "segment/group" -> count (null when suppressed). */
function publishedCells(c: FairnessCard): Map<string, number | null> {
  return new Map(c.representation.attributes[0].cells.map((x) => [`${x.segment}/${x.group}`, x.count]));
}

const GROUPS = ['north', 'south', 'east', 'west'];
// Segment 0 holds 20 "south" and segment 1 holds 30: primary suppressions, and the secondary
// suppression hides partners so that neither is recoverable by subtraction.
const TABLE = [
  [300, 20, 200, 180],
  [250, 30, 220, 160],
  [280, 200, 40, 170],
  [260, 210, 230, 150],
  [240, 190, 210, 145],
  [310, 205, 190, 160],
];

test('every count-derived figure is the same for two tables that differ only in suppressed cells (the attacker learns nothing)', () => {
  const before = card(TABLE, GROUPS, [0, 2]);
  const cells = publishedCells(before);
  const hidden = [...cells].filter(([, v]) => v === null).map(([key]) => key.split('/'));
  // Find two segments and two groups whose four cells are all suppressed: moving one customer round
  // that rectangle keeps every segment size, group total and published cell.
  let move: { s1: number; s2: number; g1: string; g2: string } | null = null;
  for (const [a, ga] of hidden)
    for (const [b, gb] of hidden) {
      if (move || a === b || ga === gb) continue;
      const s1 = Number(a);
      const s2 = Number(b);
      if (cells.get(`${s1}/${gb}`) === null && cells.get(`${s2}/${ga}`) === null) move = { s1, s2, g1: ga, g2: gb };
    }
  assert.ok(move, `suppressed cells form a rectangle (hidden: ${hidden.map((h) => h.join('/')).join(', ')})`);
  const { s1, s2, g1, g2 } = move;
  const j1 = GROUPS.indexOf(g1);
  const j2 = GROUPS.indexOf(g2);
  const other = TABLE.map((row) => row.slice());
  other[s1][j1] -= 1;
  other[s1][j2] += 1;
  other[s2][j2] -= 1;
  other[s2][j1] += 1;
  // A figure over every cell would tell the two apart (this is what an attacker exploits).
  assert.notEqual(cramersV(TABLE).chiSquare, cramersV(other).chiSquare);
  const after = card(other, GROUPS, [0, 2]);
  assert.deepEqual([...publishedCells(after)], [...cells], 'the same cells are published with the same counts');
  // Nothing else in fairness.json differs: association (chi-square, Cramér's V, NMI), balance,
  // targeting parity, privacy, checks and their sentences.
  assert.deepEqual(after.association, before.association);
  assert.deepEqual(after.balance, before.balance);
  assert.deepEqual(after.targeting, before.targeting);
  assert.deepEqual(after.checks, before.checks);
  assert.equal(JSON.stringify(after), JSON.stringify(before));
  // The association figures say which segments they leave out, in the sentence too.
  const a = before.association[0];
  assert.ok(a.suppressedSegments && a.suppressedSegments.length > 0);
  const sentence = before.checks.find((c) => c.id === 'cramers-v:region')?.sentence ?? '';
  assert.match(sentence, /segments? [\d, ]+ left out/);
});

test('with nothing suppressed the published figures equal the full-table chi-square, Cramér\'s V and NMI', () => {
  const table = [
    [300, 120, 200],
    [250, 130, 220],
    [80, 200, 140],
  ];
  const hidden = table.map((row) => row.map(() => false));
  const a = publishedAssociation('x', table, hidden, [0, 1, 2]);
  const full = cramersV(table);
  assert.ok(Math.abs(a.chiSquare - full.chiSquare) < 1e-9);
  assert.ok(Math.abs(a.cramersV - full.v) < 1e-12);
  const { labels, values } = customers(table, ['a', 'b', 'c'], 2);
  const nmi = normalizedMutualInfo(labels, values.map((v) => ['a', 'b', 'c'].indexOf(v)));
  assert.ok(Math.abs(a.nmi - nmi) < 1e-9, `${a.nmi} vs ${nmi}`);
  assert.equal(a.customers, 1640);
  assert.deepEqual(a.suppressedSegments, []);
  // One published segment only: not assessable (null in fairness.json), never a pass.
  const one = publishedAssociation('x', table, [[true, false, false], [false, true, false], [false, false, false]], [0, 1, 2]);
  assert.equal(one.assessable, false);
  assert.ok(Number.isNaN(one.cramersV));
  assert.deepEqual(one.suppressedSegments, [0, 1]);
  // A group suppressed in every segment: leaving it out keeps more published cells than leaving segments out.
  const byGroup = publishedAssociation('x', table, [[false, false, true], [false, false, true], [false, false, true]], [0, 1, 2]);
  assert.equal(byGroup.assessable, true);
  assert.deepEqual(byGroup.columnsLeftOut, [2]);
  assert.deepEqual(byGroup.suppressedSegments, []);
  assert.ok(Math.abs(byGroup.cramersV - cramersV(table.map((r) => r.slice(0, 2))).v) < 1e-12);
});

test('a targeted segment with a suppressed cell does not reveal it through the selection count', () => {
  // Targeting segment 0 alone: the "south" selection count would be its suppressed cell (20).
  const c = card(TABLE, GROUPS, [0]);
  const parity = c.targeting[0];
  const south = parity.groups.find((g) => g.group === 'south');
  assert.equal(south?.selected, null);
  assert.equal(south?.selectionRate, null);
  assert.ok(parity.withheld?.includes('south'));
  assert.ok(!parity.disparateImpact.some((d) => d.group === 'south'));
  const published = publishedCells(c);
  // Every published selection count equals the sum of published cells (nothing new is revealed).
  for (const g of parity.groups) {
    if (g.selected === null) continue;
    const cell = published.get(`0/${g.group}`);
    assert.equal(g.selected, cell ?? undefined);
  }
});
