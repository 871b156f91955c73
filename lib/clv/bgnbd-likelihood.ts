/**
 * The BG/NBD likelihood in "natural" parameters, where the model's limits are ordinary points:
 *
 *   λ = r/α        mean purchase rate per time unit (while alive)
 *   ω = 1/r        squared coefficient of variation of the purchase rate (0: every customer buys at λ)
 *   π = a/(a+b)    mean dropout probability after a purchase
 *   ε = 1/(a+b)    dropout heterogeneity (0: every customer drops out with probability π)
 *
 * Paper eq. 6 rewritten: with B1 = B(a, b+x)/B(a, b) = Π_{j<x} (1−π+jε)/(1+jε),
 * B2 = B(a+1, b+x−1)/B(a, b) = π/(1+(x−1)ε) · Π_{j<x−1} (1−π+jε)/(1+jε) and
 * R(τ) = Γ(r+x)/Γ(r) · α^r/(α+τ)^(r+x) = Π_{j<x} λ(1+jω)/(1+λτω) · exp(−log(1+λτω)/ω),
 *
 *   L = B1 · R(T) + δ(x>0) · B2 · R(t_x).
 *
 * No term needs Γ of a huge argument, and ω = 0 or ε = 0 give the limits (Poisson purchasing,
 * a common dropout probability) exactly.
 */
import type { BgNbdParams } from './types';

export interface NaturalBgNbd {
  lambda: number;
  omega: number;
  pi: number;
  epsilon: number;
}

export interface PooledRow {
  x: number;
  tx: number;
  T: number;
  weight: number;
}

/** r, α, a, b → λ, ω, π, ε. */
export function naturalParams(p: BgNbdParams): NaturalBgNbd {
  return { lambda: p.r / p.alpha, omega: 1 / p.r, pi: p.a / (p.a + p.b), epsilon: 1 / (p.a + p.b) };
}

/**
 * Optimiser coordinates → natural parameters: λ = e^θ0, ω = θ1², π = θ2²/(1+θ2²), ε = θ3².
 * Squares put the limits ω = 0, π = 0, ε = 0 in the interior of the search space (a maximum there
 * is a smooth minimum of −LL in θ), so Nelder–Mead converges to them instead of drifting.
 */
export function toNatural(theta: readonly number[]): NaturalBgNbd {
  const s = theta[2] * theta[2];
  return { lambda: Math.exp(theta[0]), omega: theta[1] * theta[1], pi: s / (1 + s), epsilon: theta[3] * theta[3] };
}

/** Inverse of `toNatural` (non-negative roots). */
export function fromNatural(p: NaturalBgNbd): number[] {
  return [Math.log(p.lambda), Math.sqrt(p.omega), Math.sqrt(p.pi / (1 - p.pi)), Math.sqrt(p.epsilon)];
}

/** log R(τ) given log λ and the cumulative Σ_{j<x} log(1+jω); log((1+yω)^(1/ω)) → y as ω → 0. */
function logRate(p: NaturalBgNbd, logLambda: number, x: number, tau: number, sumLogRate: number): number {
  const y = p.lambda * tau;
  const u = y * p.omega;
  const log1pU = Math.log1p(u);
  return x * (logLambda - log1pU) + sumLogRate - (u === 0 ? y : (y * log1pU) / u);
}

/** Cumulative sums for j < x, x = 0..maxX: Σ log(1+jω) and Σ log((1−π+jε)/(1+jε)). */
function cumulativeTerms(p: NaturalBgNbd, maxX: number): { rate: Float64Array; dropout: Float64Array } {
  const rate = new Float64Array(maxX + 1);
  const dropout = new Float64Array(maxX + 1);
  const log1mPi = Math.log1p(-p.pi);
  for (let j = 0; j < maxX; j++) {
    rate[j + 1] = rate[j] + Math.log1p(j * p.omega);
    // (1−π+jε)/(1+jε) = 1 − π/(1+jε)
    dropout[j + 1] = dropout[j] + (j === 0 ? log1mPi : Math.log1p(-p.pi / (1 + j * p.epsilon)));
  }
  return { rate, dropout };
}

function rowLogLikelihood(p: NaturalBgNbd, x: number, tx: number, T: number, terms: { rate: Float64Array; dropout: Float64Array }): number {
  const logLambda = Math.log(p.lambda);
  const first = terms.dropout[x] + logRate(p, logLambda, x, T, terms.rate[x]);
  if (x === 0) return first;
  const second = Math.log(p.pi) - Math.log1p((x - 1) * p.epsilon) + terms.dropout[x - 1] + logRate(p, logLambda, x, tx, terms.rate[x]);
  const m = Math.max(first, second);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(Math.exp(first - m) + Math.exp(second - m));
}

/** Log-likelihood of one customer in natural parameters. */
export function bgnbdRowLogLikelihood(p: NaturalBgNbd, x: number, tx: number, T: number): number {
  return rowLogLikelihood(p, x, tx, T, cumulativeTerms(p, x));
}

/** Weighted log-likelihood of pooled rows; the cumulative terms are computed once. */
export function pooledBgNbdLogLikelihood(p: NaturalBgNbd, rows: readonly PooledRow[]): number {
  let maxX = 0;
  for (const row of rows) if (row.x > maxX) maxX = row.x;
  const terms = cumulativeTerms(p, maxX);
  let ll = 0;
  for (const row of rows) ll += row.weight * rowLogLikelihood(p, row.x, row.tx, row.T, terms);
  return ll;
}
