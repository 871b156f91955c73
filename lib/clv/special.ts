/**
 * Special functions for the buy-till-you-die likelihoods: log-gamma (Lanczos), log-beta and the
 * Gauss hypergeometric function 2F1 on [0, 1).
 */
import { ss } from '../stats/simple-statistics';

/**
 * Natural log of |Γ(x)|: simple-statistics' `gammaln` (Lanczos, about 15 significant digits) for
 * x >= 1, Γ(x + 1) / x below 1, and the reflection formula below 0 (where gammaln returns Infinity). Infinity at 0 and the
 * negative integers.
 * @example lgamma(10) // 12.80182748008147 = log(9!)
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
  if (x < 0) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  // gammaln loses digits near 0 (2.7e-10 relative at 1e-8, where BG/NBD's boundary fits live);
  // Γ(x) = Γ(x + 1) / x keeps them.
  if (x < 1) return ss.gammaln(x + 1) - Math.log(x);
  return ss.gammaln(x);
}

/**
 * log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b).
 * @example logBeta(1, 1) // 0
 */
export function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** Result of `hyp2f1` when the series did not converge within the term budget. */
export class Hyp2f1NotConverged extends Error {}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for 0 <= z < 1
 * (the range the BG/NBD expectations need: z = t / (α + T + t)). Converges geometrically at
 * rate z; up to `maxTerms` terms (default 1,000,000), stopping when a term is below 1e-16 of the sum.
 * @example hyp2f1(1, 1, 2, 0.5) // 2·ln 2 = 1.3862943611198906
 */
export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = 1_000_000): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z = ${z} is outside [0, 1)`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c = ${c} is a non-positive integer`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum) && n > 2) return sum;
    if (term === 0) return sum;
  }
  throw new Hyp2f1NotConverged(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}

/**
 * The digamma function ψ(x) = d/dx log Γ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to
 * x >= 10, then the asymptotic series (Abramowitz & Stegun 6.3.18) to x^−12, below 1e-15 relative there.
 * Used by the Gamma-Gamma gradient (issue 15).
 * @example digamma(1) // −0.5772156649015329 (minus the Euler–Mascheroni constant)
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const z = 1 / (x * x);
  const series = z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z / 12))))));
  return shift + Math.log(x) - 0.5 / x - series;
}
