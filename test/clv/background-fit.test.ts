/**
 * Issue 15: the CLV fit (segment-independent) in a background worker thread, then the assembly
 * with the segments, gives exactly the in-process CLV stage (customerLifetimeValueFromInputs),
 * bit for bit; the fits are the same on 1 and 2 threads; a fit error reaches the caller as the
 * same SeglabError; the in-process fallback and cancel work (lib/parallel/background.ts).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { SeglabError, msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { rfmSummary } from '../../lib/clv/summary';
import {
  assembleClv,
  clvFitTask,
  clvFitTaskOf,
  customerLifetimeValue,
  customerLifetimeValueFromInputs,
  fitClvFromInputs,
  fitClvFromTransactions,
  resolveClvOptions,
  type ClvInputs,
  type ClvOptions,
} from '../../lib/clv/stage';
import type { TransactionColumns } from '../../lib/clv/types';
import { backgroundStats, runInBackground } from '../../lib/parallel/background';
import { startClvFit } from '../../lib/clv/background-fit';
import { shutdownWorkers } from '../../lib/parallel/pool';
import { needsDatasets } from '../helpers/paths';
import { CDNOW_OBSERVATION_END, readCdnowSample } from './cdnow';

after(() => shutdownWorkers());

const DAY = 86_400_000;

/**
 * A seeded shop unlike the demo: heavy-tailed purchase counts and amounts, one-time buyers,
 * returns (negative rows; some customers with nothing but a return), same-day
 * orders, and customers outside the scope valued.
 */
function generatedShop(customers: number, seed: number): { tx: TransactionColumns; ids: string[]; segments: Map<string, string> } {
  const rng = createRng(seed);
  const start = Date.UTC(2023, 0, 1);
  const span = 600;
  const customerId: string[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  for (let c = 0; c < customers; c++) {
    const id = `g${c}`;
    const first = Math.floor(rng.next() * span * 0.8);
    const orders = rng.next() < 0.35 ? 1 : 1 + Math.floor(-Math.log(1 - rng.next()) * (c % 7 === 0 ? 12 : 3));
    const scale = Math.exp(rng.next() * 3);
    if (c % 97 === 13) {
      // Only a return: a customer without a purchase to model.
      customerId.push(id);
      time.push(start + first * DAY);
      amount.push(-Math.round(scale * 1000) / 100);
      continue;
    }
    for (let o = 0; o < orders; o++) {
      const day = o === 0 ? first : first + Math.floor(rng.next() * (span - first));
      const value = Math.round(scale * (5 + rng.next() * 40) * 100) / 100;
      customerId.push(id);
      time.push(start + day * DAY + Math.floor(rng.next() * 20) * 3_600_000);
      amount.push(value);
      if (rng.next() < 0.06) {
        customerId.push(id);
        time.push(start + Math.min(span, day + 3) * DAY);
        amount.push(-value);
      }
    }
  }
  const all = [...new Set(customerId)];
  // Every 11th customer is out of scope (its rows stay in the inputs, as in a run with dropped customers).
  const ids = all.filter((_, i) => i % 11 !== 5);
  const names = ['loyal', 'lapsed', 'new', 'bulk'];
  const segments = new Map(ids.map((id, i) => [id, names[(i * 7 + (i >> 3)) % names.length]]));
  return { tx: { customerId, time, amount }, ids, segments };
}

/** ClvInputs from transactions as the DuckDB path builds them (two summaries and net revenue per customer). */
function inputsOf(tx: TransactionColumns, options: ClvOptions): ClvInputs {
  const resolved = resolveClvOptions(Math.min(...tx.time), Math.max(...tx.time), options);
  const end = resolved.observationEnd;
  const keep = tx.time.map((t, i) => (t <= end + DAY - 1 ? i : -1)).filter((i) => i >= 0);
  const scoped = { customerId: keep.map((i) => tx.customerId[i]), time: keep.map((i) => tx.time[i]), amount: keep.map((i) => tx.amount[i]) };
  const netRevenue = new Map<string, number>();
  scoped.customerId.forEach((id, i) => netRevenue.set(id, (netRevenue.get(id) ?? 0) + scoped.amount[i]));
  return {
    options: resolved,
    calibration: resolved.holdoutDays > 0 ? rfmSummary(scoped, { calibrationEnd: end - resolved.holdoutDays * DAY, observationEnd: end, unitDays: resolved.unitDays }) : null,
    summary: rfmSummary(scoped, { calibrationEnd: end, unitDays: resolved.unitDays }),
    netRevenue,
  };
}

test('the CLV fit in a background worker + assembly equals customerLifetimeValueFromInputs bit for bit (seeded generated shop)', async () => {
  const shop = generatedShop(3000, 20261128);
  const inputs = inputsOf(shop.tx, { margin: 0.35, horizonDays: 180 });
  const expected = customerLifetimeValueFromInputs(shop.ids, inputs, shop.segments, 1);
  assert.ok(expected.validation !== null && expected.customers.predictedClv.some((v) => v === null), 'has a holdout and customers without a purchase to model');
  // The claim the worker relies on: the fits are the same on any number of threads.
  assert.deepStrictEqual(customerLifetimeValueFromInputs(shop.ids, inputs, shop.segments, 2), expected);
  const before = backgroundStats().started;
  const handle = runInBackground(clvFitTaskOf(shop.ids, inputs), clvFitTask, { lostStage: 'clv', nice: 10 });
  assert.equal(handle.inWorker, true, 'dist/lib/parallel/worker.js runs the task');
  assert.equal(backgroundStats().started, before + 1);
  const fit = await handle.result();
  assert.deepStrictEqual(assembleClv(shop.ids, shop.segments, fit), expected);
  assert.equal(await handle.result(), fit, 'the same result on every call');
  handle.cancel(); // after the answer: nothing to stop, no error
});

test('the Node-path split (fitClvFromTransactions + assembleClv) is customerLifetimeValue; customers without a segment are unassigned in both', () => {
  const shop = generatedShop(1200, 7);
  const options = { margin: 0.5, holdoutDays: 120 };
  const whole = customerLifetimeValue(shop.ids, shop.tx, shop.segments, options, 1);
  assert.ok(whole.historical.unmatchedTransactions === 0, 'scoped transactions only');
  assert.deepStrictEqual(assembleClv(shop.ids, shop.segments, fitClvFromTransactions(shop.ids, shop.tx, options, 2)), whole);
  // Customers missing from the segment map are "unassigned" in both.
  const fewer = new Map([...shop.segments].slice(0, 600));
  assert.deepStrictEqual(assembleClv(shop.ids, fewer, fitClvFromInputs(shop.ids, inputsOf(shop.tx, options))), customerLifetimeValueFromInputs(shop.ids, inputsOf(shop.tx, options), fewer));
});

test('the CLV fit in a background worker equals the in-process fit on CDNOW', { skip: needsDatasets('cdnow') }, async () => {
  const tx = readCdnowSample();
  const ids = [...new Set(tx.customerId)];
  const segments = new Map(ids.map((id) => [id, Number(id) % 3 === 0 ? 'a' : 'b']));
  const inputs = inputsOf(tx, { margin: 0.3, horizonDays: 365, holdoutDays: 273, observationEnd: CDNOW_OBSERVATION_END });
  const handle = runInBackground(clvFitTaskOf(ids, inputs), clvFitTask);
  assert.equal(handle.inWorker, true);
  const fit = await handle.result();
  assert.deepStrictEqual(fit, fitClvFromInputs(ids, inputs, 1));
  assert.deepStrictEqual(assembleClv(ids, segments, fit), customerLifetimeValueFromInputs(ids, inputs, segments, 2));
});

test('a fit error in the worker reaches the caller as the same SeglabError (and so the same clvUnavailable warning)', async () => {
  const shop = generatedShop(400, 3);
  const good = inputsOf(shop.tx, { holdoutDays: 0 });
  // A summary row the BG/NBD fit rejects (fractional repeat purchases), deep inside the fit.
  const bad: ClvInputs = { ...good, summary: { ...good.summary, frequency: good.summary.frequency.map((x, i) => (i === 3 ? x + 0.5 : x)) } };
  let inProcess: unknown;
  try {
    fitClvFromInputs(shop.ids, bad);
  } catch (e) {
    inProcess = e;
  }
  assert.ok(inProcess instanceof SeglabError, String(inProcess));
  const handle = runInBackground(clvFitTaskOf(shop.ids, bad), clvFitTask, { lostStage: 'clv' });
  assert.equal(handle.inWorker, true);
  await assert.rejects(handle.result(), (e: unknown) => {
    assert.ok(e instanceof SeglabError, `a SeglabError, not ${String(e)}`);
    assert.equal(e.stage, inProcess.stage);
    assert.equal(e.message, inProcess.message);
    assert.equal(msg.clvUnavailable(e.message), msg.clvUnavailable(inProcess.message));
    return true;
  });
  // An error that is not a SeglabError keeps its name and message.
  const broken = runInBackground({ module: 'clv/stage', fn: 'clvFitTask', customerIds: shop.ids, inputs: { ...good, summary: null } }, () => 0);
  await assert.rejects(broken.result(), (e: unknown) => e instanceof Error && !(e instanceof SeglabError) && e.name === 'TypeError');
});

test('in-process fallback: same result, run only when asked for; cancel stops a running worker', async () => {
  const shop = generatedShop(600, 11);
  const inputs = inputsOf(shop.tx, {});
  let calls = 0;
  const before = backgroundStats().inProcess;
  const local = runInBackground(clvFitTaskOf(shop.ids, inputs), (task) => {
    calls += 1;
    return clvFitTask(task);
  }, { inWorker: false });
  assert.equal(local.inWorker, false);
  assert.equal(calls, 0, 'nothing runs before the result is asked for');
  const fit = await local.result();
  await local.result();
  assert.equal(calls, 1);
  assert.equal(backgroundStats().inProcess, before + 1);
  assert.deepStrictEqual(fit, fitClvFromInputs(shop.ids, inputs));
  // A cancelled in-process task never runs and says so.
  const dropped = runInBackground(clvFitTaskOf(shop.ids, inputs), clvFitTask, { inWorker: false, lostStage: 'clv' });
  dropped.cancel();
  await assert.rejects(dropped.result(), (e: unknown) => e instanceof SeglabError && e.stage === 'clv' && e.message.includes('cancelled'));
  // A worker cancelled while it runs: the result rejects with the lost-task SeglabError at once.
  const big = generatedShop(6000, 5);
  const running = runInBackground(clvFitTaskOf(big.ids, inputsOf(big.tx, {})), clvFitTask, { lostStage: 'clv' });
  assert.equal(running.inWorker, true);
  running.cancel();
  await assert.rejects(running.result(), (e: unknown) => e instanceof SeglabError && e.message === `clv: ${msg.backgroundTaskLost('clv/stage', 'clvFitTask', 'it was cancelled')}`);
});

test('startClvFit (one worker, or split in two: calibration fit + holdout check, the rest) equals fitClvFromInputs; errors in the in-process order', async () => {
  const shop = generatedShop(2500, 99);
  const inputs = inputsOf(shop.tx, { margin: 0.4 });
  const before = backgroundStats().started;
  const started = startClvFit(shop.ids, inputs, { inWorker: true, threads: 2, nice: 10, split: true });
  assert.equal(started.inWorker, true);
  assert.equal(backgroundStats().started, before + 2);
  assert.deepStrictEqual(await started.result(), fitClvFromInputs(shop.ids, inputs, 1));
  const noHoldout = inputsOf(shop.tx, { holdoutDays: 0 });
  assert.deepStrictEqual(await startClvFit(shop.ids, noHoldout, { inWorker: true, threads: 2, split: true }).result(), fitClvFromInputs(shop.ids, noHoldout));
  const single = startClvFit(shop.ids, inputs, { inWorker: true, threads: 2, nice: 10 });
  assert.equal(backgroundStats().started, before + 4, 'split: two workers, else one');
  assert.deepStrictEqual(await single.result(), fitClvFromInputs(shop.ids, inputs, 2));
  const local = startClvFit(shop.ids, inputs, { inWorker: false, threads: 2 });
  assert.equal(local.inWorker, false);
  assert.deepStrictEqual(await local.result(), fitClvFromInputs(shop.ids, inputs, 2));
  // Errors: whichever fit fails, the caller gets the SeglabError fitClvFromInputs throws.
  const broken = (rows: number[]) => (values: number[]) => values.map((x, i) => (rows.includes(i) ? x + 0.5 : x));
  const cases: ClvInputs[] = [
    { ...inputs, calibration: inputs.calibration && { ...inputs.calibration, frequency: broken([2])(inputs.calibration.frequency) } },
    { ...inputs, summary: { ...inputs.summary, frequency: broken([4])(inputs.summary.frequency) } },
    { ...inputs, calibration: inputs.calibration && { ...inputs.calibration, frequency: broken([1])(inputs.calibration.frequency) }, summary: { ...inputs.summary, frequency: broken([6])(inputs.summary.frequency) } },
    { ...inputs, options: { ...inputs.options, margin: 1.5 } },
  ];
  for (const bad of cases) {
    let expected: unknown;
    try {
      fitClvFromInputs(shop.ids, bad);
    } catch (e) {
      expected = e;
    }
    assert.ok(expected instanceof SeglabError);
    for (const split of [true, false]) {
      await assert.rejects(startClvFit(shop.ids, bad, { inWorker: true, threads: 2, split }).result(), (e: unknown) => e instanceof SeglabError && e.message === expected.message);
    }
  }
});
