/**
 * Statistics of a segment × group count table computed from its published cells only.
 *
 * Disclosure control (lib/fairness/disclosure.ts) hides cells below the k-anonymity threshold and the
 * cells that would give them away by subtraction. A statistic computed from every cell (chi-square,
 * Cramér's V, mutual information, a balance ratio) is one more equation about the hidden cells: on a
 * small table an attacker who knows the published margins can solve it for the suppressed count.
 * So every count-derived statistic here is a function of published cells only: the segments whose
 * cells of the assessed groups are all published (or the groups whose cells are all published, when that
 * keeps more cells). Two tables that agree on every
 * published cell give identical statistics, which is why they cannot reveal a suppressed one
 * (test/fairness/published.test.ts checks exactly that, by moving customers between suppressed cells).
 */
import type { AssociationMetrics } from './types';

/** The published part of a count table: a block of rows × columns whose cells are all published. */
export interface PublishedPart {
  /** `table[row][column]` of the kept rows and columns. */
  table: number[][];
  /** Kept segment numbers (0-based) in row order. */
  segments: number[];
  /** Kept columns (indices into the caller's table) in column order. */
  columns: number[];
  /** Segments left out because one of their cells is suppressed (0-based). */
  leftOut: number[];
  /** Columns left out because one of their cells is suppressed. */
  columnsLeftOut: number[];
}

/**
 * The largest block of published cells: either the segments whose cells in `columns` are all
 * published, or the columns whose cells are all published in every segment, whichever keeps more
 * cells (segments on a tie). The choice reads the mask only, which fairness.json publishes anyway.
 * Published empty segments are left out (they add nothing) without being counted as suppressed.
 * @example publishedPart([[5, 60], [70, 80]], [[true, true], [false, false]], [0, 1]).segments // [1]
 */
export function publishedPart(table: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[], columns: readonly number[]): PublishedPart {
  const isHidden = (s: number, j: number): boolean => hidden[s]?.[j] === true;
  const rows = table.map((_, s) => s);
  const fullRows = rows.filter((s) => columns.every((j) => !isHidden(s, j)));
  const fullCols = columns.filter((j) => rows.every((s) => !isHidden(s, j)));
  const byRows = fullRows.length * columns.length >= fullCols.length * rows.length;
  const keptRows = byRows ? fullRows : rows;
  const keptCols = byRows ? [...columns] : fullCols;
  const out: PublishedPart = {
    table: [],
    segments: [],
    columns: keptCols,
    leftOut: rows.filter((s) => !keptRows.includes(s)),
    columnsLeftOut: columns.filter((j) => !keptCols.includes(j)),
  };
  for (const s of keptRows) {
    // Hidden cells decided the kept block above: skipping an empty row never depends on a suppressed value.
    if (keptCols.every((j) => table[s][j] === 0)) continue;
    out.table.push(keptCols.map((j) => table[s][j]));
    out.segments.push(s);
  }
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
): AssociationMetrics & { assessable: boolean; columnsLeftOut: number[] } {
  const part = publishedPart(table, hidden, columns);
  const t = part.table;
  const rowTotals = t.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = part.columns.map((_, j) => t.reduce((a, row) => a + row[j], 0));
  const usedCols = colTotals.map((c, j) => (c > 0 ? j : -1)).filter((j) => j >= 0);
  const n = rowTotals.reduce((a, b) => a + b, 0);
  const common = { attribute, customers: n, suppressedSegments: part.leftOut, columnsLeftOut: part.columnsLeftOut };
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
