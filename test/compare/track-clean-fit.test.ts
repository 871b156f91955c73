/**
 * `seglab track` fits and applies cleaning like run/score: the model fitted on the data before a
 * date saves that period's cleaning fit, and a later period scored against it is filled with the
 * earlier period's median, not its own. The data here is one file (customers come from the order
 * lines, as in Online Retail) whose later customers have about 2.5x the income on purpose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { readDelimited, type RawTable } from '../../lib/load/csv';
import { loadModel, type SegmentationModel } from '../../lib/model/artifact';
import { scoreCustomers } from '../../lib/model/score';
import { createRng } from '../../lib/random/rng';
import { rowsBefore } from '../../lib/track/asof';
import { runTrackCommand } from '../../lib/cli/track';
import { fitModelAsOf } from '../../lib/track/fit';
import { trackSegments } from '../../lib/track/track';
import { tempDir } from '../helpers/paths';

/** Type-7 median of the present values, written out here so the test does not reuse the code it checks. */
function median(values: readonly (number | null)[]): number {
  const s = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return s[Math.floor(h)] + (s[Math.ceil(h)] - s[Math.floor(h)]) * (h - Math.floor(h));
}

const FIT_BEFORE = '2025-07-01';
const LATER = '2025-12-01';

interface Orders {
  file: string;
  table: RawTable;
  /** Income per customer id (null: written "n/a"), and the month of the customer's first order. */
  income: Map<string, number | null>;
  early: Set<string>;
}

/** 160 customers ordering from Jan 2025 (income ~40k) and 160 from Aug 2025 (income ~100k); every 6th customer's income missing. */
function orders(dir: string): Orders {
  const rng = createRng(21);
  const lines = ['customer_id,order_date,amount,income'];
  const income = new Map<string, number | null>();
  const early = new Set<string>();
  for (let c = 0; c < 320; c++) {
    const later = c >= 160;
    const id = `${later ? 'L' : 'E'}${String(c).padStart(4, '0')}`;
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const inc = c % 6 === 2 ? null : Math.round((later ? 100_000 : 40_000) * Math.exp(0.3 * z));
    income.set(id, inc);
    if (!later) early.add(id);
    const firstMonth = later ? 8 : 1 + (c % 5);
    const n = 1 + Math.floor(4 * rng.next());
    for (let k = 0; k < n; k++) {
      const month = Math.min(11, firstMonth + Math.floor(4 * rng.next()));
      const day = 1 + Math.floor(27 * rng.next());
      const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      // Early customers' later orders stay before the fit date, so the fit period has only them.
      if (!later && date >= FIT_BEFORE) continue;
      lines.push(`${id},${date},${(5 + 200 * rng.next()).toFixed(2)},${inc === null ? 'n/a' : inc}`);
    }
    if (!later && !lines.some((l) => l.startsWith(`${id},`))) lines.push(`${id},2025-0${firstMonth}-15,20.00,${inc === null ? 'n/a' : inc}`);
  }
  const file = path.join(dir, 'orders.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, table: readDelimited(file, 'transactions', ','), income, early };
}

function configFor(dir: string, file: string): Record<string, unknown> {
  return {
    name: 'track-cleanfit',
    seed: 5,
    outDir: path.join(dir, 'run'),
    sources: { customers: { path: file }, transactions: { path: file } },
    columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount' },
    clean: { missing: { income: 'median' } },
    features: { customerColumns: ['income'] },
    embed: { enabled: false },
    cluster: { kMin: 2, kMax: 3, restarts: 2 },
  };
}

function scaledOf(model: SegmentationModel, feature: string, raw: number): number {
  const j = model.transform.scaler.features.indexOf(feature);
  const x = model.transform.log1p.includes(feature) ? Math.log1p(raw) : raw;
  return (x - model.transform.scaler.mean[j]) / model.transform.scaler.sd[j];
}

test('track: the model fitted before a date saves that period\'s cleaning fit, and a later period is filled with it', () => {
  const dir = tempDir('seglab-track-cleanfit-');
  const data = orders(dir);
  const config: RunConfig = validateConfig(configFor(dir, data.file) as never, dir);
  const customers: RawTable = { ...data.table, role: 'customers' };
  const { model } = fitModelAsOf(config, customers, data.table, true, FIT_BEFORE);

  const earlyIncome = [...data.early].map((id) => data.income.get(id) ?? null);
  const laterIncome = [...data.income.values()];
  const fitMedian = median(earlyIncome);
  const laterMedian = median(laterIncome);
  assert.ok(laterMedian > 1.5 * fitMedian, `the later period's median (${laterMedian}) should differ from the fit period's (${fitMedian})`);
  assert.ok(model.cleanFit, 'the tracked model has no cleanFit');
  assert.equal(model.cleanFit.numericFill.income.value, fitMedian);
  assert.equal(model.cleanFit.numericFill.income.rule, 'median');

  // Scored as trackSegments scores each date: the data before LATER against the earlier model.
  const loaded = loadModel(JSON.parse(JSON.stringify(model)));
  const tx = rowsBefore(data.table, 'order_date', 'ymd', LATER).table;
  const scored = scoreCustomers(loaded, { ...tx, role: 'customers' }, tx, null, { asOf: LATER });
  const missingIds = [...data.income].filter(([, v]) => v === null).map(([id]) => id);
  const later = missingIds.filter((id) => !data.early.has(id));
  assert.ok(later.length > 10, 'later customers with a missing income');
  const j = scored.featureNames.indexOf('income');
  const expected = scaledOf(loaded, 'income', fitMedian);
  for (const id of missingIds) {
    const row = scored.customerIds.indexOf(id);
    assert.ok(row >= 0, `customer ${id} scored`);
    assert.ok(Math.abs(scored.scaled[row][j] - expected) < 1e-9, `customer ${id}: income ${scored.scaled[row][j]}, expected the fit period's median ${expected}`);
  }
  const repairs = scored.ledger[0].repairs;
  assert.equal(repairs[`income: missing filled with median ${Number(fitMedian.toPrecision(6))} (saved cleaning fit)`], missingIds.length);
  assert.equal(Object.keys(repairs).filter((r) => r.includes(String(Number(laterMedian.toPrecision(6))))).length, 0);

  // trackSegments carries the fit through a refit (stability 1 refits at the second date).
  const r = trackSegments({ model: loaded, modelSha256: 'x', customers, transactions: data.table, customersDated: true }, { dates: [FIT_BEFORE, '2025-09-01', LATER], refitWhen: { stability: 1 }, seed: 3 });
  assert.ok(r.refits.length >= 1);
  for (const f of r.refits) assert.deepEqual(f.model.cleanFit, loaded.cleanFit);
});

test('seglab track (CLI) without a saved model writes the fitted model with its cleaning fit', async () => {
  const dir = tempDir('seglab-track-cleanfit-cli-');
  const data = orders(dir);
  const configFile = path.join(dir, 'seglab.config.json');
  fs.writeFileSync(configFile, JSON.stringify(configFor(dir, data.file)));
  const out = path.join(tempDir('seglab-track-cleanfit-out-'), 'track');
  const code = await runTrackCommand(['--config', configFile, '--every', 'month', '--from', FIT_BEFORE, '--to', '2025-09-01', '--out', out], { log: () => undefined });
  assert.equal(code, 0);
  const saved = loadModel(JSON.parse(fs.readFileSync(path.join(out, 'models', `fitted-before-${FIT_BEFORE}.json`), 'utf8')));
  assert.ok(saved.cleanFit, 'models/fitted-before-*.json has no cleanFit');
  assert.equal(saved.cleanFit.numericFill.income.value, median([...data.early].map((id) => data.income.get(id) ?? null)));
});
