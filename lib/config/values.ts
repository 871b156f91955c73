/**
 * Small checkers for config values: each returns the value (or the default when absent), and
 * records a problem in plain words when the value is of the wrong kind or out of bounds.
 */
import { msg } from '../errors/messages';

/** Problems found while validating, one plain sentence each. */
export type Problems = string[];

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function num(
  v: unknown,
  where: string,
  fallback: number,
  problems: Problems,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number {
  if (v === undefined) return fallback;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!opts.integer || Number.isInteger(v)) &&
    (opts.min === undefined || v >= opts.min) &&
    (opts.max === undefined || v <= opts.max);
  if (!ok) {
    const range = [opts.min !== undefined ? `>= ${opts.min}` : '', opts.max !== undefined ? `<= ${opts.max}` : '']
      .filter(Boolean)
      .join(' and ');
    problems.push(msg.badConfigValue(where, v, `${opts.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`));
    return fallback;
  }
  return v as number;
}

export function str(v: unknown, where: string, fallback: string, problems: Problems): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || v.length === 0) {
    problems.push(msg.badConfigValue(where, v, 'a non-empty string'));
    return fallback;
  }
  return v;
}

export function bool(v: unknown, where: string, fallback: boolean, problems: Problems): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') {
    problems.push(msg.badConfigValue(where, v, 'true or false'));
    return fallback;
  }
  return v;
}

export function strList(v: unknown, where: string, fallback: string[], problems: Problems): string[] {
  if (v === undefined) return fallback.slice();
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    problems.push(msg.badConfigValue(where, v, 'a list of strings'));
    return fallback.slice();
  }
  return v.slice() as string[];
}

export function numList(v: unknown, where: string, fallback: number[], problems: Problems, min = -Infinity): number[] {
  if (v === undefined) return fallback.slice();
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x < min)) {
    problems.push(msg.badConfigValue(where, v, `a list of numbers${min > -Infinity ? ` >= ${min}` : ''}`));
    return fallback.slice();
  }
  return v.slice() as number[];
}

export function oneOf<T extends string>(v: unknown, where: string, allowed: readonly T[], fallback: T, problems: Problems): T {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    problems.push(msg.badConfigValue(where, v, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`));
    return fallback;
  }
  return v as T;
}
