/**
 * The CLV stage for the pipeline:
 *
 *   transactions ──> rfmSummary (calibration + holdout) ──> fitBgNbd ──> calibrationHoldout (validation)
 *                └─> rfmSummary (all data) ──> fitBgNbd + fitGammaGamma ──> predictiveClv
 *                └─> historicalClv
 *   ──> per-segment totals (ClvResult, JSON-serialisable)
 */
import { SeglabError, msg } from '../errors/messages';
import { ss } from '../stats/simple-statistics';
import { fitBgNbd } from './bgnbd';
import { calibrationHoldout, type CalibrationCheck } from './calibration';
import { fitGammaGamma } from './gamma-gamma';
import { historicalClv, type HistoricalClv } from './historical';
import { discountPerStep, predictiveClv, type PredictiveClv } from './predictive';
import { rfmSummary } from './summary';
import type { BgNbdFit, GammaGammaFit, TransactionColumns } from './types';

const DAY_MS = 86_400_000;

export interface ClvOptions {
  /** Share of revenue that is profit, in [0, 1]. Default 1. */
  margin?: number;
  /** Predictive horizon, days. Default 365. */
  horizonDays?: number;
  /** Model time unit, days. Default 7 (weeks, as in the BTYD literature). */
  unitDays?: number;
  /** Annual discount rate (0.1 = 10%), applied per month. Default 0.1. */
  annualDiscountRate?: number;
  /** Days held out at the end to validate predicted vs actual purchases; 0 = no validation. Default: a third of the observed span. */
  holdoutDays?: number;
  /** Last day of observation, epoch ms. Default: the last transaction's day. */
  observationEnd?: number;
}

export interface SegmentPredictiveClv {
  segment: string;
  customers: number;
  meanClv: number;
  medianClv: number;
  totalClv: number;
  meanProbabilityAlive: number;
  meanExpectedPurchases: number;
}

export interface ClvResult {
  options: Required<Omit<ClvOptions, 'observationEnd'>> & { observationEnd: number };
  historical: HistoricalClv;
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  predictive: PredictiveClv;
  /** Per segment: predictive CLV of its customers (customers with no purchase count as 0). */
  segments: SegmentPredictiveClv[];
  /** Predicted vs actual holdout purchases; null when holdoutDays is 0. */
  validation: CalibrationCheck | null;
  warnings: string[];
}

/**
 * Historical and predictive CLV per customer and per segment, with a calibration/holdout check.
 * @param customerIds the customers to value (all segmented customers)
 * @param segments segment of each customer
 * @example customerLifetimeValue(ids, tx, segmentOf, { margin: 0.3, horizonDays: 365 })
 */
export function customerLifetimeValue(
  customerIds: readonly string[],
  tx: TransactionColumns,
  segments: ReadonlyMap<string, string>,
  options: ClvOptions = {},
): ClvResult {
  let lastTime = -Infinity;
  let firstTime = Infinity;
  for (const t of tx.time) {
    if (t > lastTime) lastTime = t;
    if (t < firstTime) firstTime = t;
  }
  if (!Number.isFinite(lastTime)) throw new SeglabError('clv', msg.clvNoCustomers());
  const observationEnd = Math.floor((options.observationEnd ?? lastTime) / DAY_MS) * DAY_MS;
  const spanDays = Math.round((observationEnd - Math.floor(firstTime / DAY_MS) * DAY_MS) / DAY_MS);
  const resolved = {
    margin: options.margin ?? 1,
    horizonDays: options.horizonDays ?? 365,
    unitDays: options.unitDays ?? 7,
    annualDiscountRate: options.annualDiscountRate ?? 0.1,
    holdoutDays: options.holdoutDays ?? Math.floor(spanDays / 3),
    observationEnd,
  };
  if (!(resolved.horizonDays > 0)) throw new SeglabError('clv', msg.clvBadOption('horizonDays', resolved.horizonDays, 'a positive number of days'));
  if (!(resolved.holdoutDays >= 0 && resolved.holdoutDays < spanDays)) {
    throw new SeglabError('clv', msg.clvBadOption('holdoutDays', resolved.holdoutDays, `0 (no validation) or fewer days than the ${spanDays}-day span of the transactions`));
  }
  const warnings: string[] = [];
  const inScope = new Set(customerIds);
  const keep = tx.customerId.map((id, i) => (inScope.has(id) && tx.time[i] <= observationEnd + DAY_MS - 1 ? i : -1)).filter((i) => i >= 0);
  const scoped: TransactionColumns = { customerId: keep.map((i) => tx.customerId[i]), time: keep.map((i) => tx.time[i]), amount: keep.map((i) => tx.amount[i]) };

  let validation: CalibrationCheck | null = null;
  if (resolved.holdoutDays > 0) {
    const calibration = rfmSummary(scoped, { calibrationEnd: observationEnd - resolved.holdoutDays * DAY_MS, observationEnd, unitDays: resolved.unitDays });
    validation = calibrationHoldout(calibration);
  }
  const summary = rfmSummary(scoped, { calibrationEnd: observationEnd, unitDays: resolved.unitDays });
  const bgnbd = fitBgNbd(summary);
  const gammaGamma = fitGammaGamma(summary.frequency, summary.monetary);
  warnings.push(...gammaGamma.warnings);
  const unit = resolved.unitDays;
  const monthDays = 365.25 / 12;
  const predictive = predictiveClv(bgnbd, gammaGamma, summary, {
    horizon: resolved.horizonDays / unit,
    step: monthDays / unit,
    discountRatePerStep: discountPerStep(resolved.annualDiscountRate, monthDays),
    margin: resolved.margin,
  });

  const byCustomer = new Map(predictive.customerId.map((id, i) => [id, i]));
  const groups = new Map<string, number[]>();
  for (const id of customerIds) {
    const s = segments.get(id) ?? 'unassigned';
    let list = groups.get(s);
    if (!list) groups.set(s, (list = []));
    list.push(byCustomer.get(id) ?? -1);
  }
  const at = (values: readonly number[], i: number): number => (i < 0 ? 0 : values[i]);
  const segmentRows: SegmentPredictiveClv[] = [...groups].map(([segment, rows]) => {
    const clv = rows.map((i) => at(predictive.clv, i));
    return {
      segment,
      customers: rows.length,
      meanClv: ss.mean(clv),
      medianClv: ss.median(clv),
      totalClv: ss.sum(clv),
      meanProbabilityAlive: ss.mean(rows.map((i) => at(predictive.probabilityAlive, i))),
      meanExpectedPurchases: ss.mean(rows.map((i) => at(predictive.expectedPurchases, i))),
    };
  });
  return {
    options: resolved,
    historical: historicalClv(customerIds, scoped, segments, resolved.margin),
    bgnbd,
    gammaGamma,
    predictive,
    segments: segmentRows,
    validation,
    warnings,
  };
}
