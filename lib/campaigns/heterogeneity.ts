/**
 * Does a campaign's uplift differ between segments at all? Before recommending different
 * campaigns for different segments, each treatment arm's per-segment conversion uplifts (against
 * the segment's control) are tested for heterogeneity with Cochran's Q, the standard test of a
 * meta-analysis: Q = Σ w_s (d_s − d̄)², w_s = 1 / Var(d_s), d̄ the inverse-variance weighted mean,
 * Var(d_s) = p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c; under "same uplift everywhere" Q ~ χ²(m − 1).
 * (Equivalent, for large samples, to the Wald test of the segment × treatment interaction.)
 */
import { lgamma } from '../clv/special';
import type { ArmMetrics, HeterogeneityTest } from './types';

export type { HeterogeneityTest } from './types';

/** Regularised lower incomplete gamma P(a, x) (series for x < a + 1, continued fraction otherwise). */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const logPrefix = -x + a * Math.log(x) - lgamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  // Lentz's continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

/** Upper tail of the chi-square distribution, P(χ²(df) >= x). */
export function chiSquareSurvival(x: number, df: number): number {
  return 1 - regularizedGammaP(df / 2, x / 2);
}

/**
 * Cochran's Q per treatment arm over the segments' cells (the rows of `CampaignsResult.cells`).
 * Segments where an arm has a zero variance on both sides (no conversions at all) get a variance
 * floor of one conversion, so they count but cannot dominate.
 * @example upliftHeterogeneity(result.cells)[0].pValue // 0.56
 */
export function upliftHeterogeneity(cells: readonly ArmMetrics[]): HeterogeneityTest[] {
  const arms = [...new Set(cells.filter((c) => c.versusControl !== null).map((c) => c.arm))].sort();
  return arms.map((arm) => {
    const rows = cells
      .filter((c) => c.arm === arm && c.versusControl !== null)
      .map((t) => {
        const control = cells.find((c) => c.segment === t.segment && c.isControl) as ArmMetrics;
        const variance = (p: number, n: number): number => Math.max(p * (1 - p), 1 / n) / n;
        return { segment: t.segment, d: t.conversionRate - control.conversionRate, v: variance(t.conversionRate, t.exposures) + variance(control.conversionRate, control.exposures) };
      })
      .filter((r) => Number.isFinite(r.v) && r.v > 0);
    const wSum = rows.reduce((a, r) => a + 1 / r.v, 0);
    const pooled = wSum > 0 ? rows.reduce((a, r) => a + r.d / r.v, 0) / wSum : 0;
    const q = rows.reduce((a, r) => a + (r.d - pooled) ** 2 / r.v, 0);
    const df = rows.length - 1;
    return {
      arm,
      segments: rows.map((r) => r.segment),
      pooledUplift: pooled,
      q,
      df,
      pValue: df >= 1 ? chiSquareSurvival(q, df) : null,
      iSquared: q > 0 ? Math.max(0, (q - df) / q) : 0,
    };
  });
}
