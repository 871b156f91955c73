/**
 * Column-level cleaning rules, each a pure function returning new values and what it changed,
 * so the caller can count it in the ledger: missing-value strategies, winsorising, recoding
 * and junk categories.
 */
import type { MissingRule, WinsorRule } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import { ss } from '../stats/simple-statistics';
import { quantileSorted } from '../stats/quantile';

/** The result of a rule on one column. */
export interface RuleResult<T> {
  values: T[];
  /** Values changed (filled, clipped, recoded). */
  changed: number;
  /** Plain-words description for the ledger, e.g. "income: missing filled with median 41200". */
  reason: string;
}

/** A number at 6 significant digits, as the ledger's fill reasons print it. */
export const round6 = (x: number): number => Number(x.toPrecision(6));

/** How the fill functions put a fill value into the missing (null) places of a column. */
export type Filler = <V extends string | number>(values: readonly (V | null)[], fill: V | null) => (V | null)[];

/** The plain array pass (cleanCustomers passes Danfo's fillNa instead: `fillMissingValues` in clean/frame). */
export const fillByArray: Filler = (values, fill) => values.map((v) => (v === null ? fill : v));

/** The most frequent value (ties: the smallest, so results do not depend on row order). */
export function modeOf<T extends string | number>(values: readonly (T | null)[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/**
 * Fill the missing values of a numeric column by a rule ("drop" and "indicator" are handled by
 * the caller: "indicator" fills with the median here; the 0/1 column is `missingIndicator`).
 * @example fillNumeric('income', [1, null, 3], 'median').values // [1, 2, 3]
 */
export function fillNumeric(column: string, values: readonly (number | null)[], rule: Exclude<MissingRule, 'drop'>, apply: Filler = fillByArray): RuleResult<number> & { fill: number } {
  const present = values.filter((v): v is number => v !== null);
  const nMissing = values.length - present.length;
  let fill: number;
  let how: string;
  if (typeof rule === 'object') {
    if (typeof rule.constant !== 'number') throw new SeglabError('clean', msg.constantFill(column, String(rule.constant)));
    fill = rule.constant;
    how = `constant ${fill}`;
  } else if (present.length === 0) {
    throw new SeglabError('clean', msg.allColumnNull('customers', '(cleaned table)', column));
  } else if (rule === 'mode') {
    fill = modeOf(present) as number;
    how = `mode ${round6(fill)}`;
  } else {
    fill = ss.median(present);
    how = `median ${round6(fill)}${rule === 'indicator' ? ' (and flagged in ' + column + '_missing)' : ''}`;
  }
  return { values: apply(values, fill) as number[], changed: nMissing, reason: `${column}: missing filled with ${how}`, fill };
}

/**
 * Fill the missing values of a numeric column with a value learned earlier (a saved cleaning fit),
 * not with a statistic of these values.
 * @example fillNumericWith('income', [1, null, 30], 2, 'median').values // [1, 2, 30]
 */
export function fillNumericWith(column: string, values: readonly (number | null)[], fill: number, how: string, apply: Filler = fillByArray): RuleResult<number> {
  const changed = values.filter((v) => v === null).length;
  return { values: apply(values, fill) as number[], changed, reason: `${column}: missing filled with ${how} ${round6(fill)} (saved cleaning fit)` };
}

/** Fill missing text values with the mode or a constant. */
export function fillText(
  column: string,
  values: readonly (string | null)[],
  rule: 'mode' | { constant: number | string },
  saved?: { value: string | null },
  apply: Filler = fillByArray,
): RuleResult<string | null> & { fill: string | null } {
  const fill = saved ? saved.value : typeof rule === 'object' ? String(rule.constant) : modeOf(values);
  const nMissing = values.filter((v) => v === null).length;
  const how = `${typeof rule === 'object' ? 'constant' : 'mode'} "${fill}"${saved ? ' (saved cleaning fit)' : ''}`;
  return { values: apply(values, fill), changed: fill === null ? 0 : nMissing, reason: `${column}: missing filled with ${how}`, fill };
}

/** A 0/1 column: 1 where the value was missing. */
export function missingIndicator(values: readonly (number | string | null)[]): number[] {
  return values.map((v) => (v === null ? 1 : 0));
}

/** Linear-interpolated quantile (type 7): seglab's one definition, lib/stats/quantile.ts. */
export { quantileSorted };

/**
 * Clip a numeric column at quantiles or at Q1 - k IQR / Q3 + k IQR (nulls stay null). Returns
 * the bounds so they can be reported (and reused on new data).
 * @example winsorise('spend', [1, 2, 3, 100], { iqr: 1.5 }).values // [1, 2, 3, 5.5...]
 */
export function winsorise(column: string, values: readonly (number | null)[], rule: WinsorRule): RuleResult<number | null> & { bounds: [number, number] } {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  let bounds: [number, number];
  let how: string;
  if ('quantiles' in rule) {
    bounds = [quantileSorted(sorted, rule.quantiles[0]), quantileSorted(sorted, rule.quantiles[1])];
    how = `quantiles ${rule.quantiles[0]}-${rule.quantiles[1]}`;
  } else {
    const q1 = quantileSorted(sorted, 0.25);
    const q3 = quantileSorted(sorted, 0.75);
    bounds = [q1 - rule.iqr * (q3 - q1), q3 + rule.iqr * (q3 - q1)];
    how = `${rule.iqr} x IQR`;
  }
  return clipAt(column, values, bounds, how);
}

/**
 * Clip a numeric column at given limits (nulls stay null): the limits a saved cleaning fit learned.
 * @example clipAt('spend', [1, 50], [0, 10], 'saved limits').values // [1, 10]
 */
export function clipAt(column: string, values: readonly (number | null)[], bounds: [number, number], how: string): RuleResult<number | null> & { bounds: [number, number] } {
  let changed = 0;
  const out = values.map((v) => {
    if (v === null) return null;
    if (v < bounds[0]) {
      changed++;
      return bounds[0];
    }
    if (v > bounds[1]) {
      changed++;
      return bounds[1];
    }
    return v;
  });
  return { values: out, changed, bounds, reason: `${column}: outlier winsorised at ${how} [${round6(bounds[0])}, ${round6(bounds[1])}]` };
}

/**
 * Recode text values by a map (exact match after trimming), then send values outside an allowed
 * list to "other" (junk categories such as "YOLO" marital status). Nulls stay null.
 * @example recodeText('marital', ['Single', 'YOLO'], {}, ['Single', 'Married']).values // ['Single', 'other']
 */
export function recodeText(
  column: string,
  values: readonly (string | null)[],
  map: Readonly<Record<string, string>> = {},
  allowed?: readonly string[],
): { values: (string | null)[]; recoded: number; junk: number } {
  const allow = allowed ? new Set(allowed) : null;
  let recoded = 0;
  let junk = 0;
  const out = values.map((v) => {
    if (v === null) return null;
    let x = v;
    if (Object.prototype.hasOwnProperty.call(map, x)) {
      x = map[x];
      recoded++;
    }
    if (allow && !allow.has(x)) {
      junk++;
      return 'other';
    }
    return x;
  });
  return { values: out, recoded, junk };
}
