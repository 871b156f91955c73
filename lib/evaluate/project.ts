/**
 * The 2-D map of customers for the report: principal components of all points, applied to a
 * sample of rows. The components are the eigenvectors of the points' covariance matrix (d x d,
 * summed in one pass over the rows; ml-pca 4 decomposes it): the same components and variances
 * as an SVD of the centred n x d data, without copying or decomposing n x d (at 1M customers
 * the SVD took 33 s for a 3,000-point chart).
 */
import { PCA } from 'ml-pca';
import { fail, msg } from '../errors/messages';
import { checkPoints } from './points';

/** Sampled rows projected on the first two principal components. */
export interface Projection2d {
  /** One `{x, y}` per entry of `sampleIdx`, in the same order (units of the clustered space). */
  points: { x: number; y: number }[];
  /** Share of the total variance along PC1 and PC2 (0..1; [0, 0] when all points coincide). */
  explainedVarianceRatio: [number, number];
  /** Unit loading vectors of PC1 and PC2; each has its largest-|loading| entry positive. */
  components: [number[], number[]];
  /** Column means subtracted before projecting. */
  means: number[];
}

/**
 * Covariance matrix of the rows (denominator n - 1) around `means`, summed in row order.
 */
function covariance(points: readonly (readonly number[])[], means: readonly number[]): number[][] {
  const dim = means.length;
  const sums = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (const row of points) {
    for (let j = 0; j < dim; j++) centred[j] = row[j] - means[j];
    for (let a = 0; a < dim; a++) {
      const ca = centred[a];
      for (let b = a; b < dim; b++) sums[a * dim + b] += ca * centred[b];
    }
  }
  const denominator = points.length - 1;
  return Array.from({ length: dim }, (_, a) => Array.from({ length: dim }, (_, b) => (a <= b ? sums[a * dim + b] : sums[b * dim + a]) / denominator));
}

/**
 * Fits PCA on all `points` (centred, not rescaled) and projects the rows listed in `sampleIdx`
 * onto the first two components. Signs are deterministic: each component is flipped so that its
 * largest-magnitude loading is positive. One-dimensional data gets y = 0. Never mutates `points`.
 * @example pca2d([[-1, -2], [0, 0], [1, 2]], [0, 2]).points // [{x: -√5, y: 0}, {x: √5, y: 0}]
 */
export function pca2d(points: readonly (readonly number[])[], sampleIdx: readonly number[]): Projection2d {
  const dim = checkPoints(points, 'evaluate', 'pca2d');
  if (points.length < 2) fail('evaluate', msg.pcaTooFewRows(points.length));
  sampleIdx.forEach((row, position) => {
    if (!Number.isInteger(row) || row < 0 || row >= points.length) {
      fail('evaluate', msg.rowOutOfRange('pca2d sampleIdx', position, row, points.length));
    }
  });
  // Column sums in row order (one pass over the rows).
  const sums = new Float64Array(dim);
  for (const row of points) for (let j = 0; j < dim; j++) sums[j] += row[j];
  const means = Array.from(sums, (sum) => sum / points.length);
  const pca = new PCA(covariance(points, means), { isCovarianceMatrix: true });
  const loadings = pca.getLoadings().to2DArray();
  // Eigenvalues of a covariance matrix are >= 0; rounding can leave a null direction at -1e-17.
  const variances = pca.getEigenvalues().map((v) => Math.max(0, v));
  const totalVariance = variances.reduce((sum, v) => sum + v, 0);

  const component = (c: number): number[] => {
    if (c >= loadings.length) return new Array<number>(dim).fill(0);
    const vector = loadings[c].slice(0, dim);
    let largest = 0;
    for (let j = 1; j < dim; j++) if (Math.abs(vector[j]) > Math.abs(vector[largest])) largest = j;
    return vector[largest] < 0 ? vector.map((v) => -v) : vector;
  };
  const components: [number[], number[]] = [component(0), component(1)];
  const ratio = (c: number): number => (totalVariance > 0 && c < variances.length ? variances[c] / totalVariance : 0);
  const project = (row: readonly number[], axis: readonly number[]): number =>
    row.reduce((sum, value, j) => sum + (value - means[j]) * axis[j], 0);

  return {
    points: sampleIdx.map((row) => ({ x: project(points[row], components[0]), y: project(points[row], components[1]) })),
    explainedVarianceRatio: [ratio(0), ratio(1)],
    components,
    means,
  };
}
