/**
 * Verdicts over every cell, hidden ones included, without publishing a hidden cell's value.
 *
 * Disclosure control (lib/fairness/disclosure.ts) hides representation cells below minCellSize and
 * the cells that would give them away by subtraction. Publication stays that way; but a verdict is a
 * claim about the data, so it must count the hidden cells too (the CPA trial: "No check fails" while a
 * hidden cell held 6 of 396 customers, 0.10 times the group's share).
 *
 * What is published about hidden cells, per attribute (and per segment for the first screen): how
 * many are hidden, how many of those have fewer than minCellSize customers (the rest are hidden by
 * secondary suppression), how many are outside [lower, upper] and how many outside [severeLower,
 * severeUpper]. Never a hidden cell's count, share, ratio, group or direction (over or under): an
 * interval per segment, never a value. Secondary suppression leaves at least two hidden cells in
 * every row and column that has one, so "a hidden cell of segment 4 is outside the band" does not
 * say which group, and the counts cannot be solved from it.
 */
import type { AttributeRepresentation, BalanceMetrics, HiddenCells } from './types';

/** Bounds the hidden cells are judged against. */
export interface HiddenBounds {
  lower: number;
  upper: number;
  severeLower: number;
  severeUpper: number;
  minCellSize: number;
}

/** |log ratio|: how far a ratio is from 1 (0 = infinitely far). */
export const ratioDistance = (r: number): number => (r <= 0 ? Infinity : Math.abs(Math.log(r)));

/**
 * The hidden cells of one attribute's (published) representation, judged on the full count table.
 * @param table `table[segment][group]` counts in the coding's column order.
 * @param groups the coding's group names (the table's columns).
 * @example hiddenCells(attr, [[6, 390], [200, 200]], ['a', 'b'], bounds).severe // 1 when cell (0, 'a') is hidden
 */
export function hiddenCells(attr: AttributeRepresentation, table: readonly (readonly number[])[], groups: readonly string[], bounds: HiddenBounds): HiddenCells {
  const column = new Map(groups.map((g, j) => [g, j]));
  const sizes = table.map((row) => row.reduce((a, b) => a + b, 0));
  const n = sizes.reduce((a, b) => a + b, 0);
  const totals = groups.map((_, j) => table.reduce((a, row) => a + row[j], 0));
  const out: HiddenCells = { cells: 0, small: 0, secondary: 0, outside: 0, severe: 0, worstHidden: false, segments: [] };
  let worstShown = 0;
  let worstHidden = 0;
  for (const c of attr.cells) {
    const j = column.get(c.group);
    if (j === undefined) continue;
    if (c.verdict !== 'suppressed') {
      if (c.ratio !== null) worstShown = Math.max(worstShown, ratioDistance(c.ratio));
      continue;
    }
    const count = table[c.segment][j];
    out.cells += 1;
    if (count > 0 && count < bounds.minCellSize) out.small += 1;
    else out.secondary += 1;
    if (sizes[c.segment] === 0 || totals[j] === 0) continue;
    const ratio = count / sizes[c.segment] / (totals[j] / n);
    worstHidden = Math.max(worstHidden, ratioDistance(ratio));
    const outside = ratio < bounds.lower || ratio > bounds.upper;
    const severe = ratio < bounds.severeLower || ratio > bounds.severeUpper;
    if (!outside) continue;
    out.outside += 1;
    if (severe) out.severe += 1;
    let seg = out.segments.find((x) => x.segment === c.segment);
    if (!seg) {
      seg = { segment: c.segment, outside: 0, severe: 0 };
      out.segments.push(seg);
    }
    seg.outside += 1;
    if (severe) seg.severe += 1;
  }
  out.segments.sort((a, b) => a.segment - b.segment);
  out.worstHidden = out.cells > 0 && worstHidden > worstShown;
  return out;
}

/** Balance and proportional balance over every segment and cell (hidden ones included), for the verdicts only. */
export interface FullBalance {
  /** Smallest over largest assessed group count, minimum over the non-empty segments, over the dataset's balance. */
  balanceRatio: number;
  /** True when the segment reaching that minimum has every assessed cell published (the figure may then be printed). */
  balancePublished: boolean;
  /** min over non-empty segments and assessed groups of min(p_gC / p_g, p_g / p_gC). */
  proportionalBalance: number;
  /** True when a published cell reaches that minimum (it is then that cell's printed ratio, or its inverse). */
  proportionalPublished: boolean;
}

/**
 * Balance figures over all cells of the table (assessed groups: at least minCellSize customers), and
 * whether the minimum is reached by published cells. The values are for verdicts; a caller prints
 * one only when `...Published` is true.
 * @example fullBalance([[6, 132], [300, 300]], [[true, true], [false, false]], 50, b).balancePublished // false
 */
export function fullBalance(table: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[], minCellSize: number, b: Pick<BalanceMetrics, 'datasetBalance'>): FullBalance {
  const g = table[0]?.length ?? 0;
  const totals = Array.from({ length: g }, (_, j) => table.reduce((a, row) => a + row[j], 0));
  const n = totals.reduce((a, c) => a + c, 0);
  const assessed = totals.map((c, j) => (c >= minCellSize ? j : -1)).filter((j) => j >= 0);
  let balance = Infinity;
  let balancePublished = true;
  let proportional = Infinity;
  let proportionalPublished = true;
  const eps = 1e-12;
  table.forEach((row, s) => {
    const size = row.reduce((a, c) => a + c, 0);
    if (size === 0 || assessed.length < 2) return;
    const counts = assessed.map((j) => row[j]);
    const max = Math.max(...counts);
    const segBalance = max === 0 ? 0 : Math.min(...counts) / max;
    const shown = assessed.every((j) => !hidden[s]?.[j]);
    // Ties go to the published figure: it is the same number.
    if (segBalance < balance - eps || (Math.abs(segBalance - balance) <= eps && shown)) {
      if (segBalance < balance - eps) balancePublished = shown;
      else balancePublished = balancePublished || shown;
      balance = Math.min(balance, segBalance);
    }
    for (const j of assessed) {
      const ratio = row[j] / size / (totals[j] / n);
      const v = ratio === 0 ? 0 : Math.min(ratio, 1 / ratio);
      const cellShown = !hidden[s]?.[j];
      if (v < proportional - eps) {
        proportional = v;
        proportionalPublished = cellShown;
      } else if (Math.abs(v - proportional) <= eps && cellShown) proportionalPublished = true;
    }
  });
  if (!Number.isFinite(balance)) balance = 1;
  if (!Number.isFinite(proportional)) proportional = 1;
  return {
    balanceRatio: b.datasetBalance === 0 ? 0 : balance / b.datasetBalance,
    balancePublished,
    proportionalBalance: proportional,
    proportionalPublished,
  };
}
