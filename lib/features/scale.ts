/** A fitted standardiser: plain data, saved with the model so new customers get the same scaling. */
export interface ScalerFit {
  features: string[];
  /** Per-feature mean of the fitted data. */
  mean: number[];
  /** Per-feature population standard deviation of the fitted data (never 0: constant columns are rejected before). */
  sd: number[];
  /** Per-feature [low, high] bounds applied before centring (extreme values clipped; lib/features/mixed.ts); null or absent: none. */
  clip?: ([number, number] | null)[];
}

/**
 * Fit a standardiser (z = (x - mean) / sd) on the columns of `matrix` (rows = customers).
 * @example fitScaler([[1, 10], [3, 30]], ['a', 'b']) // { mean: [2, 20], sd: [1, 10] }
 */
export function fitScaler(matrix: readonly (readonly number[])[], features: readonly string[]): ScalerFit {
  const n = matrix.length;
  const d = features.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const row of matrix) for (let j = 0; j < d; j++) mean[j] += row[j] / n;
  for (const row of matrix) for (let j = 0; j < d; j++) sd[j] += (row[j] - mean[j]) ** 2 / n;
  return { features: features.slice(), mean, sd: sd.map((v) => Math.sqrt(v)) };
}

/** Apply a fitted standardiser; returns a new matrix. */
export function applyScaler(matrix: readonly (readonly number[])[], fit: ScalerFit): number[][] {
  const clip = fit.clip;
  const bounded = (x: number, j: number): number => {
    const c = clip?.[j];
    return c ? Math.min(c[1], Math.max(c[0], x)) : x;
  };
  return matrix.map((row) => row.map((x, j) => (fit.sd[j] > 0 ? (bounded(x, j) - fit.mean[j]) / fit.sd[j] : 0)));
}

/** Signed log1p: sign(x) * ln(1 + |x|), for heavy-tailed values that may be negative (net spend). */
export function signedLog1p(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}
