/**
 * Proxy leakage through the segments themselves: how strongly segment membership is associated
 * with a protected attribute. Cramér's V (0 = independent, 1 = the segment determines the group)
 * and normalised mutual information (scikit-learn's arithmetic normalisation).
 */
import { normalizedMutualInfo } from '../evaluate/metrics';
import type { AssociationMetrics } from './types';

/**
 * Pearson's chi-square statistic and Cramér's V = sqrt(χ² / (n · (min(r, c) − 1))) of a count
 * table; empty rows and columns are ignored. V is 0 when the table has one row or one column.
 * @example cramersV([[40, 10], [10, 40]]).v // 0.6
 */
export function cramersV(table: readonly (readonly number[])[]): { v: number; chiSquare: number } {
  const rows = table.filter((row) => row.some((c) => c > 0));
  const columns = rows[0] ? rows[0].map((_, j) => j).filter((j) => rows.some((row) => row[j] > 0)) : [];
  const rowTotals = rows.map((row) => columns.reduce((a, j) => a + row[j], 0));
  const columnTotals = columns.map((j) => rows.reduce((a, row) => a + row[j], 0));
  const n = rowTotals.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  rows.forEach((row, i) =>
    columns.forEach((j, jj) => {
      const expected = (rowTotals[i] * columnTotals[jj]) / n;
      chiSquare += (row[j] - expected) ** 2 / expected;
    }),
  );
  const dof = Math.min(rows.length, columns.length) - 1;
  return { v: dof <= 0 ? 0 : Math.sqrt(chiSquare / (n * dof)), chiSquare };
}

/**
 * Cramér's V and NMI between segment labels and group codes of one attribute.
 * @example segmentAssociation('sex', [0, 0, 1, 1], Int32Array.from([0, 0, 1, 1]), [[2, 0], [0, 2]]).cramersV // 1
 */
export function segmentAssociation(
  attribute: string,
  labels: readonly number[],
  codes: Int32Array,
  table: readonly (readonly number[])[],
): AssociationMetrics {
  const { v, chiSquare } = cramersV(table);
  // Share of the attribute's uncertainty (entropy) that knowing the segment removes: I(S; A) / H(A).
  const n = table.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = (table[0] ?? []).map((_, j) => table.reduce((a, row) => a + row[j], 0));
  let mutual = 0;
  table.forEach((row, s) => row.forEach((c, j) => {
    if (c > 0) mutual += (c / n) * Math.log((n * c) / (rows[s] * cols[j]));
  }));
  const hA = cols.reduce((a, c) => (c > 0 ? a - (c / n) * Math.log(c / n) : a), 0);
  return { attribute, cramersV: v, nmi: normalizedMutualInfo(labels, Array.from(codes)), chiSquare, uncertaintyRemoved: hA > 0 ? Math.max(0, mutual) / hA : 0 };
}
