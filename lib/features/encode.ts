/**
 * Categorical and banded features as fit/apply pairs whose fitted state is plain JSON (saved
 * with the model so new customers are encoded with the same levels and edges).
 */

/** A fitted one-hot encoder: the kept levels; anything else (rare or unseen) goes to "other". */
export interface OneHotFit {
  column: string;
  /** Levels with their own 0/1 column, sorted. */
  levels: string[];
  /** Whether an "other" column exists (rare levels were grouped at fit time). */
  other: boolean;
  /** Whether a "missing" column exists (nulls at fit time). */
  missing: boolean;
}

/** Name of a one-hot column: `<column>=<level>`. */
export const oneHotName = (column: string, level: string): string => `${column}=${level}`;

/**
 * Fit a one-hot encoder: levels with at least `rareShare` of the non-missing values keep their own
 * column; rarer ones are grouped into "other".
 * @example fitOneHot('region', ['N', 'N', 'S', 'x'], 0.3).levels // ['N']
 */
export function fitOneHot(column: string, values: readonly (string | null)[], rareShare: number): OneHotFit {
  const counts = new Map<string, number>();
  let present = 0;
  for (const v of values) {
    if (v === null) continue;
    present++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const levels = [...counts.entries()].filter(([, c]) => c >= rareShare * present).map(([l]) => l).sort();
  return { column, levels, other: levels.length < counts.size, missing: values.some((v) => v === null) };
}

/** The column names an encoder produces, in order. */
export function oneHotNames(fit: OneHotFit): string[] {
  return [...fit.levels.map((l) => oneHotName(fit.column, l)), ...(fit.other ? [oneHotName(fit.column, 'other')] : []), ...(fit.missing ? [oneHotName(fit.column, 'missing')] : [])];
}

/** Encode values with a fitted encoder: one 0/1 array per name of `oneHotNames(fit)`. */
export function applyOneHot(fit: OneHotFit, values: readonly (string | null)[]): number[][] {
  const names = oneHotNames(fit);
  const position = new Map(fit.levels.map((l, j) => [l, j]));
  const otherAt = fit.other ? fit.levels.length : -1;
  const missingAt = fit.missing ? names.length - 1 : -1;
  const cols = names.map(() => new Array<number>(values.length).fill(0));
  values.forEach((v, i) => {
    const j = v === null ? missingAt : position.get(v) ?? otherAt;
    if (j !== -1) cols[j][i] = 1;
  });
  return cols;
}

/** Fitted bands of a numeric column (edges as given in features.bands). */
export interface BandFit {
  column: string;
  edges: number[];
}

/**
 * The band label of each value: "<25", "25-35", ..., "65+" (null stays null).
 * @example bandLabels({ column: 'age', edges: [25, 35] }, [20, 30, 40]) // ['<25', '25-35', '35+']
 */
export function bandLabels(fit: BandFit, values: readonly (number | null)[]): (string | null)[] {
  const e = [...fit.edges].sort((a, b) => a - b);
  return values.map((v) => {
    if (v === null) return null;
    if (v < e[0]) return `<${e[0]}`;
    for (let j = 1; j < e.length; j++) if (v < e[j]) return `${e[j - 1]}-${e[j]}`;
    return `${e[e.length - 1]}+`;
  });
}
