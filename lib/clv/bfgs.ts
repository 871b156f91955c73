/**
 * BFGS quasi-Newton minimisation with a strong-Wolfe line search (Nocedal & Wright, "Numerical
 * Optimization", 2nd ed.: algorithm 6.1 with the inverse-Hessian update 6.17 and the scaling 6.20,
 * line search algorithms 3.5 and 3.6). Used by the CLV fits (issue 15): with analytic gradients the
 * BG/NBD and Gamma-Gamma likelihoods need a few dozen evaluations instead of hundreds of Nelder–Mead
 * ones. Deterministic: no randomness, the same numbers in the same order.
 */

/** f and its gradient at x; the gradient is written into `gradient` (length = x.length). */
export type ValueAndGradient = (x: readonly number[], gradient: number[]) => number;

export interface BfgsOptions {
  /** Stop when max |∂f/∂x_i| <= this × max(1, |f|). Default 1e-10. */
  gradientTolerance?: number;
  /** Stop when the quasi-Newton step's predicted decrease −gᵀHg is at most this × max(1, |f|). Default 1e-14. */
  decreaseTolerance?: number;
  /** Stop when an iteration lowers f by no more than this × max(1, |f|) and moves x by no more than `stepTolerance`. Default 1e-15. */
  fTolerance?: number;
  /** See fTolerance. Default 1e-10. */
  stepTolerance?: number;
  /** Maximum iterations. Default 200. */
  maxIterations?: number;
}

export interface BfgsResult {
  x: number[];
  fx: number;
  gradient: number[];
  iterations: number;
  /** Calls of f (each gives the value and the gradient). */
  evaluations: number;
  /** Why it stopped: a small gradient or predicted decrease, no more progress, the iteration budget, or a failed line search. */
  stop: 'gradient' | 'no-progress' | 'max-iterations' | 'line-search';
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_STEPS = 40;

/**
 * Minimise f from x0. Non-finite values of f are treated as +Infinity (outside the domain): the
 * line search then steps back. Never mutates x0.
 * @example bfgs((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, [0]).x // ≈ [3]
 */
export function bfgs(fg: ValueAndGradient, x0: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const gTol = options.gradientTolerance ?? 1e-10;
  const fTol = options.fTolerance ?? 1e-15;
  const sTol = options.stepTolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 200;
  const dTol = options.decreaseTolerance ?? 1e-14;
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: readonly number[], g: number[]): number => {
    evaluations++;
    const v = fg(x, g);
    return Number.isFinite(v) && g.every(Number.isFinite) ? v : Infinity;
  };
  let x = x0.slice();
  let g = new Array<number>(n).fill(0);
  let f = evaluate(x, g);
  if (f === Infinity) return { x, fx: f, gradient: g, iterations: 0, evaluations, stop: 'line-search' };
  // Inverse Hessian approximation, row-major; the identity until the first step scales it.
  let H = identity(n);
  let iterations = 0;
  let stop: BfgsResult['stop'] = 'max-iterations';
  while (iterations < maxIter) {
    if (maxAbs(g) <= gTol * Math.max(1, Math.abs(f))) {
      stop = 'gradient';
      break;
    }
    iterations++;
    let p = multiply(H, g).map((v) => -v);
    let slope = dot(g, p);
    // −slope = gᵀHg estimates twice the decrease still available (exactly so for a quadratic):
    // stop when that is at the rounding level of f.
    if (slope < 0 && -slope <= dTol * Math.max(1, Math.abs(f))) {
      stop = 'gradient';
      break;
    }
    if (!(slope < 0)) {
      // Not a descent direction (the approximation lost positive definiteness): restart from −g.
      H = identity(n);
      p = g.map((v) => -v);
      slope = dot(g, p);
    }
    // First step: at most a unit move in the largest coordinate.
    const initial = iterations === 1 ? Math.min(1, 1 / maxAbs(p)) : 1;
    const line = lineSearch(evaluate, x, f, g, p, slope, initial);
    if (line === null) {
      stop = 'line-search';
      break;
    }
    const s = p.map((v) => v * line.alpha);
    const y = line.g.map((v, i) => v - g[i]);
    const decrease = f - line.f;
    x = line.x;
    f = line.f;
    g = line.g;
    if (decrease <= fTol * Math.max(1, Math.abs(f)) && maxAbs(s) <= sTol) {
      stop = 'no-progress';
      break;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iterations === 1) H = identity(n).map((v) => (v * sy) / dot(y, y));
      H = bfgsUpdate(H, s, y, sy);
    }
  }
  return { x, fx: f, gradient: g, iterations, evaluations, stop };
}

interface LinePoint {
  alpha: number;
  x: number[];
  f: number;
  g: number[];
  slope: number;
}

/** A step length satisfying the strong Wolfe conditions along p, or the best decrease found; null when f never decreased. */
function lineSearch(
  evaluate: (x: readonly number[], g: number[]) => number,
  x: readonly number[],
  f0: number,
  g0: readonly number[],
  p: readonly number[],
  slope0: number,
  initial: number,
): LinePoint | null {
  const at = (alpha: number): LinePoint => {
    const point = x.map((v, i) => v + alpha * p[i]);
    const g = new Array<number>(x.length).fill(0);
    const f = evaluate(point, g);
    return { alpha, x: point, f, g, slope: f === Infinity ? NaN : dot(g, p) };
  };
  const origin: LinePoint = { alpha: 0, x: x.slice(), f: f0, g: g0.slice(), slope: slope0 };
  let previous = origin;
  let alpha = initial;
  let steps = 0;
  let best: LinePoint | null = null;
  const consider = (point: LinePoint): void => {
    if (point.f < f0 && (best === null || point.f < best.f)) best = point;
  };
  while (steps < MAX_LINE_STEPS) {
    steps++;
    const point = at(alpha);
    consider(point);
    if (point.f > f0 + C1 * alpha * slope0 || (previous.alpha > 0 && point.f >= previous.f)) return zoom(previous, point) ?? best;
    if (Math.abs(point.slope) <= -C2 * slope0) return point;
    if (point.slope >= 0) return zoom(point, previous) ?? best;
    previous = point;
    alpha *= 2;
  }
  return best;

  // Algorithm 3.6: lo satisfies the sufficient decrease and has the lower f; the minimiser lies between lo and hi.
  function zoom(lo: LinePoint, hi: LinePoint): LinePoint | null {
    while (steps < MAX_LINE_STEPS) {
      steps++;
      const width = hi.alpha - lo.alpha;
      // Minimiser of the quadratic through f(lo), f'(lo), f(hi), kept in the middle 80% of the bracket (bisection when f(hi) is infinite).
      let trial = lo.alpha + width / 2;
      if (Number.isFinite(hi.f)) {
        const denominator = 2 * (hi.f - lo.f - lo.slope * width);
        if (denominator > 0) trial = lo.alpha - (lo.slope * width * width) / denominator;
      }
      const a = Math.min(lo.alpha, hi.alpha);
      const b = Math.max(lo.alpha, hi.alpha);
      trial = Math.min(Math.max(trial, a + 0.1 * (b - a)), b - 0.1 * (b - a));
      const point = at(trial);
      consider(point);
      if (point.f > f0 + C1 * trial * slope0 || point.f >= lo.f) hi = point;
      else {
        if (Math.abs(point.slope) <= -C2 * slope0) return point;
        if (point.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = point;
      }
      if (Math.abs(hi.alpha - lo.alpha) <= 1e-16 * Math.max(1, Math.abs(lo.alpha))) break;
    }
    return lo.alpha > 0 ? lo : null;
  }
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs). */
function bfgsUpdate(H: number[], s: readonly number[], y: readonly number[], sy: number): number[] {
  const n = s.length;
  const rho = 1 / sy;
  const Hy = multiply(H, y);
  const yHy = dot(y, Hy);
  const out = new Array<number>(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = H[i * n + j] - rho * (s[i] * Hy[j] + Hy[i] * s[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
  }
  return out;
}

function identity(n: number): number[] {
  const out = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

function multiply(H: readonly number[], v: readonly number[]): number[] {
  const n = v.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += H[i * n + j] * v[j];
  return out;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(v: readonly number[]): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}
