/**
 * A model-based alternative for mixed customer data: a latent-class model (finite mixture) with
 * diagonal Gaussians on the continuous columns and categorical components on everything else
 * (Vermunt & Magidson's "latent class cluster" model; Hunt & Jorgensen 2003 for mixed data),
 * fitted by EM, k chosen by BIC (Schwarz 1978; Fraley & Raftery 2002).
 *
 * Why the categorical part takes more than the one-hot blocks: a Gaussian density on a column
 * that is a spike (0/1 flags, a survey answer filled with one value for the 60% who did not
 * answer, a Likert scale with five values, an amount that is 0 for a third of the customers) can
 * grow without bound as a component's variance shrinks onto the spike, so BIC keeps rewarding
 * more components (a diagonal Gaussian mixture on the hostile benchmark data chose k = 10 every
 * time). So:
 *   - one-hot blocks (`col=level`) are one categorical variable (the level is the hot column);
 *   - 0/1 flags and ordinal columns are categorical over their observed values;
 *   - a numeric column whose most frequent value holds >= 10% of the rows (a spike, typically
 *     missing-by-design or zero) is categorical: the spike, then quintiles of the other values;
 *   - the other numeric columns are Gaussian on their scaled values (variance floored at 1e-3).
 * Categorical probabilities carry one pseudo-count per level (a Dirichlet(1) prior), so an empty
 * level never gives a log of 0.
 *
 * EM runs on a seeded sample (at most 5,000 rows by default), started from k-means labels on the
 * scaled features; every row then gets its most probable class. Deterministic for a seed; never
 * mutates its inputs.
 */
import type { ColumnKind } from '../features/mixed';
import { createRng, deriveSeed, sampleIndices, type Rng } from '../random/rng';
import { runTasks } from '../parallel/pool';
import { fitKMeans } from './kmeans';

/** Share of rows on one value that makes a numeric column a spike (moved to the categorical part). */
export const SPIKE_SHARE = 0.1;
const VAR_FLOOR = 1e-3;

/** One k of the BIC scan. */
export interface LatentClassFit {
  k: number;
  logLikelihood: number;
  /** Free parameters: (k - 1) + k × (2 × Gaussian columns + Σ (levels - 1)). */
  parameters: number;
  /** -2 logL + parameters × ln(rows fitted); lower is better. */
  bic: number;
  iterations: number;
  converged: boolean;
  /** Smallest class share (by most probable class) on the fitted rows. */
  minShare: number;
}

/** The scan over k and the BIC-chosen model's classes for every row. */
export interface LatentClassResult {
  /** The k with the lowest BIC. */
  k: number;
  /** Most probable class of every row (0-based, 0 = largest). */
  labels: number[];
  scan: LatentClassFit[];
  /** Columns modelled as Gaussian. */
  gaussian: string[];
  /** Variables modelled as categorical, with their number of levels. */
  categorical: { name: string; levels: number; why: 'one-hot' | 'binary' | 'ordinal' | 'spike' }[];
  /** Rows EM ran on. */
  fitRows: number;
}

interface Encoding {
  gaussian: number[];
  categorical: { name: string; levels: number; why: 'one-hot' | 'binary' | 'ordinal' | 'spike'; code: (row: number) => number }[];
}

const levelsOf = (values: readonly number[]): number[] => [...new Set(values.map((v) => Math.round(v * 1e6) / 1e6))].sort((a, b) => a - b);

/** Which columns are Gaussian and how each categorical variable is coded, decided on the fit rows. */
function encode(names: readonly string[], raw: readonly (readonly number[])[], kinds: readonly ColumnKind[], fitRows: readonly number[]): Encoding {
  const gaussian: number[] = [];
  const categorical: Encoding['categorical'] = [];
  const blocks = new Map<string, number[]>();
  names.forEach((name, j) => {
    const kind = kinds[j];
    if (kind === 'categorical') {
      const prefix = name.includes('=') ? name.slice(0, name.indexOf('=')) : name;
      blocks.set(prefix, [...(blocks.get(prefix) ?? []), j]);
      return;
    }
    const column = fitRows.map((r) => raw[r][j]);
    const levels = levelsOf(column);
    if (kind === 'binary' || (kind === 'ordinal' && levels.length <= 12)) {
      const index = new Map(levels.map((v, i) => [v, i]));
      const nearest = (v: number): number => index.get(Math.round(v * 1e6) / 1e6) ?? levels.reduce((best, l, i) => (Math.abs(l - v) < Math.abs(levels[best] - v) ? i : best), 0);
      categorical.push({ name, levels: levels.length, why: kind === 'binary' ? 'binary' : 'ordinal', code: (row) => nearest(raw[row][j]) });
      return;
    }
    const counts = new Map<number, number>();
    for (const v of column) counts.set(v, (counts.get(v) ?? 0) + 1);
    let mode = column[0];
    for (const [v, c] of counts) if (c > (counts.get(mode) ?? 0)) mode = v;
    if ((counts.get(mode) ?? 0) >= SPIKE_SHARE * column.length) {
      const rest = column.filter((v) => v !== mode).sort((a, b) => a - b);
      const cuts = rest.length === 0 ? [] : [0.2, 0.4, 0.6, 0.8].map((q) => rest[Math.floor(q * (rest.length - 1))]);
      const distinctCuts = [...new Set(cuts)];
      categorical.push({
        name,
        levels: distinctCuts.length + 2,
        why: 'spike',
        code: (row) => {
          const v = raw[row][j];
          if (v === mode) return 0;
          let bin = 0;
          while (bin < distinctCuts.length && v > distinctCuts[bin]) bin++;
          return bin + 1;
        },
      });
      return;
    }
    gaussian.push(j);
  });
  for (const [prefix, columns] of blocks) {
    categorical.push({
      name: prefix,
      levels: columns.length + 1,
      why: 'one-hot',
      code: (row) => {
        let best = columns.length; // none hot: its own level
        let bestValue = 0;
        columns.forEach((j, i) => {
          if (raw[row][j] > bestValue) {
            bestValue = raw[row][j];
            best = i;
          }
        });
        return best;
      },
    });
  }
  return { gaussian, categorical };
}

/** Fitted latent-class parameters at one k. */
export interface Params {
  logWeights: number[];
  means: number[][];
  variances: number[][];
  logProbs: number[][][];
}

/**
 * The sampled rows of one EM run as flat buffers: Gaussian values (m x g) and categorical codes
 * (m x levels.length), row-major. The arithmetic below is the nested-array version's, term by
 * term and in the same order, so the fits are the same to the bit (issue 15: about 2x faster).
 */
interface Flat {
  m: number;
  g: number;
  x: Float64Array;
  codes: Int32Array;
  levels: readonly number[];
}

function flatten(x: readonly (readonly number[])[], codes: readonly (readonly number[])[], levels: readonly number[]): Flat {
  const m = x.length;
  const g = x[0]?.length ?? 0;
  const v = levels.length;
  const fx = new Float64Array(m * g);
  const fc = new Int32Array(m * v);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < g; j++) fx[i * g + j] = x[i][j];
    for (let u = 0; u < v; u++) fc[i * v + u] = codes[i][u];
  }
  return { m, g, x: fx, codes: fc, levels };
}

/** M step from responsibilities `resp` (m x k, row-major). */
function mStep(resp: Float64Array, data: Flat, k: number): Params {
  const { m: n, g, x, codes, levels } = data;
  const nv = levels.length;
  const mass = new Array<number>(k).fill(0);
  const sums = new Float64Array(k * g);
  const squares = new Float64Array(k * g);
  // Level counts of every class and variable, flat: counts[c][u][level] at c * width + offset[u] + level, starting at 1.
  const offset = new Array<number>(nv);
  let width = 0;
  for (let u = 0; u < nv; u++) {
    offset[u] = width;
    width += levels[u];
  }
  const counts = new Float64Array(k * width).fill(1);
  for (let i = 0; i < n; i++) {
    const rowX = i * g;
    const rowC = i * nv;
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c];
      if (r < 1e-12) continue;
      mass[c] += r;
      const at = c * g;
      for (let j = 0; j < g; j++) {
        const xv = x[rowX + j];
        sums[at + j] += r * xv;
        squares[at + j] += r * xv * xv;
      }
      const base = c * width;
      for (let u = 0; u < nv; u++) counts[base + offset[u] + codes[rowC + u]] += r;
    }
  }
  const means = Array.from({ length: k }, (_, c) => Array.from({ length: g }, (_, j) => sums[c * g + j] / Math.max(mass[c], 1e-12)));
  const variances = Array.from({ length: k }, (_, c) => Array.from({ length: g }, (_, j) => Math.max(VAR_FLOOR, squares[c * g + j] / Math.max(mass[c], 1e-12) - means[c][j] ** 2)));
  const logProbs = Array.from({ length: k }, (_, c) =>
    levels.map((l, u) => {
      const start = c * width + offset[u];
      let total = 0;
      for (let level = 0; level < l; level++) total += counts[start + level];
      return Array.from({ length: l }, (_, level) => Math.log(counts[start + level] / total));
    }),
  );
  const logWeights = mass.map((mm) => Math.log(Math.max(mm, 1e-12) / n));
  return { logWeights, means, variances, logProbs };
}

/**
 * log(2 pi v) of every class's variance of every Gaussian column, the same for every row: computed
 * once per set of parameters, not once per row (issue 15; the same values, so the same result).
 */
function logNormalisers(p: Params): number[][] {
  return p.variances.map((row) => row.map((v) => Math.log(2 * Math.PI * v)));
}

/** Log joint density of one row under each class (`logNorm`: logNormalisers(p)). */
function logJoint(p: Params, xi: readonly number[], ci: readonly number[], k: number, logNorm: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(k);
  for (let c = 0; c < k; c++) {
    let s = p.logWeights[c];
    for (let j = 0; j < xi.length; j++) {
      const v = p.variances[c][j];
      s -= 0.5 * (logNorm[c][j] + (xi[j] - p.means[c][j]) ** 2 / v);
    }
    for (let v = 0; v < ci.length; v++) s += p.logProbs[c][v][ci[v]];
    out[c] = s;
  }
  return out;
}

/** Math.max over out[0..k) (NaN if any is NaN), as Math.max(...out) gives it. */
function maxOf(values: Float64Array | number[], from: number, k: number): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    const v = values[from + c];
    if (Number.isNaN(v)) return Number.NaN;
    if (v > max || (v === 0 && max === 0 && Object.is(max, -0))) max = v;
  }
  return max;
}

/** E step: responsibilities (m x k, row-major) and the log-likelihood, with logJoint's arithmetic on the flat rows. */
function eStep(p: Params, data: Flat, k: number): { resp: Float64Array; logLikelihood: number } {
  const { m, g, x, codes, levels } = data;
  const nv = levels.length;
  const logNorm = logNormalisers(p);
  const resp = new Float64Array(m * k);
  const lj = new Float64Array(k);
  let ll = 0;
  for (let i = 0; i < m; i++) {
    const rowX = i * g;
    const rowC = i * nv;
    for (let c = 0; c < k; c++) {
      let s = p.logWeights[c];
      const mean = p.means[c];
      const variance = p.variances[c];
      const norm = logNorm[c];
      for (let j = 0; j < g; j++) {
        const v = variance[j];
        s -= 0.5 * (norm[j] + (x[rowX + j] - mean[j]) ** 2 / v);
      }
      const probs = p.logProbs[c];
      for (let u = 0; u < nv; u++) s += probs[u][codes[rowC + u]];
      lj[c] = s;
    }
    const max = maxOf(lj, 0, k);
    let total = 0;
    const at = i * k;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(lj[c] - max);
      resp[at + c] = e;
      total += e;
    }
    ll += max + Math.log(total);
    for (let c = 0; c < k; c++) resp[at + c] = resp[at + c] / total;
  }
  return { resp, logLikelihood: ll };
}

/** One k of the latent-class scan, for a worker thread (lib/parallel/pool.ts). */
export interface LatentClassTask {
  module: 'cluster/latent-class';
  fn: 'latentClassAtK';
  k: number;
  /** The model's base seed: the k-means start draws from the stream `latent-class start k=<k>`. */
  base: number;
  /** Scaled features of the sampled rows (the k-means start). */
  start: readonly (readonly number[])[];
  /** Gaussian columns and categorical codes of the sampled rows. */
  x: number[][];
  codes: number[][];
  levels: number[];
  gaussianCount: number;
  maxIterations: number;
  tolerance: number;
}

/** EM at one k from its k-means start: the scan's row and the fitted parameters. */
export function latentClassAtK(task: LatentClassTask): { fit: LatentClassFit; params: Params } {
  const { k, levels, maxIterations, tolerance } = task;
  const data = flatten(task.x, task.codes, levels);
  const m = data.m;
  const start = fitKMeans(task.start, k, { restarts: 3, maxIterations: 100 }, createRng(deriveSeed(task.base, `latent-class start k=${k}`)));
  let resp: Float64Array = new Float64Array(m * k);
  start.labels.forEach((l, i) => (resp[i * k + l] = 1));
  let p = mStep(resp, data, k);
  let ll = -Infinity;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    const e = eStep(p, data, k);
    resp = e.resp;
    p = mStep(resp, data, k);
    if (e.logLikelihood - ll < tolerance * m) {
      ll = e.logLikelihood;
      converged = true;
      break;
    }
    ll = e.logLikelihood;
  }
  const parameters = k - 1 + k * (2 * task.gaussianCount + levels.reduce((s, l) => s + l - 1, 0));
  const hard = Array.from({ length: m }, (_, i) => {
    const row = resp.subarray(i * k, i * k + k);
    return row.indexOf(maxOf(row, 0, k));
  });
  const sizes = new Array<number>(k).fill(0);
  for (const l of hard) sizes[l] += 1;
  return { fit: { k, logLikelihood: ll, parameters, bic: -2 * ll + parameters * Math.log(m), iterations: iterations + 1, converged, minShare: Math.min(...sizes) / m }, params: p };
}

/**
 * Fits the latent-class model for k = kMin..kMax on a seeded sample, chooses k by BIC and labels
 * every row. `scaled` supplies the Gaussian columns' values and the k-means start; `raw` and
 * `kinds` decide the categorical coding.
 * @example latentClassModel(f.names, f.raw, f.scaled, f.kinds, 2, 10, createRng(42)).k
 */
export function latentClassModel(
  names: readonly string[],
  raw: readonly (readonly number[])[],
  scaled: readonly (readonly number[])[],
  kinds: readonly ColumnKind[],
  kMin: number,
  kMax: number,
  rng: Rng,
  opts: { maxFitRows?: number; maxIterations?: number; tolerance?: number; threads?: number } = {},
): LatentClassResult {
  const n = raw.length;
  const base = rng.int(0x100000000);
  const fitRows = sampleIndices(n, Math.min(n, opts.maxFitRows ?? 5000), createRng(deriveSeed(base, 'latent-class sample')));
  const enc = encode(names, raw, kinds, fitRows);
  const levels = enc.categorical.map((v) => v.levels);
  const xOf = (row: number): number[] => enc.gaussian.map((j) => scaled[row][j]);
  const codesOf = (row: number): number[] => enc.categorical.map((v) => v.code(row));
  const x = fitRows.map(xOf);
  const codes = fitRows.map(codesOf);
  const m = fitRows.length;
  const maxIterations = opts.maxIterations ?? 200;
  const tolerance = opts.tolerance ?? 1e-5;
  const ks: number[] = [];
  for (let k = kMin; k <= Math.min(kMax, m); k++) ks.push(k);
  // Each k is its own EM from its own k-means start (a stream named by k): the k run on worker
  // threads with opts.threads > 1 and come back in k order, the same fits as in a loop.
  const start = fitRows.map((r) => scaled[r]);
  const gaussianCount = enc.gaussian.length;
  const tasks: LatentClassTask[] = ks.map((k) => ({ module: 'cluster/latent-class', fn: 'latentClassAtK', k, base, start, x, codes, levels, gaussianCount, maxIterations, tolerance }));
  const fits = runTasks(tasks, opts.threads ?? 1, latentClassAtK);
  const scan = fits.map((f) => f.fit);
  const params = fits.map((f) => f.params);
  const best = scan.reduce((a, b) => (b.bic < a.bic ? b : a));
  const p = params[scan.indexOf(best)];
  const logNorm = logNormalisers(p);
  const labels = raw.map((_, row) => {
    const lj = logJoint(p, xOf(row), codesOf(row), best.k, logNorm);
    return lj.indexOf(Math.max(...lj));
  });
  const sizes = new Array<number>(best.k).fill(0);
  for (const l of labels) sizes[l] += 1;
  const order = sizes.map((_, c) => c).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const newOf = new Array<number>(best.k);
  order.forEach((old, i) => (newOf[old] = i));
  return {
    k: best.k,
    labels: labels.map((l) => newOf[l]),
    scan,
    gaussian: enc.gaussian.map((j) => names[j]),
    categorical: enc.categorical.map(({ name, levels: l, why }) => ({ name, levels: l, why })),
    fitRows: m,
  };
}
