/** Seeded draws from Gamma and Beta distributions (Marsaglia & Tsang 2000), for Beta posteriors. */
import type { Rng } from '../random/rng';
import { gammaDraw } from '../random/gamma';

/**
 * One Gamma(shape, 1) draw (lib/random/gamma.ts).
 * @example sampleGamma(2.5, createRng(1))
 */
export function sampleGamma(shape: number, rng: Rng): number {
  return gammaDraw(rng, shape, 1);
}

/**
 * One Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 * @example sampleBeta(1 + conversions, 1 + exposures - conversions, rng)
 */
export function sampleBeta(a: number, b: number, rng: Rng): number {
  const x = sampleGamma(a, rng);
  const y = sampleGamma(b, rng);
  return x / (x + y);
}
