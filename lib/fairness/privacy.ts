/**
 * Privacy checks of a run's outputs: PII values from the input must never appear in an output
 * file, and exported profiles must not single anyone out through their quasi-identifiers
 * (k-anonymity: every combination of quasi-identifier values shared by at least k rows).
 */
import type { QuasiIdentifierReport } from './types';

export { scanForPii, type PersonalValue } from './pii-scan';

/**
 * Equivalence classes of exported rows over their quasi-identifiers (e.g. segment, age band,
 * region): how many rows are unique, and how many sit in a class smaller than `minCellSize`.
 * @example quasiIdentifierUniqueness([{ seg: 1 }, { seg: 1 }, { seg: 2 }], ['seg'], 2).uniqueRows // 1
 */
export function quasiIdentifierUniqueness(
  rows: readonly Readonly<Record<string, string | number | null>>[],
  quasiIdentifiers: readonly string[],
  minCellSize: number,
): QuasiIdentifierReport {
  const classSize = new Map<string, number>();
  const keys = rows.map((row) => JSON.stringify(quasiIdentifiers.map((q) => row[q] ?? null)));
  for (const key of keys) classSize.set(key, (classSize.get(key) ?? 0) + 1);
  let uniqueRows = 0;
  let rowsBelowK = 0;
  for (const key of keys) {
    const size = classSize.get(key) as number;
    if (size === 1) uniqueRows++;
    if (size < minCellSize) rowsBelowK++;
  }
  return {
    quasiIdentifiers: [...quasiIdentifiers],
    rows: rows.length,
    classes: classSize.size,
    uniqueRows,
    rowsBelowK,
    smallestClass: classSize.size ? Math.min(...classSize.values()) : 0,
  };
}
