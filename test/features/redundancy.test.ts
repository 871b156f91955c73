/**
 * Numeric features that repeat others are a data-quality alert. Trial of 2026-11-29 on
 * BankChurners.csv (Eugeny13/BankChurners at 1164c6ddb279127b20e43c6c44e768a5fa518ebc, sha256
 * 758ec415...67d5): Avg_Open_To_Buy = Credit_Limit − Total_Revolving_Bal on all 10,127 rows went
 * unnoticed. The relations below are built into the generated columns, so the truth is known
 * without seglab; the pipeline test checks every row of its file before expecting the alert.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { linearRedundancies } from '../../lib/features/redundancy';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';

function columnsOf(cols: Record<string, (number | null)[]>): Parameters<typeof linearRedundancies> {
  const names = Object.keys(cols);
  return [names, cols[names[0]].length, (j, i) => cols[names[j]][i]];
}

const rng = createRng(13);
const cents = (x: number): number => Math.round(x * 100) / 100;
const limit = Array.from({ length: 500 }, () => cents(1400 + rng.next() * 30000));
const balance = Array.from({ length: 500 }, () => cents(rng.next() * 2500));
const trips = Array.from({ length: 500 }, () => Math.floor(10 + rng.next() * 120));

test('an exact difference is found, with its terms and no deviation', () => {
  const open = limit.map((l, i) => cents(l - balance[i]));
  const { exact, near } = linearRedundancies(...columnsOf({ limit, balance, open, trips }));
  assert.equal(exact.length, 1);
  assert.equal(exact[0].column, 'open');
  assert.deepEqual(exact[0].terms, [{ column: 'limit', coefficient: 1 }, { column: 'balance', coefficient: -1 }]);
  assert.equal(exact[0].intercept, 0);
  assert.equal(exact[0].maxDeviation, 0);
  assert.equal(exact[0].rows, 500);
  assert.deepEqual(near, []);
});

test('other coefficients and an intercept; rounding to the cent is still "to rounding"; missing rows are left out', () => {
  const combo: (number | null)[] = limit.map((l, i) => cents(2 * l + 0.5 * trips[i] + 3));
  combo[7] = null;
  const { exact } = linearRedundancies(...columnsOf({ limit, trips, combo }));
  assert.equal(exact.length, 1);
  assert.deepEqual(exact[0].terms, [{ column: 'limit', coefficient: 2 }, { column: 'trips', coefficient: 0.5 }]);
  assert.equal(exact[0].intercept, 3);
  assert.equal(exact[0].rows, 499);
  // The deviation said is the largest over the rows, recomputed here.
  let largest = 0;
  combo.forEach((c, i) => {
    if (c !== null) largest = Math.max(largest, Math.abs(c - (2 * limit[i] + 0.5 * trips[i] + 3)));
  });
  assert.ok(exact[0].maxDeviation <= largest + 1e-9);
});

test('an almost perfect correlation is a near duplicate; unrelated columns are nothing', () => {
  const copy = limit.map((l) => l * 1.1 + (rng.next() - 0.5) * 20);
  const r = correlation(limit, copy);
  assert.ok(Math.abs(r) > 0.9999 && Math.abs(r) < 1);
  const { exact, near } = linearRedundancies(...columnsOf({ limit, balance, copy }));
  assert.deepEqual(exact, []);
  assert.equal(near.length, 1);
  assert.deepEqual(near[0].columns, ['limit', 'copy']);
  assert.ok(Math.abs(near[0].correlation - r) < 1e-9);
  assert.deepEqual(linearRedundancies(...columnsOf({ limit, balance, trips })), { exact: [], near: [] });
});

function correlation(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i] - my);
    sxx += (v - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

test('a BankChurners-shaped run says Avg_Open_To_Buy = Credit_Limit − Total_Revolving_Bal in its data-quality alerts', { timeout: 180_000 }, async () => {
  const dir = tempDir('seglab-redundancy-');
  const file = path.join(dir, 'churners.csv');
  const lines = ['CLIENTNUM,Credit_Limit,Total_Revolving_Bal,Avg_Open_To_Buy,Total_Trans_Ct'];
  limit.forEach((l, i) => lines.push(`${708000000 + i},${l},${balance[i]},${cents(l - balance[i])},${i === 3 ? '' : trips[i]}`));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  // Every row holds the relation (the truth, from the file as written).
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  assert.ok(rows.every((r) => Math.abs(r[1] - r[2] - r[3]) < 1e-6));
  const config = validateConfig(
    {
      name: 'redundancy',
      outDir: path.join(dir, 'out'),
      sources: { customers: { path: file } },
      columns: { customerId: 'CLIENTNUM' },
      features: { behavioural: [], customerColumns: ['Credit_Limit', 'Total_Revolving_Bal', 'Avg_Open_To_Buy', 'Total_Trans_Ct'] },
      clv: { enabled: false },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 2, restarts: 2, workers: 1 },
      fairness: { protected: [], minCellSize: 20 },
    },
    dir,
  );
  const run = await runPipeline(config);
  const terms = [{ column: 'Credit_Limit', coefficient: 1 }, { column: 'Total_Revolving_Bal', coefficient: -1 }];
  // The row with a blank Total_Trans_Ct (filled with the median) is left out of the check: 499 rows.
  assert.ok((run.dataQualityAlerts ?? []).includes(msg.linearRedundancy('Avg_Open_To_Buy', terms, 0, 0, 499)), (run.dataQualityAlerts ?? []).join(' | '));
  assert.match(msg.linearRedundancy('Avg_Open_To_Buy', terms, 0, 0, 499), /"Avg_Open_To_Buy" = "Credit_Limit" − "Total_Revolving_Bal" exactly on every one of the 499 customers/);
});
