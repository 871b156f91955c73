/**
 * No stage silently skipped on the DuckDB path: the same demo run with the transactions read in
 * Node and kept in DuckDB (`sources.transactions.engine`) has the same stages, results and notices.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { campaignLogFromTable } from '../../lib/campaigns/from-table';
import { evaluateCampaigns } from '../../lib/campaigns/evaluate';
import { readSource, withRowIds } from '../../lib/load/source';
import { stageRng } from '../../lib/random/rng';
import { validateConfig } from '../../lib/config/validate';
import { inputFiles, runPipeline } from '../../lib/pipeline/run';
import { backgroundStats } from '../../lib/parallel/background';
import { repoRoot, sharedDatasets, needsDatasets } from '../helpers/paths';

const demo = path.join(repoRoot, 'data', 'demo');

function config(engine: 'js' | 'duckdb') {
  return validateConfig(
    {
      name: `demo-${engine}`,
      seed: 42,
      outDir: '/tmp/seglab-unused',
      sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv', engine } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', pii: ['email'] },
      clean: { ranges: { age: [16, 110], income: [0, 10000000] } },
      features: { customerColumns: ['income'], logColumns: ['income'] },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 3, restarts: 1 },
      fairness: { protected: ['gender'] },
      clv: { margin: 0.3 },
    },
    demo,
  );
}

test('demo run, Node path vs DuckDB path: same segments, same CLV, same data-quality profiles and input counts, same notices', async () => {
  const js = await runPipeline(config('js'));
  const duck = await runPipeline(config('duckdb'));
  assert.equal(js.cleaned.behaviour, null);
  assert.equal(duck.cleaned.transactions, null, 'the order lines stayed in DuckDB');
  assert.deepEqual(duck.clustering.labels, js.clustering.labels);
  // Every stage ran on both paths.
  assert.deepEqual(Object.keys(duck.timings).sort(), Object.keys(js.timings).sort());
  assert.ok(js.clv && duck.clv, 'CLV on both paths');
  assert.ok(duck.timings.clv >= 0);
  for (const k of ['r', 'alpha', 'a', 'b'] as const) assert.ok(Math.abs(duck.clv.bgnbd[k] - js.clv.bgnbd[k]) <= 1e-6 * js.clv.bgnbd[k], `BG/NBD ${k}`);
  duck.clv.segments.forEach((s, i) => assert.ok(Math.abs(s.totalClv - js.clv!.segments[i].totalClv) <= 1e-6 * Math.abs(js.clv!.segments[i].totalClv), `segment ${s.segment} CLV`));
  assert.deepEqual(duck.clv.historical.segments.map((s) => Math.round(s.totalClv * 100)), js.clv.historical.segments.map((s) => Math.round(s.totalClv * 100)));
  // The report's data-quality section profiles the transactions on both paths.
  assert.deepEqual(duck.dataQuality.map((p) => p.source), js.dataQuality.map((p) => p.source));
  const [jt, dt] = [js, duck].map((r) => r.dataQuality.find((p) => p.source === 'transactions'));
  assert.ok(jt && dt);
  assert.equal(dt.rows, jt.rows);
  assert.deepEqual(dt.columns.map((c) => [c.name, c.missingShare]), jt.columns.map((c) => [c.name, c.missingShare]));
  // The manifest and model card count the transactions file's rows on both paths (not -1).
  assert.deepEqual(inputFiles(duck.inputs).map((f) => f.rows), inputFiles(js.inputs).map((f) => f.rows));
  // The notices at the top of the report are the same: nothing "not estimated" on either.
  assert.deepEqual(duck.warnings, js.warnings);
  assert.ok(!duck.warnings.some((w) => /not estimated|not in memory/.test(w)), duck.warnings.join(' | '));
});

test('DuckDB path: the CLV fit in a background worker (started after features) gives the same run as in-process', async () => {
  const before = backgroundStats().started;
  const events: string[] = [];
  const worker = await runPipeline(config('duckdb'), { backgroundClvMinCustomers: 0, onStage: (e) => events.push(`${e.stage} ${e.phase}`) });
  // The progress display: the clv stage starts, says it waits for the fit, and ends, after profile;
  // the campaigns and the fairness card run while the fit finishes, so the clv stage comes after them.
  const clvEvents = events.filter((e) => e.startsWith('clv '));
  assert.deepEqual(clvEvents, ['clv start', 'clv step', 'clv end']);
  assert.ok(events.indexOf('clv start') > events.indexOf('profile end'));
  assert.ok(events.indexOf('clv start') > events.indexOf('fairness end'));
  const started = backgroundStats().started;
  // Two background workers: the input files' hashing (lib/parallel/hash-files.ts) and the CLV fit.
  assert.equal(started, before + 2, 'the input hashing and the fit ran in workers');
  const local = await runPipeline(config('duckdb'), { backgroundClvMinCustomers: Infinity });
  assert.equal(backgroundStats().started, started + 1, 'only the input hashing ran in a worker: the second fit ran in-process');
  assert.ok(worker.clv && local.clv);
  assert.deepStrictEqual(worker.clv, local.clv);
  assert.deepStrictEqual(worker.warnings, local.warnings);
  assert.deepStrictEqual(worker.profiles, local.profiles);
  assert.deepStrictEqual(worker.clustering.labels, local.clustering.labels);
  assert.deepStrictEqual(worker.fairnessCard, local.fairnessCard);
  assert.deepStrictEqual(worker.campaigns, local.campaigns);
  // The same stages; in-process the clv stage runs in pipeline order, before campaigns and fairness.
  assert.deepStrictEqual(Object.keys(worker.timings).sort(), Object.keys(local.timings).sort());
  assert.ok(Object.keys(local.timings).indexOf('clv') < Object.keys(local.timings).indexOf('fairness'));
  assert.ok(Object.keys(worker.timings).indexOf('clv') > Object.keys(worker.timings).indexOf('fairness'));
  assert.deepStrictEqual(worker.backgroundFits, ['clv'], 'the run says its CLV fit ran beside the other stages');
  assert.equal(local.backgroundFits, undefined);
});

test('campaign log read through DuckDB (engine "duckdb") evaluates exactly as read in Node: Hillstrom e-mail test', { skip: needsDatasets('hillstrom-email') }, async () => {
  const file = path.join(sharedDatasets, 'hillstrom-email', 'Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv');
  const cfg = validateConfig(
    {
      sources: { customers: { path: file } },
      columns: { customerId: 'row_id' },
      campaigns: { columns: { customerId: 'row_id', arm: 'segment', converted: 'conversion', revenue: 'spend', engagement: ['visit'] }, controlArm: 'No E-Mail', bootstrap: 200, posteriorDraws: 2000 },
    },
    '/tmp',
  ).campaigns;
  const [js, duck] = await Promise.all([readSource({ path: file, engine: 'js' }, 'campaigns'), readSource({ path: file, engine: 'duckdb' }, 'campaigns')]);
  assert.ok(duck.guessed?.some((g) => g.includes('DuckDB')));
  const [logJs, logDuck] = [js, duck].map((t) => campaignLogFromTable(withRowIds(t), cfg));
  assert.equal(logDuck.customerId.length, 64000);
  assert.deepEqual(logDuck, logJs);
  const segments = new Map(logJs.customerId.map((id) => [id, Number(id) % 2 ? 'odd' : 'even']));
  const { columns: _c, budget: _b, ...options } = cfg;
  const a = evaluateCampaigns(logJs, segments, { ...options, controlArm: options.controlArm ?? undefined }, stageRng(1, 'campaigns'));
  const b = evaluateCampaigns(logDuck, segments, { ...options, controlArm: options.controlArm ?? undefined }, stageRng(1, 'campaigns'));
  assert.deepEqual(b, a);
  assert.equal(a.decisions.length, 2);
});
