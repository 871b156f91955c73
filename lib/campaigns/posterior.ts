/** Seeded draws from Gamma and Beta distributions (Marsaglia & Tsang 2000), for Beta posteriors. */
import type { Rng } from '../random/rng';

/**
 * One Gamma(shape, 1) draw. Shape < 1 uses the boost Gamma(shape + 1) · U^(1/shape).
 * @example sampleGamma(2.5, createRng(1))
 */
export function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.next();
    return sampleGamma(shape + 1, rng) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
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
