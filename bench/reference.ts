/**
 * Reference figures and timings of the CLV and campaign stages on the shared datasets.
 * Usage: node dist/bench/reference.js   (after the build). Prints one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { allocateBudget } from '../lib/campaigns/budget';
import { evaluateCampaigns } from '../lib/campaigns/evaluate';
import { fitBgNbd } from '../lib/clv/bgnbd';
import { calibrationHoldout } from '../lib/clv/calibration';
import { fitGammaGamma } from '../lib/clv/gamma-gamma';
import { rfmSummary } from '../lib/clv/summary';
import { createRng } from '../lib/random/rng';
import { CDNOW_CALIBRATION_END, CDNOW_OBSERVATION_END, readCdnowFrequencySummary, readCdnowSample, readCdnowSummary } from './datasets/cdnow';
import { readBank, readHillstrom } from './datasets/campaigns';

function timed<T>(timings: Record<string, number>, name: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  timings[name] = Math.round(performance.now() - t0);
  return out;
}

const r = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;

function main(): void {
  const ms: Record<string, number> = {};
  const bg = timed(ms, 'bgnbdFitCdnow', () => fitBgNbd(readCdnowFrequencySummary()));
  const rows = readCdnowSummary();
  const gg = timed(ms, 'gammaGammaFitCdnow', () => fitGammaGamma(rows.map((x) => x.x), rows.map((x) => x.zbar)));
  const summary = timed(ms, 'rfmSummaryCdnow', () => rfmSummary(readCdnowSample(), { calibrationEnd: CDNOW_CALIBRATION_END, observationEnd: CDNOW_OBSERVATION_END }));
  const calibration = timed(ms, 'calibrationHoldoutCdnow', () => calibrationHoldout(summary));

  const hillstrom = readHillstrom(0.1);
  const segmentOf = new Map(hillstrom.log.customerId.map((id, i): [string, string] => [id, hillstrom.text.history_segment[i]]));
  const campaigns = timed(ms, 'evaluateCampaignsHillstrom', () => evaluateCampaigns(hillstrom.log, segmentOf, { controlArm: 'No E-Mail' }, createRng(42)));
  const budget = allocateBudget(campaigns.decisions, 1000);
  const bank = readBank();
  const bankResult = timed(ms, 'evaluateCampaignsBank', () => evaluateCampaigns(bank.log, bank.segments, {}, createRng(42)));

  console.log(
    JSON.stringify(
      {
        cdnow: {
          bgnbd: { r: r(bg.r, 6), alpha: r(bg.alpha, 6), a: r(bg.a, 6), b: r(bg.b, 6), logLikelihood: r(bg.logLikelihood) },
          gammaGamma: { p: r(gg.p, 6), q: r(gg.q, 6), v: r(gg.v, 6), logLikelihood: r(gg.logLikelihood) },
          holdout: { actual: calibration.totalActual, predicted: r(calibration.totalPredicted, 1), buckets: calibration.buckets.map((b) => [b.label, b.customers, r(b.actual, 3), r(b.predicted, 3)]) },
        },
        hillstrom: {
          overall: campaigns.overall.map((c) => ({ arm: c.arm, n: c.exposures, conversion: r(c.conversionRate, 6), spend: r(c.revenuePerCustomer, 6), uplift: c.versusControl && [r(c.versusControl.uplift, 6), ...c.versusControl.upliftInterval.map((v) => r(v, 5))], roi: c.versusControl?.roi && r(c.versusControl.roi, 3), roiInterval: c.versusControl?.roiInterval?.map((v) => r(v, 3)), pBest: c.versusControl?.probabilityBest })),
          segments: campaigns.cells.filter((c) => !c.isControl).map((c) => [c.segment, c.arm, c.exposures, r(c.versusControl?.uplift ?? NaN, 5), ...(c.versusControl?.upliftInterval ?? []).map((v) => r(v, 5)), r(c.versusControl?.incrementalProfitPerCustomer ?? NaN, 3), c.versusControl?.probabilityBest]),
          decisions: campaigns.decisions.map((d) => [d.segment, d.recommendation?.arm ?? null, d.reason, d.nextTest?.customersPerArm ?? null]),
          budget1000: budget.allocations.map((a) => [a.segment, a.arm, a.customers, r(a.spend, 2), r(a.expectedIncrementalProfit, 2)]),
        },
        bank: { responseRate: r(bankResult.overall[0].conversionRate, 5), interval: bankResult.overall[0].conversionInterval.map((v) => r(v, 5)), reason: bankResult.decisions[0].reason },
        timingsMs: ms,
      },
      null,
      1,
    ),
  );
}

main();
