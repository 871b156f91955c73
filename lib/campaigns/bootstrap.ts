/**
 * Seeded percentile bootstrap of a campaign's ROI against its control.
 *
 * Campaign outcomes are zero-inflated (most customers spend nothing), so resampling n rows is done
 * exactly but cheaply: the most common (value, cost) row is one category, and the number of
 * draws that land elsewhere is Binomial(n, q), drawn by geometric waiting times in O(n·q); only
 * those draws pick a row. This has the same distribution as drawing n row indices.
 */
import type { Rng } from '../random/rng';
import { quantileSorted } from '../stats/quantile';
import type { Interval } from './intervals';

/** Treatment and control rows of one segment × arm comparison. */
export interface RoiSample {
  treatmentValue: readonly number[];
  treatmentCost: readonly number[];
  controlValue: readonly number[];
  margin: number;
}

/**
 * ROI = (margin × (mean value_t − mean value_c) × n_t − Σ cost_t) / Σ cost_t.
 * Null when the treatment cost nothing.
 * @example roi({ treatmentValue: [2, 0], treatmentCost: [0.5, 0.5], controlValue: [0, 0], margin: 1 }) // 1
 */
export function roi(sample: RoiSample): number | null {
  const n = sample.treatmentValue.length;
  const cost = sum(sample.treatmentCost);
  if (cost === 0 || n === 0 || sample.controlValue.length === 0) return null;
  const incremental = (sum(sample.treatmentValue) / n - sum(sample.controlValue) / sample.controlValue.length) * n;
  return (sample.margin * incremental - cost) / cost;
}

/**
 * Percentile interval of the ROI over `resamples` bootstrap samples, resampling treatment rows
 * (value and cost together) and control rows separately. Deterministic for a given `rng` seed.
 * @example roiInterval(sample, 1000, createRng(7)) // [low, high]
 */
export function roiInterval(sample: RoiSample, resamples: number, rng: Rng, confidence = 0.95): Interval | null {
  if (roi(sample) === null) return null;
  const nt = sample.treatmentValue.length;
  const nc = sample.controlValue.length;
  const treatment = resampler([sample.treatmentValue, sample.treatmentCost]);
  const control = resampler([sample.controlValue]);
  const draws = new Array<number>(resamples);
  for (let b = 0; b < resamples; b++) {
    const [value, cost] = treatment(rng);
    const [controlValue] = control(rng);
    const incremental = value - (controlValue / nc) * nt;
    // A resample with no cost at all has no ROI; count it as the worst case rather than drop it.
    draws[b] = cost === 0 ? -Infinity : (sample.margin * incremental - cost) / cost;
  }
  const tail = (1 - confidence) / 2;
  draws.sort((x, y) => x - y);
  return [quantileSorted(draws, tail), quantileSorted(draws, 1 - tail)];
}

/**
 * A function returning the column sums of one bootstrap resample (n rows drawn with replacement)
 * of the given parallel columns.
 */
export function resampler(columns: readonly (readonly number[])[]): (rng: Rng) => number[] {
  const n = columns[0].length;
  const width = columns.length;
  const keyOf = (i: number): string => columns.map((c) => c[i]).join('|');
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) counts.set(keyOf(i), (counts.get(keyOf(i)) ?? 0) + 1);
  let commonKey = '';
  let commonCount = 0;
  for (const [k, c] of counts) if (c > commonCount) [commonKey, commonCount] = [k, c];
  const others: number[] = [];
  let commonRow = -1;
  for (let i = 0; i < n; i++) {
    if (keyOf(i) !== commonKey) others.push(i);
    else if (commonRow < 0) commonRow = i;
  }
  const q = others.length / n;
  if (q > 0.5 || n === 0) {
    return (rng) => {
      const sums = new Array<number>(width).fill(0);
      for (let k = 0; k < n; k++) {
        const i = rng.int(n);
        for (let c = 0; c < width; c++) sums[c] += columns[c][i];
      }
      return sums;
    };
  }
  const common = columns.map((c) => c[commonRow]);
  const logMiss = Math.log(1 - q);
  return (rng) => {
    // Draws landing outside the common category: Binomial(n, q) by geometric waiting times.
    let landed = 0;
    if (q > 0) {
      let position = 0;
      for (;;) {
        let u = rng.next();
        while (u === 0) u = rng.next();
        position += Math.floor(Math.log(u) / logMiss) + 1;
        if (position > n) break;
        landed++;
      }
    }
    const sums = common.map((v) => v * (n - landed));
    for (let k = 0; k < landed; k++) {
      const i = others[rng.int(others.length)];
      for (let c = 0; c < width; c++) sums[c] += columns[c][i];
    }
    return sums;
  };
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
