/**
 * Cleaning as fit/apply: a run saves its customer cleaning's fit (fill values, winsor limits,
 * recodes) in model.json, and `seglab score` applies it to a new file instead of learning those
 * values from the new file. The new file here has another income median and other visit
 * quantiles on purpose: the fill value and the limits must stay the training file's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanCustomers } from '../../lib/clean/customers';
import { loadCleanFit } from '../../lib/clean/fit';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { readDelimited } from '../../lib/load/csv';
import { buildModel, loadModel, type SegmentationModel } from '../../lib/model/artifact';
import { runScoreCommand } from '../../lib/cli/score';
import { runPipeline } from '../../lib/pipeline/run';
import { createRng } from '../../lib/random/rng';
import type { Ledger } from '../../lib/clean/types';
import { tempDir } from '../helpers/paths';

/** Type-7 quantile of sorted values, written out here so the test does not reuse the code it checks. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (sorted[Math.ceil(h)] - sorted[lo]) * (h - lo);
}

interface Customers {
  csv: string;
  income: (number | null)[];
  visits: number[];
}

/** Seeded customers: income log-normal around `incomeScale` with every 7th missing (written "n/a"), visits skewed with planted outliers, a region with a recoded alias. */
function customers(n: number, seed: number, incomeScale: number, idPrefix: string, visitsScale: number): Customers {
  const rng = createRng(seed);
  const lines = ['customer_id,income,visits,region'];
  const income: (number | null)[] = [];
  const visits: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const inc = i % 7 === 3 ? null : Math.round(incomeScale * Math.exp(0.4 * z));
    const v = i % 50 === 10 ? 400 + i : Math.round(visitsScale * (1 + 4 * rng.next() ** 2));
    income.push(inc);
    visits.push(v);
    const region = ['North', 'South', 'N.', 'East'][i % 4];
    lines.push(`${idPrefix}${String(i).padStart(4, '0')},${inc === null ? 'n/a' : inc},${v},${region}`);
  }
  return { csv: `${lines.join('\n')}\n`, income, visits };
}

function config(dir: string): RunConfig {
  return validateConfig(
    {
      name: 'cleanfit',
      seed: 7,
      outDir: path.join(dir, 'run'),
      sources: { customers: { path: 'train.csv' } },
      columns: { customerId: 'customer_id' },
      clean: {
        missing: { income: 'median' },
        winsorise: { visits: { quantiles: [0.05, 0.95] } },
        recode: { region: { 'N.': 'North' } },
      },
      features: { customerColumns: ['income', 'visits'], behavioural: [] },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 3, restarts: 2 },
    },
    dir,
  );
}

let fitted: Promise<{ dir: string; train: Customers; model: SegmentationModel }> | null = null;
function trainedModel(): Promise<{ dir: string; train: Customers; model: SegmentationModel }> {
  fitted ??= (async () => {
    const dir = tempDir('seglab-cleanfit-');
    const train = customers(300, 11, 40_000, 'T', 4);
    fs.writeFileSync(path.join(dir, 'train.csv'), train.csv);
    const run = await runPipeline(config(dir));
    // What writeRunOutputs writes as model.json, through a JSON round trip as `seglab score` reads it.
    const model = loadModel(JSON.parse(JSON.stringify(buildModel(run, run.autoencoder))));
    return { dir, train, model };
  })();
  return fitted;
}

async function score(dir: string, model: unknown, file: string, outName: string): Promise<{ ledger: Ledger; features: Record<string, number>[] }> {
  const modelFile = path.join(dir, `${outName}.model.json`);
  fs.writeFileSync(modelFile, JSON.stringify(model));
  const out = path.join(tempDir('seglab-cleanfit-out-'), outName);
  const code = await runScoreCommand(['--model', modelFile, '--customers', file, '--out', out], { log: () => undefined });
  assert.equal(code, 0);
  const [header, ...rows] = fs.readFileSync(path.join(out, 'features.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return {
    ledger: JSON.parse(fs.readFileSync(path.join(out, 'ledger.json'), 'utf8')) as Ledger,
    features: rows.map((r) => Object.fromEntries(header.map((h, j) => [h, Number(r[j])]))),
  };
}

/** The scaled value the model gives a raw value of `feature` (its saved log1p and scaler). */
function scaledOf(model: SegmentationModel, feature: string, raw: number): number {
  const j = model.transform.scaler.features.indexOf(feature);
  const x = model.transform.log1p.includes(feature) ? Math.log1p(raw) : raw;
  return (x - model.transform.scaler.mean[j]) / model.transform.scaler.sd[j];
}

test('model.json carries the cleaning fit: the training median, the winsor limits and the recodes', async () => {
  const { train, model } = await trainedModel();
  assert.ok(model.cleanFit, 'model.json has no cleanFit');
  const present = train.income.filter((v): v is number => v !== null).sort((a, b) => a - b);
  assert.equal(model.cleanFit.numericFill.income.value, quantile(present, 0.5));
  assert.equal(model.cleanFit.numericFill.income.rule, 'median');
  const visits = train.visits.slice().sort((a, b) => a - b);
  assert.deepEqual(model.cleanFit.winsor.visits.bounds, [quantile(visits, 0.05), quantile(visits, 0.95)]);
  assert.deepEqual(model.cleanFit.recode.region, { 'N.': 'North' });
  assert.ok(model.cleanFit.numericColumns.includes('income') && model.cleanFit.numericColumns.includes('visits'));
});

test('seglab score fills a new file with the saved median and clips at the saved limits, though the new file\'s median and quantiles differ', async () => {
  const { dir, train, model } = await trainedModel();
  const fresh = customers(120, 99, 90_000, 'N', 9); // incomes about twice as high, visits higher
  const file = path.join(dir, 'new.csv');
  fs.writeFileSync(file, fresh.csv);
  const trainMedian = quantile(train.income.filter((v): v is number => v !== null).sort((a, b) => a - b), 0.5);
  const newMedian = quantile(fresh.income.filter((v): v is number => v !== null).sort((a, b) => a - b), 0.5);
  assert.ok(newMedian > 1.5 * trainMedian, `the new file's median (${newMedian}) should differ from the training one (${trainMedian})`);

  const applied = await score(dir, model, file, 'scored');
  const missingRows = fresh.income.flatMap((v, i) => (v === null ? [i] : []));
  assert.equal(applied.features.length, 120);
  const expected = scaledOf(model, 'income', trainMedian);
  for (const i of missingRows) assert.ok(Math.abs(applied.features[i].income - expected) < 1e-9, `customer ${i}: income ${applied.features[i].income}, expected the training median's ${expected}`);
  const repairs = applied.ledger[0].repairs;
  assert.equal(repairs[`income: missing filled with median ${Number(trainMedian.toPrecision(6))} (saved cleaning fit)`], missingRows.length);

  // Winsor limits: the training file's upper limit, not the new file's own 95th percentile.
  const [, upper] = model.cleanFit!.winsor.visits.bounds;
  const newUpper = quantile(fresh.visits.slice().sort((a, b) => a - b), 0.95);
  assert.notEqual(upper, newUpper);
  const clipped = fresh.visits.flatMap((v, i) => (v > upper ? [i] : []));
  assert.ok(clipped.length > 0);
  for (const i of clipped) assert.ok(Math.abs(applied.features[i].visits - scaledOf(model, 'visits', upper)) < 1e-9, `customer ${i}: visits not clipped at the training limit ${upper}`);
  const [lower] = model.cleanFit!.winsor.visits.bounds;
  const outside = fresh.visits.filter((v) => v > upper || v < lower).length;
  assert.equal(repairs[`visits: outlier winsorised at limits of the saved cleaning fit [${Number(lower.toPrecision(6))}, ${Number(upper.toPrecision(6))}]`], outside);

  // Without the saved fit (a model from before it existed), the new file's own median is used: the
  // fit is what makes the difference.
  const { cleanFit: _fit, ...oldModel } = model;
  const refit = await score(dir, oldModel, file, 'scored-old');
  const refitRepairs = Object.keys(refit.ledger[0].repairs).find((r) => r.startsWith('income: missing filled with median'));
  assert.equal(refitRepairs, `income: missing filled with median ${Number(newMedian.toPrecision(6))}`);
  for (const i of missingRows) assert.ok(Math.abs(refit.features[i].income - scaledOf(model, 'income', newMedian)) < 1e-9);
});

test('cleanCustomers applies a given fit and returns it unchanged; recodes come from the fit', async () => {
  const { dir, model } = await trainedModel();
  const cfg = { ...config(dir), clean: { ...config(dir).clean, recode: {} } };
  const table = readDelimited(path.join(dir, 'train.csv'), 'customers');
  const fit = model.cleanFit!;
  const cleaned = cleanCustomers(table, cfg, {}, {}, { fit });
  assert.deepEqual(cleaned.fit, fit);
  assert.ok(!cleaned.text.region.includes('N.'), 'the fit\'s recode of "N." to "North" was not applied');
  const unfitted = cleanCustomers(table, cfg, {}, {});
  assert.ok(unfitted.text.region.includes('N.'));
});

test('a malformed cleanFit in model.json is refused with one sentence naming the field', async () => {
  const { model } = await trainedModel();
  assert.throws(() => loadModel({ ...model, cleanFit: { ...model.cleanFit, winsor: { visits: { bounds: [5, 'x'] } } } }), /"cleanFit" "winsor.visits" should have "bounds"/);
  assert.throws(() => loadCleanFit({ format: 'other' }), /"cleanFit" should have format "seglab.cleanFit"/);
});
