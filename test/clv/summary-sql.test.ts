/**
 * The BTYD summary computed by SQL in DuckDB (lib/clv/summary-sql.ts) against the Node path
 * (lib/clv/summary.ts, stage.ts): by hand, on the demo data, and on CDNOW through a config forced
 * onto the DuckDB path (`sources.transactions.engine: "duckdb"`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withDuckdb } from '../../lib/load/duckdb';
import { rfmSummary } from '../../lib/clv/summary';
import { clvInputsFromDuckdb, rfmSummaryFromDuckdb } from '../../lib/clv/summary-sql';
import { customerLifetimeValue, customerLifetimeValueFromInputs, type ClvInputs } from '../../lib/clv/stage';
import type { RfmSummary, TransactionColumns } from '../../lib/clv/types';
import { loadSources } from '../../lib/load/source';
import { cleanSources } from '../../lib/pipeline/sources';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfigInput } from '../../lib/config/types';
import { repoRoot, tempDir, needsDatasets } from '../helpers/paths';
import { readDemoTransactions } from './demo';
import { CDNOW_CALIBRATION_END, CDNOW_OBSERVATION_END, cdnowDir, readCdnowSample } from './cdnow';

const DAY = 86_400_000;

/** Run `work` on an in-memory DuckDB holding `tx` as table `t` (cid, ts, amt). */
async function inDuckdb<T>(tx: TransactionColumns, work: (con: Parameters<Parameters<typeof withDuckdb>[0]>[0]) => Promise<T>): Promise<T> {
  return withDuckdb(async (con) => {
    await con.run('CREATE TABLE t (cid VARCHAR, ts DOUBLE, amt DOUBLE)');
    const app = await con.createAppender('t');
    for (let i = 0; i < tx.customerId.length; i++) {
      app.appendVarchar(tx.customerId[i]);
      app.appendDouble(tx.time[i]);
      app.appendDouble(tx.amount[i]);
      app.endRow();
    }
    app.closeSync();
    return work(con);
  });
}

/** Same customers, same integers, same real numbers to 1e-9 (relative): summation order differs. */
function assertSameSummary(sql: RfmSummary, js: RfmSummary, label: string): void {
  assert.equal(sql.customerId.length, js.customerId.length, `${label}: customers`);
  assert.deepEqual(sql.excluded, js.excluded, `${label}: excluded`);
  assert.equal(sql.calibrationEnd, js.calibrationEnd);
  assert.equal(sql.holdout?.duration, js.holdout?.duration);
  const at = new Map(sql.customerId.map((id, i) => [id, i]));
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  js.customerId.forEach((id, j) => {
    const i = at.get(id);
    assert.ok(i !== undefined, `${label}: ${id} missing`);
    assert.equal(sql.frequency[i], js.frequency[j], `${label}: x of ${id}`);
    assert.equal(sql.recency[i], js.recency[j], `${label}: t_x of ${id}`);
    assert.equal(sql.T[i], js.T[j], `${label}: T of ${id}`);
    assert.ok(close(sql.monetary[i], js.monetary[j]), `${label}: monetary of ${id}: ${sql.monetary[i]} vs ${js.monetary[j]}`);
    assert.ok(close(sql.firstSpend[i], js.firstSpend[j]), `${label}: first spend of ${id}`);
    if (js.holdout) assert.equal(sql.holdout?.frequency[i], js.holdout.frequency[j], `${label}: holdout of ${id}`);
  });
}

test('SQL summary by hand: same-day rows are one purchase, returns are not purchases, late first purchases are excluded', async () => {
  const tx = {
    customerId: ['a', 'a', 'a', 'a', 'b', 'c', 'd', 'a'],
    time: [0, 0, 7 * DAY, 14 * DAY + 5, 3 * DAY, 30 * DAY, 2 * DAY, 28 * DAY],
    amount: [10, 5, 20, -20, 8, 4, -3, 6],
  };
  const options = { calibrationEnd: 21 * DAY, observationEnd: 35 * DAY };
  const sql = await inDuckdb(tx, (con) => rfmSummaryFromDuckdb(con, 't', options));
  // a: purchase days 0 and 7 in calibration (x = 1, t_x = 1 week, T = 3 weeks, repeat spend 20), one holdout day.
  assert.deepEqual(sql.customerId, ['a', 'b']);
  assert.deepEqual(sql.frequency, [1, 0]);
  assert.deepEqual(sql.recency, [1, 0]);
  assert.deepEqual(sql.T, [3, 18 / 7]);
  assert.deepEqual(sql.monetary, [20, 0]);
  assert.deepEqual(sql.firstSpend, [15, 8]);
  assert.deepEqual(sql.holdout?.frequency, [1, 0]);
  assert.deepEqual(sql.excluded, { afterCalibration: 1, noPurchase: 1 });
  assertSameSummary(sql, rfmSummary(tx, options), 'hand');
});

test('SQL summary = Node summary on the demo transactions (2,000 customers), with and without a holdout, in days and weeks', async () => {
  const tx = readDemoTransactions();
  const last = Math.max(...tx.time);
  for (const [unitDays, options] of [
    [7, { calibrationEnd: last - 200 * DAY, observationEnd: last }],
    [1, { calibrationEnd: last }],
    [30, { calibrationEnd: last - 90 * DAY, observationEnd: last - 10 * DAY }],
  ] as const) {
    const o = { ...options, unitDays };
    const sql = await inDuckdb(tx, (con) => rfmSummaryFromDuckdb(con, 't', o));
    const js = rfmSummary(tx, o);
    assert.ok(js.customerId.length > 1500);
    assertSameSummary(sql, js, `demo, unit ${unitDays}`);
  }
});

function writeCsv(file: string, header: string[], rows: (string | number)[][]): void {
  fs.writeFileSync(file, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

async function cleanedVia(engine: 'js' | 'duckdb', over: RunConfigInput, dir: string) {
  const config = validateConfig({ ...over, sources: { ...over.sources, transactions: { ...over.sources?.transactions, engine } } }, dir);
  return { config, cleaned: await cleanSources(await loadSources(config), config) };
}

test('the whole CLV stage through the DuckDB path equals the Node path on the demo data (cleaning included)', async () => {
  const demo = path.join(repoRoot, 'data', 'demo');
  const over: RunConfigInput = {
    sources: { customers: { path: path.join(demo, 'customers.csv') }, transactions: { path: path.join(demo, 'transactions.csv') } },
    columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', pii: ['email'] },
    clean: { ranges: { age: [16, 110], income: [0, 10000000] } },
    clv: { margin: 0.3 },
  };
  const js = await cleanedVia('js', over, demo);
  const duck = await cleanedVia('duckdb', over, demo);
  assert.equal(js.cleaned.transactions?.customerId.length, duck.cleaned.behaviour?.ledger.rowsKept, 'same order lines kept');
  const inputs = duck.cleaned.clvInputs as ClvInputs;
  assert.ok(inputs, duck.cleaned.clvInputsError ?? 'no CLV inputs');
  const tx = js.cleaned.transactions as NonNullable<typeof js.cleaned.transactions>;
  const ids = [...new Set(tx.customerId)].sort();
  const segments = new Map(ids.map((id, i) => [id, `S${i % 3}`]));
  const { margin, horizonDays, unitDays, annualDiscountRate } = js.config.clv;
  const a = customerLifetimeValue(ids, tx, segments, { margin, horizonDays, unitDays, annualDiscountRate });
  const b = customerLifetimeValueFromInputs(ids, inputs, segments);
  assert.deepEqual(b.options, a.options);
  for (const k of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) assert.ok(Math.abs(b.bgnbd[k] - a.bgnbd[k]) <= 1e-6 * Math.abs(a.bgnbd[k]), `bgnbd ${k}: ${b.bgnbd[k]} vs ${a.bgnbd[k]}`);
  for (const k of ['p', 'q', 'v'] as const) assert.ok(Math.abs(b.gammaGamma[k] - a.gammaGamma[k]) <= 1e-6 * Math.abs(a.gammaGamma[k]), `gamma-gamma ${k}`);
  assert.equal(b.validation?.totalActual, a.validation?.totalActual);
  assert.ok(Math.abs((b.validation?.totalPredicted ?? 0) - (a.validation?.totalPredicted ?? 1)) < 1e-6 * (a.validation?.totalPredicted ?? 1), `holdout predicted ${b.validation?.totalPredicted} vs ${a.validation?.totalPredicted}`);
  assert.equal(b.recommendedMeasure, a.recommendedMeasure);
  a.customers.customerId.forEach((id, i) => {
    assert.equal(b.customers.customerId[i], id);
    assert.ok(Math.abs(b.customers.historicalClv[i] - a.customers.historicalClv[i]) < 1e-6, `historical ${id}`);
    assert.ok(Math.abs((b.customers.predictedClv[i] ?? NaN) - (a.customers.predictedClv[i] ?? NaN)) < 1e-6 * Math.max(1, Math.abs(a.customers.predictedClv[i] ?? 0)), `predicted ${id}`);
  });
  // Customers outside the ids given are left out, as on the Node path.
  const some = ids.slice(0, 500);
  const c = customerLifetimeValue(some, tx, segments, { margin, horizonDays, unitDays, annualDiscountRate });
  const d = customerLifetimeValueFromInputs(some, inputs, segments);
  assert.equal(d.bgnbd.customers, c.bgnbd.customers);
  assert.ok(Math.abs(d.bgnbd.r - c.bgnbd.r) <= 1e-6 * c.bgnbd.r);
});

test('CDNOW through the DuckDB path: the calibration fit reproduces r 0.2426, α 4.4135, a 0.7929, b 2.4258 (lifetimes)', { skip: needsDatasets('cdnow') }, async () => {
  // CDNOW_sample.txt is space-aligned; written as CSV (ISO dates) so the configured path reads it.
  const sample = readCdnowSample();
  const dir = tempDir('seglab-cdnow-duckdb-');
  const ids = [...new Set(sample.customerId)];
  writeCsv(path.join(dir, 'customers.csv'), ['customer_id'], ids.map((id) => [id]));
  writeCsv(path.join(dir, 'transactions.csv'), ['customer_id', 'order_date', 'amount'], sample.customerId.map((id, i) => [id, new Date(sample.time[i]).toISOString().slice(0, 10), sample.amount[i]]));
  const lastDay = Math.max(...sample.time);
  assert.equal(lastDay, CDNOW_OBSERVATION_END);
  const holdoutDays = (CDNOW_OBSERVATION_END - CDNOW_CALIBRATION_END) / DAY;
  const { cleaned } = await cleanedVia(
    'duckdb',
    {
      sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv' } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount' },
      clv: { holdoutDays },
    },
    dir,
  );
  assert.equal(cleaned.transactions, null, 'the order lines stayed in DuckDB');
  const inputs = cleaned.clvInputs as ClvInputs;
  assert.ok(inputs, cleaned.clvInputsError ?? 'no CLV inputs');
  assert.equal(inputs.calibration?.customerId.length, 2357);
  assert.equal(inputs.calibration?.holdout?.duration, 39);
  const result = customerLifetimeValueFromInputs(ids, inputs, new Map(ids.map((id) => [id, 'all'])));
  const fit = result.validation?.fit;
  assert.ok(fit);
  const within = (actual: number, expected: number, label: string): void => assert.ok(Math.abs(actual - expected) <= 0.01 * expected, `${label}: ${actual} vs ${expected}`);
  within(fit.r, 0.242593, 'r');
  within(fit.alpha, 4.413532, 'alpha');
  within(fit.a, 0.792886, 'a');
  within(fit.b, 2.425752, 'b');
  assert.ok(Math.abs(fit.logLikelihood - -9582.4256) < 0.01, `LL ${fit.logLikelihood}`);
  // And the same numbers as the Node path on the same file.
  const node = customerLifetimeValue(ids, sample, new Map(), { holdoutDays });
  assert.ok(Math.abs((node.validation?.fit.r ?? 0) - fit.r) < 1e-6 * fit.r, `Node path r ${node.validation?.fit.r} vs ${fit.r}`);
  assert.equal(result.customers.customerId.length, 2357);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('CLV inputs in DuckDB say why when the options do not fit the data (no silent skip)', async () => {
  const tx = { customerId: ['a', 'a', 'b'], time: [0, 10 * DAY, 5 * DAY], amount: [1, 2, 3] };
  await assert.rejects(
    inDuckdb(tx, (con) => clvInputsFromDuckdb(con, 't', { holdoutDays: 30 })),
    (e: Error) => e.message.includes('holdoutDays'),
  );
  const inputs = await inDuckdb(tx, (con) => clvInputsFromDuckdb(con, 't', { holdoutDays: 0 }));
  assert.equal(inputs.calibration, null);
  assert.deepEqual([...inputs.netRevenue].sort(), [['a', 3], ['b', 3]]);
});
