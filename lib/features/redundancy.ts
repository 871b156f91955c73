/**
 * Numeric features that repeat others: a column that is an exact (to rounding) linear combination of
 * earlier ones, such as BankChurners' Avg_Open_To_Buy = Credit_Limit − Total_Revolving_Bal on every
 * row, or two columns that are almost perfectly correlated (|r| > 0.9999). Such a column adds no
 * information and gives what it repeats more weight in the clustering; the trial of 2026-11-29 found
 * it went unnoticed. Found on the rows where every column checked has a value (filled-in values are
 * not data), by an incremental Cholesky factorisation of the correlation matrix in column order.
 */

/** One column that is a linear combination of earlier ones. */
export interface LinearRedundancy {
  column: string;
  /** The combination as printed: coefficient per column (rounded to 6 significant digits, whole numbers kept whole). */
  terms: { column: string; coefficient: number }[];
  intercept: number;
  /** Largest |column − combination| over `rows`, computed with the printed coefficients; 0 below 1e-9 of the column's largest |value| (binary rounding). */
  maxDeviation: number;
  /** Rows checked: those with a value in every column checked. */
  rows: number;
}

/** Two columns almost perfectly correlated, neither an exact combination of the earlier columns. */
export interface NearDuplicate {
  columns: [string, string];
  correlation: number;
  rows: number;
}

/** 1 − R² below this: a combination "to rounding" (the residual's spread under 0.01% of the column's). */
const EXACT = 1e-8;
/** |r| above this: almost the same column. */
const NEAR = 0.9999;
/** More columns than this are not checked (d² work per row). */
const MAX_COLUMNS = 80;

/** A coefficient as printed: whole when within 1e-6 of a whole number, else 6 significant digits. */
function printed(x: number): number {
  const whole = Math.round(x);
  if (Math.abs(x - whole) <= 1e-6 * Math.max(1, Math.abs(x))) return whole;
  return Number(x.toPrecision(6));
}

/**
 * The numeric columns that repeat others, in column order: exact linear combinations of earlier
 * columns, then almost-perfectly-correlated pairs not already explained. `valueAt(j, i)` is column
 * j's value on row i of `n`, null when missing; constant columns are skipped.
 * @example linearRedundancies(['a', 'b', 'c'], 3, (j, i) => [[1, 2, 3], [2, 0, 5], [3, 2, 8]][j][i]).exact[0].column // 'c'
 */
export function linearRedundancies(names: readonly string[], n: number, valueAt: (j: number, i: number) => number | null): { exact: LinearRedundancy[]; near: NearDuplicate[] } {
  if (names.length < 2 || names.length > MAX_COLUMNS) return { exact: [], near: [] };
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let j = 0; j < names.length && ok; j++) {
      const v = valueAt(j, i);
      ok = v !== null && Number.isFinite(v);
    }
    if (ok) rows.push(i);
  }
  if (rows.length < 3) return { exact: [], near: [] };
  const values = names.map((_, j) => Float64Array.from(rows, (i) => valueAt(j, i) as number));
  const d = names.length;
  const mean = values.map((v) => v.reduce((a, b) => a + b, 0) / v.length);
  const centred = values.map((v, j) => v.map((x) => x - mean[j]));
  const cov = Array.from({ length: d }, () => new Float64Array(d));
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const x = centred[a];
      const y = centred[b];
      for (let i = 0; i < x.length; i++) s += x[i] * y[i];
      cov[a][b] = cov[b][a] = s;
    }
  }
  const sd = cov.map((row, j) => Math.sqrt(row[j]));
  const corr = (a: number, b: number): number => cov[a][b] / (sd[a] * sd[b]);

  // Incremental Cholesky of the correlation matrix of the independent columns found so far (basis).
  const basis: number[] = [];
  const chol: number[][] = [];
  const exact: LinearRedundancy[] = [];
  for (let j = 0; j < d; j++) {
    if (!(sd[j] > 0)) continue;
    // Solve L y = R[basis, j] (forward substitution).
    const y = basis.map(() => 0);
    for (let r = 0; r < basis.length; r++) {
      let s = corr(basis[r], j);
      for (let c = 0; c < r; c++) s -= chol[r][c] * y[c];
      y[r] = s / chol[r][r];
    }
    const residual = 1 - y.reduce((a, b) => a + b * b, 0);
    if (residual < EXACT && basis.length > 0) {
      // Standardised coefficients: solve Lᵀ β = y (back substitution); then in the columns' units.
      const beta = y.slice();
      for (let r = basis.length - 1; r >= 0; r--) {
        let s = beta[r];
        for (let c = r + 1; c < basis.length; c++) s -= chol[c][r] * beta[c];
        beta[r] = s / chol[r][r];
      }
      const terms = basis
        .map((k, r) => ({ k, coefficient: printed((beta[r] * sd[j]) / sd[k]), weight: Math.abs(beta[r]) }))
        .filter((t) => t.weight > 1e-6 && t.coefficient !== 0);
      const intercept = printed(mean[j] - terms.reduce((a, t) => a + t.coefficient * mean[t.k], 0));
      let maxDeviation = 0;
      let largest = 0;
      for (let i = 0; i < rows.length; i++) {
        let fit = intercept;
        for (const t of terms) fit += t.coefficient * values[t.k][i];
        maxDeviation = Math.max(maxDeviation, Math.abs(values[j][i] - fit));
        largest = Math.max(largest, Math.abs(values[j][i]));
      }
      // Below the doubles' own rounding of these values (3313.3 − 1.1 is not 3312.2 in binary): exact.
      if (maxDeviation <= 1e-9 * largest) maxDeviation = 0;
      exact.push({ column: names[j], terms: terms.map((t) => ({ column: names[t.k], coefficient: t.coefficient })), intercept: Math.abs(intercept) < 1e-9 * Math.max(1, Math.abs(mean[j])) ? 0 : intercept, maxDeviation, rows: rows.length });
      continue;
    }
    chol.push([...y, Math.sqrt(Math.max(residual, 0))]);
    basis.push(j);
  }
  const explained = new Set(exact.flatMap((e) => [e.column, ...e.terms.map((t) => t.column)]));
  const near: NearDuplicate[] = [];
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      if (!(sd[a] > 0 && sd[b] > 0) || (explained.has(names[a]) && explained.has(names[b]))) continue;
      const r = corr(a, b);
      if (Math.abs(r) > NEAR) near.push({ columns: [names[a], names[b]], correlation: r, rows: rows.length });
    }
  }
  return { exact, near };
}
