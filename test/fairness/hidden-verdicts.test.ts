/**
 * Verdicts over every cell, hidden ones included (lib/fairness/hidden-cells.ts), without printing a
 * hidden cell's value. The CPA trial (Kaggle "Customer Personality Analysis", 2,240 customers) read
 * "No check fails" while a cell hidden for k-anonymity held 6 of 396 customers (0.10 times the
 * group's share). Here a seeded table plants such a cell; every expected figure is recomputed from
 * the raw arrays below, not read from the implementation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard } from '../../lib/fairness/card';
import { createRng } from '../../lib/random/rng';
import { fairnessSection } from '../../lib/report/sections-fairness';
import type { FairnessCard } from '../../lib/fairness/types';

const K = 50;
const LOWER = 0.8;
const UPPER = 1.25;
const SEVERE_LOWER = 0.5;
const SEVERE_UPPER = 2;

/** Independent figures of one attribute over all cells: ratios, the verdicts they imply, and the hidden cells' tallies. */
function expected(labels: readonly number[], values: readonly (string | null)[], k: number, hidden: (s: number, g: string) => boolean) {
  const names = [...new Set(values.map((v) => v ?? '(missing)'))];
  const count = new Map<string, number>();
  const size = new Array<number>(k).fill(0);
  const total = new Map<string, number>();
  values.forEach((v, i) => {
    const g = v ?? '(missing)';
    count.set(`${labels[i]}|${g}`, (count.get(`${labels[i]}|${g}`) ?? 0) + 1);
    size[labels[i]] += 1;
    total.set(g, (total.get(g) ?? 0) + 1);
  });
  const n = values.length;
  const cells: { s: number; g: string; c: number; ratio: number; hidden: boolean }[] = [];
  for (let s = 0; s < k; s++) for (const g of names) cells.push({ s, g, c: count.get(`${s}|${g}`) ?? 0, ratio: (count.get(`${s}|${g}`) ?? 0) / size[s] / ((total.get(g) as number) / n), hidden: hidden(s, g) });
  const outside = (r: number): boolean => r < LOWER || r > UPPER;
  const severe = (r: number): boolean => r < SEVERE_LOWER || r > SEVERE_UPPER;
  const band = (x: number): string => (x >= LOWER ? 'pass' : x < SEVERE_LOWER ? 'fail' : 'warn');
  const representation = !cells.some((c) => outside(c.ratio)) ? 'pass' : cells.some((c) => severe(c.ratio)) ? 'fail' : 'warn';
  const balances = Array.from({ length: k }, (_, s) => {
    const cs = names.map((g) => count.get(`${s}|${g}`) ?? 0);
    return Math.min(...cs) / Math.max(...cs);
  });
  const totals = names.map((g) => total.get(g) as number);
  const balanceRatio = Math.min(...balances) / (Math.min(...totals) / Math.max(...totals));
  const proportional = Math.min(...cells.map((c) => (c.ratio === 0 ? 0 : Math.min(c.ratio, 1 / c.ratio))));
  const hiddenCells = cells.filter((c) => c.hidden);
  return {
    cells,
    representation,
    balanceVerdict: band(balanceRatio),
    proportionalVerdict: band(proportional),
    hidden: hiddenCells.length,
    small: hiddenCells.filter((c) => c.c > 0 && c.c < K).length,
    hiddenOutside: hiddenCells.filter((c) => outside(c.ratio)).length,
    hiddenSevere: hiddenCells.filter((c) => severe(c.ratio)).length,
    outsideAll: cells.filter((c) => outside(c.ratio)).length,
    segmentsOutside: [...new Set(hiddenCells.filter((c) => outside(c.ratio)).map((c) => c.s))].sort(),
  };
}

/** The card's published mask of an attribute: a cell is hidden when its count is not printed. */
const hiddenIn = (card: FairnessCard, attribute: string) => (s: number, g: string): boolean =>
  card.representation.attributes.find((a) => a.attribute === attribute)?.cells.find((c) => c.segment === s && c.group === g)?.count === null;

/**
 * 1,500 customers, 3 segments of skewed sizes. "region" (A, B, C at 12%) is mixed alike in segments 0
 * and 1, but segment 2 draws C at 2%: a handful of customers where about 36 are due. "plan" has a
 * block of missing values (its own group) and no planted skew. A tenure column is irrelevant to both.
 */
function plantedTable(seed: number) {
  const rng = createRng(seed);
  const labels: number[] = [];
  const region: string[] = [];
  const plan: (string | null)[] = [];
  const points: number[][] = [];
  for (let i = 0; i < 1500; i++) {
    const u = rng.next();
    const s = u < 0.45 ? 0 : u < 0.8 ? 1 : 2;
    const cShare = s === 2 ? 0.02 : 0.12;
    const v = rng.next();
    const r = v < cShare ? 'C' : v < cShare + (1 - cShare) * 0.57 ? 'A' : 'B';
    const w = rng.next();
    labels.push(s);
    region.push(r);
    plan.push(w < 0.1 ? null : w < 0.6 ? 'basic' : 'plus');
    // Irrelevant, skewed tenure plus the segment's offset: the clustered space of the mitigation.
    points.push([s * 3 + rng.normal() * 0.5, Math.exp(rng.normal())]);
  }
  return { labels, region, plan, points };
}

function textOf(card: FairnessCard): string {
  const section = fairnessSection(card, []);
  return [card.summary.headline, ...card.checks.map((c) => c.sentence), JSON.stringify(section.blocks)].join('\n');
}

test('a hidden cell far outside the band fails the card; its count, share and ratio are never printed', () => {
  const t = plantedTable(11);
  const card = fairnessCard(
    { labels: t.labels, k: 3, protected: { region: { kind: 'text', values: t.region }, plan: { kind: 'text', values: t.plan } }, points: t.points },
    createRng(3),
  );
  const want = expected(t.labels, t.region, 3, hiddenIn(card, 'region'));
  const planted = want.cells.find((c) => c.s === 2 && c.g === 'C');
  assert.ok(planted && planted.c > 0 && planted.c < K && planted.ratio < SEVERE_LOWER, `the generator plants a small cell below ${SEVERE_LOWER}: ${JSON.stringify(planted)}`);
  assert.ok(planted.hidden, 'the planted cell is suppressed');

  const check = (id: string) => card.checks.find((c) => c.id === id);
  // Verdicts as recomputed over every cell: the planted one makes all three fail.
  assert.equal(want.representation, 'fail');
  assert.equal(check('representation:region')?.verdict, want.representation);
  assert.equal(check('balance:region')?.verdict, want.balanceVerdict);
  assert.equal(check('proportional-balance:region')?.verdict, want.proportionalVerdict);
  assert.equal(card.summary.verdict, 'fail');
  assert.doesNotMatch(card.summary.headline, /No check fails/);
  // "plan" has no planted skew: its verdicts still follow the independent figures (hidden cells included).
  const plan = expected(t.labels, t.plan, 3, hiddenIn(card, 'plan'));
  assert.equal(check('representation:plan')?.verdict, plan.representation);
  assert.equal(check('balance:plan')?.verdict, plan.balanceVerdict);
  assert.equal(check('proportional-balance:plan')?.verdict, plan.proportionalVerdict);

  // The hidden tallies: how many, why, how many outside the band, in which segments; nothing else.
  const h = card.representation.attributes.find((a) => a.attribute === 'region')?.hidden;
  assert.ok(h);
  assert.deepEqual(
    { cells: h.cells, small: h.small, secondary: h.secondary, outside: h.outside, severe: h.severe, segments: h.segments.map((s) => s.segment) },
    { cells: want.hidden, small: want.small, secondary: want.hidden - want.small, outside: want.hiddenOutside, severe: want.hiddenSevere, segments: want.segmentsOutside },
  );
  assert.deepEqual(Object.keys(h).sort(), ['cells', 'outside', 'secondary', 'segments', 'severe', 'small', 'worstHidden']);
  // The worst cell is the hidden one: the representation and proportional-balance values are withheld, not a published subset's.
  for (const id of ['representation:region', 'proportional-balance:region']) {
    assert.equal(check(id)?.value, null, id);
    assert.equal(check(id)?.withheld, true, id);
  }
  assert.match(check('representation:region')?.sentence ?? '', new RegExp(`FAIL: ${want.hiddenSevere} of the ${want.hidden} cells hidden for privacy`));

  // Nothing in the card's numbers or the section's text gives the planted cell away.
  const size = t.labels.filter((s) => s === 2).length;
  const text = textOf(card);
  const inverse = Math.min(planted.ratio, 1 / planted.ratio);
  for (const needle of [`${planted.c} of ${size}`, `${planted.c} customers`, planted.ratio.toFixed(2), planted.ratio.toFixed(3), planted.ratio.toPrecision(3), `${((planted.c / size) * 100).toFixed(1)}%`])
    assert.ok(!text.includes(needle), `the text contains "${needle}"`);
  for (const c of card.checks) if (c.value !== null) assert.ok(Math.abs(c.value - planted.ratio) > 1e-9 && Math.abs(c.value - inverse) > 1e-9, c.id);
  const json = JSON.stringify(card);
  assert.ok(!json.includes(String(planted.ratio)) && !json.includes(String(planted.c / size)), 'fairness.json never carries the hidden ratio or share');

  // Suppressed cells split truthfully, over both attributes.
  const small = want.small + plan.small;
  const all = want.hidden + plan.hidden;
  assert.equal(card.privacy.suppressedCells, all);
  assert.equal(card.privacy.smallCells, small);
  const kAnon = check('k-anonymity')?.sentence ?? '';
  assert.match(kAnon, new RegExp(`${small} segment \u00d7 group cells? ha(s|ve) fewer than ${K} customers`));
  if (all > small) assert.match(kAnon, new RegExp(`; ${all - small} more (is|are) hidden so that small cells cannot be worked out by subtraction`));

  // The mitigation's "cells outside the band" counts every cell of its attribute, hidden ones included.
  const m = card.mitigation[0];
  assert.ok(m, 'fair assignment ran');
  const mWant = expected(t.labels, m.attribute === 'region' ? t.region : t.plan, 3, hiddenIn(card, m.attribute));
  assert.equal(m.before.cellsOutsideBand, mWant.outsideAll);
  // Its balance rows are over published cells only, and say so in the row, not only in the caption.
  const table = fairnessSection(card, []).blocks.find((b) => b.kind === 'table' && (b.caption ?? '').startsWith('Mitigation "fair-assignment"'));
  assert.ok(table && table.kind === 'table');
  assert.equal(mWant.hidden > 0, String(table.rows[0].metric).includes('published cells only'));
});

/** Customers with exact group counts per segment, in a seeded random order. */
function exactTable(counts: Record<string, number>[], seed: number) {
  const rows: { s: number; g: string }[] = [];
  counts.forEach((row, s) => {
    for (const [g, c] of Object.entries(row)) for (let i = 0; i < c; i++) rows.push({ s, g });
  });
  const rng = createRng(seed);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return { labels: rows.map((r) => r.s), values: rows.map((r) => r.g) };
}

test('hidden cells inside the band still pass, and the text says they were counted', () => {
  // C is 10% everywhere: its cells in segments 3 and 4 (45 and 30) are below 50 and hidden, ratio exactly 1;
  // segments 1 and 2 stay published, so the association checks are assessable too.
  const t = exactTable([{ A: 300, B: 240, C: 60 }, { A: 300, B: 240, C: 60 }, { A: 225, B: 180, C: 45 }, { A: 150, B: 120, C: 30 }], 8);
  const card = fairnessCard({ labels: t.labels, k: 4, protected: { region: { kind: 'text', values: t.values } } }, createRng(1));
  const want = expected(t.labels, t.values, 4, hiddenIn(card, 'region'));
  assert.ok(want.small >= 2, 'cells below 50 are hidden');
  assert.equal(want.hiddenOutside, 0);
  for (const id of ['representation:region', 'balance:region', 'proportional-balance:region']) assert.equal(card.checks.find((c) => c.id === id)?.verdict, 'pass', id);
  assert.equal(card.summary.verdict, 'pass');
  assert.match(card.checks.find((c) => c.id === 'representation:region')?.sentence ?? '', new RegExp(`Of the ${want.hidden} cells hidden for privacy .*none is outside 0\\.8\u20131\\.25`));
});

test('a hidden cell outside the band but within 0.5-2 warns, and says so without a FAIL', () => {
  // C in segment 2: 21 of 300 where its share is 126 / 1,350 (ratio 0.75).
  const t = exactTable([{ A: 300, B: 240, C: 60 }, { A: 225, B: 180, C: 45 }, { A: 150, B: 129, C: 21 }], 9);
  const card = fairnessCard({ labels: t.labels, k: 3, protected: { region: { kind: 'text', values: t.values } } }, createRng(1));
  const want = expected(t.labels, t.values, 3, hiddenIn(card, 'region'));
  const c = want.cells.find((x) => x.s === 2 && x.g === 'C');
  assert.ok(c && c.hidden && c.ratio > SEVERE_LOWER && c.ratio < LOWER, JSON.stringify(c));
  const rep = card.checks.find((x) => x.id === 'representation:region');
  assert.equal(rep?.verdict, want.representation);
  assert.equal(want.representation, 'warn');
  assert.doesNotMatch(rep?.sentence ?? '', /FAIL/);
  assert.match(rep?.sentence ?? '', new RegExp(`${want.hiddenOutside} of the ${want.hidden} cells hidden for privacy .* (is|are) outside 0\\.8\u20131\\.25, in segment 3`));
  const text = textOf(card);
  for (const needle of ['21 of 300', c.ratio.toFixed(2), c.ratio.toFixed(3), '7.0%']) assert.ok(!text.includes(needle), needle);
});
