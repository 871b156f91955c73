/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat purchasing,
 * Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2).
 * Formulas as in the paper (eq. 6 likelihood, eq. 7 E[X(t)], eq. 10 conditional expectation) and
 * its note on P(alive).
 *
 * The fit maximises the likelihood over a reparameterisation in which the model's limits are
 * ordinary points (see `bgnbd-likelihood.ts`): mean purchase rate λ = r/α, rate heterogeneity
 * ω = 1/r, mean dropout probability π = a/(a+b) and dropout heterogeneity ε = 1/(a+b). When the
 * maximum is at ω = 0, ε = 0 or π = 0 the fit says so (`boundary` and a warning) instead of
 * chasing a or b towards infinity.
 */
import { SeglabError, msg } from '../errors/messages';
import { bgnbdRowLogLikelihood, fromNatural, naturalParams, pooledBgNbdLogLikelihood, preparePooled, preparedBgNbdLogLikelihood, toNatural, type NaturalBgNbd } from './bgnbd-likelihood';
import { preparedBgNbdLogLikelihoodGradient } from './likelihood-gradient';
import { minimiseWithPolish } from './minimise';
import { nelderMead } from './nelder-mead';
import { hyp2f1 } from './special';
import type { BgNbdBoundary, BgNbdFit, BgNbdParams } from './types';

/** The three columns BG/NBD needs, in one time unit. */
export interface FrequencyRecencyAge {
  frequency: readonly number[];
  recency: readonly number[];
  T: readonly number[];
  /** Length of the time unit, days. Default 7. */
  unitDays?: number;
}

export type { BgNbdParams } from './types';

/**
 * A heterogeneity below this (ω = 1/r or ε = 1/(a+b)), or a mean dropout probability below it, is
 * read as the model's limit; the reported r or a+b is then LIMIT_CONCENTRATION (a stand-in for ∞
 * whose predictions differ from the limit's by about x/1e8).
 */
const BOUNDARY_EPSILON = 1e-6;
const LIMIT_CONCENTRATION = 1e8;

/** Check x is a non-negative integer and 0 <= t_x <= T, naming the first bad rows. */
export function checkSummary(data: FrequencyRecencyAge): void {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.T.length !== n) {
    throw new SeglabError('clv', msg.clvColumnLengths({ frequency: n, recency: data.recency.length, T: data.T.length }));
  }
  if (n === 0) throw new SeglabError('clv', msg.clvNoCustomers());
  const bad: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const tx = data.recency[i];
    const T = data.T[i];
    // T = 0 (first purchase on the calibration end day) is allowed: that customer adds 0 to the log-likelihood.
    const ok = Number.isInteger(x) && x >= 0 && tx >= 0 && T >= 0 && tx <= T + 1e-9 && (x > 0 || tx === 0);
    if (!ok) bad.push(i);
  }
  if (bad.length) throw new SeglabError('clv', msg.clvBadSummaryRows(bad.length, bad, data.frequency[bad[0]], data.recency[bad[0]], data.T[bad[0]]));
}

/**
 * Log-likelihood of one customer (x, t_x, T) under BG/NBD (paper eq. 6), computed in a form that
 * stays accurate for very large r, a, b.
 * @example bgnbdCustomerLogLikelihood({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, 0, 0, 38.86)
 */
export function bgnbdCustomerLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  return bgnbdRowLogLikelihood(naturalParams(p), x, tx, T);
}

/** Total log-likelihood of a summary. */
export function bgnbdLogLikelihood(p: BgNbdParams, data: FrequencyRecencyAge): number {
  const natural = naturalParams(p);
  let ll = 0;
  for (let i = 0; i < data.frequency.length; i++) ll += bgnbdRowLogLikelihood(natural, data.frequency[i], data.recency[i], data.T[i]);
  return ll;
}

export interface BgNbdFitOptions {
  /**
   * Starting values (natural scale). Default: λ = r/α = Σx / ΣT, r = 1, a/(a+b) = 0.1, a+b = 4;
   * two restarts from the best point follow.
   */
  start?: BgNbdParams;
  /** Iteration budget per Nelder–Mead start (the polish after BFGS, or Nelder–Mead alone). Default 5000. */
  maxIterations?: number;
  /**
   * 'quasi-newton' (default, issue 15): BFGS on the analytic gradient, then a short Nelder–Mead
   * polish with the same tolerances (lib/clv/minimise.ts). 'nelder-mead': Nelder–Mead alone from
   * the start (0.5 simplex, two restarts), the fit before issue 15; kept for comparisons.
   */
  optimizer?: 'quasi-newton' | 'nelder-mead';
}

/**
 * Fit BG/NBD by maximum likelihood. Identical (x, t_x, T) rows are pooled first, so the cost
 * grows with distinct rows, not customers. BFGS on the analytic gradient finds the maximum, then a
 * Nelder–Mead polish from there stops when the simplex's spread in log-likelihood is below 1e-10
 * relative and its size below 1e-6 (in the transformed parameters). A maximum on a
 * boundary of the parameter space is reported in `boundary` and `warnings`.
 * @example const fit = fitBgNbd(rfmSummary(tx, { calibrationEnd })); fit.r // ≈ 0.2426 on CDNOW
 */
export function fitBgNbd(data: FrequencyRecencyAge, options: BgNbdFitOptions = {}): BgNbdFit {
  checkSummary(data);
  const pooled = poolRows(data);
  const start = options.start ? naturalParams(options.start) : defaultStart(data);
  // Same value as pooledBgNbdLogLikelihood, bit for bit, with per-time-point terms computed once (issue 15).
  const prepared = preparePooled(pooled);
  const negLL = (theta: readonly number[]): number => -preparedBgNbdLogLikelihood(toNatural(theta), prepared);
  const nmOptions = { step: 0.5, fTolerance: 1e-10, xTolerance: 1e-6, maxIterations: options.maxIterations ?? 5000 };
  const negLLGradient = (theta: readonly number[], gradient: number[]): number => {
    const ll = preparedBgNbdLogLikelihoodGradient(theta, prepared, gradient);
    for (let i = 0; i < gradient.length; i++) gradient[i] = -gradient[i];
    return -ll;
  };
  const result = options.optimizer === 'nelder-mead' ? nelderMead(negLL, fromNatural(start), nmOptions) : minimiseWithPolish(negLL, negLLGradient, fromNatural(start), nmOptions);
  const found = toNatural(result.x);

  const boundary: BgNbdBoundary[] = [];
  const params: NaturalBgNbd = { ...found };
  if (found.omega < BOUNDARY_EPSILON) {
    boundary.push('homogeneous-purchase-rate');
    params.omega = 1 / LIMIT_CONCENTRATION;
  }
  if (found.epsilon < BOUNDARY_EPSILON) {
    boundary.push('homogeneous-dropout');
    params.epsilon = 1 / LIMIT_CONCENTRATION;
  }
  if (found.pi < BOUNDARY_EPSILON) boundary.push('no-dropout');
  const { r, alpha, a, b } = naturalToClassic(params);
  const logLikelihood = pooledBgNbdLogLikelihood(params, pooled);
  const warnings = boundary.map((kind) => msg.clvBgNbdBoundary(kind, { r, alpha, a, b }));
  if (!result.converged) warnings.push(msg.clvNotConverged('BG/NBD', result.iterations));
  return {
    model: 'bg-nbd',
    r,
    alpha,
    a,
    b,
    logLikelihood,
    customers: data.frequency.length,
    unitDays: data.unitDays ?? 7,
    iterations: result.iterations,
    converged: result.converged,
    boundary,
    warnings,
  };
}

/** A BG/NBD fit for a worker thread (lib/parallel/pool.ts): the summary's columns as typed arrays. */
export interface BgNbdFitTask {
  module: 'clv/bgnbd';
  fn: 'fitBgNbdTask';
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  unitDays?: number;
}

/** The task for `fitBgNbd(data)`. */
export function bgNbdFitTask(data: FrequencyRecencyAge): BgNbdFitTask {
  return { module: 'clv/bgnbd', fn: 'fitBgNbdTask', frequency: Float64Array.from(data.frequency), recency: Float64Array.from(data.recency), T: Float64Array.from(data.T), ...(data.unitDays === undefined ? {} : { unitDays: data.unitDays }) };
}

/** `fitBgNbd` on a task's columns: the same numbers, so the same fit as on the summary. */
export function fitBgNbdTask(task: BgNbdFitTask): BgNbdFit {
  return fitBgNbd({ frequency: Array.from(task.frequency), recency: Array.from(task.recency), T: Array.from(task.T), ...(task.unitDays === undefined ? {} : { unitDays: task.unitDays }) });
}

function defaultStart(data: FrequencyRecencyAge): NaturalBgNbd {
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < data.frequency.length; i++) {
    purchases += data.frequency[i];
    time += data.T[i];
  }
  // Repeat purchases per unit of observed time: a rough rate that ignores dropout.
  return { lambda: time > 0 ? Math.max(purchases, 1) / time : 1, omega: 1, pi: 0.1, epsilon: 0.25 };
}

function naturalToClassic(p: NaturalBgNbd): BgNbdParams {
  const r = 1 / p.omega;
  const concentration = 1 / p.epsilon;
  return { r, alpha: r / p.lambda, a: p.pi * concentration, b: (1 - p.pi) * concentration };
}

function poolRows(data: FrequencyRecencyAge): { x: number; tx: number; T: number; weight: number }[] {
  // Keyed by (x, index of t_x, index of T) as one number when that fits exactly (issue 15: no key
  // string per customer); rows in order of first appearance, as with the string keys below.
  const n = data.frequency.length;
  const timeIndex = new Map<number, number>();
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    if (data.frequency[i] > maxX) maxX = data.frequency[i];
    if (!timeIndex.has(data.recency[i])) timeIndex.set(data.recency[i], timeIndex.size);
    if (!timeIndex.has(data.T[i])) timeIndex.set(data.T[i], timeIndex.size);
  }
  const times = timeIndex.size;
  const out: { x: number; tx: number; T: number; weight: number }[] = [];
  if ((maxX + 1) * times * times < Number.MAX_SAFE_INTEGER) {
    const rowOf = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const x = data.frequency[i];
      const key = (x * times + (timeIndex.get(data.recency[i]) as number)) * times + (timeIndex.get(data.T[i]) as number);
      const at = rowOf.get(key);
      if (at !== undefined) out[at].weight++;
      else {
        rowOf.set(key, out.length);
        out.push({ x, tx: data.recency[i], T: data.T[i], weight: 1 });
      }
    }
    return out;
  }
  const rows = new Map<string, { x: number; tx: number; T: number; weight: number }>();
  for (let i = 0; i < n; i++) {
    const key = `${data.frequency[i]}|${data.recency[i]}|${data.T[i]}`;
    const row = rows.get(key);
    if (row) row.weight++;
    else rows.set(key, { x: data.frequency[i], tx: data.recency[i], T: data.T[i], weight: 1 });
  }
  return [...rows.values()];
}

/**
 * E[X(t)]: expected purchases in (0, t] of a new customer (paper eq. 7), t in time units.
 * @example expectedPurchases(fit, 39) // ≈ 1.04 for CDNOW's first 39 weeks
 */
export function expectedPurchases(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * (1 - Math.exp(-r * Math.log1p(t / alpha)) * hyp);
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t time units of a customer with history
 * (x, t_x, T) (paper eq. 10).
 * @example conditionalExpectedPurchases(fit, 39, 2, 30.43, 38.86) // ≈ 1.226 on CDNOW
 */
export function conditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  return conditionalPurchasesNumerator(p, t, x, T) / (1 + aliveOdds(p, x, tx, T));
}

/**
 * The part of `conditionalExpectedPurchases` that does not depend on t_x (t > 0): the result is
 * this divided by 1 + the alive odds. It needs a 2F1 series, and depends on (x, T) only, which
 * many customers share: predictiveClv computes it once per distinct (x, T) (issue 15).
 */
export function conditionalPurchasesNumerator(p: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = p;
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  // ((α+T)/(α+T+t))^(r+x) through log1p: r and α can be ~1e8 at the homogeneous-rate limit.
  return ((a + b + x - 1) / (a - 1)) * (1 - Math.exp(-(r + x) * Math.log1p(t / (alpha + T))) * hyp);
}

/** 1 + the odds of having dropped out (the divisor of the conditional expectation); 1 for x = 0. */
export function aliveDivisor(p: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 + aliveOdds(p, x, tx, T);
}

/**
 * P(alive | x, t_x, T): probability the customer has not dropped out by T.
 * @example probabilityAlive(fit, 0, 0, 38.86) // 1 (BG/NBD: no repeat purchase, no dropout yet)
 */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / aliveDivisor(p, x, tx, T);
}

/** δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), in log space against overflow. */
function aliveOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 0;
  const { r, alpha, a, b } = p;
  return Math.exp(Math.log(a / (b + x - 1)) + (r + x) * (Math.log1p((T - tx) / (alpha + tx))));
}
