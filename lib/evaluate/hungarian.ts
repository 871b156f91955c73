/**
 * The Hungarian algorithm (Kuhn–Munkres, O(n³)) for the assignment problem, and the clustering
 * accuracy it gives: the share of rows whose cluster maps to their true class under the best
 * one-to-one matching of clusters to classes.
 */
import { checkSameLength, contingency, encodeLabels, type Label } from './points';

/**
 * The assignment of rows to columns with the smallest total cost. A rectangular matrix is padded
 * with zero-cost dummy rows/columns, so each row gets a distinct column when rows <= columns and
 * surplus rows get -1 otherwise.
 * @example minCostAssignment([[4, 1], [2, 3]]) // { rowToColumn: [1, 0], cost: 3 }
 */
export function minCostAssignment(cost: readonly (readonly number[])[]): { rowToColumn: number[]; cost: number } {
  const rows = cost.length;
  const columns = rows === 0 ? 0 : cost[0].length;
  const size = Math.max(rows, columns);
  const at = (i: number, j: number): number => (i < rows && j < columns ? cost[i][j] : 0);
  // Potentials u (rows), v (columns) and the matching, 1-based with a virtual column 0
  // (the classic shortest-augmenting-path formulation).
  const u = new Float64Array(size + 1);
  const v = new Float64Array(size + 1);
  const columnOwner = new Int32Array(size + 1);
  const way = new Int32Array(size + 1);
  for (let i = 1; i <= size; i++) {
    columnOwner[0] = i;
    let column = 0;
    const minSlack = new Float64Array(size + 1).fill(Infinity);
    const used = new Uint8Array(size + 1);
    do {
      used[column] = 1;
      const row = columnOwner[column];
      let delta = Infinity;
      let nextColumn = 0;
      for (let j = 1; j <= size; j++) {
        if (used[j]) continue;
        const slack = at(row - 1, j - 1) - u[row] - v[j];
        if (slack < minSlack[j]) {
          minSlack[j] = slack;
          way[j] = column;
        }
        if (minSlack[j] < delta) {
          delta = minSlack[j];
          nextColumn = j;
        }
      }
      for (let j = 0; j <= size; j++) {
        if (used[j]) {
          u[columnOwner[j]] += delta;
          v[j] -= delta;
        } else {
          minSlack[j] -= delta;
        }
      }
      column = nextColumn;
    } while (columnOwner[column] !== 0);
    do {
      const previous = way[column];
      columnOwner[column] = columnOwner[previous];
      column = previous;
    } while (column !== 0);
  }
  const rowToColumn = new Array<number>(rows).fill(-1);
  let total = 0;
  for (let j = 1; j <= size; j++) {
    const row = columnOwner[j] - 1;
    if (row < rows && j - 1 < columns) {
      rowToColumn[row] = j - 1;
      total += cost[row][j - 1];
    }
  }
  return { rowToColumn, cost: total };
}

/**
 * Clustering accuracy after the best one-to-one matching of predicted clusters to true classes
 * (Hungarian algorithm on the contingency table). 0..1; rows of surplus clusters count as wrong.
 * @example accuracyAfterMatching(['a', 'a', 'b', 'b'], [1, 1, 0, 2]) // 0.75
 */
export function accuracyAfterMatching(truth: readonly Label[], pred: readonly Label[]): number {
  checkSameLength('evaluate', 'accuracyAfterMatching', 'truth', truth, 'pred', pred);
  if (truth.length === 0) return 1;
  const clusters = encodeLabels(pred);
  const classes = encodeLabels(truth);
  const table = contingency(clusters, classes);
  const negatedCounts = Array.from({ length: clusters.count }, (_, i) =>
    Array.from({ length: classes.count }, (_, j) => -table[i * classes.count + j]),
  );
  const { cost } = minCostAssignment(negatedCounts);
  return (0 - cost) / truth.length;
}
