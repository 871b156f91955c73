/**
 * A feature in features.logColumns is clustered on log(1 + x), and its trait's "SD vs the rest" was
 * measured there, while the sentence printed the raw mean beside it as if both were on one scale
 * (trial of 2026-11-29 on BankChurners: "total trans amt 4,408 on average (+0.507 SD vs the rest)").
 * The sentence now says ", on the log scale" for such a feature, and only for it. On the public Mall
 * Customers table (../shared/datasets/mall-customers, see its PROVENANCE.md) every trait's mean and
 * effect are recomputed here from the file: the raw mean of the segment, and the difference of the
 * segment's and the rest's means of ln(1 + income) (or of the raw score, for the unlogged feature)
 * in population standard deviations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { readDelimited } from '../../lib/load/csv';
import { personaCard } from '../../lib/report/sections-personas';
import { featureHeatmapChart } from '../../lib/report/charts';
import { needsDatasets, sharedDatasets, tempDir } from '../helpers/paths';

const FILE = 'mall-customers/Mall_Customers.csv';
const INCOME = 'Annual Income (k$)';
const SCORE = 'Spending Score (1-100)';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function sdPop(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

test('Mall Customers with income in features.logColumns: log-scale effects are said to be, raw ones are not', { skip: needsDatasets(FILE), timeout: 180_000 }, async () => {
  const file = path.join(sharedDatasets, FILE);
  const config = validateConfig(
    {
      name: 'log-scale',
      outDir: path.join(tempDir('seglab-log-scale-'), 'run'),
      sources: { customers: { path: file } },
      columns: { customerId: 'CustomerID' },
      features: { behavioural: [], customerColumns: [INCOME, SCORE], logColumns: [INCOME] },
      clv: { enabled: false },
      embed: { enabled: false },
      cluster: { kMin: 5, kMax: 5, restarts: 3, workers: 1 },
      fairness: { protected: ['Genre', 'Age'], minCellSize: 20 },
    },
    path.dirname(file),
  );
  const run = await runPipeline(config);
  assert.deepEqual(run.clipped ?? {}, {}, 'no value clipped: the effects are on the plain (log) scale');

  // The truth, from the file itself.
  const table = readDelimited(file, 'customers');
  const column = (name: string): number[] => table.rows.map((r) => Number(r[table.header.indexOf(name)]));
  const byFeature: Record<string, { raw: number[]; scaled: number[] }> = {
    [INCOME]: { raw: column(INCOME), scaled: column(INCOME).map((x) => Math.log(1 + x)) },
    [SCORE]: { raw: column(SCORE), scaled: column(SCORE) },
  };
  const rows = run.features.rowIndex;
  assert.equal(rows.length, table.rows.length);
  const labels = run.clustering.labels;

  let logTraits = 0;
  let rawTraits = 0;
  for (const p of run.profiles) {
    const persona = p.persona;
    assert.ok(persona && !persona.suppressed);
    const inSegment = rows.map((_, i) => labels[i] === p.segment);
    for (const t of [...persona.positive, ...persona.negative]) {
      const f = byFeature[t.feature];
      assert.ok(f, t.feature);
      const pick = (xs: number[], want: boolean): number[] => rows.map((r) => xs[r]).filter((_, i) => inSegment[i] === want);
      assert.ok(Math.abs(t.mean - mean(pick(f.raw, true))) < 1e-9, `${t.feature}: mean`);
      const effect = (mean(pick(f.scaled, true)) - mean(pick(f.scaled, false))) / sdPop(f.scaled);
      assert.ok(Math.abs(t.effect - effect) < 1e-9, `${t.feature}: effect ${t.effect} vs ${effect}`);
      // The sentences: the log feature's says so; the other's does not.
      const card = JSON.stringify(personaCard(p, 20, null));
      const logged = t.feature === INCOME;
      if (logged) logTraits++;
      else rawTraits++;
      assert.equal(t.scale === 'log', logged);
      const label = logged ? 'annual income \\(k\\$\\)' : 'spending score \\(1-100\\)';
      const note = logged ? ', on the log scale\\)' : '\\)';
      assert.match(persona.summary, new RegExp(`${label}: [^()]* on average, [+\u2212-][0-9.]+ SD vs the rest${note}`, 'i'));
      assert.match(card, new RegExp(`${label} [^()]* on average \\([+\u2212-][0-9.]+ SD vs the rest${note}`, 'i'));
    }
  }
  assert.ok(logTraits > 0 && rawTraits > 0, 'both kinds of trait were checked');
  // The heatmap says which rows are on the log scale.
  assert.match(featureHeatmapChart(run.profiles).description as string, /Annual income \(k\$\) on the log scale, log\(1 \+ value\)/i);
});
