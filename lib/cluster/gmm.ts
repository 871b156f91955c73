/**
 * Gaussian mixture with diagonal covariances, fitted by expectation–maximisation (Dempster, Laird
 * & Rubin 1977; the same model as scikit-learn's `GaussianMixture(covariance_type='diag')`).
 *
 *   seeded k-means++ centres -> hard nearest-centre assignment -> M-step   (initial parameters)
 *   repeat: E-step (log-sum-exp responsibilities) -> M-step, until the mean log-likelihood per row
 *   rises by less than `tolerance`
 *
 * Unlike k-means it gives every customer a soft membership (a probability per segment) and lets
 * segments differ in spread per feature. Restarts keep the highest log-likelihood. On large n the
 * EM runs on a seeded sample (`maxFitRows`) and every row then gets its E-step membership.
 * Never mutates its input.
 */
import { fail, msg } from '../errors/messages';
import { checkPoints } from '../evaluate/points';
import { sampleIndices, type Rng } from '../random/rng';
import { kmeansPlusPlus } from './init';

const STAGE = 'cluster';
const LOG_2PI = Math.log(2 * Math.PI);

/** How hard `fitGmm` tries. */
export interface GmmOptions {
  /** Independent k-means++ starts; the highest log-likelihood wins. Integer >= 1 (config cluster.restarts, default 5). */
  restarts: number;
  /** EM iterations per start. Integer >= 1 (config cluster.maxIterations, default 300). */
  maxIterations: number;
  /** Stop when the mean log-likelihood per row rises by less than this (nats). Default 1e-3, as scikit-learn. */
  tolerance?: number;
  /** Added to every variance, in squared feature units, so no component collapses onto one point. Default 1e-6, as scikit-learn's reg_covar. */
  regCovar?: number;
  /** Run EM on a seeded sample of at most this many rows, then compute every row's membership. Default: all rows. */
  maxFitRows?: number;
}

/** The fitted mixture as plain data: enough to score new rows (`gmmMembership`). */
export interface GmmModel {
  /** Mixing proportions, summing to 1. */
  weights: number[];
  /** Component means, `means[c][j]`, in the points' units. */
  means: number[][];
  /** Per-feature variances of each component (diagonal covariance), squared units, >= regCovar. */
  variances: number[][];
}

/** A Gaussian-mixture fit: the model, hard labels, soft membership and model-selection numbers. */
export interface GmmFit extends GmmModel {
  k: number;
  /** Most probable component per row (ties to the lower index). */
  labels: number[];
  /** P(component c | row i), `membership[i][c]`; each row sums to 1. */
  membership: number[][];
  /** Total log-likelihood of all rows under the model (nats). */
  logLikelihood: number;
  /** Bayesian information criterion on all rows: -2 logL + p ln n, p = 2kd + k - 1 (lower is better). */
  bic: number;
  /** EM iterations of the winning start. */
  iterations: number;
  /** False when the winning start stopped at maxIterations. */
  converged: boolean;
  /** Rows per label (a 0 marks a component that won no row). */
  clusterSizes: number[];
  /** Log-likelihood of every start on the rows EM ran on, in the order they ran. */
  restartLogLikelihood: number[];
  /** Rows EM ran on (n, or the sample size). */
  fitRows: number;
  /** Degraded-but-valid outcomes (a component that lost all its rows and was re-seeded...). */
  warnings: string[];
}

/** Points as one row-major Float64Array. */
function flatten(points: readonly (readonly number[])[], dim: number): Float64Array {
  const flat = new Float64Array(points.length * dim);
  points.forEach((row, i) => flat.set(row, i * dim));
  return flat;
}

/**
 * E-step: fills `resp` (n x k, row-major) with responsibilities and returns the total
 * log-likelihood. Log-densities are combined with log-sum-exp, so far-away rows do not underflow.
 */
function expectation(flat: Float64Array, n: number, dim: number, model: GmmModel, resp: Float64Array): number {
  const k = model.weights.length;
  const constants = new Float64Array(k);
  const precisions = new Float64Array(k * dim);
  const means = new Float64Array(k * dim);
  for (let c = 0; c < k; c++) {
    let logDet = 0;
    for (let j = 0; j < dim; j++) {
      logDet += Math.log(model.variances[c][j]);
      precisions[c * dim + j] = 1 / model.variances[c][j];
      means[c * dim + j] = model.means[c][j];
    }
    constants[c] = Math.log(model.weights[c]) - 0.5 * (dim * LOG_2PI + logDet);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * dim;
    let best = -Infinity;
    for (let c = 0; c < k; c++) {
      let quad = 0;
      for (let j = 0; j < dim; j++) {
        const diff = flat[offset + j] - means[c * dim + j];
        quad += diff * diff * precisions[c * dim + j];
      }
      const logDensity = constants[c] - 0.5 * quad;
      resp[i * k + c] = logDensity;
      if (logDensity > best) best = logDensity;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(resp[i * k + c] - best);
    const logNorm = best + Math.log(sum);
    for (let c = 0; c < k; c++) resp[i * k + c] = Math.exp(resp[i * k + c] - logNorm);
    total += logNorm;
  }
  return total;
}

/**
 * M-step from responsibilities. A component whose total responsibility is (numerically) zero
 * keeps its previous parameters with a tiny weight, and the caller warns.
 */
function maximisation(
  flat: Float64Array,
  n: number,
  dim: number,
  k: number,
  resp: Float64Array,
  regCovar: number,
  previous: GmmModel,
): { model: GmmModel; starved: number[] } {
  const mass = new Float64Array(k);
  const sums = new Float64Array(k * dim);
  const squares = new Float64Array(k * dim);
  for (let i = 0; i < n; i++) {
    const offset = i * dim;
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c];
      if (r === 0) continue;
      mass[c] += r;
      for (let j = 0; j < dim; j++) {
        const x = flat[offset + j];
        sums[c * dim + j] += r * x;
        squares[c * dim + j] += r * x * x;
      }
    }
  }
  const starved: number[] = [];
  // scikit-learn's guard: 10 machine epsilons of mass count as "no rows".
  const minMass = 10 * Number.EPSILON * n;
  const weights: number[] = [];
  const means: number[][] = [];
  const variances: number[][] = [];
  for (let c = 0; c < k; c++) {
    if (mass[c] <= minMass) {
      starved.push(c);
      weights.push(minMass / n);
      means.push(previous.means[c].slice());
      variances.push(previous.variances[c].slice());
      continue;
    }
    weights.push(mass[c] / n);
    const mean = Array.from({ length: dim }, (_, j) => sums[c * dim + j] / mass[c]);
    means.push(mean);
    variances.push(mean.map((m, j) => Math.max(squares[c * dim + j] / mass[c] - m * m, 0) + regCovar));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return { model: { weights: weights.map((w) => w / total), means, variances }, starved };
}

/** Initial parameters: each row to its nearest k-means++ centre, then one M-step on those hard labels. */
function initialModel(
  points: readonly (readonly number[])[],
  flat: Float64Array,
  dim: number,
  k: number,
  regCovar: number,
  rng: Rng,
): GmmModel {
  const n = points.length;
  const centres = kmeansPlusPlus(points, k, rng);
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let distance = 0;
      for (let j = 0; j < dim; j++) distance += (flat[i * dim + j] - centres[c][j]) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    resp[i * k + best] = 1;
  }
  // Pooled variance as the fallback for a centre that wins no row (all rows coincide).
  const pooled = Array.from({ length: dim }, (_, j) => {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      sum += flat[i * dim + j];
      sq += flat[i * dim + j] ** 2;
    }
    return Math.max(sq / n - (sum / n) ** 2, 0) + regCovar;
  });
  const fallback: GmmModel = { weights: new Array<number>(k).fill(1 / k), means: centres, variances: centres.map(() => pooled.slice()) };
  return maximisation(flat, n, dim, k, resp, regCovar, fallback).model;
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(STAGE, msg.badClusterOption('gmm', name, value, `an integer in ${min}..${max}`));
  }
}

function checkPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) fail(STAGE, msg.badClusterOption('gmm', name, value, 'a finite number > 0'));
}

/** Responsibilities as rows, labels as their argmax, and sizes. */
function membershipRows(resp: Float64Array, n: number, k: number): { membership: number[][]; labels: number[]; clusterSizes: number[] } {
  const membership: number[][] = new Array(n);
  const labels = new Array<number>(n);
  const clusterSizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const row = Array.from(resp.subarray(i * k, (i + 1) * k));
    let best = 0;
    for (let c = 1; c < k; c++) if (row[c] > row[best]) best = c;
    membership[i] = row;
    labels[i] = best;
    clusterSizes[best] += 1;
  }
  return { membership, labels, clusterSizes };
}

/**
 * Bayesian information criterion of a diagonal-covariance mixture: -2 logL + p ln n with
 * p = k·d means + k·d variances + (k - 1) weights. Lower is better.
 * @example gmmBic(-8.448, 4, 2, 1) // 16.897 + 5 ln 4 = 23.828
 */
export function gmmBic(logLikelihood: number, n: number, k: number, dim: number): number {
  const parameters = 2 * k * dim + k - 1;
  return -2 * logLikelihood + parameters * Math.log(n);
}

/**
 * Soft membership of rows under a fitted mixture (the E-step), with hard labels and the total
 * log-likelihood. Use it to score new customers in the same (scaled) feature space.
 * @example gmmMembership([[0.5]], fit).membership[0] // e.g. [1, 0]
 */
export function gmmMembership(
  points: readonly (readonly number[])[],
  model: GmmModel,
): { membership: number[][]; labels: number[]; logLikelihood: number } {
  const dim = checkPoints(points, STAGE, 'gmmMembership');
  if (model.means[0]?.length !== dim) fail(STAGE, msg.dimensionMismatch('gmmMembership', dim, model.means[0]?.length ?? 0));
  const k = model.weights.length;
  const resp = new Float64Array(points.length * k);
  const logLikelihood = expectation(flatten(points, dim), points.length, dim, model, resp);
  const { membership, labels } = membershipRows(resp, points.length, k);
  return { membership, labels, logLikelihood };
}

/**
 * Fits a k-component Gaussian mixture with diagonal covariances by EM. Each of `opts.restarts`
 * starts draws k-means++ centres from `rng`; the start with the highest log-likelihood wins
 * (the first on ties). With `opts.maxFitRows` < n, EM runs on a seeded sample of that many rows
 * and the returned membership, labels, log-likelihood and BIC cover every row.
 * Throws a SeglabError when n < k, an option is out of range, or the points are ragged / not finite.
 * @example fitGmm([[0], [2], [10], [12]], 2, { restarts: 2, maxIterations: 100 }, createRng(1)).means // [[1], [11]] in some order
 */
export function fitGmm(points: readonly (readonly number[])[], k: number, opts: GmmOptions, rng: Rng): GmmFit {
  const dim = checkPoints(points, STAGE, 'fitGmm');
  const n = points.length;
  if (Number.isInteger(k) && k > n) fail(STAGE, msg.kTooLarge(n, k));
  checkInteger('k', k, 1, n);
  checkInteger('restarts', opts.restarts, 1, 10_000);
  checkInteger('maxIterations', opts.maxIterations, 1, 1_000_000);
  const tolerance = opts.tolerance ?? 1e-3;
  const regCovar = opts.regCovar ?? 1e-6;
  checkPositive('tolerance', tolerance);
  checkPositive('regCovar', regCovar);
  if (opts.maxFitRows !== undefined) checkInteger('maxFitRows', opts.maxFitRows, Math.max(k, 2), Number.MAX_SAFE_INTEGER);

  const sampled = opts.maxFitRows !== undefined && n > opts.maxFitRows;
  const fitPoints = sampled ? sampleIndices(n, opts.maxFitRows as number, rng).map((row) => points[row]) : points;
  const m = fitPoints.length;
  const flat = flatten(fitPoints, dim);
  const resp = new Float64Array(m * k);
  const warnings: string[] = [];
  const restartLogLikelihood: number[] = [];
  let best: { model: GmmModel; logLikelihood: number; iterations: number; converged: boolean; starved: Set<number> } | null = null;

  for (let restart = 0; restart < opts.restarts; restart++) {
    let model = initialModel(fitPoints, flat, dim, k, regCovar, rng);
    let previous = -Infinity;
    let logLikelihood = -Infinity;
    let iterations = 0;
    let converged = false;
    const starved = new Set<number>();
    while (iterations < opts.maxIterations) {
      logLikelihood = expectation(flat, m, dim, model, resp);
      iterations += 1;
      if (Math.abs(logLikelihood - previous) / m < tolerance) {
        converged = true;
        break;
      }
      previous = logLikelihood;
      const step = maximisation(flat, m, dim, k, resp, regCovar, model);
      step.starved.forEach((c) => starved.add(c));
      model = step.model;
    }
    // When EM stopped on the iteration cap, the last M-step's model has not been scored yet.
    if (!converged) logLikelihood = expectation(flat, m, dim, model, resp);
    restartLogLikelihood.push(logLikelihood);
    if (best === null || logLikelihood > best.logLikelihood) best = { model, logLikelihood, iterations, converged, starved };
  }
  const winner = best as NonNullable<typeof best>;
  for (const c of winner.starved) warnings.push(msg.gmmComponentStarved(k, c));
  if (!winner.converged) warnings.push(msg.gmmNotConverged(k, opts.maxIterations));

  const allFlat = sampled ? flatten(points, dim) : flat;
  const allResp = sampled ? new Float64Array(n * k) : resp;
  const logLikelihood = expectation(allFlat, n, dim, winner.model, allResp);
  const { membership, labels, clusterSizes } = membershipRows(allResp, n, k);
  return {
    k,
    weights: winner.model.weights,
    means: winner.model.means,
    variances: winner.model.variances,
    labels,
    membership,
    logLikelihood,
    bic: gmmBic(logLikelihood, n, k, dim),
    iterations: winner.iterations,
    converged: winner.converged,
    clusterSizes,
    restartLogLikelihood,
    fitRows: m,
    warnings,
  };
}
