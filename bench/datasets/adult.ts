/**
 * Loads UCI Adult (adult.data: no header, ", " separators, "?" for missing) for the fairness
 * tests and bench, and builds the clustering features the issue asks for: standardised numeric
 * columns and one-hot categorical columns ("column=value"), WITHOUT sex and race.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDatasets } from './paths';

export const ADULT_COLUMNS = [
  'age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship',
  'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income',
] as const;

export type AdultRow = Record<(typeof ADULT_COLUMNS)[number], string>;

export const adultPath = path.join(sharedDatasets, 'adult-census-income', 'adult.data');

/** The 32,561 training rows, values trimmed; "?" kept as is (the feature builder maps it to a category). */
export function loadAdult(file = adultPath): AdultRow[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const values = line.split(',').map((v) => v.trim());
      return Object.fromEntries(ADULT_COLUMNS.map((c, j) => [c, values[j]])) as AdultRow;
    });
}

const NUMERIC = ['age', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'] as const;
const LOGGED = new Set(['capital-gain', 'capital-loss']);
const CATEGORICAL = ['workclass', 'marital-status', 'occupation', 'relationship', 'native-country'] as const;

/**
 * Standardised numeric features (capital gain/loss log1p first) and one-hot categories; sex, race,
 * income, fnlwgt (a sampling weight) and education (duplicated by education-num) are left out.
 * Native countries with fewer than 100 rows are pooled as "native-country=other".
 */
export function adultFeatures(rows: readonly AdultRow[]): { names: string[]; matrix: number[][] } {
  const names: string[] = [];
  const columns: number[][] = [];
  for (const col of NUMERIC) {
    const raw = rows.map((r) => (LOGGED.has(col) ? Math.log1p(Number(r[col])) : Number(r[col])));
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
    const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / raw.length) || 1;
    names.push(col);
    columns.push(raw.map((v) => (v - mean) / sd));
  }
  for (const col of CATEGORICAL) {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r[col], (counts.get(r[col]) ?? 0) + 1);
    const level = (v: string): string => ((counts.get(v) ?? 0) < 100 ? 'other' : v);
    const levels = [...new Set(rows.map((r) => level(r[col])))].sort();
    for (const lv of levels) {
      names.push(`${col}=${lv}`);
      columns.push(rows.map((r) => (level(r[col]) === lv ? 1 : 0)));
    }
  }
  return { names, matrix: rows.map((_, i) => columns.map((c) => c[i])) };
}
