/**
 * Column-keyed records without a prototype. Input column names are data: a column named
 * "constructor", "__proto__" or "toString" must be an ordinary key, never Object.prototype's
 * member (`{}["constructor"]` is a function, and `"toString" in {}` is true).
 */

/**
 * An empty record with no prototype.
 * @example const byColumn = dict<number[]>(); byColumn['constructor'] // undefined
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A prototype-free copy of `entries` (the safe form of Object.fromEntries for column names).
 * @example dictFrom([['__proto__', 1]])['__proto__'] // 1
 */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = dict<T>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The value of an own key, or undefined (safe on ordinary objects parsed from JSON). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
