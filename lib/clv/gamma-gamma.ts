/**
 * Gamma-Gamma model of spend per transaction (Fader & Hardie 2005, "The Gamma-Gamma Model of
 * Monetary Value", note 025; Colombo & Jiang 1999). Fitted on repeat buyers (x > 0) with their
 * mean repeat spend; assumes spend is independent of frequency (the fit reports the correlation).
 */
import { SeglabError, msg } from '../errors/messages';
import { ss } from '../stats/simple-statistics';
import { nelderMead } from './nelder-mead';
import { lgamma } from './special';
import type { GammaGammaFit } from './types';

export type GammaGammaParams = Pick<GammaGammaFit, 'p' | 'q' | 'v'>;

/** Log-likelihood of one repeat buyer with x repeat purchases of mean value m (x > 0, m > 0). */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = params;
  const px = p * x;
  return lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(x * m + v);
}

/**
 * Fit Gamma-Gamma on customers with frequency > 0 and monetary > 0 (others are skipped; repeat
 * buyers with zero or negative spend are counted in a warning).
 * @example fitGammaGamma(summary.frequency, summary.monetary) // CDNOW: p ≈ 6.25, q ≈ 3.74, v ≈ 15.45
 */
export function fitGammaGamma(frequency: readonly number[], monetary: readonly number[], start: GammaGammaParams = { p: 1, q: 1, v: 1 }): GammaGammaFit {
  if (frequency.length !== monetary.length) throw new SeglabError('clv', msg.clvColumnLengths({ frequency: frequency.length, monetary: monetary.length }));
  const xs: number[] = [];
  const ms: number[] = [];
  let nonPositive = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (!(frequency[i] > 0)) continue;
    if (!(monetary[i] > 0)) {
      nonPositive++;
      continue;
    }
    xs.push(frequency[i]);
    ms.push(monetary[i]);
  }
  if (xs.length < 3) throw new SeglabError('clv', msg.clvTooFewRepeatBuyers(xs.length, 3));
  const negLL = (theta: readonly number[]): number => {
    const params = { p: Math.exp(theta[0]), q: Math.exp(theta[1]), v: Math.exp(theta[2]) };
    let ll = 0;
    for (let i = 0; i < xs.length; i++) ll += gammaGammaCustomerLogLikelihood(params, xs[i], ms[i]);
    return -ll;
  };
  const result = nelderMead(negLL, [start.p, start.q, start.v].map(Math.log), { step: 0.5 });
  const [p, q, v] = result.x.map(Math.exp);
  const warnings: string[] = [];
  if (nonPositive > 0) warnings.push(msg.clvRepeatBuyersWithoutSpend(nonPositive));
  if (q <= 1) warnings.push(msg.clvGammaGammaNoMean(q));
  const correlation = ss.sampleCorrelation(xs, ms);
  if (Math.abs(correlation) > 0.3) warnings.push(msg.clvSpendFrequencyCorrelated(correlation));
  return {
    model: 'gamma-gamma',
    p,
    q,
    v,
    logLikelihood: -result.fx,
    customers: xs.length,
    iterations: result.iterations,
    converged: result.converged,
    frequencyMonetaryCorrelation: correlation,
    warnings,
  };
}

/**
 * E[Z | x, m̄]: expected mean spend per transaction of a customer with x repeat purchases of mean
 * m̄ (note 025 eq. 5). x = 0 gives the population mean p·v/(q − 1).
 * @example conditionalExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, 2, 22.35) // ≈ 24.65
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  const { p, q, v } = params;
  if (x <= 0) return (p * v) / (q - 1);
  return (p * (v + x * meanSpend)) / (p * x + q - 1);
}
