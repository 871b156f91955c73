/**
 * Missing by design: a numeric column missing exactly where another column takes one value, e.g.
 * IBM's Telco churn table, whose TotalCharges is blank for the 11 customers with tenure 0 (they have
 * not been billed yet: the charge is 0, not unknown). A median fill then gives a brand-new customer
 * the charges of a two-year one. Cleaning cannot know what the blank means; the run says what it
 * saw and what it did, so the user can declare the right fill.
 */
import type { CleanCustomers } from './customers';
import { msg } from '../errors/messages';
import { round6 } from './rules';

/** One column whose missing values coincide with one value of another column. */
export interface MissingByDesign {
  column: string;
  /** Rows where `column` was missing (and filled). */
  missing: number;
  /** The other column and its value in every one of those rows. */
  other: string;
  value: string | number;
  /** Rows with that value in all (missing or not). */
  withValue: number;
  /** How the missing values were filled, e.g. "median 1397.47". */
  fill: string;
}

/** The number of missing rows from which a coincidence counts (fewer say nothing). */
const MIN_MISSING = 3;

/**
 * Columns filled by a statistic (median, mean, mode) whose missing rows all share one value of
 * another cleaned column, a value at most as many other rows have (so the value marks the missing
 * rows rather than most customers). The column's own `<col>_missing` indicator is never the other column.
 * @example missingByDesign(cleaned.customers) // [{ column: 'TotalCharges', missing: 11, other: 'tenure', value: 0, withValue: 11, ... }]
 */
export function missingByDesign(customers: Pick<CleanCustomers, 'imputed' | 'numeric' | 'text' | 'fit'>): MissingByDesign[] {
  const found: MissingByDesign[] = [];
  for (const [column, mask] of Object.entries(customers.imputed ?? {})) {
    const fill = customers.fit.numericFill[column];
    // A declared constant is the user's answer; an indicator already marks the rows.
    if (!fill || fill.rule === 'constant' || fill.rule === 'indicator') continue;
    const rows: number[] = [];
    mask.forEach((m, i) => m && rows.push(i));
    if (rows.length < MIN_MISSING) continue;
    const others: [string, readonly (string | number | null)[]][] = [
      ...Object.entries(customers.numeric).filter(([c]) => c !== column && c !== `${column}_missing`),
      ...Object.entries(customers.text),
    ];
    let best: MissingByDesign | null = null;
    for (const [other, values] of others) {
      const value = values[rows[0]];
      if (value === null || value === undefined || !rows.every((r) => values[r] === value)) continue;
      let withValue = 0;
      for (const v of values) if (v === value) withValue++;
      // The value must mark the missing rows: at most as many other rows have it.
      if (withValue > 2 * rows.length) continue;
      if (!best || withValue < best.withValue) best = { column, missing: rows.length, other, value, withValue, fill: `${fill.rule} ${round6(fill.value)}` };
    }
    if (best) found.push(best);
  }
  return found;
}

/** The run's warning for each such column. */
export function missingByDesignWarnings(customers: Pick<CleanCustomers, 'imputed' | 'numeric' | 'text' | 'fit'>): string[] {
  return missingByDesign(customers).map((m) => msg.missingByDesign(m.column, m.missing, m.other, String(m.value), m.withValue, m.fill));
}
