/**
 * Statistics of a segment × group count table computed from its published cells only.
 *
 * Disclosure control (lib/fairness/disclosure.ts) hides cells below the k-anonymity threshold and the
 * cells that would give them away by subtraction. A statistic computed from every cell (chi-square,
 * Cramér's V, mutual information, a balance ratio) is one more equation about the hidden cells: on a
 * small table an attacker who knows the published margins can solve it for the suppressed count.
 * So every count-derived statistic here is a function of published cells only: the segments whose
 * cells of the assessed groups are all published, and those groups. Two tables that agree on every
 * published cell give identical statistics, which is why they cannot reveal a suppressed one
 * (test/fairness/published.test.ts checks exactly that, by moving customers between suppressed cells).
 */
import type { AssociationMetrics } from './types';

/** The published part of a count table: rows with no hidden cell in `columns`, restricted to `columns`. */
export interface PublishedPart {
  /** `table[row][column]` of the kept rows and columns. */
  table: number[][];
  /** Kept segment numbers (0-based) in row order. */
  segments: number[];
  /** Segments left out because one of their cells is suppressed (0-based). */
  leftOut: number[];
}

/**
 * The rows of `table` whose cells in `columns` are all published (not `hidden`), restricted to `columns`.
 * Published empty segments are left out (they add nothing) without being counted as suppressed.
 * @example publishedPart([[5, 60], [70, 80]], [[true, true], [false, false]], [0, 1]).segments // [1]
 */
export function publishedPart(table: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[], columns: readonly number[]): PublishedPart {
  const out: PublishedPart = { table: [], segments: [], leftOut: [] };
  table.forEach((row, s) => {
    // Hidden cells first: skipping a row for being empty must never depend on a suppressed value.
    if (columns.some((j) => hidden[s]?.[j])) out.leftOut.push(s);
    else if (columns.every((j) => row[j] === 0)) return;
    else {
      out.table.push(columns.map((j) => row[j]));
      out.segments.push(s);
    }
  });
  return out;
}

function entropy(counts: readonly number[], n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/**
 * Chi-square, Cramér's V, NMI (arithmetic normalisation, as scikit-learn) and the share of the
 * attribute's uncertainty the segment removes, over the published part of the table. Fewer than two
 * published segments or groups: the figures are NaN (written null) and `assessable` is false.
 * @example publishedAssociation('sex', [[40, 10], [10, 40]], [[false, false], [false, false]], [0, 1]).cramersV // 0.6
 */
export function publishedAssociation(
  attribute: string,
  table: readonly (readonly number[])[],
  hidden: readonly (readonly boolean[])[],
  columns: readonly number[],
): AssociationMetrics & { assessable: boolean } {
  const part = publishedPart(table, hidden, columns);
  const t = part.table;
  const rowTotals = t.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = columns.map((_, j) => t.reduce((a, row) => a + row[j], 0));
  const usedCols = colTotals.map((c, j) => (c > 0 ? j : -1)).filter((j) => j >= 0);
  const n = rowTotals.reduce((a, b) => a + b, 0);
  const common = { attribute, customers: n, suppressedSegments: part.leftOut };
  if (t.length < 2 || usedCols.length < 2 || n === 0) {
    return { ...common, cramersV: NaN, nmi: NaN, chiSquare: NaN, uncertaintyRemoved: NaN, assessable: false };
  }
  let chiSquare = 0;
  let mutual = 0;
  t.forEach((row, i) =>
    usedCols.forEach((j) => {
      const expected = (rowTotals[i] * colTotals[j]) / n;
      chiSquare += (row[j] - expected) ** 2 / expected;
      if (row[j] > 0) mutual += (row[j] / n) * Math.log((n * row[j]) / (rowTotals[i] * colTotals[j]));
    }),
  );
  mutual = Math.max(0, mutual);
  const hS = entropy(rowTotals, n);
  const hA = entropy(colTotals, n);
  const dof = Math.min(t.length, usedCols.length) - 1;
  return {
    ...common,
    cramersV: Math.sqrt(chiSquare / (n * dof)),
    chiSquare,
    nmi: hS + hA > 0 ? mutual / ((hS + hA) / 2) : 0,
    uncertaintyRemoved: hA > 0 ? mutual / hA : 0,
    assessable: true,
  };
}
