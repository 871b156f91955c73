/**
 * The CLV fits' minimiser (issue 15): BFGS with analytic gradients (lib/clv/bfgs.ts) to the
 * optimum, then a short Nelder–Mead polish from there with a small simplex and the fits' own
 * tolerances, so that "converged" keeps its meaning: a simplex whose spread in f is within the
 * f tolerance and whose size is within the x tolerance. Before issue 15 the fits ran Nelder–Mead
 * alone from a 0.5 simplex with two restarts (493-602 evaluations at 200k customers); the polish
 * starts where the gradient is about 0, so one start suffices. When BFGS stops without a small
 * gradient (a failed line search or its iteration budget), the polish is the full Nelder–Mead of
 * old from BFGS's best point.
 */
import { bfgs, type ValueAndGradient } from './bfgs';
import { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead';

/** Initial simplex step of the polish (in the fit's coordinates). */
export const POLISH_STEP = 1e-5;

export interface MinimiseResult extends NelderMeadResult {
  /** BFGS iterations, evaluations (value + gradient) and why it stopped. */
  quasiNewton: { iterations: number; evaluations: number; stop: string };
  /** Nelder–Mead evaluations of the polish (value only). */
  polishEvaluations: number;
}

/**
 * Minimise f (value `f`, value and gradient `fg`) from x0. `options` are the Nelder–Mead options
 * the fit used alone (their tolerances and iteration budget apply to the polish).
 * `iterations` counts BFGS and Nelder–Mead iterations; `converged` is the polish's.
 */
export function minimiseWithPolish(f: (x: readonly number[]) => number, fg: ValueAndGradient, x0: readonly number[], options: NelderMeadOptions): MinimiseResult {
  const qn = bfgs(fg, x0);
  const settled = qn.stop === 'gradient' || qn.stop === 'no-progress';
  const polish = nelderMead(f, qn.x, settled ? { ...options, step: POLISH_STEP, restarts: 0 } : options);
  return {
    x: polish.x,
    fx: polish.fx,
    iterations: qn.iterations + polish.iterations,
    evaluations: qn.evaluations + polish.evaluations,
    converged: polish.converged,
    quasiNewton: { iterations: qn.iterations, evaluations: qn.evaluations, stop: qn.stop },
    polishEvaluations: polish.evaluations,
  };
}
