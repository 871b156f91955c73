/**
 * Clustering quality metrics, following scikit-learn's definitions and edge cases
 * (`sklearn.metrics`). Every metric is independent of how clusters are numbered: labels may be
 * any integers or strings, and relabelling the clusters does not change the score.
 *
 * Internal metrics (no ground truth): silhouette, inertia, Calinski–Harabasz, Davies–Bouldin.
 * External metrics (compare two labelings): adjusted Rand index, normalized mutual information.
 */
import { fail, msg } from '../errors/messages';
import { checkPoints, checkSameLength, contingency, encodeLabels, squaredDistance, type Label } from './points';

const STAGE = 'evaluate';

/** Dense codes of `labels`, checked to hold 2..n-1 distinct values as scikit-learn requires. */
function internalLabels(
  points: readonly (readonly number[])[],
  labels: readonly Label[],
  what: string,
): { dim: number; codes: Int32Array; count: number; sizes: Float64Array } {
  const dim = checkPoints(points, STAGE, what);
  checkSameLength(STAGE, what, 'points', points, 'labels', labels);
  const { codes, count } = encodeLabels(labels);
  if (count < 2 || count > points.length - 1) fail(STAGE, msg.badLabelCount(what, count, points.length));
  const sizes = new Float64Array(count);
  for (let i = 0; i < codes.length; i++) sizes[codes[i]] += 1;
  return { dim, codes, count, sizes };
}

/** Per-cluster means, `means[c][j]`, for dense codes. */
function clusterMeans(
  points: readonly (readonly number[])[],
  codes: Int32Array,
  sizes: Float64Array,
  dim: number,
): number[][] {
  const means = Array.from(sizes, () => new Array<number>(dim).fill(0));
  for (let i = 0; i < points.length; i++) {
    const mean = means[codes[i]];
    for (let j = 0; j < dim; j++) mean[j] += points[i][j];
  }
  means.forEach((mean, c) => {
    for (let j = 0; j < dim; j++) mean[j] /= sizes[c];
  });
  return means;
}

/**
 * Mean silhouette coefficient (Euclidean), exact: O(n² · dims) time, O(n · k) memory, so call it
 * on a sample (2,000 points take about 50 ms). A point alone in its cluster scores 0.
 * Range -1..1, higher is better. Needs 2..n-1 distinct labels.
 * @example silhouetteScore([[0], [1], [4], [5]], [0, 0, 1, 1]) // 47/63 ≈ 0.746
 */
export function silhouetteScore(points: readonly (readonly number[])[], labels: readonly Label[]): number {
  const values = silhouetteValues(points, labels);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total / values.length;
}

/**
 * The silhouette coefficient of every point (0 for a point alone in its cluster), exact, in the
 * order of `points`; `silhouetteScore` is their mean. Same cost and checks as silhouetteScore.
 * @example Array.from(silhouetteValues([[0], [1], [4], [5]], [0, 0, 1, 1]))[0] // 1 - 1 / 4.5 ≈ 0.778
 */
export function silhouetteValues(points: readonly (readonly number[])[], labels: readonly Label[]): Float64Array {
  const { dim, codes, count, sizes } = internalLabels(points, labels, 'silhouetteScore');
  const n = points.length;
  const flat = new Float64Array(n * dim);
  points.forEach((row, i) => flat.set(row, i * dim));
  // distanceSums[i * count + c]: sum of distances from point i to the members of cluster c.
  const distanceSums = new Float64Array(n * count);
  for (let i = 0; i < n; i++) {
    const offsetI = i * dim;
    const codeI = codes[i];
    for (let q = i + 1; q < n; q++) {
      const offsetQ = q * dim;
      let sum = 0;
      for (let j = 0; j < dim; j++) {
        const diff = flat[offsetI + j] - flat[offsetQ + j];
        sum += diff * diff;
      }
      const distance = Math.sqrt(sum);
      distanceSums[i * count + codes[q]] += distance;
      distanceSums[q * count + codeI] += distance;
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = codes[i];
    if (sizes[own] === 1) continue;
    const a = distanceSums[i * count + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < count; c++) {
      if (c !== own) b = Math.min(b, distanceSums[i * count + c] / sizes[c]);
    }
    const denominator = Math.max(a, b);
    if (denominator > 0) values[i] = (b - a) / denominator;
  }
  return values;
}

/**
 * Silhouette on a sample with its sampling error: the mean of the per-point values and its
 * standard error sd / sqrt(n) (the error of estimating the whole table's mean silhouette from a
 * uniform sample of n rows; the a and b of each point are themselves sample estimates, which adds
 * a further error of order 1 / cluster size). A 95% interval is mean ± 1.96 standardError.
 * @example silhouetteWithError(samplePoints, sampleLabels) // e.g. { mean: 0.41, standardError: 0.004, n: 2000 }
 */
export function silhouetteWithError(points: readonly (readonly number[])[], labels: readonly Label[]): { mean: number; standardError: number; n: number } {
  const values = silhouetteValues(points, labels);
  const n = values.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i];
  const mean = total / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, standardError: n > 1 ? Math.sqrt(squares / (n - 1) / n) : Number.NaN, n };
}

/**
 * Within-cluster sum of squared Euclidean distances to the given centroids (k-means' objective).
 * `labels[i]` is the index of point i's centroid in `centroids`.
 * @example inertia([[1], [2], [3]], [0, 0, 1], [[1.5], [3]]) // 0.5
 */
export function inertia(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  centroids: readonly (readonly number[])[],
): number {
  const dim = checkPoints(points, STAGE, 'inertia');
  checkSameLength(STAGE, 'inertia', 'points', points, 'labels', labels);
  const centroidDim = checkPoints(centroids, STAGE, 'inertia (centroids)');
  if (centroidDim !== dim) fail(STAGE, msg.dimensionMismatch('inertia', dim, centroidDim));
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= centroids.length) {
      fail(STAGE, msg.labelOutOfRange('inertia', i, label, centroids.length));
    }
    total += squaredDistance(points[i], centroids[label]);
  }
  return total;
}

/**
 * Calinski–Harabasz index: between-cluster dispersion over within-cluster dispersion, each divided
 * by its degrees of freedom. Higher is better; 1 when every cluster is a single repeated point.
 * @example calinskiHarabasz([[0], [2], [10], [12]], [0, 0, 1, 1]) // (100 / 1) / (4 / 2) = 50
 */
export function calinskiHarabasz(points: readonly (readonly number[])[], labels: readonly Label[]): number {
  const { dim, codes, count, sizes } = internalLabels(points, labels, 'calinskiHarabasz');
  const n = points.length;
  const means = clusterMeans(points, codes, sizes, dim);
  const overall = new Array<number>(dim).fill(0);
  for (const row of points) for (let j = 0; j < dim; j++) overall[j] += row[j] / n;
  let between = 0;
  means.forEach((mean, c) => (between += sizes[c] * squaredDistance(mean, overall)));
  let within = 0;
  for (let i = 0; i < n; i++) within += squaredDistance(points[i], means[codes[i]]);
  return within === 0 ? 1 : (between * (n - count)) / (within * (count - 1));
}

/**
 * Davies–Bouldin index: the mean over clusters of the worst ratio (spread_i + spread_j) /
 * distance(centroid_i, centroid_j), where spread is the mean distance to the centroid.
 * Lower is better, 0 is the minimum.
 * @example daviesBouldin([[0], [2], [10], [12]], [0, 0, 1, 1]) // (1 + 1) / 10 = 0.2
 */
export function daviesBouldin(points: readonly (readonly number[])[], labels: readonly Label[]): number {
  const { dim, codes, count, sizes } = internalLabels(points, labels, 'daviesBouldin');
  const means = clusterMeans(points, codes, sizes, dim);
  const spread = new Float64Array(count);
  for (let i = 0; i < points.length; i++) spread[codes[i]] += Math.sqrt(squaredDistance(points[i], means[codes[i]]));
  for (let c = 0; c < count; c++) spread[c] /= sizes[c];
  const separation = (c: number, d: number): number => Math.sqrt(squaredDistance(means[c], means[d]));
  // scikit-learn returns 0 when every spread, or every centroid distance, is (numerically) zero.
  const tiny = 1e-8;
  if (spread.every((s) => Math.abs(s) <= tiny)) return 0;
  let anySeparated = false;
  for (let c = 0; c < count && !anySeparated; c++) {
    for (let d = c + 1; d < count; d++) if (separation(c, d) > tiny) anySeparated = true;
  }
  if (!anySeparated) return 0;
  let total = 0;
  for (let c = 0; c < count; c++) {
    let worst = 0;
    for (let d = 0; d < count; d++) {
      if (d === c) continue;
      const distance = separation(c, d);
      // Coincident centroids count as infinitely far apart, as in scikit-learn.
      if (distance > 0) worst = Math.max(worst, (spread[c] + spread[d]) / distance);
    }
    total += worst;
  }
  return total / count;
}

/**
 * Adjusted Rand index between two labelings of the same rows: 1 for identical partitions (up to
 * renumbering), about 0 for independent ones, can be negative. Symmetric.
 * @example adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]) // 4/7 ≈ 0.571
 */
export function adjustedRandIndex(a: readonly Label[], b: readonly Label[]): number {
  checkSameLength(STAGE, 'adjustedRandIndex', 'the first labeling', a, 'the second labeling', b);
  const n = a.length;
  const codesA = encodeLabels(a);
  const codesB = encodeLabels(b);
  const table = contingency(codesA, codesB);
  const sizesA = new Float64Array(codesA.count);
  const sizesB = new Float64Array(codesB.count);
  let sumSquares = 0;
  for (let i = 0; i < codesA.count; i++) {
    for (let j = 0; j < codesB.count; j++) {
      const cell = table[i * codesB.count + j];
      sizesA[i] += cell;
      sizesB[j] += cell;
      sumSquares += cell * cell;
    }
  }
  const squares = (sizes: Float64Array): number => sizes.reduce((sum, s) => sum + s * s, 0);
  // The pair confusion matrix (ordered pairs), as scikit-learn's pair_confusion_matrix.
  const bothSame = sumSquares - n;
  const onlySameInB = squares(sizesB) - sumSquares;
  const onlySameInA = squares(sizesA) - sumSquares;
  const bothDifferent = n * n - onlySameInB - onlySameInA - sumSquares;
  if (onlySameInA === 0 && onlySameInB === 0) return 1;
  return (
    (2 * (bothSame * bothDifferent - onlySameInA * onlySameInB)) /
    ((bothSame + onlySameInA) * (onlySameInA + bothDifferent) + (bothSame + onlySameInB) * (onlySameInB + bothDifferent))
  );
}

/** Shannon entropy (nats) of a vector of counts summing to `n`. */
function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/**
 * Normalized mutual information with arithmetic normalisation, MI / ((H(a) + H(b)) / 2)
 * (scikit-learn's default). 1 for identical partitions up to renumbering, 0 for independent ones.
 * @example normalizedMutualInfo([0, 0, 1, 1], [0, 0, 1, 2]) // ln2 / (1.25 ln2) = 0.8
 */
export function normalizedMutualInfo(a: readonly Label[], b: readonly Label[]): number {
  checkSameLength(STAGE, 'normalizedMutualInfo', 'the first labeling', a, 'the second labeling', b);
  const n = a.length;
  const codesA = encodeLabels(a);
  const codesB = encodeLabels(b);
  // Both labelings put everything in one cluster (or there is nothing): a perfect match.
  if (codesA.count === codesB.count && codesA.count <= 1) return 1;
  const table = contingency(codesA, codesB);
  const sizesA = new Float64Array(codesA.count);
  const sizesB = new Float64Array(codesB.count);
  for (let i = 0; i < codesA.count; i++) {
    for (let j = 0; j < codesB.count; j++) {
      sizesA[i] += table[i * codesB.count + j];
      sizesB[j] += table[i * codesB.count + j];
    }
  }
  let mutual = 0;
  for (let i = 0; i < codesA.count; i++) {
    for (let j = 0; j < codesB.count; j++) {
      const cell = table[i * codesB.count + j];
      if (cell > 0) mutual += (cell / n) * Math.log((n * cell) / (sizesA[i] * sizesB[j]));
    }
  }
  mutual = Math.max(mutual, 0);
  if (mutual === 0) return 0;
  const normalizer = Math.max((entropy(sizesA, n) + entropy(sizesB, n)) / 2, Number.EPSILON);
  return mutual / normalizer;
}
