/**
 * Reproduces the published CDNOW results of the `lifetimes` library (docs/Quickstart.md and
 * tests/test_estimation.py @ 4f2833f, see ../shared/datasets/cdnow/PROVENANCE.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgnbdLogLikelihood, conditionalExpectedPurchases, expectedPurchases, fitBgNbd, probabilityAlive } from '../../lib/clv/bgnbd';
import { calibrationHoldout } from '../../lib/clv/calibration';
import { conditionalExpectedSpend, fitGammaGamma } from '../../lib/clv/gamma-gamma';
import { predictiveClv } from '../../lib/clv/predictive';
import { rfmSummary } from '../../lib/clv/summary';
import { CDNOW_CALIBRATION_END, CDNOW_OBSERVATION_END, readCdnowFrequencySummary, readCdnowSample, readCdnowSummary } from './cdnow';
import { needsDatasets } from '../helpers/paths';

const within = (actual: number, expected: number, relative: number, label: string): void =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${label}: ${actual} vs ${expected} (±${relative * 100}%)`);

const skip = needsDatasets('cdnow');
let summaryFile!: ReturnType<typeof readCdnowFrequencySummary>;
let bg!: ReturnType<typeof fitBgNbd>;
if (!skip) {
  summaryFile = readCdnowFrequencySummary();
  bg = fitBgNbd(Object.freeze({ ...summaryFile, frequency: Object.freeze(summaryFile.frequency.slice()) }));
}

test('BG/NBD on the 2,357-customer CDNOW summary: r, α, a, b within 1% of lifetimes (0.242593, 4.413532, 0.792886, 2.425752)', { skip }, () => {
  assert.equal(bg.customers, 2357);
  within(bg.r, 0.242593, 0.01, 'r');
  within(bg.alpha, 4.413532, 0.01, 'alpha');
  within(bg.a, 0.792886, 0.01, 'a');
  within(bg.b, 2.425752, 0.01, 'b');
  // The maximum found matches PROVENANCE's independent refit, LL = −9582.4256.
  assert.ok(Math.abs(bg.logLikelihood - -9582.4256) < 0.01, `LL ${bg.logLikelihood}`);
  assert.ok(bg.converged);
  // The fit's pooled fast path and the per-customer likelihood agree.
  assert.ok(Math.abs(bgnbdLogLikelihood(bg, summaryFile) - bg.logLikelihood) < 1e-6);
});

test('BG/NBD expectations match lifetimes test_estimation.py (Hardie spreadsheet values)', { skip }, () => {
  const published = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
  assert.ok(Math.abs(conditionalExpectedPurchases(published, 39, 2, 30.43, 38.86) - 1.226) < 0.001);
  const times = [0.1429, 1, 3, 31.8571, 32, 78];
  const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
  times.forEach((t, i) => assert.ok(Math.abs(expectedPurchases(published, t) - expected[i]) < 0.0015, `E[X(${t})]`));
  // Quickstart L96–102: top customers by E[Y(1)].
  const top: [number, number, number, number][] = [
    [18, 35.14, 35.86, 0.424877],
    [19, 34.0, 34.14, 0.474738],
    [17, 28.43, 28.86, 0.486526],
    [29, 37.71, 38.0, 0.662396],
    [26, 30.86, 31.0, 0.710623],
  ];
  for (const [x, tx, T, value] of top) assert.ok(Math.abs(conditionalExpectedPurchases(published, 1, x, tx, T) - value) < 1e-5, `x=${x}`);
  assert.equal(probabilityAlive(published, 0, 0, 38.86), 1);
  assert.ok(probabilityAlive(published, 5, 5, 38) < probabilityAlive(published, 5, 37, 38), 'a recent buyer is more likely alive');
});

test('the fit is a maximum: nudging any parameter lowers the log-likelihood', { skip }, () => {
  for (const key of ['r', 'alpha', 'a', 'b'] as const) {
    for (const factor of [0.98, 1.02]) {
      const nudged = { ...bg, [key]: bg[key] * factor };
      assert.ok(bgnbdLogLikelihood(nudged, summaryFile) < bg.logLikelihood, `${key} × ${factor}`);
    }
  }
});

test('Gamma-Gamma on the 946 repeat buyers: p, q, v within 1% of lifetimes (6.25, 3.74, 15.45)', { skip }, () => {
  const rows = readCdnowSummary();
  const gg = fitGammaGamma(rows.map((r) => r.x), rows.map((r) => r.zbar));
  assert.equal(gg.customers, 946);
  within(gg.p, 6.248803, 0.01, 'p');
  within(gg.q, 3.744588, 0.01, 'q');
  within(gg.v, 15.447746, 0.01, 'v');
  assert.ok(Math.abs(gg.frequencyMonetaryCorrelation - 0.113884) < 1e-5);
  assert.deepEqual(gg.warnings, []);
  assert.deepEqual(gg.boundary, []);
  within(gg.populationMeanSpend as number, (gg.p * gg.v) / (gg.q - 1), 1e-12, 'population mean spend p·v/(q − 1)');
  // Quickstart L283–292: conditional expected average profit of IDs 1–10 (with lifetimes' fit).
  const expected = [24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408, 35.170981];
  rows.slice(0, 10).forEach((r, i) => assert.ok(Math.abs(conditionalExpectedSpend(gg, r.x, r.zbar) - expected[i]) < 1e-3, `ID ${r.id}`));
  const meanAll = rows.reduce((s, r) => s + conditionalExpectedSpend(gg, r.x, r.zbar), 0) / rows.length;
  assert.ok(Math.abs(meanAll - 35.2529588256) < 1e-3, `mean ${meanAll}`);
});

test('RFM summary rebuilt from CDNOW_sample.txt matches the summary file for all 2,357 customers', { skip }, () => {
  const tx = readCdnowSample();
  const summary = rfmSummary(tx, { calibrationEnd: CDNOW_CALIBRATION_END, observationEnd: CDNOW_OBSERVATION_END });
  const rows = readCdnowSummary();
  assert.equal(summary.customerId.length, 2357);
  const index = new Map(summary.customerId.map((id, i) => [id, i]));
  let mismatches = 0;
  for (const r of rows) {
    const i = index.get(r.id);
    if (i === undefined) {
      mismatches++;
      continue;
    }
    const ok = summary.frequency[i] === r.x && Math.abs(summary.recency[i] - r.tx) < 0.006 && Math.abs(summary.T[i] - r.T) < 0.006 && Math.abs(summary.monetary[i] - r.zbar) < 0.006;
    if (!ok) mismatches++;
  }
  assert.equal(mismatches, 0);
  assert.equal(summary.holdout?.duration, 39);
});

test('predictive CLV reproduces lifetimes customer_lifetime_value (time=12, 30-unit steps, 1% per step) for IDs 1–10', { skip }, () => {
  const rows = readCdnowSummary();
  const gg = fitGammaGamma(rows.map((r) => r.x), rows.map((r) => r.zbar));
  const summary = {
    customerId: rows.map((r) => r.id),
    frequency: rows.map((r) => r.x),
    recency: rows.map((r) => r.tx),
    T: rows.map((r) => r.T),
    monetary: rows.map((r) => r.zbar),
    firstSpend: rows.map(() => 0),
    unitDays: 7,
    calibrationEnd: CDNOW_CALIBRATION_END,
    holdout: null,
    excluded: { afterCalibration: 0, noPurchase: 0 },
  };
  const clv = predictiveClv(bg, gg, summary, { horizon: 360, step: 30, discountRatePerStep: 0.01 });
  const expected = [140.096211, 18.943467, 38.180574, 38.180574, 38.180574, 1003.868107, 28.109683, 38.180574, 167.418216, 38.180574];
  expected.forEach((v, i) => within(clv.clv[i], v, 1e-3, `ID ${i + 1}`));
  // With a true 12-month horizon (freq="W", 4.345 weeks a month), PROVENANCE's values.
  const monthly = predictiveClv(bg, gg, summary, { horizon: 12 * 4.345, step: 4.345, discountRatePerStep: 0.01 });
  [36.2785, 4.6375, 8.3441].forEach((v, i) => within(monthly.clv[i], v, 1e-3, `monthly ID ${i + 1}`));
  const half = predictiveClv(bg, gg, summary, { horizon: 360, step: 30, discountRatePerStep: 0.01, margin: 0.5 });
  within(half.clv[0], clv.clv[0] / 2, 1e-12, 'margin scales CLV');
});

test('calibration/holdout: BG/NBD fitted on 39 weeks predicts the next 39 weeks per frequency bucket', { skip }, () => {
  const summary = rfmSummary(readCdnowSample(), { calibrationEnd: CDNOW_CALIBRATION_END, observationEnd: CDNOW_OBSERVATION_END });
  const check = calibrationHoldout(summary);
  within(check.fit.r, 0.242593, 0.01, 'same fit as the summary file');
  assert.equal(check.buckets.reduce((s, b) => s + b.customers, 0), 2357);
  assert.equal(check.buckets[check.buckets.length - 1].label, '6+');
  const actual = summary.holdout?.frequency.reduce((s, v) => s + v, 0);
  assert.equal(check.totalActual, actual);
  // Predictions rise with calibration frequency, as the actual purchases do.
  for (let k = 1; k < check.buckets.length; k++) assert.ok(check.buckets[k].predicted > check.buckets[k - 1].predicted);
  // Aggregate prediction within 15% of the actual holdout purchases (1,882).
  within(check.totalPredicted, check.totalActual, 0.15, 'total holdout purchases');
});
