/**
 * Exact sums of money (issue 15): every order-line amount becomes an integer number of
 * micro-units (1e-6 of the currency unit, rounded half away from zero), and per-customer sums are
 * sums of integers. Integer addition does not depend on the order of the lines, so the JavaScript
 * path and DuckDB's parallel GROUP BY (SQL: `microSql`, summed as HUGEINT) give the same bits,
 * run after run. Money features are derived from these integers in one place (`centsOfMicro`).
 *
 * Amounts with up to 6 decimals are represented exactly (|amount| < 2^53 / 1e6, about 9e9,
 * keeps x * 1e6 within half a unit of the decimal value); a refund of -x is exactly minus the
 * purchase of x. A sum that would leave the exactly representable integers (2^53) continues
 * in BigInt, so it stays exact; its final value is rounded to a double once, as DuckDB's HUGEINT is.
 */

/** Micro-units per currency unit. */
export const MICRO = 1_000_000;

/** An amount in micro-units: round(amount x 1e6), ties away from zero (as DuckDB's round). */
export function toMicro(amount: number): number {
  const m = Math.round(Math.abs(amount * MICRO));
  return amount < 0 ? 0 - m : m; // 0 - 0 is +0: no negative zero
}

/** The SQL (DuckDB) expression of `toMicro` for a DOUBLE column; NULL when it does not fit a BIGINT. */
export function microSql(column: string): string {
  return `TRY_CAST(round(${column} * ${MICRO}) AS BIGINT)`;
}

/**
 * A sum of micro-units rounded to cents, as Math.round(x * 100) / 100 rounds (ties towards
 * +infinity), computed on the exact integer: the tie is decided exactly.
 */
export function centsOfMicro(sum: number): number {
  const shifted = sum + 5_000;
  // Beyond 2^53 the sum is a rounded double already (BigInt sums): round it as a double.
  if (!Number.isSafeInteger(sum) || !Number.isSafeInteger(shifted)) return Math.round(sum / 10_000) / 100;
  const r = shifted % 10_000; // exact for integers
  return ((shifted - r) / 10_000 - (r < 0 ? 1 : 0)) / 100;
}

/** Per-slot exact sums of integer micro-units. */
export class ExactSums {
  readonly values: Float64Array;
  private big: Map<number, bigint> | null = null;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  /** Add an integer `micro` (from toMicro) to slot `i`. */
  add(i: number, micro: number): void {
    const big = this.big?.get(i);
    if (big !== undefined) {
      this.big?.set(i, big + BigInt(micro));
      return;
    }
    const s = this.values[i] + micro;
    // Both addends are integers of at most 2^53 in size: s is exact exactly when it is safe.
    if (Number.isSafeInteger(s) && Number.isSafeInteger(micro)) this.values[i] = s;
    else (this.big ??= new Map()).set(i, BigInt(this.values[i]) + BigInt(micro));
  }

  /** The sum of slot `i` as a double (exact below 2^53; otherwise the nearest double, as Number(bigint)). */
  get(i: number): number {
    const big = this.big?.get(i);
    return big === undefined ? this.values[i] : Number(big);
  }

  /** Every slot's sum. */
  toArray(): number[] {
    const out = Array.from(this.values);
    if (this.big) for (const [i, b] of this.big) out[i] = Number(b);
    return out;
  }
}
