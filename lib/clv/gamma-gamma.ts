/**
 * Gamma-Gamma model of spend per transaction (Fader & Hardie 2005, "The Gamma-Gamma Model of
 * Monetary Value", note 025; Colombo & Jiang 1999). Fitted on repeat buyers (x > 0) with their
 * mean repeat spend; assumes spend is independent of frequency (the fit reports the correlation).
 *
 * Spend per purchase is Gamma(p, ν) within a customer and ν is Gamma(q, v) across customers. The
 * fit works in s = p·v (scale of mean spend), q and ξ = 1/p (within-customer spread); ξ = 0 is the
 * limit where each customer always spends the same, and the mean spends follow an inverse gamma
 * with shape q and scale s. A maximum there is reported in `boundary` and the warnings.
 */
import { SeglabError, msg } from '../errors/messages';
import { ss } from '../stats/simple-statistics';
import { spendLogLikelihoodGradient } from './likelihood-gradient';
import { minimiseWithPolish } from './minimise';
import { nelderMead } from './nelder-mead';
import { lgamma } from './special';
import type { GammaGammaBoundary, GammaGammaFit, SpendSource } from './types';

export type GammaGammaParams = Pick<GammaGammaFit, 'p' | 'q' | 'v'>;

/** ξ = 1/p below this is read as the limit ξ = 0; p is then reported as LIMIT_P (≈ ∞ for every use here). */
const BOUNDARY_XI = 1e-6;
const LIMIT_P = 1e8;

/** log Γ(y+q) − log Γ(y) − q·log y, accurate for huge y (→ 0 as y → ∞). */
function logGammaRatioExcess(y: number, q: number): number {
  if (y > 1e5) return (q * (q - 1)) / (2 * y) - (q * (q - 1) * (2 * q - 1)) / (12 * y * y);
  return lgamma(y + q) - lgamma(y) - q * Math.log(y);
}

/**
 * Log-likelihood of one repeat buyer in (s, q, ξ), the note's density rewritten with p = 1/ξ and
 * v = s·ξ so that ξ = 0 is a plain point:
 *   log Γ(x/ξ+q) − log Γ(x/ξ) − q·log(x/ξ) − log Γ(q) + q·log(x·s/(x·m + s·ξ)) − log m − (x/ξ)·log(1 + s·ξ/(x·m)),
 * whose last term → s/m as ξ → 0 (an inverse-gamma density of m). `lgammaQ` = log Γ(q).
 */
function rowLogLikelihood(s: number, q: number, xi: number, x: number, m: number, lgammaQ = lgamma(q)): number {
  const u = (s * xi) / (x * m);
  const logPowerTerm = u === 0 ? s / m : ((s / m) * Math.log1p(u)) / u;
  return logGammaRatioExcess(x / xi, q) - lgammaQ + q * Math.log((x * s) / (x * m + s * xi)) - Math.log(m) - logPowerTerm;
}

/**
 * Log-likelihood of one repeat buyer with x repeat purchases of mean value m (x > 0, m > 0)
 * (note 025 eq. 3, density of the mean spend), accurate for very large p.
 * @example gammaGammaCustomerLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, 2, 22.35)
 */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, m: number): number {
  return rowLogLikelihood(params.p * params.v, params.q, 1 / params.p, x, m);
}

/**
 * Fit Gamma-Gamma on customers with frequency > 0 and monetary > 0 (others are skipped; repeat
 * buyers with zero or negative spend are counted in a warning). BFGS on the analytic gradient, then
 * a Nelder–Mead polish that stops when the simplex's spread in log-likelihood is below 1e-10
 * relative and its size below 1e-6 (log s, log q, √ξ).
 * @param start starting values. Default p = 1, q = 2, v = median mean spend.
 * @param optimizer 'quasi-newton' (default) or 'nelder-mead' (Nelder–Mead alone, the fit before issue 15; for comparisons).
 * @example fitGammaGamma(summary.frequency, summary.monetary) // CDNOW: p ≈ 6.25, q ≈ 3.74, v ≈ 15.45
 */
export function fitGammaGamma(frequency: readonly number[], monetary: readonly number[], start?: GammaGammaParams, optimizer: 'quasi-newton' | 'nelder-mead' = 'quasi-newton'): GammaGammaFit {
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
  const from = start ?? { p: 1, q: 2, v: ss.median(ms) };
  // rowLogLikelihood term by term, bit for bit (issue 15), with what does not depend on the row's
  // spend computed once: log m per row once per fit, the log-gamma excess once per distinct x
  // (repeat-purchase counts take a few hundred values at most) per evaluation.
  const distinctX = [...new Set(xs)];
  const positionOfX = new Map(distinctX.map((x, u) => [x, u]));
  const xIndex = Int32Array.from(xs, (x) => positionOfX.get(x) as number);
  const logM = Float64Array.from(ms, (m) => Math.log(m));
  const excess = new Float64Array(distinctX.length);
  const negLL = (theta: readonly number[]): number => {
    const s = Math.exp(theta[0]);
    const q = Math.exp(theta[1]);
    const xi = theta[2] * theta[2];
    const lgammaQ = lgamma(q);
    for (let u = 0; u < distinctX.length; u++) excess[u] = logGammaRatioExcess(distinctX[u] / xi, q);
    let ll = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const m = ms[i];
      const u = (s * xi) / (x * m);
      const logPowerTerm = u === 0 ? s / m : ((s / m) * Math.log1p(u)) / u;
      ll += excess[xIndex[i]] - lgammaQ + q * Math.log((x * s) / (x * m + s * xi)) - logM[i] - logPowerTerm;
    }
    return -ll;
  };
  const x0 = [Math.log(from.p * from.v), Math.log(from.q), Math.sqrt(1 / from.p)];
  const nmOptions = { step: 0.5, fTolerance: 1e-10, xTolerance: 1e-6 };
  const prepared = { xs: Float64Array.from(xs), ms: Float64Array.from(ms), logM, distinctX: Float64Array.from(distinctX), xIndex };
  const negLLGradient = (theta: readonly number[], gradient: number[]): number => {
    const ll = spendLogLikelihoodGradient(theta, prepared, lgamma, gradient);
    for (let i = 0; i < gradient.length; i++) gradient[i] = -gradient[i];
    return -ll;
  };
  // BFGS on the analytic gradient, then a Nelder–Mead polish (issue 15); 'nelder-mead' is the fit before it.
  const result = optimizer === 'nelder-mead' ? nelderMead(negLL, x0, nmOptions) : minimiseWithPolish(negLL, negLLGradient, x0, nmOptions);
  const s = Math.exp(result.x[0]);
  const q = Math.exp(result.x[1]);
  const boundary: GammaGammaBoundary[] = [];
  let xi = result.x[2] * result.x[2];
  if (xi < BOUNDARY_XI) {
    boundary.push('constant-customer-spend');
    xi = 1 / LIMIT_P;
  }
  const p = 1 / xi;
  const v = s * xi;
  let ll = 0;
  for (let i = 0; i < xs.length; i++) ll += rowLogLikelihood(s, q, xi, xs[i], ms[i]);

  const warnings: string[] = [];
  if (nonPositive > 0) warnings.push(msg.clvRepeatBuyersWithoutSpend(nonPositive));
  if (boundary.length) warnings.push(msg.clvGammaGammaBoundary(s));
  if (!result.converged) warnings.push(msg.clvNotConverged('Gamma-Gamma', result.iterations));
  if (q <= 1) warnings.push(msg.clvGammaGammaNoMean(q));
  const correlation = ss.sampleCorrelation(xs, ms);
  if (Math.abs(correlation) > 0.3) warnings.push(msg.clvSpendFrequencyCorrelated(correlation));
  return {
    model: 'gamma-gamma',
    p,
    q,
    v,
    populationMeanSpend: q > 1 ? s / (q - 1) : null,
    logLikelihood: ll,
    customers: xs.length,
    iterations: result.iterations,
    converged: result.converged,
    boundary,
    frequencyMonetaryCorrelation: correlation,
    warnings,
  };
}

/** Expected spend per purchase and where it came from. */
export interface SpendEstimate {
  spend: number;
  source: SpendSource;
}

/**
 * Expected spend per future purchase of one customer:
 * - x > 0: E[Z | x, m̄] = p(v + x·m̄)/(p·x + q − 1) (note 025 eq. 5), source 'repeat-purchases'
 *   (m̄ itself when p·x + q ≤ 1, where that mean does not exist);
 * - x = 0, q > 1: the population mean p·v/(q − 1), source 'population-mean';
 * - x = 0, q ≤ 1: the population mean does not exist (mean spends are too heavy-tailed), so the
 *   first purchase is used as one observed transaction: p(v + first)/(p + q − 1), the model's own
 *   posterior mean after one purchase (→ the first purchase itself as p → ∞), or the first
 *   purchase when p + q ≤ 1; source 'first-purchase'.
 * Never negative for non-negative spends.
 * @param firstSpend the customer's first-purchase spend; needed only when x = 0 and q ≤ 1
 * @example expectedSpendPerPurchase({ p: 6.25, q: 3.74, v: 15.44 }, 2, 22.35, 30).spend // ≈ 24.65
 */
export function expectedSpendPerPurchase(params: GammaGammaParams, x: number, meanSpend: number, firstSpend: number): SpendEstimate {
  const { p, q, v } = params;
  if (x > 0) {
    const denominator = p * x + q - 1;
    return { spend: denominator > 0 ? (p * (v + x * meanSpend)) / denominator : meanSpend, source: 'repeat-purchases' };
  }
  if (q > 1) return { spend: (p * v) / (q - 1), source: 'population-mean' };
  return { spend: p + q > 1 ? (p * (v + firstSpend)) / (p + q - 1) : firstSpend, source: 'first-purchase' };
}

/**
 * E[Z | x, m̄]: expected mean spend per transaction of a customer with x repeat purchases of mean
 * m̄ (note 025 eq. 5). x = 0 gives the population mean p·v/(q − 1), and NaN when q ≤ 1 (the mean
 * does not exist: use `expectedSpendPerPurchase` with the first purchase instead).
 * @example conditionalExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, 2, 22.35) // ≈ 24.65
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  if (x <= 0 && params.q <= 1) return NaN;
  return expectedSpendPerPurchase(params, x, meanSpend, NaN).spend;
}
