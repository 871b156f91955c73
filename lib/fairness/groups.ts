/**
 * Protected groups as dense codes, and the segment × group count table every fairness metric
 * starts from. Groups are ordered largest first (ties by name), as in `representation`.
 */
import { binLabel, type ProtectedValues } from './representation';

/** Label of customers whose protected value is missing; they form a group of their own. */
export const MISSING_GROUP = '(missing)';

/** A protected attribute coded 0..G-1 per customer. */
export interface GroupCoding {
  /** Group names, largest group first. */
  groups: string[];
  /** Group code of every customer. */
  codes: Int32Array;
  /** Customers per group, aligned with `groups`. */
  counts: number[];
  /** "categorical" or "binned at 25, 35, ...". */
  grouping: string;
}

/**
 * Codes a protected attribute: text values as they are, numbers binned at `numericBins`,
 * missing values as "(missing)".
 * @example codeGroups({ kind: 'text', values: ['F', 'M', 'M'] }, []).groups // ['M', 'F']
 */
export function codeGroups(spec: ProtectedValues, numericBins: readonly number[]): GroupCoding {
  const names: string[] =
    spec.kind === 'text'
      ? spec.values.map((v) => v ?? MISSING_GROUP)
      : spec.values.map((v) => (v === null ? MISSING_GROUP : binLabel(v, numericBins)));
  const countOf = new Map<string, number>();
  for (const g of names) countOf.set(g, (countOf.get(g) ?? 0) + 1);
  const groups = [...countOf.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([g]) => g);
  const index = new Map(groups.map((g, i) => [g, i]));
  const codes = Int32Array.from(names, (g) => index.get(g) as number);
  return {
    groups,
    codes,
    counts: groups.map((g) => countOf.get(g) as number),
    grouping: spec.kind === 'text' ? 'categorical' : `binned at ${numericBins.join(', ')}`,
  };
}

/**
 * Counts of customers per segment and group: `table[segment][group]`.
 * @example crossTab([0, 0, 1], Int32Array.from([0, 1, 1]), 2, 2) // [[1, 1], [0, 1]]
 */
export function crossTab(labels: readonly number[], codes: Int32Array, k: number, groupCount: number): number[][] {
  const table = Array.from({ length: k }, () => new Array<number>(groupCount).fill(0));
  for (let i = 0; i < labels.length; i++) table[labels[i]][codes[i]] += 1;
  return table;
}
