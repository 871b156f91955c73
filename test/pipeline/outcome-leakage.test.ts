/**
 * Trial of 2026-11-29 on BankChurners.csv: a "Naive_Bayes_Classifier_Attrition_Flag_..." column (a
 * model's predicted probability of the label) listed as a feature made a segment with 99.4% attrition
 * and no word of warning. Seeded table of the same shape (16% attrited; an honest activity count; a
 * near-perfect score); the AUCs are recomputed here pair by pair, not with the code's rank formula.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/paths';
import { createRng } from '../../lib/random/rng';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { aucOf } from '../../lib/profile/outcome-leakage';

const SCORE = 'Naive_Bayes_Classifier_Attrition_Flag_Card_Category_2';

function bankLike(n = 600, seed = 5): { file: string; rows: Record<string, number | string>[] } {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, (_, i) => {
    const attrited = rng.next() < 0.16;
    return {
      CLIENTNUM: 700000000 + i * 37,
      Attrition_Flag: attrited ? 'Attrited Customer' : 'Existing Customer',
      Gender: rng.next() < 0.53 ? 'F' : 'M',
      Total_Trans_Ct: Math.max(10, Math.round((attrited ? 45 : 68) + 22 * rng.normal())),
      Credit_Limit: Math.round(8000 * Math.exp(0.8 * rng.normal())),
      // A classifier's probability of "Existing": about 0.0001 for the attrited, 0.9999 for the others, one mistake in 200.
      [SCORE]: Number((rng.next() < 0.005 ? (attrited ? 0.9 : 0.1) : attrited ? 0.0001 + 0.003 * rng.next() : 0.9999 - 0.0003 * rng.next()).toFixed(5)),
    };
  });
  const header = Object.keys(rows[0]);
  const dir = tempDir('seglab-leak-');
  const file = path.join(dir, 'BankChurners.csv');
  fs.writeFileSync(file, [header.join(','), ...rows.map((r) => header.map((h) => String(r[h as keyof typeof r])).join(','))].join('\n') + '\n');
  return { file, rows };
}

/** AUC by counting every (positive, negative) pair, ties half. */
function pairwiseAuc(scores: readonly number[], positive: readonly boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!positive[i]) return;
    scores.forEach((b, j) => {
      if (positive[j]) return;
      pairs++;
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

test('AUC with ties equals the pair count', () => {
  const rng = createRng(9);
  const scores = Array.from({ length: 300 }, () => rng.int(7));
  const positive = scores.map((s) => rng.next() < 0.2 + 0.08 * s);
  assert.ok(Math.abs(aucOf(scores, positive) - pairwiseAuc(scores, positive)) < 1e-12);
});

test('a feature that is the outcome in disguise is named in a warning; an honest predictor is not', { timeout: 120_000 }, async () => {
  const { file, rows } = bankLike();
  const config = validateConfig(
    {
      name: 'leak',
      outDir: tempDir('seglab-leak-out-'),
      sources: { customers: { path: file } },
      columns: { customerId: 'CLIENTNUM', label: 'Attrition_Flag' },
      features: { behavioural: [], customerColumns: ['Total_Trans_Ct', 'Credit_Limit', SCORE] },
      clv: { enabled: false },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 3, restarts: 3 },
      fairness: { protected: ['Gender'] },
    },
    path.dirname(file),
  );
  const run = await runPipeline(config);
  const positive = rows.map((r) => r.Attrition_Flag === 'Attrited Customer');
  const fold = (auc: number): number => Math.max(auc, 1 - auc);
  const scoreAuc = fold(pairwiseAuc(rows.map((r) => Number(r[SCORE])), positive));
  const honestAuc = fold(pairwiseAuc(rows.map((r) => Number(r.Total_Trans_Ct)), positive));
  assert.ok(scoreAuc >= 0.95 && honestAuc < 0.95, `fixture: score ${scoreAuc}, honest ${honestAuc}`);
  const warning = run.warnings.find((w) => w.includes('apart almost on its own'));
  assert.ok(warning, run.warnings.join(' | '));
  assert.ok(warning.includes(`"${SCORE}" AUC ${scoreAuc.toFixed(3)}`), warning);
  assert.ok(warning.includes('"Attrition_Flag" = "Attrited Customer"'), warning);
  assert.ok(!warning.includes('Total_Trans_Ct') && !warning.includes('Credit_Limit'), warning);
});
