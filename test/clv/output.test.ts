import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeglabError, msg } from '../../lib/errors/messages';
import { clvCustomerCsv, clvSummary, CLV_CSV_COLUMNS } from '../../lib/clv/output';
import { customerLifetimeValue } from '../../lib/clv/stage';
import { rfmSummary } from '../../lib/clv/summary';
import { readDemoTransactions } from './demo';

const DAY = 86_400_000;

/** Six buyers with different rhythms with different rhythms over 300 days, one customer with a comma in its id, one who never bought. */
function smallShop(): { ids: string[]; tx: { customerId: string[]; time: number[]; amount: number[] }; segments: Map<string, string> } {
  const customerId: string[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  const buyers = ['a', 'b', 'c', 'd,e', 'f', 'g'];
  buyers.forEach((id, k) => {
    for (let day = k * 3; day <= 300; day += 7 + 5 * k) {
      customerId.push(id);
      time.push(day * DAY);
      amount.push(10 + 7 * k + (day % 11));
    }
  });
  // One last purchase on day 300, so the span is exactly 300 days.
  customerId.push('a');
  time.push(300 * DAY);
  amount.push(12);
  const ids = [...buyers, 'never'];
  return { ids, tx: { customerId, time, amount }, segments: new Map(ids.map((id, i) => [id, i % 2 ? 'odd' : 'even'])) };
}

test('clv.csv: header, one line per customer in order, ids quoted when needed, empty model fields for a customer without purchases', () => {
  const shop = smallShop();
  const result = customerLifetimeValue(shop.ids, shop.tx, shop.segments, { holdoutDays: 0 });
  const csv = clvCustomerCsv(result);
  const lines = csv.split('\n');
  assert.equal(lines[0], CLV_CSV_COLUMNS.join(','));
  assert.equal(lines.length, shop.ids.length + 2, 'header + customers + final newline');
  assert.equal(lines[lines.length - 1], '');
  assert.ok(lines[4].startsWith('"d,e",odd,'), lines[4]);
  assert.equal(lines[7], 'never,even,0.00,,,,,');
  const a = lines[1].split(',');
  assert.equal(a[0], 'a');
  assert.equal(Number(a[2]), Math.round(result.customers.historicalClv[0] * 100) / 100);
  assert.equal(a[3], (result.customers.expectedPurchases[0] as number).toFixed(4));
  assert.equal(a[7], (result.customers.predictedClv[0] as number).toFixed(2));
  assert.equal(a[6], 'repeat-purchases');
  // Written under other ids (pseudonyms), same order; a wrong length is refused.
  const pseudonyms = shop.ids.map((_, i) => `P${i}`);
  assert.equal(clvCustomerCsv(result, pseudonyms).split('\n')[4].split(',')[0], 'P3');
  assert.ok(!clvCustomerCsv(result, pseudonyms).includes('"d,e"'));
  assert.throws(() => clvCustomerCsv(result, ['P0']), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.clvColumnLengths({ customers: 7, outputIds: 1 })));
});

test('clv.json summary has no per-customer arrays and stays a few KB', () => {
  const shop = smallShop();
  const result = customerLifetimeValue(shop.ids, shop.tx, shop.segments, { holdoutDays: 0 });
  const summary = clvSummary(result);
  assert.equal('customers' in summary, false);
  assert.equal('customers' in result, true, 'the input result is not mutated');
  assert.ok(JSON.stringify(summary).length < 8000);
});

test('default holdout: the horizon, at most a third of the span; customers first seen on the calibration end day are fine', () => {
  const shop = smallShop(); // spans 300 days
  assert.equal(customerLifetimeValue(shop.ids, shop.tx, shop.segments, {}).options.holdoutDays, 100);
  assert.equal(customerLifetimeValue(shop.ids, shop.tx, shop.segments, { horizonDays: 60 }).options.holdoutDays, 60);
  // A customer whose first purchase falls on the calibration end day has T = 0.
  const tx = { customerId: [...shop.tx.customerId, 'late'], time: [...shop.tx.time, 200 * DAY], amount: [...shop.tx.amount, 25] };
  const summary = rfmSummary(tx, { calibrationEnd: 200 * DAY, observationEnd: 300 * DAY });
  assert.equal(summary.T[summary.customerId.indexOf('late')], 0);
  const result = customerLifetimeValue([...shop.ids, 'late'], tx, new Map([...shop.segments, ['late', 'odd']]), { holdoutDays: 100 });
  assert.ok(result.validation);
});

test('units: days in, weeks in the model; the holdout and horizon are converted once', () => {
  const shop = smallShop();
  const weeks = customerLifetimeValue(shop.ids, shop.tx, shop.segments, { horizonDays: 91, holdoutDays: 70 });
  const days = customerLifetimeValue(shop.ids, shop.tx, shop.segments, { horizonDays: 91, holdoutDays: 70, unitDays: 1 });
  assert.equal(weeks.validation?.holdoutDuration, 10);
  assert.equal(days.validation?.holdoutDuration, 70);
  assert.equal(weeks.predictive.horizon, 13);
  // The model is the same in either unit: rates scale, predictions do not (up to the optimiser).
  // α is a time: 7 times larger in days than in weeks; r (a shape) is the same.
  assert.ok(Math.abs(weeks.bgnbd.alpha * 7 - days.bgnbd.alpha) < 1e-3 * days.bgnbd.alpha, `${weeks.bgnbd.alpha * 7} vs ${days.bgnbd.alpha}`);
  assert.ok(Math.abs(weeks.bgnbd.r - days.bgnbd.r) < 1e-3 * days.bgnbd.r);
  const total = (r: typeof weeks): number => r.segments.reduce((s, g) => s + g.totalClv, 0);
  assert.ok(Math.abs(total(weeks) - total(days)) < 1e-3 * total(days));
});

test('demo data: boundary fits, q <= 1 handled, no negative CLV, historical recommended because spend and frequency are correlated', () => {
  const demo = readDemoTransactions();
  const ids = [...demo.segments.keys()];
  const result = customerLifetimeValue(ids, demo, demo.segments, {});
  assert.ok(result.bgnbd.converged && result.bgnbd.boundary.includes('homogeneous-dropout'));
  assert.ok(result.gammaGamma.q <= 1 && result.gammaGamma.populationMeanSpend === null);
  const c = result.customers;
  const firstPurchase = c.spendSource.filter((s) => s === 'first-purchase').length;
  assert.ok(firstPurchase > 0);
  assert.equal(firstPurchase, result.predictive.firstPurchaseSpendCustomers);
  assert.ok(result.warnings.includes(msg.clvFirstPurchaseSpend(firstPurchase, result.gammaGamma.q)));
  for (const v of c.predictedClv) assert.ok(v === null || (v >= 0 && Number.isFinite(v)), `CLV ${v}`);
  for (const s of result.segments) assert.ok(s.meanClv > 0 && Number.isFinite(s.meanClv), `${s.segment}: ${s.meanClv}`);
  assert.equal(result.recommendedMeasure, 'historical');
  assert.deepEqual(result.recommendationReasons, [msg.clvPreferHistoricalCorrelation(result.gammaGamma.frequencyMonetaryCorrelation)]);
  assert.ok(result.warnings.includes(msg.clvSpendFrequencyCorrelated(result.gammaGamma.frequencyMonetaryCorrelation)));
  assert.ok(JSON.stringify(clvSummary(result)).length < 20_000);
  assert.equal(clvCustomerCsv(result).split('\n').length, ids.length + 2);
});
