/**
 * Issue 15: the CLV stage's two BG/NBD fits on worker threads, and predictiveClv's per-(x, T)
 * cache, give exactly what the in-process, per-customer computation gives.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { bgNbdFitTask, conditionalExpectedPurchases, fitBgNbd, fitBgNbdTask, probabilityAlive } from '../../lib/clv/bgnbd';
import { SeglabError, msg } from '../../lib/errors/messages';
import { fitGammaGamma, expectedSpendPerPurchase } from '../../lib/clv/gamma-gamma';
import { discountPerStep, predictiveClv } from '../../lib/clv/predictive';
import { customerLifetimeValue } from '../../lib/clv/stage';
import { rfmSummary } from '../../lib/clv/summary';
import { parallelStats, runTasks, shutdownWorkers } from '../../lib/parallel/pool';
import { needsDatasets } from '../helpers/paths';
import { CDNOW_OBSERVATION_END, readCdnowSample } from './cdnow';
import { readDemoTransactions } from './demo';

after(() => shutdownWorkers());

test('customerLifetimeValue is the same with 1 and 2 threads (demo data, with a holdout)', () => {
  const tx = readDemoTransactions();
  const ids = [...new Set(tx.customerId)];
  const options = { margin: 0.3, horizonDays: 365, holdoutDays: 120 };
  const before = parallelStats().batches;
  const one = customerLifetimeValue(ids, tx, tx.segments, options, 1);
  const two = customerLifetimeValue(ids, tx, tx.segments, options, 2);
  assert.ok(parallelStats().batches > before, 'the 2-thread run used the pool');
  assert.deepStrictEqual(two, one);
  assert.ok(one.validation !== null && one.validation.fit.customers > 0);
});

test('customerLifetimeValue is the same with 1 and 2 threads on CDNOW', { skip: needsDatasets('cdnow') }, () => {
  const tx = readCdnowSample();
  const ids = [...new Set(tx.customerId)];
  const segments = new Map(ids.map((id) => [id, Number(id) % 3 === 0 ? 'a' : 'b']));
  const options = { margin: 0.3, horizonDays: 365, holdoutDays: 273, observationEnd: CDNOW_OBSERVATION_END };
  assert.deepStrictEqual(customerLifetimeValue(ids, tx, segments, options, 2), customerLifetimeValue(ids, tx, segments, options, 1));
});

test('predictiveClv equals the per-customer formula bit for bit (cache per distinct x and T)', () => {
  const tx = readDemoTransactions();
  const end = Math.max(...tx.time);
  const summary = rfmSummary(tx, { calibrationEnd: end });
  const bg = fitBgNbd(summary);
  const gg = fitGammaGamma(summary.frequency, summary.monetary);
  const step = 365.25 / 12 / 7;
  const horizon = 365 / 7;
  const d = discountPerStep(0.1, 365.25 / 12);
  const out = predictiveClv(bg, gg, summary, { horizon, step, discountRatePerStep: d, margin: 0.3 });
  const boundaries: number[] = [];
  for (let t = step; t < horizon - 1e-9; t += step) boundaries.push(t);
  boundaries.push(horizon);
  const distinct = new Set(summary.customerId.map((_, i) => `${summary.frequency[i]}|${summary.T[i]}`)).size;
  assert.ok(distinct < summary.customerId.length, 'customers share (x, T), so the cache is used');
  summary.customerId.forEach((_, i) => {
    const [x, tx_, T] = [summary.frequency[i], summary.recency[i], summary.T[i]];
    const spend = expectedSpendPerPurchase(gg, x, summary.monetary[i], summary.firstSpend[i]).spend;
    let previous = 0;
    let value = 0;
    for (const t of boundaries) {
      const cumulative = conditionalExpectedPurchases(bg, t, x, tx_, T);
      value += (spend * 0.3 * (cumulative - previous)) / Math.pow(1 + d, t / step);
      previous = cumulative;
    }
    assert.ok(Object.is(out.clv[i], value), `customer ${i}: ${out.clv[i]} vs ${value}`);
    assert.ok(Object.is(out.expectedPurchases[i], previous));
    assert.ok(Object.is(out.probabilityAlive[i], probabilityAlive(bg, x, tx_, T)));
  });
});

test('a task that fails in a worker is run again on the main thread, so the caller gets the same SeglabError', () => {
  const good = bgNbdFitTask({ frequency: [0, 1, 2, 0, 3], recency: [0, 2, 5, 0, 7], T: [8, 9, 9, 6, 10] });
  const bad = bgNbdFitTask({ frequency: [1, 2.5], recency: [1, 1], T: [2, 2] });
  const before = parallelStats().workerTasks;
  assert.throws(
    () => runTasks([good, bad], 2, fitBgNbdTask, { mainTakes: false }),
    (e: unknown) => e instanceof SeglabError && e.message.includes(msg.clvBadSummaryRows(1, [1], 2.5, 1, 2)),
  );
  assert.ok(parallelStats().workerTasks > before, 'the tasks went to a worker first');
  // The pool is still good after the error: the next batch gets its own results, none of the last one's.
  const other = bgNbdFitTask({ frequency: [1, 0, 4, 2], recency: [3, 0, 8, 4], T: [9, 7, 10, 8] });
  assert.deepStrictEqual(runTasks([other, good, bad].slice(0, 2), 2, fitBgNbdTask, { mainTakes: false }), [fitBgNbdTask(other), fitBgNbdTask(good)]);
});
