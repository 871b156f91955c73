/**
 * Seeded buy-till-you-die customers for the optimiser comparisons (issue 15): purchase rates
 * Gamma(r, scale 1/α) or one common rate, dropout probabilities Beta(a, b), one common
 * probability or none, observation lengths of 10 to 100 weeks, times on a day grid (in weeks);
 * and spends for Gamma-Gamma with or without within-customer spread.
 */
import { createRng, type Rng } from '../../lib/random/rng';
import { gammaDraw } from '../../lib/random/gamma';

export interface BtydShape {
  /** A common purchase rate per week, or the Gamma(r, α) mixture. */
  rate: { lambda: number } | { r: number; alpha: number };
  /** A common dropout probability (0: no dropout), or the Beta(a, b) mixture. */
  dropout: { pi: number } | { a: number; b: number };
}

export function simulateBtyd(seed: number, customers: number, shape: BtydShape): { frequency: number[]; recency: number[]; T: number[] } {
  const rng = createRng(seed);
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  for (let i = 0; i < customers; i++) {
    const days = 70 + rng.int(631);
    const lambda = 'lambda' in shape.rate ? shape.rate.lambda : gammaDraw(rng, shape.rate.r, 1 / shape.rate.alpha);
    const pi = 'pi' in shape.dropout ? shape.dropout.pi : beta(rng, shape.dropout.a, shape.dropout.b);
    let t = 0;
    let x = 0;
    let lastDay = 0;
    for (;;) {
      t += -Math.log(1 - rng.next()) / lambda;
      const day = Math.round(t * 7);
      if (day > days) break;
      x++;
      lastDay = day;
      if (rng.next() < pi) break;
    }
    frequency.push(x);
    recency.push(lastDay / 7);
    T.push(days / 7);
  }
  return { frequency, recency, T };
}

function beta(rng: Rng, a: number, b: number): number {
  const g = gammaDraw(rng, a, 1);
  return g / (g + gammaDraw(rng, b, 1));
}

/** Repeat buyers' counts (1..12) and mean spends: per-customer mean spend from Gamma(q, v)-distributed ν, and `p` the within-customer shape (Infinity: always the same spend). */
export function simulateSpend(seed: number, customers: number, p: number, q: number, v: number): { frequency: number[]; monetary: number[] } {
  const rng = createRng(seed);
  const frequency: number[] = [];
  const monetary: number[] = [];
  for (let i = 0; i < customers; i++) {
    const x = 1 + rng.int(12);
    const nu = gammaDraw(rng, q, 1 / v);
    let total = 0;
    for (let k = 0; k < x; k++) total += p === Infinity ? 1 / nu : gammaDraw(rng, p, 1 / nu);
    frequency.push(x);
    monetary.push(total / x);
  }
  return { frequency, monetary };
}
