/**
 * Issue 15: the CLV fits moved from Nelder–Mead alone to BFGS on analytic gradients plus a short
 * Nelder–Mead polish. The estimator must be the same: on seeded data that put the maximum on each
 * boundary (ω → 0, ε → 0, π → 0, both ω and ε), with strong heterogeneity, and on CDNOW, the new
 * fit's log-likelihood is at least the old one's minus 1e-9 relative, the parameters agree within
 * 1e-4 relative (natural parameters; ε is not identified when π = 0 and is not compared there),
 * the boundaries and warnings are the same, and both say converged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitBgNbd } from '../../lib/clv/bgnbd';
import { naturalParams } from '../../lib/clv/bgnbd-likelihood';
import { bfgs } from '../../lib/clv/bfgs';
import { fitGammaGamma } from '../../lib/clv/gamma-gamma';
import { minimiseWithPolish } from '../../lib/clv/minimise';
import { simulateBtyd, simulateSpend, type BtydShape } from './btyd-generator';
import { readCdnowFrequencySummary, readCdnowSummary } from './cdnow';
import { needsDatasets } from '../helpers/paths';

const close = (a: number, b: number, relative: number, label: string): void => assert.ok(Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)), `${label}: ${a} vs ${b}`);

function compareBgNbd(data: { frequency: number[]; recency: number[]; T: number[] }, expectedBoundary: string[]): void {
  const old = fitBgNbd(data, { optimizer: 'nelder-mead' });
  const fit = fitBgNbd(data);
  assert.ok(fit.logLikelihood >= old.logLikelihood - 1e-9 * Math.abs(old.logLikelihood), `LL ${fit.logLikelihood} vs Nelder–Mead ${old.logLikelihood}`);
  assert.deepEqual([...fit.boundary].sort(), [...expectedBoundary].sort());
  assert.deepEqual(fit.boundary, old.boundary);
  assert.deepEqual(fit.warnings, old.warnings);
  assert.ok(fit.converged && old.converged);
  const a = naturalParams(old);
  const b = naturalParams(fit);
  close(b.lambda, a.lambda, 1e-4, 'λ');
  close(b.omega, a.omega, 1e-4, 'ω');
  if (!fit.boundary.includes('no-dropout')) {
    close(b.pi, a.pi, 1e-4, 'π');
    close(b.epsilon, a.epsilon, 1e-4, 'ε');
  } else assert.ok(a.pi < 1e-6 && b.pi < 1e-6);
}

const shapes: [string, number, BtydShape, string[]][] = [
  ['one purchase rate for all (ω → 0)', 11, { rate: { lambda: 0.3 }, dropout: { a: 1, b: 3 } }, ['homogeneous-purchase-rate']],
  ['one dropout probability for all (ε → 0)', 12, { rate: { r: 1.5, alpha: 5 }, dropout: { pi: 0.1 } }, ['homogeneous-dropout']],
  ['no dropout (π → 0)', 13, { rate: { r: 1.5, alpha: 5 }, dropout: { pi: 0 } }, ['no-dropout']],
  ['one rate and one dropout probability (ω, ε → 0)', 15, { rate: { lambda: 0.2 }, dropout: { pi: 0.05 } }, ['homogeneous-purchase-rate', 'homogeneous-dropout']],
  ['strong heterogeneity (r 0.2, a 0.3, b 0.8)', 14, { rate: { r: 0.2, alpha: 1 }, dropout: { a: 0.3, b: 0.8 } }, []],
];
for (const [name, seed, shape, boundary] of shapes) {
  test(`BG/NBD quasi-Newton fit = Nelder–Mead fit: ${name}`, () => compareBgNbd(simulateBtyd(seed, 4000, shape), boundary));
}

test('BG/NBD quasi-Newton fit = Nelder–Mead fit on CDNOW (2,357 customers)', { skip: needsDatasets('cdnow') }, () => compareBgNbd(readCdnowFrequencySummary(), []));

function compareGammaGamma(frequency: number[], monetary: number[], boundary: string[]): void {
  const old = fitGammaGamma(frequency, monetary, undefined, 'nelder-mead');
  const fit = fitGammaGamma(frequency, monetary);
  assert.ok(fit.logLikelihood >= old.logLikelihood - 1e-9 * Math.abs(old.logLikelihood), `LL ${fit.logLikelihood} vs Nelder–Mead ${old.logLikelihood}`);
  assert.deepEqual(fit.boundary, boundary);
  assert.deepEqual(fit.boundary, old.boundary);
  assert.deepEqual(fit.warnings, old.warnings);
  assert.ok(fit.converged && old.converged);
  close(1 / fit.p, 1 / old.p, 1e-4, '1/p');
  close(fit.q, old.q, 1e-4, 'q');
  close(fit.p * fit.v, old.p * old.v, 1e-4, 'p·v');
}

test('Gamma-Gamma quasi-Newton fit = Nelder–Mead fit: interior, constant spend per customer (p → ∞), and q < 1 (no population mean)', () => {
  const interior = simulateSpend(21, 3000, 6, 3.7, 15);
  compareGammaGamma(interior.frequency, interior.monetary, []);
  const constant = simulateSpend(22, 3000, Infinity, 3, 20);
  compareGammaGamma(constant.frequency, constant.monetary, ['constant-customer-spend']);
  const heavy = simulateSpend(23, 3000, 2, 0.9, 5);
  compareGammaGamma(heavy.frequency, heavy.monetary, []);
  assert.ok(fitGammaGamma(heavy.frequency, heavy.monetary).q < 1);
});

test('Gamma-Gamma quasi-Newton fit = Nelder–Mead fit on CDNOW repeat buyers', { skip: needsDatasets('cdnow') }, () => {
  const rows = readCdnowSummary();
  compareGammaGamma(rows.map((r) => r.x), rows.map((r) => r.zbar), []);
});

test('BFGS finds the Rosenbrock minimum in few evaluations, steps back from non-finite values, and is deterministic', () => {
  const rosenbrock = (x: readonly number[], g: number[]): number => {
    g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
    g[1] = 200 * (x[1] - x[0] * x[0]);
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2;
  };
  const result = bfgs(rosenbrock, [-1.2, 1]);
  assert.ok(Math.abs(result.x[0] - 1) < 1e-6 && Math.abs(result.x[1] - 1) < 1e-6, `${result.x}`);
  assert.ok(result.evaluations < 100, `${result.evaluations} evaluations`);
  assert.deepEqual(bfgs(rosenbrock, [-1.2, 1]), result);
  // −log(x) + x has its minimum at 1; x <= 0 is outside the domain (NaN / Infinity).
  const barrier = (x: readonly number[], g: number[]): number => {
    g[0] = -1 / x[0] + 1;
    return -Math.log(x[0]) + x[0];
  };
  const bounded = bfgs(barrier, [8]);
  assert.ok(Math.abs(bounded.x[0] - 1) < 1e-6, `${bounded.x}`);
  assert.equal(bounded.stop, 'gradient');
});

test('minimiseWithPolish: converged is the Nelder–Mead polish verdict; a BFGS stop far from the optimum falls back to the full Nelder–Mead', () => {
  const f = (x: readonly number[]): number => (x[0] - 2) ** 2 + 10 * (x[1] + 1) ** 2;
  const fg = (x: readonly number[], g: number[]): number => {
    g[0] = 2 * (x[0] - 2);
    g[1] = 20 * (x[1] + 1);
    return f(x);
  };
  const result = minimiseWithPolish(f, fg, [0, 0], { step: 0.5, fTolerance: 1e-10, xTolerance: 1e-6 });
  assert.ok(result.converged);
  assert.ok(Math.abs(result.x[0] - 2) < 1e-5 && Math.abs(result.x[1] + 1) < 1e-5);
  assert.equal(result.quasiNewton.stop, 'gradient');
  // A wrong gradient (the sign flipped): BFGS cannot descend, the full Nelder–Mead still finds the minimum.
  const wrong = (x: readonly number[], g: number[]): number => {
    const v = fg(x, g);
    g[0] = -g[0];
    g[1] = -g[1];
    return v;
  };
  const rescued = minimiseWithPolish(f, wrong, [0, 0], { step: 0.5, fTolerance: 1e-10, xTolerance: 1e-6 });
  assert.notEqual(rescued.quasiNewton.stop, 'gradient');
  assert.ok(rescued.converged && Math.abs(rescued.x[0] - 2) < 1e-5 && Math.abs(rescued.x[1] + 1) < 1e-5);
  // Too small an iteration budget for the polish: not converged, as Nelder–Mead alone reports it.
  assert.equal(minimiseWithPolish(f, wrong, [0, 0], { step: 0.5, fTolerance: 1e-10, xTolerance: 1e-6, maxIterations: 3 }).converged, false);
});
