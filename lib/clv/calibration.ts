/**
 * Calibration / holdout validation: fit on the calibration period, predict purchases in the
 * holdout, and compare with what happened, per calibration-frequency bucket (lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`).
 */
import { SeglabError, msg } from '../errors/messages';
import { conditionalExpectedPurchases, fitBgNbd } from './bgnbd';
import type { BgNbdFit, RfmSummary } from './types';

export interface CalibrationBucket {
  /** Calibration repeat purchases x (the last bucket holds x >= this value). */
  frequency: number;
  /** Label for a chart axis: "0", "1", ..., "6+". */
  label: string;
  customers: number;
  /** Mean actual holdout purchases. */
  actual: number;
  /** Mean BG/NBD predicted holdout purchases. */
  predicted: number;
}

export interface CalibrationCheck {
  fit: BgNbdFit;
  /** Holdout length in time units. */
  holdoutDuration: number;
  buckets: CalibrationBucket[];
  /** Totals over all customers. */
  totalActual: number;
  totalPredicted: number;
  /** Mean absolute error per customer. */
  meanAbsoluteError: number;
}

/**
 * Fit BG/NBD on a summary that has a holdout (see `rfmSummary` with `observationEnd`) and tabulate
 * predicted vs actual holdout purchases by calibration frequency 0..maxFrequency (last bucket open).
 * @param maxFrequency last bucket's frequency. Default 6.
 * @example calibrationHoldout(rfmSummary(tx, { calibrationEnd, observationEnd })).buckets
 */
export function calibrationHoldout(summary: RfmSummary, maxFrequency = 6, fit?: BgNbdFit): CalibrationCheck {
  const holdout = summary.holdout;
  if (!holdout) throw new SeglabError('clv', msg.clvNoHoldout());
  const model = fit ?? fitBgNbd(summary);
  const buckets: CalibrationBucket[] = Array.from({ length: maxFrequency + 1 }, (_, k) => ({
    frequency: k,
    label: k === maxFrequency ? `${k}+` : String(k),
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  let totalActual = 0;
  let totalPredicted = 0;
  let absError = 0;
  for (let i = 0; i < summary.customerId.length; i++) {
    const predicted = conditionalExpectedPurchases(model, holdout.duration, summary.frequency[i], summary.recency[i], summary.T[i]);
    const actual = holdout.frequency[i];
    const bucket = buckets[Math.min(summary.frequency[i], maxFrequency)];
    bucket.customers++;
    bucket.actual += actual;
    bucket.predicted += predicted;
    totalActual += actual;
    totalPredicted += predicted;
    absError += Math.abs(actual - predicted);
  }
  for (const b of buckets) {
    if (b.customers > 0) {
      b.actual /= b.customers;
      b.predicted /= b.customers;
    }
  }
  return {
    fit: model,
    holdoutDuration: holdout.duration,
    buckets: buckets.filter((b) => b.customers > 0),
    totalActual,
    totalPredicted,
    meanAbsoluteError: absError / summary.customerId.length,
  };
}
