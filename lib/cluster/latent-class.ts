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

function mStep(resp: readonly (readonly number[])[], x: readonly (readonly number[])[], codes: readonly (readonly number[])[], levels: readonly number[], k: number): Params {
  const n = resp.length;
  const g = x[0]?.length ?? 0;
  const mass = new Array<number>(k).fill(0);
  const sums = Array.from({ length: k }, () => new Array<number>(g).fill(0));
  const squares = Array.from({ length: k }, () => new Array<number>(g).fill(0));
  const counts = Array.from({ length: k }, () => levels.map((l) => new Array<number>(l).fill(1)));
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i][c];
      if (r < 1e-12) continue;
      mass[c] += r;
      for (let j = 0; j < g; j++) {
        sums[c][j] += r * x[i][j];
        squares[c][j] += r * x[i][j] * x[i][j];
      }
      for (let v = 0; v < levels.length; v++) counts[c][v][codes[i][v]] += r;
    }
  }
  const means = sums.map((s, c) => s.map((v) => v / Math.max(mass[c], 1e-12)));
  const variances = squares.map((s, c) => s.map((v, j) => Math.max(VAR_FLOOR, v / Math.max(mass[c], 1e-12) - means[c][j] ** 2)));
  const logProbs = counts.map((perVar) => perVar.map((cs) => {
    const total = cs.reduce((a, b) => a + b, 0);
    return cs.map((v) => Math.log(v / total));
  }));
  const logWeights = mass.map((m) => Math.log(Math.max(m, 1e-12) / n));
  return { logWeights, means, variances, logProbs };
}

/** Log joint density of one row under each class. */
function logJoint(p: Params, xi: readonly number[], ci: readonly number[], k: number): number[] {
  const out = new Array<number>(k);
  for (let c = 0; c < k; c++) {
    let s = p.logWeights[c];
    for (let j = 0; j < xi.length; j++) {
      const v = p.variances[c][j];
      s -= 0.5 * (Math.log(2 * Math.PI * v) + (xi[j] - p.means[c][j]) ** 2 / v);
    }
    for (let v = 0; v < ci.length; v++) s += p.logProbs[c][v][ci[v]];
    out[c] = s;
  }
  return out;
}

function eStep(p: Params, x: readonly (readonly number[])[], codes: readonly (readonly number[])[], k: number): { resp: number[][]; logLikelihood: number } {
  let ll = 0;
  const resp = x.map((xi, i) => {
    const lj = logJoint(p, xi, codes[i], k);
    const max = Math.max(...lj);
    const e = lj.map((v) => Math.exp(v - max));
    const total = e.reduce((a, b) => a + b, 0);
    ll += max + Math.log(total);
    return e.map((v) => v / total);
  });
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
  const { k, x, codes, levels, maxIterations, tolerance } = task;
  const m = x.length;
  const start = fitKMeans(task.start, k, { restarts: 3, maxIterations: 100 }, createRng(deriveSeed(task.base, `latent-class start k=${k}`)));
  let resp: number[][] = start.labels.map((l) => Array.from({ length: k }, (_, c) => (c === l ? 1 : 0)));
  let p = mStep(resp, x, codes, levels, k);
  let ll = -Infinity;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    const e = eStep(p, x, codes, k);
    resp = e.resp;
    p = mStep(resp, x, codes, levels, k);
    if (e.logLikelihood - ll < tolerance * m) {
      ll = e.logLikelihood;
      converged = true;
      break;
    }
    ll = e.logLikelihood;
  }
  const parameters = k - 1 + k * (2 * task.gaussianCount + levels.reduce((s, l) => s + l - 1, 0));
  const hard = resp.map((r) => r.indexOf(Math.max(...r)));
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
  const labels = raw.map((_, row) => {
    const lj = logJoint(p, xOf(row), codesOf(row), best.k);
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
