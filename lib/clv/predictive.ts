/**
 * Predictive customer lifetime value: BG/NBD expected purchases per period × Gamma-Gamma
 * expected spend × margin, discounted per period (lifetimes' `customer_lifetime_value`).
 */
import { SeglabError, msg } from '../errors/messages';
import { aliveDivisor, conditionalPurchasesNumerator, type BgNbdParams } from './bgnbd';
import { expectedSpendPerPurchase, type GammaGammaParams } from './gamma-gamma';
import type { RfmSummary, SpendSource } from './types';

export interface PredictiveClvOptions {
  /** Horizon, in the summary's time units (e.g. 52 weeks). */
  horizon: number;
  /** Length of one discounting step, in time units (e.g. 4.345 weeks = one month). Default horizon (one step). */
  step?: number;
  /** Discount rate per step (0.01 = 1% per step). Default 0. */
  discountRatePerStep?: number;
  /** Share of revenue that is profit, in [0, 1]. Default 1 (revenue CLV). */
  margin?: number;
}

/** Predictive CLV per customer, in the order of the summary. */
export interface PredictiveClv {
  customerId: string[];
  /** Expected purchases in the horizon (undiscounted). */
  expectedPurchases: number[];
  probabilityAlive: number[];
  /** Expected spend per purchase (Gamma-Gamma; see `expectedSpendPerPurchase`). */
  expectedSpend: number[];
  /** Where each expected spend came from. */
  spendSource: SpendSource[];
  /** Customers whose spend came from their first purchase (no repeat purchase and q <= 1). */
  firstPurchaseSpendCustomers: number;
  /** Discounted margin over the horizon. */
  clv: number[];
  horizon: number;
  unitDays: number;
  margin: number;
}

/**
 * Predict CLV over `horizon` time units. Each step i (length `step`) adds
 * margin × spend × (E[Y(i·step)] − E[Y((i−1)·step)]) / (1 + d)^i; a last partial step is
 * discounted at its fractional exponent.
 * @example predictiveClv(bg, gg, summary, { horizon: 52, step: 52 / 12, discountRatePerStep: 0.01, margin: 0.3 })
 */
export function predictiveClv(bg: BgNbdParams, gg: GammaGammaParams, summary: RfmSummary, options: PredictiveClvOptions): PredictiveClv {
  const margin = options.margin ?? 1;
  const step = options.step ?? options.horizon;
  const d = options.discountRatePerStep ?? 0;
  if (!(options.horizon > 0)) throw new SeglabError('clv', msg.clvBadOption('horizon', options.horizon, 'a positive number of time units'));
  if (!(step > 0)) throw new SeglabError('clv', msg.clvBadOption('step', step, 'a positive number of time units'));
  if (!(margin >= 0 && margin <= 1)) throw new SeglabError('clv', msg.clvBadOption('margin', margin, 'a share in [0, 1]'));
  if (!(d > -1)) throw new SeglabError('clv', msg.clvBadOption('discountRatePerStep', d, 'a rate above -1 (0.01 = 1% per step)'));
  const boundaries: number[] = [];
  for (let t = step; t < options.horizon - 1e-9; t += step) boundaries.push(t);
  boundaries.push(options.horizon);

  const out: PredictiveClv = { customerId: summary.customerId.slice(), expectedPurchases: [], probabilityAlive: [], expectedSpend: [], spendSource: [], firstPurchaseSpendCustomers: 0, clv: [], horizon: options.horizon, unitDays: summary.unitDays, margin };
  // The t_x-free part of E[Y(t)] for every boundary, once per distinct (x, T): weekly T takes a few
  // thousand values and x a few dozen, against up to millions of customers. Same operations on
  // the same numbers as conditionalExpectedPurchases, so the values are bit-identical.
  const numerators = new Map<string, Float64Array>();
  const discount = Float64Array.from(boundaries, (t) => Math.pow(1 + d, t / step));
  for (let i = 0; i < summary.customerId.length; i++) {
    const x = summary.frequency[i];
    const tx = summary.recency[i];
    const T = summary.T[i];
    const key = `${x}|${T}`;
    let row = numerators.get(key);
    if (!row) {
      row = Float64Array.from(boundaries, (t) => conditionalPurchasesNumerator(bg, t, x, T));
      numerators.set(key, row);
    }
    const divisor = aliveDivisor(bg, x, tx, T);
    const { spend, source } = expectedSpendPerPurchase(gg, x, summary.monetary[i], summary.firstSpend[i]);
    if (source === 'first-purchase') out.firstPurchaseSpendCustomers++;
    let previous = 0;
    let value = 0;
    for (let b = 0; b < boundaries.length; b++) {
      const cumulative = row[b] / divisor;
      value += (spend * margin * (cumulative - previous)) / discount[b];
      previous = cumulative;
    }
    out.expectedPurchases.push(previous);
    out.probabilityAlive.push(1 / divisor);
    out.expectedSpend.push(spend);
    out.spendSource.push(source);
    out.clv.push(value);
  }
  return out;
}

/**
 * Per-step discount rate equivalent to an annual rate: (1 + annual)^(stepDays/365.25) − 1.
 * @example discountPerStep(0.1, 30.4375) // ≈ 0.00797 per month for 10% a year
 */
export function discountPerStep(annualRate: number, stepDays: number): number {
  return Math.pow(1 + annualRate, stepDays / 365.25) - 1;
}
