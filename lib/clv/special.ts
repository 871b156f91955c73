/**
 * Special functions for the buy-till-you-die likelihoods: log-gamma (Lanczos), log-beta and the
 * Gauss hypergeometric function 2F1 on [0, 1). Pure numeric code, no dependencies.
 */

/** Lanczos coefficients for g = 7, n = 9 (Godfrey's set; about 15 significant digits). */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural log of |Γ(x)| (Lanczos approximation, reflection below 0.5). Infinity at 0 and the
 * negative integers.
 * @example lgamma(10) // 12.801827480081469 = log(9!)
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
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
