/**
 * simple-statistics' `sum` (Neumaier's compensated summation), as a running accumulator: adding
 * values one at a time in some order gives `ss.sum` of the array of those values in that order, bit
 * for bit. Lets one pass over the rows keep a sum per segment (lib/profile) without building an
 * array per segment and feature.
 */

/** Running compensated sums, one per slot (e.g. per segment). */
export class NeumaierSums {
  private readonly sum: Float64Array;
  private readonly correction: Float64Array;
  private readonly count: Int32Array;

  constructor(slots: number) {
    this.sum = new Float64Array(slots);
    this.correction = new Float64Array(slots);
    this.count = new Int32Array(slots);
  }

  /** Adds x to slot s (as ss.sum's loop does for its next element). */
  add(s: number, x: number): void {
    if (this.count[s]++ === 0) {
      this.sum[s] = x;
      return;
    }
    const sum = this.sum[s];
    const transition = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.correction[s] += sum - transition + x;
    else this.correction[s] += x - transition + sum;
    this.sum[s] = transition;
  }

  /** ss.sum of the values added to slot s (0 when none). */
  total(s: number): number {
    return this.count[s] === 0 ? 0 : this.sum[s] + this.correction[s];
  }

  /** ss.mean of the values added to slot s (NaN when none). */
  mean(s: number): number {
    return this.count[s] === 0 ? NaN : this.total(s) / this.count[s];
  }
}
