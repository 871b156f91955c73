/**
 * "+0.703 SD vs the rest" (trial of 2026-11-29, Train.csv): a one-hot level's trait was read in the
 * scaled column's units, which the mixed scaler divides by the whole block's spread, not in the
 * level's own standard deviation. Seeded table with the trial's Spending_Score counts per segment,
 * scaled by the real mixed-type scaler; the expected effects are recomputed here from the planted
 * counts: (share in the segment − share in the rest) / sqrt(p (1 − p)), p the share over all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSegments } from '../../lib/profile/profile';
import { describePersonas, segmentTraits } from '../../lib/profile/personas';
import { fitMixedScaler } from '../../lib/features/mixed';
import { applyScaler } from '../../lib/features/scale';
import { createRng } from '../../lib/random/rng';

const LEVELS = ['Average', 'High', 'Low'];
/** Customers per segment and level: Train.csv's segments 1, 3 and 4 of the trial run (segment 2's all-Low row left out). */
const COUNTS = [[448, 400, 1876], [1193, 645, 4], [333, 171, 1101]];

function table(seed: number) {
  const rng = createRng(seed);
  const names = [...LEVELS.map((l) => `Spending_Score=${l}`), 'Family_Size'];
  const rows: { s: number; level: number }[] = [];
  COUNTS.forEach((row, s) => row.forEach((c, level) => { for (let i = 0; i < c; i++) rows.push({ s, level }); }));
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const raw = rows.map(({ s, level }) => [...LEVELS.map((_, j) => (j === level ? 1 : 0)), 1 + rng.int(4) + s]);
  const fit = fitMixedScaler(raw, names, [names.slice(0, 3)], {}, rows.map((_, i) => String(i + 1)));
  return { names, raw, scaled: applyScaler(raw, fit.scaler), labels: rows.map((r) => r.s) };
}

test('a one-hot level\u2019s effect vs the rest is in the level\u2019s own standard deviations', () => {
  const t = table(3);
  const profiles = profileSegments(t.names, t.raw, t.scaled, t.labels, COUNTS.length);
  const n = COUNTS.flat().reduce((a, b) => a + b, 0);
  COUNTS.forEach((row, s) => {
    const size = row.reduce((a, b) => a + b, 0);
    const traits = segmentTraits(profiles[s], 0);
    LEVELS.forEach((level, j) => {
      const all = COUNTS.reduce((a, r) => a + r[j], 0);
      const p = all / n;
      const expected = (row[j] / size - (all - row[j]) / (n - size)) / Math.sqrt(p * (1 - p));
      const trait = traits.find((x) => x.feature === `Spending_Score=${level}`);
      assert.ok(trait && Math.abs(trait.effect - expected) < 1e-9, `${level} in segment ${s + 1}: ${trait?.effect} vs ${expected}`);
      // The heatmap's z: the same distance from the whole base, in the same units.
      const z = profiles[s].features.find((f) => f.feature === `Spending_Score=${level}`)?.zMean ?? NaN;
      assert.ok(Math.abs(z - (row[j] / size - p) / Math.sqrt(p * (1 - p))) < 1e-9, `z of ${level} in segment ${s + 1}`);
    });
  });
  // The trial's sentence (it printed +0.703 for 64.8% "Average"): the figure printed is this effect.
  const summary = describePersonas(profiles, { minCellSize: 50 }).profiles[1].persona?.summary ?? '';
  const printed = /spending score: Average: 64\.8% of the segment, \+([\d.]+) SD vs the rest/.exec(summary);
  const size = COUNTS[1].reduce((a, b) => a + b, 0);
  const p = COUNTS.reduce((a, r) => a + r[0], 0) / n;
  const effect = (COUNTS[1][0] / size - (p * n - COUNTS[1][0]) / (n - size)) / Math.sqrt(p * (1 - p));
  assert.ok(printed && Math.abs(Number(printed[1]) - effect) < 0.005, `${summary} (expected ${effect})`);
});
