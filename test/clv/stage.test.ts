import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeglabError, msg } from '../../lib/errors/messages';
import { fitBgNbd } from '../../lib/clv/bgnbd';
import { fitGammaGamma } from '../../lib/clv/gamma-gamma';
import { historicalClv } from '../../lib/clv/historical';
import { discountPerStep } from '../../lib/clv/predictive';
import { customerLifetimeValue } from '../../lib/clv/stage';
import { rfmSummary } from '../../lib/clv/summary';
import { CDNOW_OBSERVATION_END, readCdnowSample } from './cdnow';
import { needsDatasets } from '../helpers/paths';

const DAY = 86_400_000;

test('historical CLV: net revenue × margin per customer and per segment (hand-checkable)', () => {
  const tx = Object.freeze({
    customerId: Object.freeze(['a', 'a', 'b', 'c', 'b', 'zz']),
    time: Object.freeze([0, DAY, 0, 0, 2 * DAY, 0]),
    amount: Object.freeze([100, -20, 50, 10, 30, 999]),
  });
  const segments = new Map([['a', 'S1'], ['b', 'S1'], ['c', 'S2']]);
  const h = historicalClv(['a', 'b', 'c', 'd'], tx, segments, 0.5);
  assert.deepEqual(h.customers.netRevenue, [80, 80, 10, 0]);
  assert.deepEqual(h.customers.clv, [40, 40, 5, 0]);
  assert.equal(h.unmatchedTransactions, 1);
  const s1 = h.segments.find((s) => s.segment === 'S1');
  assert.deepEqual(s1, { segment: 'S1', customers: 2, totalClv: 80, meanClv: 40, medianClv: 40, clvShare: 80 / 85 });
  assert.equal(h.segments.find((s) => s.segment === 'unassigned')?.customers, 1);
  assert.throws(() => historicalClv(['a'], tx, segments, 1.5), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.clvBadOption('margin', 1.5, 'a share in [0, 1]')));
});

test('rfmSummary: same-day rows are one purchase, returns are not purchases, late first purchases are excluded', () => {
  const tx = {
    customerId: ['a', 'a', 'a', 'a', 'b', 'c'],
    time: [0, 0, 7 * DAY, 14 * DAY, 3 * DAY, 30 * DAY],
    amount: [10, 5, 20, -20, 8, 4],
  };
  const s = rfmSummary(tx, { calibrationEnd: 21 * DAY, observationEnd: 35 * DAY });
  assert.deepEqual(s.customerId, ['a', 'b']);
  assert.deepEqual(s.frequency, [1, 0]);
  assert.deepEqual(s.recency, [1, 0]);
  assert.deepEqual(s.T, [3, 18 / 7]);
  assert.deepEqual(s.monetary, [20, 0]);
  assert.deepEqual(s.excluded, { afterCalibration: 1, noPurchase: 0 });
  assert.deepEqual(s.holdout?.frequency, [0, 0]);
});

test('impossible summaries and too few repeat buyers fail with the message builders', () => {
  assert.throws(
    () => fitBgNbd({ frequency: [1, 2.5], recency: [1, 1], T: [2, 2] }),
    (e: unknown) => e instanceof SeglabError && e.message.includes(msg.clvBadSummaryRows(1, [1], 2.5, 1, 2)),
  );
  assert.throws(() => fitGammaGamma([0, 1, 0], [0, 5, 0]), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.clvTooFewRepeatBuyers(1, 3)));
});

test('customerLifetimeValue on CDNOW: a 273-day holdout reproduces the 39-week calibration fit, and segments add up', { skip: needsDatasets('cdnow') }, () => {
  const tx = readCdnowSample();
  const ids = [...new Set(tx.customerId)];
  const segments = new Map(ids.map((id) => [id, Number(id) % 2 === 0 ? 'even' : 'odd']));
  const result = customerLifetimeValue(ids, tx, segments, { margin: 0.3, horizonDays: 365, holdoutDays: 273, observationEnd: CDNOW_OBSERVATION_END });
  assert.ok(result.validation);
  assert.ok(Math.abs(result.validation.fit.r - 0.242593) < 0.0025, `r ${result.validation.fit.r}`);
  assert.equal(result.customers.customerId.length, 2357);
  const total = result.segments.reduce((s, g) => s + g.totalClv, 0);
  const direct = result.customers.predictedClv.reduce((s: number, v) => s + (v ?? 0), 0);
  assert.ok(Math.abs(total - direct) < 1e-6 * direct);
  assert.equal(result.segments.reduce((s, g) => s + g.customers, 0), 2357);
  assert.ok(result.customers.predictedClv.every((v) => v !== null && v >= 0 && Number.isFinite(v)));
  // Historical CLV is the whole net spend × 0.3.
  const spend = tx.amount.reduce((s, v) => s + v, 0);
  const hist = result.customers.historicalClv.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(hist - 0.3 * spend) < 1e-6 * spend);
  assert.doesNotThrow(() => JSON.stringify(result));
});

test('discountPerStep turns an annual rate into a per-step rate', () => {
  assert.ok(Math.abs((1 + discountPerStep(0.1, 365.25 / 12)) ** 12 - 1.1) < 1e-12);
});
