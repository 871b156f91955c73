/**
 * k-means on a point set: Lloyd's algorithm with ml-kmeans 7's exact arithmetic on one row-major
 * Float64Array (lloyd.ts; issue 15), started from seglab's own seeded k-means++ centres (init.ts),
 * with restarts that keep the lowest inertia; and the matching `assignToCentroids` to score new rows.
 *
 * The points are copied once per fit into a buffer (the sample only, with maxFitRows), and every
 * restart, seeding and the final assignment read that buffer: results are bit-identical to the
 * earlier ml-kmeans calls (test/cluster/lloyd.test.ts), at a fraction of the time and memory.
 * The input is never written (checked by the frozen-input tests).
 */
import { fail, msg } from '../errors/messages';
import { checkPoints } from '../evaluate/points';
import { sampleIndices, type Rng } from '../random/rng';
import { kmeansPlusPlusRows } from './init';
import { assignRows, lloyd, toRowMatrix, type RowMatrix } from './lloyd';
import { runTasks, sharedMatrix } from '../parallel/pool';

const STAGE = 'cluster';

/** How hard `fitKMeans` tries. */
export interface KMeansOptions {
  /** Independent k-means++ starts; the lowest inertia wins. Integer >= 1 (config default 5). */
  restarts: number;
  /** Lloyd iterations per start. Integer >= 1 (config default 300). */
  maxIterations: number;
  /** Convergence: every centroid moved less than this squared distance. Default 1e-6. */
  tolerance?: number;
  /**
   * Sample-then-assign for large n: when n is larger, every restart runs on one seeded sample of
   * this many rows (drawn from the rng before the restarts), the start with the lowest sample
   * inertia wins, and then every row is assigned to its nearest centroid. Integer >= k.
   * Default: all rows (config cluster.maxFitRows, default 50,000).
   */
  maxFitRows?: number;
  /**
   * Threads for the restarts (config cluster.workers; default 1 = in-process). The k-means++
   * seeds are drawn first, in restart order, from `rng`; the Lloyd runs then go to worker threads
   * and the winner is picked in restart order, so the fit is bit-identical for any value.
   */
  workers?: number;
  /**
   * Restarts on a subsample (config cluster.startSample): when the rows the restarts would run on
   * (n, or the maxFitRows sample) are more than this, one seeded subsample of this many of them is
   * drawn from the rng first; every restart's k-means++ seeding and Lloyd run on it, the start with
   * the lowest subsample inertia wins, and Lloyd then refines that winner on all the fit rows.
   * Integer >= k. Default: no subsample (every restart on all fit rows).
   */
  startSample?: number;
}

/** Below this many rows × restarts, the restarts run in-process (a batch costs a few milliseconds). */
const PARALLEL_MIN_WORK = 100_000;

/** One restart for a worker: Lloyd from the given k-means++ centres. */
export interface RestartTask {
  module: 'cluster/kmeans';
  fn: 'runRestart';
  points: RowMatrix;
  initial: Float64Array;
  k: number;
  maxIterations: number;
  tolerance: number;
}

/** What one restart gives back (labels are recomputed for the winner only). */
export interface RestartResult {
  centroids: number[][];
  inertia: number;
  iterations: number;
  converged: boolean;
}

/** Runs one restart: Lloyd, then the nearest-centroid inertia of its centroids. */
export function runRestart(task: RestartTask): RestartResult {
  const { points, initial, k } = task;
  const run = lloyd(points, initial, k, task.maxIterations, task.tolerance);
  const centroids = new Array<number[]>(k);
  for (let c = 0; c < k; c++) centroids[c] = Array.from(run.centres.subarray(c * points.dim, (c + 1) * points.dim));
  const { inertia } = assign(points, centroids);
  return { centroids, inertia, iterations: run.iterations, converged: run.converged };
}

/** One k-means fit: the best of its restarts. */
export interface KMeansFit {
  k: number;
  /** Index of the nearest centroid for every point (ties go to the lower index). */
  labels: number[];
  /** k centroids in the points' space; `centroids[c]` belongs to label c. */
  centroids: number[][];
  /** Sum of squared Euclidean distances of points to their centroid. */
  inertia: number;
  /** Lloyd iterations of the winning restart (of its refinement on every fit row, with `startSample`). */
  iterations: number;
  /** False when the winning restart stopped at maxIterations. */
  converged: boolean;
  /** Points per label; a 0 marks an empty cluster (its centroid is then a stale position). */
  clusterSizes: number[];
  /** Inertia of every restart, in the order they ran (on the sample when `fitRows` < n; on the subsample with `startSample`). */
  restartInertia: number[];
  /** Rows the fit ran on: n, or the sample size with `maxFitRows`. */
  fitRows?: number;
  /** Rows of the subsample the restarts ran on, when `startSample` drew one (the winner was then refined on `fitRows`). */
  startSample?: number;
}

/** Nearest-centroid labels and the resulting inertia, on already checked inputs. */
function assign(points: RowMatrix, centroids: readonly (readonly number[])[]): { labels: number[]; inertia: number } {
  const k = centroids.length;
  const centres = toRowMatrix(centroids).data;
  const labels = new Array<number>(points.rows);
  const inertia = assignRows(points, centres, k, labels);
  return { labels, inertia };
}

/**
 * `assign` on the rows as they are (no row-major copy of every row: at 1M x 19 that copy is 150 MB),
 * with the same arithmetic as assignRows (squared distance summed over j in order, the first
 * centre with the strictly smallest one), so the labels and the inertia are the same to the bit.
 */
function assignArrays(points: readonly (readonly number[])[], centroids: readonly (readonly number[])[]): { labels: number[]; inertia: number } {
  const k = centroids.length;
  const centres = toRowMatrix(centroids).data;
  const dim = k > 0 ? centroids[0].length : 0;
  const labels = new Array<number>(points.length);
  let inertia = 0;
  for (let i = 0; i < points.length; i++) {
    const row = points[i];
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      const centreOffset = c * dim;
      let distance = 0;
      for (let j = 0; j < dim; j++) {
        const diff = row[j] - centres[centreOffset + j];
        distance += diff * diff;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    labels[i] = best;
    inertia += bestDistance;
  }
  return { labels, inertia };
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(STAGE, msg.badKMeansOption(name, value, `an integer in ${min}..${max}`));
  }
}

/**
 * k-means with `opts.restarts` k-means++ starts, each drawn from `rng`; keeps the start with the
 * lowest inertia (the first one on ties). Labels are nearest-centroid assignments to the returned
 * centroids, so `assignToCentroids(points, fit.centroids)` reproduces `fit.labels`. With
 * `opts.maxFitRows` < n the restarts run on one seeded sample and all rows are then assigned
 * (sample-then-assign: about 1 s instead of tens of seconds for 1M x 8 rows).
 * Never mutates `points`. Throws a SeglabError when n < k or the points are ragged / not finite.
 * @example fitKMeans([[1], [2], [3], [10], [11], [12]], 2, { restarts: 3, maxIterations: 100 }, createRng(1)).inertia // 4
 */
export function fitKMeans(
  points: readonly (readonly number[])[],
  k: number,
  opts: KMeansOptions,
  rng: Rng,
): KMeansFit {
  checkPoints(points, STAGE, 'fitKMeans');
  if (Number.isInteger(k) && k > points.length) fail(STAGE, msg.kTooLarge(points.length, k));
  checkInteger('k', k, 1, points.length);
  checkInteger('restarts', opts.restarts, 1, 10_000);
  checkInteger('maxIterations', opts.maxIterations, 1, 1_000_000);
  const tolerance = opts.tolerance ?? 1e-6;
  if (opts.maxFitRows !== undefined) checkInteger('maxFitRows', opts.maxFitRows, k, Number.MAX_SAFE_INTEGER);
  if (opts.startSample !== undefined) checkInteger('startSample', opts.startSample, k, Number.MAX_SAFE_INTEGER);
  const sampled = opts.maxFitRows !== undefined && points.length > opts.maxFitRows;
  const fitRows = sampled ? sampleIndices(points.length, opts.maxFitRows as number, rng) : undefined;
  const fitCount = fitRows ? fitRows.length : points.length;
  const subsampled = opts.startSample !== undefined && opts.restarts > 1 && fitCount > opts.startSample;
  // Rows of the fit rows the restarts run on (drawn before the seeds); null = all of them.
  const restartSubset = subsampled ? sampleIndices(fitCount, opts.startSample as number, rng) : null;
  const restartIndex = restartSubset ? (fitRows ? restartSubset.map((i) => fitRows[i]) : restartSubset) : fitRows;
  const threads = opts.workers ?? 1;
  const restartCount = restartIndex ? restartIndex.length : points.length;
  const parallel = threads > 1 && opts.restarts > 1 && restartCount * opts.restarts >= PARALLEL_MIN_WORK;
  const restartPoints = parallel ? sharedMatrix(points, restartIndex) : toRowMatrix(points, restartIndex);
  // Every restart's seeds first, in order: Lloyd draws nothing from rng, so the draws are those of
  // a seed-then-fit loop, and the runs can go to any thread.
  const tasks: RestartTask[] = [];
  for (let restart = 0; restart < opts.restarts; restart++) {
    tasks.push({ module: 'cluster/kmeans', fn: 'runRestart', points: restartPoints, initial: kmeansPlusPlusRows(restartPoints, k, rng), k, maxIterations: opts.maxIterations, tolerance });
  }
  const runs = runTasks(tasks, parallel ? threads : 1, runRestart);
  let best: KMeansFit | null = null;
  const restartInertia: number[] = [];
  for (const run of runs) {
    restartInertia.push(run.inertia);
    if (best === null || run.inertia < best.inertia) {
      best = { k, labels: [], centroids: run.centroids, inertia: run.inertia, iterations: run.iterations, converged: run.converged, clusterSizes: [], restartInertia };
    }
  }
  // restarts >= 1 was checked above, so at least one run happened.
  let winner = best as KMeansFit;
  const fitPoints = subsampled ? toRowMatrix(points, fitRows) : restartPoints;
  if (subsampled) {
    // The winning start refined by Lloyd on every fit row.
    const refined = runRestart({ module: 'cluster/kmeans', fn: 'runRestart', points: fitPoints, initial: toRowMatrix(winner.centroids).data, k, maxIterations: opts.maxIterations, tolerance });
    winner = { ...winner, centroids: refined.centroids, iterations: refined.iterations, converged: refined.converged };
  }
  const { labels, inertia } = sampled ? assignArrays(points, winner.centroids) : assign(fitPoints, winner.centroids);
  const clusterSizes = new Array<number>(k).fill(0);
  for (const label of labels) clusterSizes[label] += 1;
  return { ...winner, labels, inertia, clusterSizes, restartInertia, fitRows: fitPoints.rows, ...(subsampled ? { startSample: restartPoints.rows } : {}) };
}

/**
 * The index of the nearest centroid (squared Euclidean) for each point; ties go to the lower
 * index. Use it to score new customers with a saved fit (same feature space and scaling).
 * @example assignToCentroids([[0], [9]], [[1], [10]]) // [0, 1]
 */
export function assignToCentroids(
  points: readonly (readonly number[])[],
  centroids: readonly (readonly number[])[],
): number[] {
  const dim = checkPoints(points, STAGE, 'assignToCentroids (points)');
  const centroidDim = checkPoints(centroids, STAGE, 'assignToCentroids (centroids)');
  if (centroidDim !== dim) fail(STAGE, msg.dimensionMismatch('assignToCentroids', dim, centroidDim));
  return assignArrays(points, centroids).labels;
}
