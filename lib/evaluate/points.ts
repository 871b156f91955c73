/**
 * Checks and small vector helpers shared by the clustering and evaluation code. A point is one
 * customer's row of features (`number[]`); a point set is a row-major `number[][]`.
 */
import { fail, msg } from '../errors/messages';

/** A cluster or class label: an integer index or any string/number tag. */
export type Label = number | string;

/**
 * Checks that `points` is non-empty, rectangular and finite; returns its dimension.
 * Throws a SeglabError naming `stage` and `what` (e.g. "chooseK") otherwise.
 * @example checkPoints([[1, 2], [3, 4]], 'cluster', 'fitKMeans') // 2
 */
export function checkPoints(points: readonly (readonly number[])[], stage: string, what: string): number {
  if (points.length === 0) fail(stage, msg.noPoints(what));
  const dim = points[0].length;
  const badRows: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const row = points[i];
    if (row.length !== dim) fail(stage, msg.raggedPoints(what, dim, i, row.length));
    for (let j = 0; j < dim; j++) {
      if (!Number.isFinite(row[j])) {
        badRows.push(i);
        break;
      }
    }
  }
  if (badRows.length > 0) fail(stage, msg.nonFinitePoints(what, badRows.length, points.length, badRows));
  return dim;
}

/** Throws unless the two arrays have the same length. */
export function checkSameLength(
  stage: string,
  what: string,
  left: string,
  leftItems: readonly unknown[],
  right: string,
  rightItems: readonly unknown[],
): void {
  if (leftItems.length !== rightItems.length) {
    fail(stage, msg.lengthMismatch(what, left, leftItems.length, right, rightItems.length));
  }
}

/** Squared Euclidean distance between two points of equal length. */
export function squaredDistance(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  for (let j = 0; j < p.length; j++) {
    const diff = p[j] - q[j];
    sum += diff * diff;
  }
  return sum;
}

/**
 * Maps arbitrary labels to dense codes 0..m-1 in order of first appearance, so every metric is
 * independent of how the clusters happen to be numbered.
 * @example encodeLabels(['b', 'a', 'b']) // { codes: [0, 1, 0], count: 2 }
 */
export function encodeLabels(labels: readonly Label[]): { codes: Int32Array; count: number } {
  const index = new Map<Label, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let code = index.get(labels[i]);
    if (code === undefined) {
      code = index.size;
      index.set(labels[i], code);
    }
    codes[i] = code;
  }
  return { codes, count: index.size };
}

/** Row-major counts of (a, b) code pairs: `table[i * countB + j]`. */
export function contingency(
  a: { codes: Int32Array; count: number },
  b: { codes: Int32Array; count: number },
): Float64Array {
  const table = new Float64Array(a.count * b.count);
  for (let i = 0; i < a.codes.length; i++) table[a.codes[i] * b.count + b.codes[i]] += 1;
  return table;
}
