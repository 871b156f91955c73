import type { Rng } from './rng';

/**
 * One Gamma(shape, scale) draw (Marsaglia & Tsang 2000, with their squeeze; shape < 1 boosted
 * by Gamma(shape + 1) · U^(1/shape)). Used by the data generator and the Beta posteriors, so the
 * order in which it consumes `rng` is part of seeded results: change it and pinned outputs move.
 * @example gammaDraw(createRng(1), 2.5, 1)
 */
export function gammaDraw(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gammaDraw(rng, shape + 1, scale) * Math.pow(1 - rng.next(), 1 / shape);
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
    const u = 1 - rng.next();
    // The squeeze accepts a subset of what the log test accepts, so it only saves the logarithms.
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}
