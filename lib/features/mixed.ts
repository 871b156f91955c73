/**
 * Mixed-type scaling: numeric, 0/1, one-hot categorical, ordinal (Likert) and missing-by-design
 * columns put on one footing, so that no column type dominates the distances by construction.
 * The fit is plain JSON stored in the ordinary ScalerFit (mean = centre, sd = divisor, plus
 * clip bounds) and the extra log1p names, so `applyScaler` / `seglab score` reproduce it exactly.
 *
 * The rule, per column (or block of one-hot columns), fitted on the rows where the value was
 * observed (not filled in by the cleaning stage):
 *  1. Skew: a numeric column with at least 10 distinct values, no negative value and a quantile
 *     skewness (q95 + q05 - 2 q50) / (q95 - q05) above 0.3 is log1p-transformed (a heavy right tail).
 *  2. Extreme values: in a numeric column with at least 10 distinct values, a value more than
 *     5 spreads from the median is clipped to that fence, the spread being the larger of the robust
 *     one (IQR / 1.349, else 1.4826 MAD) and the standard deviation (so a zero-inflated column keeps
 *     its tail, while one extreme value among n barely moves the spread it is measured against). Clipped values are counted; the most extreme are named with their row.
 *  3. Numeric and ordinal columns: centred on the mean and divided by the standard deviation of
 *     the clipped, observed values (variance 1 among them: the weight of one feature). Rows filled in
 *     by the cleaning stage all share one value (the median), so they add no distance among themselves.
 *  4. One-hot blocks (the indicator columns of one categorical): centred on the level shares and
 *     every column divided by d = max(sqrt(V), 1/sqrt(2)), V = sum of p(1 - p) over the block. The
 *     whole block then has variance at most 1 (Gower's principle: a categorical weighs as much as
 *     one numeric feature, however many levels it has), and two customers in different levels are
 *     at most 2 standard deviations apart.
 *  5. 0/1 flags (a column with the two values 0 and 1 only): the same rule as a two-level block,
 *     d = max(sqrt(p(1 - p)), 1/2): variance at most 1 and the two values at most 2 apart, so a
 *     rare flag cannot pull a small segment out on its own.
 */
import { signedLog1p, type ScalerFit } from './scale';
import { sortFloat64 } from './radix-sort';

/** Robust standard deviations from the median beyond which a value is clipped. */
export const EXTREME_FENCE = 5;
/** Quantile skewness above which a non-negative numeric column is log1p-transformed. */
export const SKEW_THRESHOLD = 0.3;
/** Distinct values a column needs to be treated as continuous (skew and extreme-value rules). */
export const MIN_CONTINUOUS_DISTINCT = 10;
/** Extreme values named one by one in the warning. */
const NAMED_EXTREMES = 5;

/** What kind of column each feature is, as the scaler treated it. */
export type ColumnKind = 'numeric' | 'ordinal' | 'binary' | 'categorical';

/** One clipped value, named for the report (row = 1-based position among the segmented customers). */
export interface ExtremeValue {
  column: string;
  row: number;
  customerId: string;
  value: number;
  /** Robust standard deviations from the median (after log1p when the column is logged). */
  robustZ: number;
  clippedTo: number;
}

/** The fitted mixed-type scaling. */
export interface MixedFit {
  scaler: ScalerFit;
  /** Columns log1p-transformed because of their skew (rule 1), in addition to the configured ones. */
  autoLog: string[];
  kinds: ColumnKind[];
  /** Values clipped per column (rule 2). */
  clipped: Record<string, number>;
  /** The most extreme clipped values, largest robust z first. */
  extremes: ExtremeValue[];
}

const quantile = (sorted: ArrayLike<number>, q: number): number => {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
};

/** Robust spread: IQR / 1.349, else 1.4826 x MAD, else the standard deviation. */
function robustScale(sorted: Float64Array, median: number): number {
  const iqr = (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 1.349;
  if (iqr > 0) return iqr;
  const mad = 1.4826 * quantile(sorted.map((v) => Math.abs(v - median)).sort(), 0.5);
  if (mad > 0) return mad;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, sorted.length));
}

/**
 * Fits the mixed-type scaling on `matrix` (rows = customers, after the configured log1p).
 * @param blocks one-hot blocks: the feature names of each categorical's indicator columns
 * @param observed per feature name, false for rows whose value was filled in by the cleaning stage (default: all observed)
 * @param customerIds ids as written to outputs, to name extreme values
 * @example fitMixedScaler(logged, names, [['region=N', 'region=S']], {}, ids).scaler
 */
export function fitMixedScaler(
  matrix: readonly (readonly number[])[],
  names: readonly string[],
  blocks: readonly (readonly string[])[],
  observed: Readonly<Record<string, readonly boolean[]>>,
  customerIds: readonly string[],
  alreadyLogged: readonly string[] = [],
): MixedFit {
  const columns = names.map((_, j) => Float64Array.from(matrix, (row) => row[j]));
  return fitMixedScalerColumns(columns, names, blocks, observed, customerIds, alreadyLogged);
}

/** Sum of `values` from 0, in order (the same double as `reduce((a, b) => a + b, 0)`). */
function sumOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/**
 * fitMixedScaler on the feature columns (one typed array per feature, rows = customers): the same
 * fit, bit for bit, without a row-major matrix or per-column copies (issue 15: features stage).
 * @example fitMixedScalerColumns([Float64Array.of(1, 2, 30)], ['x'], [], {}, ['a', 'b', 'c']).scaler.mean
 */
export function fitMixedScalerColumns(
  columns: readonly Float64Array[],
  names: readonly string[],
  blocks: readonly (readonly string[])[],
  observed: Readonly<Record<string, readonly boolean[]>>,
  customerIds: readonly string[],
  alreadyLogged: readonly string[] = [],
): MixedFit {
  const d = names.length;
  const blockOf = new Map<string, number>();
  blocks.forEach((b, i) => b.forEach((name) => blockOf.set(name, i)));
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(1);
  const clip: ([number, number] | null)[] = new Array(d).fill(null);
  const kinds: ColumnKind[] = new Array(d).fill('numeric');
  const autoLog: string[] = [];
  const clipped: Record<string, number> = {};
  const extremes: ExtremeValue[] = [];
  const blockVariance = blocks.map(() => 0);

  for (let j = 0; j < d; j++) {
    const name = names[j];
    const obs = observed[name];
    const column = columns[j];
    const present = obs ? column.filter((_, i) => obs[i]) : column;
    if (blockOf.has(name)) {
      kinds[j] = 'categorical';
      const p = sumOf(present) / Math.max(1, present.length);
      mean[j] = p;
      blockVariance[blockOf.get(name) as number] += p * (1 - p);
      continue;
    }
    // Sorted once in a typed array (numeric order, no comparator calls: issue 15); the distinct
    // count is read off the sorted values (-0 and 0 are one value, as in a Set).
    const typed = sortFloat64(obs ? present : present.slice());
    let distinctCount = 0;
    let onlyZeroOne = true;
    for (let i = 0; i < typed.length; i++) {
      const v = typed[i];
      if (i === 0 || !(v === typed[i - 1] || (v !== v && typed[i - 1] !== typed[i - 1]))) distinctCount++;
      if (v !== 0 && v !== 1) onlyZeroOne = false;
    }
    if (distinctCount <= 2 && onlyZeroOne) {
      kinds[j] = 'binary';
      const p = sumOf(present) / Math.max(1, present.length);
      mean[j] = p;
      sd[j] = Math.max(Math.sqrt(p * (1 - p)), 0.5);
      continue;
    }
    const continuous = distinctCount >= MIN_CONTINUOUS_DISTINCT;
    if (!continuous) kinds[j] = 'ordinal';
    let sorted = typed;
    let logged = false;
    if (continuous && !alreadyLogged.includes(name) && sorted[0] >= 0) {
      const q05 = quantile(sorted, 0.05);
      const q50 = quantile(sorted, 0.5);
      const q95 = quantile(sorted, 0.95);
      if (q95 > q05 && (q95 + q05 - 2 * q50) / (q95 - q05) > SKEW_THRESHOLD) {
        autoLog.push(name);
        logged = true;
        sorted = sorted.map(signedLog1p);
      }
    }
    const median = quantile(sorted, 0.5);
    let lo = -Infinity;
    let hi = Infinity;
    if (continuous) {
      // The larger of the robust and the plain spread: a single extreme value barely moves the sd
      // of n values in log space, while a zero-inflated or multimodal column (category shares)
      // keeps its real tail.
      const mean0 = sumOf(sorted) / Math.max(1, sorted.length);
      let ss0 = 0;
      for (let i = 0; i < sorted.length; i++) ss0 += (sorted[i] - mean0) ** 2;
      const sd0 = Math.sqrt(ss0 / Math.max(1, sorted.length));
      const s = Math.max(robustScale(sorted, median), sd0);
      lo = median - EXTREME_FENCE * s;
      hi = median + EXTREME_FENCE * s;
      // Whole-number columns (years, counts) are clipped to whole numbers inside the fences: the
      // same values are clipped, and a birth year 1893 becomes 1904, not the impossible 1903.3.
      if (!logged && typed.every((v) => Number.isInteger(v))) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
      clip[j] = [lo, hi];
      let count = 0;
      const wasLogged = alreadyLogged.includes(name);
      for (let i = 0; i < column.length; i++) {
        const m = column[i];
        const v = logged ? signedLog1p(m) : m;
        if (v < lo || v > hi) {
          count++;
          // The value as the customer has it: a column logged by features.log1p before this stage is
          // turned back (12 significant digits drop the round trip's last-bit noise).
          const raw = wasLogged ? Number((Math.sign(m) * Math.expm1(Math.abs(m))).toPrecision(12)) : m;
          extremes.push({ column: name, row: i + 1, customerId: customerIds[i] ?? String(i + 1), value: raw, robustZ: (v - median) / s, clippedTo: v < lo ? lo : hi });
        }
      }
      if (count) clipped[name] = count;
    }
    let km = 0;
    for (let i = 0; i < sorted.length; i++) km += Math.min(hi, Math.max(lo, sorted[i]));
    const m = km / Math.max(1, sorted.length);
    let kss = 0;
    for (let i = 0; i < sorted.length; i++) kss += (Math.min(hi, Math.max(lo, sorted[i])) - m) ** 2;
    const spread = Math.sqrt(kss / Math.max(1, sorted.length));
    mean[j] = m;
    sd[j] = spread > 0 ? spread : 1;
  }
  for (let j = 0; j < d; j++) {
    const b = blockOf.get(names[j]);
    if (b !== undefined) sd[j] = Math.max(Math.sqrt(blockVariance[b]), Math.SQRT1_2);
  }
  extremes.sort((a, b) => Math.abs(b.robustZ) - Math.abs(a.robustZ));
  return {
    scaler: { features: names.slice(), mean, sd, clip },
    autoLog,
    kinds,
    clipped,
    extremes: extremes.slice(0, NAMED_EXTREMES),
  };
}

/**
 * Values of `logged` (after every log1p of the transform) outside the saved clip bounds, per
 * feature: the same ledger lines for a fit and for an apply.
 */
export function countClipped(logged: readonly (readonly number[])[], scaler: ScalerFit): Record<string, number> {
  const out: Record<string, number> = {};
  scaler.clip?.forEach((bounds, j) => {
    if (!bounds) return;
    let count = 0;
    for (const row of logged) if (row[j] < bounds[0] || row[j] > bounds[1]) count++;
    if (count) out[scaler.features[j]] = count;
  });
  return out;
}

/** The ledger line of clipped values in a column. */
export const clippedReason = (column: string, logged: boolean): string =>
  `${column}: extreme value clipped (more than ${EXTREME_FENCE} spreads from the median${logged ? ', after log1p' : ''})`;
