/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, with the standard coefficients:
 * reflection 1, expansion 2, contraction 0.5, shrink 0.5). Small, derivative-free, and enough for
 * the three- and four-parameter likelihoods of BG/NBD and Gamma-Gamma on log-parameters.
 */

export interface NelderMeadOptions {
  /** Initial simplex step per coordinate (absolute). Default 0.5. */
  step?: number;
  /** Stop when the spread of f over the simplex is below this, relative to max(1, |f(best)|). Default 1e-12. */
  fTolerance?: number;
  /** ...and the simplex's largest coordinate distance from the best vertex is below this. Default 1e-9. */
  xTolerance?: number;
  /** Maximum iterations (per start). Default 5000. */
  maxIterations?: number;
  /** Restarts from the best point (a fresh simplex guards against premature collapse). Default 2. */
  restarts?: number;
}

export interface NelderMeadResult {
  /** The best point found. */
  x: number[];
  /** f(x). */
  fx: number;
  /** Iterations over all starts. */
  iterations: number;
  /** Function evaluations over all starts. */
  evaluations: number;
  /** True when the last start stopped on the tolerances, not on maxIterations. */
  converged: boolean;
}

/**
 * Minimise `f` from `x0`. Non-finite values of f are treated as +Infinity (outside the domain).
 * Never mutates `x0`.
 * @example nelderMead(([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-1.2, 1]).x // ≈ [1, 1]
 */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const step = options.step ?? 0.5;
  const fTol = options.fTolerance ?? 1e-12;
  const xTol = options.xTolerance ?? 1e-9;
  const maxIter = options.maxIterations ?? 5000;
  const restarts = options.restarts ?? 2;
  let evaluations = 0;
  const g = (x: readonly number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let best = x0.slice();
  let bestF = g(best);
  let iterations = 0;
  let converged = false;
  for (let start = 0; start <= restarts; start++) {
    const run = simplexSearch(g, best, bestF, step, fTol, xTol, maxIter);
    iterations += run.iterations;
    converged = run.converged;
    const improved = run.fx < bestF - fTol * Math.max(1, Math.abs(bestF));
    if (run.fx <= bestF) {
      best = run.x;
      bestF = run.fx;
    }
    if (!improved && start > 0) break;
  }
  return { x: best, fx: bestF, iterations, evaluations, converged };
}

function simplexSearch(
  g: (x: readonly number[]) => number,
  x0: readonly number[],
  f0: number,
  step: number,
  fTol: number,
  xTol: number,
  maxIter: number,
): { x: number[]; fx: number; iterations: number; converged: boolean } {
  const n = x0.length;
  const points: number[][] = [x0.slice()];
  const values: number[] = [f0];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step;
    points.push(p);
    values.push(g(p));
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  let iterations = 0;
  while (iterations < maxIter) {
    order.sort((i, j) => values[i] - values[j]);
    const bestIdx = order[0];
    const worstIdx = order[n];
    const secondWorst = values[order[n - 1]];
    const spreadF = Math.abs(values[worstIdx] - values[bestIdx]);
    let spreadX = 0;
    for (const i of order) for (let d = 0; d < n; d++) spreadX = Math.max(spreadX, Math.abs(points[i][d] - points[bestIdx][d]));
    if (spreadF <= fTol * Math.max(1, Math.abs(values[bestIdx])) && spreadX <= xTol) return { x: points[bestIdx].slice(), fx: values[bestIdx], iterations, converged: true };
    iterations++;

    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let d = 0; d < n; d++) centroid[d] += points[order[k]][d] / n;
    const along = (t: number): number[] => centroid.map((c, d) => c + t * (points[worstIdx][d] - c));

    const reflected = along(-1);
    const fr = g(reflected);
    if (fr < values[bestIdx]) {
      const expanded = along(-2);
      const fe = g(expanded);
      if (fe < fr) replace(points, values, worstIdx, expanded, fe);
      else replace(points, values, worstIdx, reflected, fr);
      continue;
    }
    if (fr < secondWorst) {
      replace(points, values, worstIdx, reflected, fr);
      continue;
    }
    // Contraction: outside when the reflection improved on the worst point, inside otherwise.
    const outside = fr < values[worstIdx];
    const contracted = along(outside ? -0.5 : 0.5);
    const fc = g(contracted);
    if (fc < (outside ? fr : values[worstIdx])) {
      replace(points, values, worstIdx, contracted, fc);
      continue;
    }
    for (const i of order.slice(1)) {
      const shrunk = points[i].map((v, d) => points[bestIdx][d] + 0.5 * (v - points[bestIdx][d]));
      replace(points, values, i, shrunk, g(shrunk));
    }
  }
  order.sort((i, j) => values[i] - values[j]);
  return { x: points[order[0]].slice(), fx: values[order[0]], iterations, converged: false };
}

function replace(points: number[][], values: number[], i: number, p: number[], fp: number): void {
  points[i] = p;
  values[i] = fp;
}
