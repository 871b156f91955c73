/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ln k local trials)
 * driven by a seglab `Rng`. ml-kmeans' own k-means++ is also seeded, but it spends most of a fit
 * there (about 180 ms for 20,000 x 8 points and k = 8, against about 10 ms here), so fitKMeans
 * passes these centres to ml-kmeans as explicit initial centroids.
 */
import type { Rng } from '../random/rng';
import { toRowMatrix, type RowMatrix } from './lloyd';

/** Index of the first entry of the increasing `cumulative` strictly above `target`. */
function searchCumulative(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * `k` initial centroids chosen among the rows of `points`: the first uniformly, each next one
 * with probability proportional to its squared distance to the nearest centroid so far, keeping
 * the best of 2 + floor(ln k) draws. When every row already coincides with a centroid, a row is
 * drawn uniformly (the cluster will come out empty). Inputs are assumed checked (rectangular,
 * finite, 1 <= k <= n); returns copies of rows, never the rows themselves.
 * @example kmeansPlusPlus([[0], [1], [10]], 2, createRng(1)) // e.g. [[1], [10]]
 */
export function kmeansPlusPlus(points: readonly (readonly number[])[], k: number, rng: Rng): number[][] {
  const matrix = toRowMatrix(points);
  return chooseSeedRows(matrix, k, rng).map((row) => points[row].slice());
}

/**
 * The same k-means++ seeding on a row-major buffer (no copy of the points): the k centres as one
 * k x dim buffer. Draws from `rng` exactly as `kmeansPlusPlus` does, so both give the same centres.
 */
export function kmeansPlusPlusRows(matrix: RowMatrix, k: number, rng: Rng): Float64Array {
  const rows = chooseSeedRows(matrix, k, rng);
  const { data, dim } = matrix;
  const centres = new Float64Array(k * dim);
  rows.forEach((row, c) => centres.set(data.subarray(row * dim, row * dim + dim), c * dim));
  return centres;
}

/**
 * Relative margin of the triangle-inequality skip in chooseSeedRows: a row is skipped only when the
 * candidate is certainly farther from it than its nearest chosen centre by about 2e-6 relative,
 * orders of magnitude above the rounding error of the squared distances involved.
 */
const SKIP_MARGIN = 1e-6;

/**
 * Row indices of the k-means++ centres.
 *
 * A trial's potential is Σ min(closest[i], d(i, candidate)). When the candidate is at least twice as
 * far from row i's nearest chosen centre m as row i is (d(cand, m) >= 4 closest[i], squared), the
 * triangle inequality gives d(i, cand) >= closest[i], so the minimum is closest[i] without computing
 * d(i, cand) (Elkan's bound, as scikit-learn's and others' seeding use it). The minimum and the
 * potential are then the same numbers, added in the same order: the seeds are bit-identical to the
 * full computation (test/cluster/init.test.ts), with far fewer distances once a few centres are chosen.
 */
function chooseSeedRows(matrix: RowMatrix, k: number, rng: Rng): number[] {
  const { data: flat, rows: n, dim } = matrix;
  const distancesTo = (row: number, out: Float64Array): void => {
    const offset = row * dim;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < dim; j++) {
        const diff = flat[i * dim + j] - flat[offset + j];
        sum += diff * diff;
      }
      out[i] = sum;
    }
  };

  const localTrials = 2 + Math.floor(Math.log(k));
  const chosen = [rng.int(n)];
  const closest = new Float64Array(n);
  distancesTo(chosen[0], closest);
  // Index (into `chosen`) of each row's nearest chosen centre: one at the start.
  let nearest = new Int32Array(n);
  const cumulative = new Float64Array(n);
  // Two buffers swapped instead of a copy per better trial (issue 15); the arithmetic is unchanged.
  let candidateDistances = new Float64Array(n);
  let bestDistances = new Float64Array(n);
  let candidateNearest = new Int32Array(n);
  let bestNearest = new Int32Array(n);
  const centre = new Float64Array(dim);
  // Squared distance of the trial's candidate to each chosen centre, times 4 (1 + margin).
  const farEnough = new Float64Array(k);
  for (let c = 1; c < k; c++) {
    let potential = 0;
    for (let i = 0; i < n; i++) {
      potential += closest[i];
      cumulative[i] = potential;
    }
    if (!(potential > 0)) {
      chosen.push(rng.int(n));
      continue;
    }
    let bestRow = -1;
    let bestPotential = Infinity;
    for (let trial = 0; trial < localTrials; trial++) {
      const row = searchCumulative(cumulative, rng.next() * potential);
      for (let j = 0; j < dim; j++) centre[j] = flat[row * dim + j];
      for (let m = 0; m < chosen.length; m++) {
        let sum = 0;
        const offset = chosen[m] * dim;
        for (let j = 0; j < dim; j++) {
          const diff = flat[offset + j] - centre[j];
          sum += diff * diff;
        }
        farEnough[m] = sum / (4 * (1 + SKIP_MARGIN));
      }
      // distancesTo(row), the minimum with `closest` and the potential in one pass, in row order.
      let trialPotential = 0;
      for (let i = 0; i < n; i++) {
        const own = closest[i];
        const m = nearest[i];
        if (farEnough[m] > own) {
          // d(i, candidate) >= closest[i]: the minimum is closest[i].
          candidateDistances[i] = own;
          candidateNearest[i] = m;
          trialPotential += own;
          continue;
        }
        const offset = i * dim;
        let sum = 0;
        for (let j = 0; j < dim; j++) {
          const diff = flat[offset + j] - centre[j];
          sum += diff * diff;
        }
        const d = sum > own ? own : sum;
        candidateDistances[i] = d;
        candidateNearest[i] = sum < own ? c : m;
        trialPotential += d;
      }
      if (trialPotential < bestPotential) {
        bestPotential = trialPotential;
        bestRow = row;
        const swap = bestDistances;
        bestDistances = candidateDistances;
        candidateDistances = swap;
        const swapNearest = bestNearest;
        bestNearest = candidateNearest;
        candidateNearest = swapNearest;
      }
    }
    chosen.push(bestRow);
    closest.set(bestDistances);
    const swapNearest = nearest;
    nearest = bestNearest;
    bestNearest = swapNearest;
  }
  return chosen;
}
