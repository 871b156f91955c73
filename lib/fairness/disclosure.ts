/**
 * Statistical disclosure control of a segment × group count table, as sdcTable and tau-ARGUS do
 * for frequency tables with published margins.
 *
 * Published alongside the table are the segment sizes (row totals, always), the group sizes
 * (column totals, when a group has at least minCellSize customers) and the number of customers
 * (grand total). A cell below minCellSize (but not 0: an absent group is a finding) is primary
 * suppressed. That alone is not enough: a row or column with a single suppressed cell gives it
 * away by subtraction (Adult, segment 8: female = 758 − 721 = 37). Secondary suppression hides
 * further cells until no suppressed value can be solved from the published ones: the check is a
 * differencing attacker (`recoverableCells`) that solves the linear system of all published
 * margins exactly, not only the rows and columns with one unknown.
 */

/** What an attacker sees of a table: cell values or null (suppressed), row and column totals or null. */
export interface PublishedTable {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
}

/**
 * The suppressed cells an attacker can solve exactly from the published cells and margins by
 * linear algebra (every combination of row, column and grand-total equations), as [row, column].
 * @example recoverableCells({ cells: [[null, 721]], rowTotals: [758], columnTotals: [null, 721], grandTotal: 758 }) // [[0, 0]]
 */
export function recoverableCells(t: PublishedTable): [number, number][] {
  const k = t.cells.length;
  const g = t.rowTotals.length && t.cells[0] ? t.cells[0].length : t.columnTotals.length;
  // Unknowns: suppressed cells, then unpublished column totals, then unpublished row totals, then the grand total.
  const index = new Map<string, number>();
  const cellVars: [number, number][] = [];
  for (let s = 0; s < k; s++)
    for (let j = 0; j < g; j++)
      if (t.cells[s][j] === null) {
        index.set(`c${s},${j}`, index.size);
        cellVars.push([s, j]);
      }
  t.columnTotals.forEach((v, j) => v === null && index.set(`C${j}`, index.size));
  t.rowTotals.forEach((v, s) => v === null && index.set(`R${s}`, index.size));
  if (t.grandTotal === null) index.set('N', index.size);
  const m = index.size;
  if (cellVars.length === 0) return [];
  const equations: number[][] = [];
  const add = (terms: string[]): void => {
    const row = new Array<number>(m).fill(0);
    for (const key of terms) {
      const at = index.get(key);
      if (at !== undefined) row[at] += key.startsWith('c') ? 1 : -1;
    }
    if (row.some((x) => x !== 0)) equations.push(row);
  };
  for (let s = 0; s < k; s++) add([...Array.from({ length: g }, (_, j) => `c${s},${j}`), `R${s}`]);
  for (let j = 0; j < g; j++) add([...Array.from({ length: k }, (_, s) => `c${s},${j}`), `C${j}`]);
  // Grand total = sum of row totals = sum of column totals (coefficients: totals as "cells" of these equations).
  const totalsEq = (prefix: 'R' | 'C', n: number): void => {
    const row = new Array<number>(m).fill(0);
    for (let i = 0; i < n; i++) {
      const at = index.get(`${prefix}${i}`);
      if (at !== undefined) row[at] += 1;
    }
    const at = index.get('N');
    if (at !== undefined) row[at] -= 1;
    if (row.some((x) => x !== 0)) equations.push(row);
  };
  totalsEq('R', k);
  totalsEq('C', g);
  // Reduced row echelon form; unknown j is determined iff a reduced row is the unit vector e_j.
  const a = equations.map((r) => r.slice());
  let rank = 0;
  for (let col = 0; col < m && rank < a.length; col++) {
    let pivot = -1;
    for (let r = rank; r < a.length; r++) if (Math.abs(a[r][col]) > 1e-9) pivot = pivot === -1 || Math.abs(a[r][col]) > Math.abs(a[pivot][col]) ? r : pivot;
    if (pivot === -1) continue;
    [a[rank], a[pivot]] = [a[pivot], a[rank]];
    const p = a[rank][col];
    for (let c = 0; c < m; c++) a[rank][c] /= p;
    for (let r = 0; r < a.length; r++) {
      if (r === rank || Math.abs(a[r][col]) < 1e-12) continue;
      const f = a[r][col];
      for (let c = 0; c < m; c++) a[r][c] -= f * a[rank][c];
    }
    rank++;
  }
  const determined = new Set<number>();
  for (let r = 0; r < rank; r++) {
    const nonzero = a[r].map((x, c) => (Math.abs(x) > 1e-9 ? c : -1)).filter((c) => c >= 0);
    if (nonzero.length === 1) determined.add(nonzero[0]);
  }
  return cellVars.filter(([s, j]) => determined.has(index.get(`c${s},${j}`) as number));
}

/**
 * Which cells of a segment × group count table to suppress: primary (0 < count < minCellSize, and
 * every cell of a group below minCellSize, whose total is not published), then secondary until
 * `recoverableCells` finds nothing. For each recoverable cell the three partner cells of the cheapest
 * rectangle (fewest published customers hidden; cells marked in `keep`, such as flagged
 * findings, and published zeros last) are hidden with it.
 * `hidden` marks cells that are withheld for another reason (e.g. a segment too small to profile)
 * and start suppressed.
 * @returns suppressed[segment][group]
 * @example suppressCells([[37, 721], [500, 480]], 50) // [[true, true], [true, true]]
 */
export function suppressCells(
  table: readonly (readonly number[])[],
  minCellSize: number,
  keep?: readonly (readonly boolean[])[],
  hidden?: readonly (readonly boolean[])[],
): boolean[][] {
  const k = table.length;
  const g = table[0]?.length ?? 0;
  const totals = Array.from({ length: g }, (_, j) => table.reduce((a, row) => a + row[j], 0));
  const totalPublished = totals.map((c) => c >= minCellSize);
  const suppressed = table.map((row, s) => row.map((c, j) => hidden?.[s]?.[j] === true || !totalPublished[j] || (c > 0 && c < minCellSize)));
  const published = (): PublishedTable => ({
    cells: table.map((row, s) => row.map((c, j) => (suppressed[s][j] ? null : c))),
    rowTotals: table.map((row) => row.reduce((a, b) => a + b, 0)),
    columnTotals: totals.map((c, j) => (totalPublished[j] ? c : null)),
    grandTotal: totals.reduce((a, b) => a + b, 0),
  });
  for (let guard = 0; guard < k * g; guard++) {
    const exposed = recoverableCells(published());
    if (exposed.length === 0) break;
    const [s0, j0] = exposed[0];
    // Classic rectangle: hide (s0, j1), (s1, j0) and (s1, j1) for the partner cells that cost the
    // fewest published customers; a 2 x 2 block hidden in two rows and two columns cannot be solved.
    let bestRect: [number, number] | null = null;
    let bestCost = Infinity;
    for (let s1 = 0; s1 < k; s1++) {
      if (s1 === s0) continue;
      for (let j1 = 0; j1 < g; j1++) {
        if (j1 === j0) continue;
        const partners: [number, number][] = [[s0, j1], [s1, j0], [s1, j1]];
        // Published zeros are findings (an absent group); hide them only when nothing else works.
        // Findings (flagged cells in `keep`) are hidden only when nothing else works.
        const cost = partners.reduce((a, [s, j]) => a + (suppressed[s][j] ? 0 : table[s][j] === 0 ? 1e9 : keep?.[s]?.[j] ? 1e7 + table[s][j] : table[s][j]), 0);
        if (cost > 0 && cost < bestCost) {
          bestCost = cost;
          bestRect = [s1, j1];
        }
      }
    }
    if (bestRect) {
      const [s1, j1] = bestRect;
      for (const [s, j] of [[s0, j1], [s1, j0], [s1, j1]] as [number, number][]) suppressed[s][j] = true;
      continue;
    }
    // A single row or column: hide the smallest other published cell.
    let best: [number, number] | null = null;
    for (let s = 0; s < k; s++)
      for (let j = 0; j < g; j++) if (!suppressed[s][j] && (best === null || table[s][j] < table[best[0]][best[1]])) best = [s, j];
    if (best === null) break;
    suppressed[best[0]][best[1]] = true;
  }
  return suppressed;
}
