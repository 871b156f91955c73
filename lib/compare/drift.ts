/**
 * Drift statistics between a reference ("before") and a current ("after") sample:
 *
 * - PSI, the population stability index: sum over bins of (current - reference) * ln(current /
 *   reference), shares in 0..1. Conventions (Siddiqi, Credit Risk Scorecards, 2006; also
 *   Evidently and NannyML): below 0.1 stable, 0.1 to 0.25 "warn" (a moderate shift), from 0.25
 *   "alert" (a major shift). An empty bin has share 0 and ln 0 is undefined, so every share is
 *   floored at PSI_EPSILON (1e-4, i.e. 0.01%) before the sum; a bin empty on both sides then adds 0.
 * - Per-feature PSI on fixed reference-quantile bins: the cut points are the reference's deciles
 *   (duplicates dropped, so a feature with many ties has fewer bins); both samples are binned with
 *   the same cuts (x <= cut goes left).
 * - Jensen–Shannon divergence of the same binned shares (base 2: 0 identical, 1 disjoint), and the
 *   Wasserstein-1 (earth mover's) distance of the raw values (in the feature's units; for
 *   standardised features, in reference standard deviations).
 */
import { quantileSorted } from '../stats/quantile';

/** Share floor for PSI (see the module comment). */
export const PSI_EPSILON = 1e-4;
/** PSI from which a shift is worth a look. */
export const PSI_WARN = 0.1;
/** PSI from which a shift is major. */
export const PSI_ALERT = 0.25;
/** Quantile bins of per-feature PSI. */
export const FEATURE_BINS = 10;

export type DriftLevel = 'stable' | 'warn' | 'alert';

/** The level of a PSI value: stable below 0.1, warn below 0.25, alert from 0.25. */
export function psiLevel(psi: number): DriftLevel {
  return psi >= PSI_ALERT ? 'alert' : psi >= PSI_WARN ? 'warn' : 'stable';
}

/** Shares of counts (all zero when the total is 0). */
export function sharesOf(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/** PSI with its per-bin terms. */
export interface PsiResult {
  psi: number;
  level: DriftLevel;
  /** (current - reference) * ln(current / reference) of each bin, floored shares; they sum to psi. */
  terms: number[];
}

/**
 * PSI of two share vectors of equal length (each summing to 1), shares floored at `epsilon`.
 * @example populationStabilityIndex([0.5, 0.5], [0.25, 0.75]).psi // 0.25*ln(2) + 0.25*ln(1.5) ≈ 0.2747
 */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[], epsilon = PSI_EPSILON): PsiResult {
  if (reference.length !== current.length) throw new RangeError(`populationStabilityIndex: ${reference.length} reference bins but ${current.length} current bins`);
  const terms = reference.map((r, i) => {
    const p = Math.max(r, epsilon);
    const q = Math.max(current[i], epsilon);
    return (q - p) * Math.log(q / p);
  });
  const psi = terms.reduce((a, b) => a + b, 0);
  return { psi, level: psiLevel(psi), terms };
}

/**
 * Jensen–Shannon divergence (base 2, 0..1) of two share vectors.
 * @example jensenShannon([1, 0], [0, 1]) // 1
 */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) js += 0.5 * p[i] * Math.log2(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * Math.log2(q[i] / m);
  }
  return Math.max(0, js);
}

/**
 * Wasserstein-1 distance between two empirical distributions: the area between their CDFs.
 * O((n + m) log(n + m)). NaN when either sample is empty.
 * @example wasserstein1([0, 1], [1, 2]) // 1
 */
export function wasserstein1(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return NaN;
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let previous = Math.min(x[0], y[0]);
  let area = 0;
  while (i < x.length || j < y.length) {
    const next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    area += Math.abs(i / x.length - j / y.length) * (next - previous);
    previous = next;
    while (i < x.length && x[i] === next) i++;
    while (j < y.length && y[j] === next) j++;
  }
  return area;
}

/** Linear-interpolation quantile (type 7): seglab's one definition, lib/stats/quantile.ts. */
export { quantileSorted };

/**
 * Cut points at the reference's quantiles 1/bins .. (bins-1)/bins, duplicates removed.
 * @example quantileCuts([1, 2, 3, 4], 2) // [2.5]
 */
export function quantileCuts(reference: readonly number[], bins = FEATURE_BINS): number[] {
  const sorted = Float64Array.from(reference).sort();
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const q = quantileSorted(sorted, b / bins);
    if (Number.isFinite(q) && (cuts.length === 0 || q > cuts[cuts.length - 1])) cuts.push(q);
  }
  return cuts;
}

/** Counts of values per bin of `cuts` (cuts.length + 1 bins; x <= cut goes to the left bin). */
export function binCounts(values: readonly number[], cuts: readonly number[]): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (const x of values) {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x <= cuts[mid]) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] += 1;
  }
  return counts;
}

/** Drift of one numeric variable. */
export interface DistributionDrift {
  /** PSI on the reference-quantile bins. */
  psi: number;
  level: DriftLevel;
  jensenShannon: number;
  wasserstein: number;
  /** Bin edges (inner cut points) and the binned shares on each side. */
  cuts: number[];
  referenceShares: number[];
  currentShares: number[];
  referenceMean: number;
  currentMean: number;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * PSI (reference-quantile bins), Jensen–Shannon and Wasserstein-1 of one variable.
 * @example distributionDrift(before, after).level // 'stable'
 */
export function distributionDrift(reference: readonly number[], current: readonly number[], bins = FEATURE_BINS): DistributionDrift {
  const cuts = quantileCuts(reference, bins);
  const referenceShares = sharesOf(binCounts(reference, cuts));
  const currentShares = sharesOf(binCounts(current, cuts));
  const { psi, level } = populationStabilityIndex(referenceShares, currentShares);
  return {
    psi,
    level,
    jensenShannon: jensenShannon(referenceShares, currentShares),
    wasserstein: wasserstein1(reference, current),
    cuts,
    referenceShares,
    currentShares,
    referenceMean: mean(reference),
    currentMean: mean(current),
  };
}
