/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat purchasing,
 * Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2).
 * Fitted by maximum likelihood with Nelder–Mead on log-parameters; formulas as in the paper
 * (eq. 6 likelihood, eq. 7 E[X(t)], eq. 10 conditional expectation) and its note on P(alive).
 */
import { SeglabError, msg } from '../errors/messages';
import { nelderMead } from './nelder-mead';
import { hyp2f1, lgamma } from './special';
import type { BgNbdFit } from './types';

/** The three columns BG/NBD needs, in one time unit. */
export interface FrequencyRecencyAge {
  frequency: readonly number[];
  recency: readonly number[];
  T: readonly number[];
  /** Length of the time unit, days. Default 7. */
  unitDays?: number;
}

export type BgNbdParams = Pick<BgNbdFit, 'r' | 'alpha' | 'a' | 'b'>;

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
    const ok = Number.isInteger(x) && x >= 0 && tx >= 0 && T > 0 && tx <= T + 1e-9 && (x > 0 || tx === 0);
    if (!ok) bad.push(i);
  }
  if (bad.length) throw new SeglabError('clv', msg.clvBadSummaryRows(bad.length, bad, data.frequency[bad[0]], data.recency[bad[0]], data.T[bad[0]]));
}

/**
 * Log-likelihood of one customer (x, t_x, T) under BG/NBD.
 * @example bgnbdCustomerLogLikelihood({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, 0, 0, 38.86)
 */
export function bgnbdCustomerLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(a3, a4);
  return a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/** Total log-likelihood of a summary. */
export function bgnbdLogLikelihood(p: BgNbdParams, data: FrequencyRecencyAge): number {
  let ll = 0;
  for (let i = 0; i < data.frequency.length; i++) ll += bgnbdCustomerLogLikelihood(p, data.frequency[i], data.recency[i], data.T[i]);
  return ll;
}

export interface BgNbdFitOptions {
  /** Starting values (natural scale). Default r = α = a = b = 1 (α = mean T / 10 would also do). */
  start?: BgNbdParams;
}

/**
 * Fit BG/NBD by maximum likelihood. Identical (x, t_x, T) rows are pooled first, so the cost
 * grows with distinct rows, not customers.
 * @example const fit = fitBgNbd(rfmSummary(tx, { calibrationEnd })); fit.r // ≈ 0.2426 on CDNOW
 */
export function fitBgNbd(data: FrequencyRecencyAge, options: BgNbdFitOptions = {}): BgNbdFit {
  checkSummary(data);
  const pooled = poolRows(data);
  const start = options.start ?? { r: 1, alpha: 1, a: 1, b: 1 };
  const frequencies = [...new Set(pooled.map((row) => row.x))];
  const negLL = (theta: readonly number[]): number => {
    const [r, alpha, a, b] = theta.map(Math.exp);
    // The gamma-function terms depend on x only: compute them once per distinct x.
    const gammaTerms = new Map<number, number>();
    const base = lgamma(a + b) - lgamma(r) - lgamma(b) + r * Math.log(alpha);
    for (const x of frequencies) gammaTerms.set(x, base + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x));
    let ll = 0;
    for (const row of pooled) {
      const a3 = -(r + row.x) * Math.log(alpha + row.T);
      let tail = a3;
      if (row.x > 0) {
        const a4 = Math.log(a) - Math.log(b + row.x - 1) - (r + row.x) * Math.log(alpha + row.tx);
        const m = Math.max(a3, a4);
        tail = m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
      }
      ll += row.weight * ((gammaTerms.get(row.x) as number) + tail);
    }
    return -ll;
  };
  const result = nelderMead(negLL, [start.r, start.alpha, start.a, start.b].map(Math.log), { step: 0.5 });
  const [r, alpha, a, b] = result.x.map(Math.exp);
  return {
    model: 'bg-nbd',
    r,
    alpha,
    a,
    b,
    logLikelihood: -result.fx,
    customers: data.frequency.length,
    unitDays: data.unitDays ?? 7,
    iterations: result.iterations,
    converged: result.converged,
  };
}

function poolRows(data: FrequencyRecencyAge): { x: number; tx: number; T: number; weight: number }[] {
  const rows = new Map<string, { x: number; tx: number; T: number; weight: number }>();
  for (let i = 0; i < data.frequency.length; i++) {
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
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp);
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t time units of a customer with history
 * (x, t_x, T) (paper eq. 10).
 * @example conditionalExpectedPurchases(fit, 39, 2, 30.43, 38.86) // ≈ 1.226 on CDNOW
 */
export function conditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp);
  return numerator / (1 + aliveOdds(p, x, tx, T));
}

/**
 * P(alive | x, t_x, T): probability the customer has not dropped out by T.
 * @example probabilityAlive(fit, 0, 0, 38.86) // 1 (BG/NBD: no repeat purchase, no dropout yet)
 */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + aliveOdds(p, x, tx, T));
}

/** δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), in log space against overflow. */
function aliveOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 0;
  const { r, alpha, a, b } = p;
  return Math.exp(Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}
