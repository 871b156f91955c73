/**
 * The indicator columns of one categorical add up to the segment's size, so a withheld level comes back
 * by subtraction from the published ones (trial of 2026-11-29). Seeded tables with the trial's counts:
 * Train.csv's Spending_Score (segment 3 of 1,842: Average 1,193, High 645, so Low = 4) and
 * BankChurners' Card_Category (segment 3 of 1,997: Blue 1,615, Gold 81, Silver 287, so other = 14).
 * The check is an attacker written here, not the code's solver: no segment (row) and no level (column,
 * whose total Data quality publishes) of a block may hold exactly one withheld count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSegments } from '../../lib/profile/profile';
import { withheldFlagCells, withholdFlagMeans } from '../../lib/profile/flag-cells';
import { createRng } from '../../lib/random/rng';

const K = 50;

/** Customers per segment (rows) and level (columns), as counted in the trial's runs. */
const SPENDING = { levels: ['Average', 'High', 'Low'], counts: [[448, 400, 1876], [0, 0, 1897], [1193, 645, 4], [333, 171, 1101]] };
const CARD = { levels: ['Blue', 'Gold', 'Silver', 'other'], counts: [[3956, 35, 261, 6], [3865, 0, 7, 0], [1615, 81, 287, 14]] };

/** One customer per row: the block's indicator columns and a numeric column, in a seeded order. */
function table(column: string, spec: { levels: string[]; counts: number[][] }, seed: number) {
  const rng = createRng(seed);
  const names = [...spec.levels.map((l) => `${column}=${l}`), 'spend'];
  const rows: { s: number; level: number }[] = [];
  spec.counts.forEach((row, s) => row.forEach((c, level) => { for (let i = 0; i < c; i++) rows.push({ s, level }); }));
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const raw = rows.map(({ s, level }) => [...spec.levels.map((_, j) => (j === level ? 1 : 0)), Math.exp(rng.normal() + s)]);
  const means = names.map((_, j) => raw.reduce((a, r) => a + r[j], 0) / raw.length);
  const sds = names.map((_, j) => Math.sqrt(raw.reduce((a, r) => a + (r[j] - means[j]) ** 2, 0) / raw.length) || 1);
  const scaled = raw.map((r) => r.map((x, j) => (x - means[j]) / sds[j]));
  return { names, block: names.slice(0, -1), raw, scaled, labels: rows.map((r) => r.s), k: spec.counts.length };
}

/** Withheld counts an attacker gets back by subtraction: a row (segment size) or column (level total) with one unknown. */
function recoverable(spec: { counts: number[][] }, hidden: boolean[][]): string[] {
  const found: string[] = [];
  hidden.forEach((row, s) => {
    const unknown = row.map((h, j) => (h ? j : -1)).filter((j) => j >= 0);
    if (unknown.length === 1) found.push(`segment ${s + 1}: ${spec.counts[s][unknown[0]]} by its size`);
  });
  spec.counts[0].forEach((_, j) => {
    const unknown = hidden.map((row, s) => (row[j] ? s : -1)).filter((s) => s >= 0);
    if (unknown.length === 1) found.push(`level ${j}: ${spec.counts[unknown[0]][j]} in segment ${unknown[0] + 1} by the level total`);
  });
  return found;
}

for (const [column, spec, seed] of [['Spending_Score', SPENDING, 11], ['Card_Category', CARD, 12]] as const) {
  test(`${column}: no withheld level count comes back from the segment size or the level total`, () => {
    const t = table(column, spec, seed);
    const profiles = withholdFlagMeans(profileSegments(t.names, t.raw, t.scaled, t.labels, t.k), withheldFlagCells(profileSegments(t.names, t.raw, t.scaled, t.labels, t.k), K, [t.block]));
    const hidden = profiles.map((p) => t.block.map((name) => p.features.find((f) => f.feature === name)?.withheld === true));
    // Every published share is the planted count over the size, and every count under K (but not 0) is withheld.
    profiles.forEach((p, s) =>
      t.block.forEach((name, j) => {
        const c = spec.counts[s][j];
        const f = p.features.find((x) => x.feature === name);
        if (c > 0 && c < K) assert.equal(f?.withheld, true, `${name} in segment ${s + 1} (${c} customers)`);
        if (!f?.withheld) assert.equal(f?.mean, c / p.size);
      }),
    );
    assert.deepEqual(recoverable(spec, hidden), []);
    // The numeric column is no flag and stays published.
    for (const p of profiles) assert.ok(Number.isFinite(p.features.find((f) => f.feature === 'spend')?.mean));
  });
}

test('without the block, the published shares give the small count back (what the trial found)', () => {
  const t = table('Spending_Score', SPENDING, 11);
  const profiles = profileSegments(t.names, t.raw, t.scaled, t.labels, t.k);
  const columnOnly = withholdFlagMeans(profiles, withheldFlagCells(profiles, K));
  const third = columnOnly[2];
  const published = t.block.filter((name) => !third.features.find((f) => f.feature === name)?.withheld);
  const back = third.size - published.reduce((a, name) => a + Math.round((third.features.find((f) => f.feature === name)?.mean ?? 0) * third.size), 0);
  assert.equal(back, 4, 'column by column, "Low" in segment 3 is 1,842 − 1,193 − 645');
});
