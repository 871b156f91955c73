/**
 * Parsers of the config's keyed maps and rules (column -> rule, attribute -> edges...), used as
 * `custom` fields by the declaration in fields.ts. Each records problems in plain words and keeps
 * the entries that are right.
 */
import { msg } from '../errors/messages';
import { dict } from '../io/dict';
import { isObject, type Problems } from './values';

/** Per-column missing-value rule: fill with median / mode / a constant, add a 0/1 indicator (and fill with the median), or drop the row. */
export type MissingRule = 'median' | 'mode' | 'indicator' | 'drop' | { constant: number | string };

/** Outlier rule: clip to the given quantiles, or to [Q1 - k IQR, Q3 + k IQR]. */
export type WinsorRule = { quantiles: [number, number] } | { iqr: number };

type Item<T> = (x: unknown, at: string, problems: Problems) => T | null;

/** An object of key -> item, each item checked; wrong items are left out. */
export function objectOf<T>(item: Item<T>, expected: string) {
  return (v: unknown, where: string, problems: Problems): Record<string, T> => {
    const out: Record<string, T> = dict();
    if (!isObject(v)) {
      problems.push(msg.badConfigValue(where, v, expected));
      return out;
    }
    for (const [key, x] of Object.entries(v)) {
      const parsed = item(x, `${where}.${key}`, problems);
      if (parsed !== null) out[key] = parsed;
    }
    return out;
  };
}

/** clean.ranges: column -> [min, max]. */
export function ranges(v: unknown, where: string, problems: Problems): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = dict();
  if (!isObject(v)) {
    problems.push(msg.badConfigValue(where, v, 'an object of column -> [min, max]'));
    return out;
  }
  for (const [col, r] of Object.entries(v)) {
    if (!Array.isArray(r) || r.length !== 2 || r.some((x) => typeof x !== 'number' || !Number.isFinite(x)) || r[0] > r[1]) {
      problems.push(msg.badConfigValue(`${where}.${col}`, r, '[min, max] with min <= max'));
    } else out[col] = [r[0], r[1]];
  }
  return out;
}

export const missingRule: Item<MissingRule> = (x, at, problems) => {
  if (x === 'median' || x === 'mode' || x === 'indicator' || x === 'drop') return x;
  if (isObject(x) && Object.keys(x).length === 1 && (typeof x.constant === 'number' || typeof x.constant === 'string')) return { constant: x.constant };
  problems.push(msg.badConfigValue(at, x, '"median", "mode", "indicator", "drop" or {"constant": value}'));
  return null;
};

export const winsorRule: Item<WinsorRule> = (x, at, problems) => {
  if (isObject(x) && Array.isArray(x.quantiles) && x.quantiles.length === 2) {
    const [lo, hi] = x.quantiles as unknown[];
    if (typeof lo === 'number' && typeof hi === 'number' && lo >= 0 && lo < hi && hi <= 1) return { quantiles: [lo, hi] };
  }
  if (isObject(x) && typeof x.iqr === 'number' && x.iqr > 0) return { iqr: x.iqr };
  problems.push(msg.badConfigValue(at, x, '{"quantiles": [lo, hi]} with 0 <= lo < hi <= 1, or {"iqr": k} with k > 0'));
  return null;
};

export const stringMap: Item<Record<string, string>> = (x, at, problems) => {
  if (isObject(x) && Object.values(x).every((y) => typeof y === 'string')) return { ...(x as Record<string, string>) };
  problems.push(msg.badConfigValue(at, x, 'an object of value -> replacement (strings)'));
  return null;
};

export function listOf(numbers: boolean): Item<string[] & number[]> {
  return (x, at, problems) => {
    if (Array.isArray(x) && x.every((y) => (numbers ? typeof y === 'number' && Number.isFinite(y) : typeof y === 'string'))) return x.slice() as string[] & number[];
    problems.push(msg.badConfigValue(at, x, numbers ? 'a list of numbers' : 'a list of strings'));
    return null;
  };
}

export const stringValue: Item<string> = (x, at, problems) => {
  if (typeof x === 'string' && x.trim()) return x.trim();
  problems.push(msg.badConfigValue(at, x, 'a non-empty text'));
  return null;
};

/** name -> non-empty string (fairness.reference, profile.names). */
export function stringRecord(v: unknown, where: string, problems: Problems): Record<string, string> {
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string' || x.length === 0)) {
    problems.push(msg.badConfigValue(where, v, 'an object of name -> non-empty string'));
    return {};
  }
  return { ...(v as Record<string, string>) };
}

/** fairness.bins: attribute -> increasing bin edges. */
export function binsRecord(v: unknown, where: string, problems: Problems): Record<string, number[]> {
  const ok = isObject(v) && Object.values(v).every((e) => Array.isArray(e) && e.length > 0 && e.every((x, i) => typeof x === 'number' && Number.isFinite(x) && (i === 0 || x > (e[i - 1] as number))));
  if (!ok) {
    problems.push(msg.badConfigValue(where, v, 'an object of attribute -> increasing list of numbers, e.g. { "income": [20000, 50000] }'));
    return {};
  }
  return Object.fromEntries(Object.entries(v as Record<string, number[]>).map(([k, e]) => [k, e.slice()]));
}

/** features.geographic.distanceBands: column -> distances >= 0. */
export function distanceBands(v: unknown, where: string, problems: Problems): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  if (!isObject(v)) {
    problems.push(msg.badConfigValue(where, v, 'an object of column -> [edges]'));
    return out;
  }
  for (const [col, edges] of Object.entries(v)) {
    if (Array.isArray(edges) && edges.length > 0 && edges.every((e) => typeof e === 'number' && Number.isFinite(e) && e >= 0)) out[col] = edges.slice() as number[];
    else problems.push(msg.badConfigValue(`${where}.${col}`, edges, 'a list of distances >= 0 (e.g. [5, 20, 50])'));
  }
  return out;
}
