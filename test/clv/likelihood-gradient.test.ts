/**
 * The analytic gradients of the CLV log-likelihoods (issue 15) against central finite differences
 * (Richardson: error O(h⁴)) on seeded random θ, including θ near 0 and exactly 0 in the squared
 * coordinates, rows with x = 0, a large x, t_x = T and t_x = 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preparePooled, preparedBgNbdLogLikelihood, toNatural, type PooledRow } from '../../lib/clv/bgnbd-likelihood';
import { logRatioSlope, preparedBgNbdLogLikelihoodGradient, spendLogLikelihoodGradient, type PreparedSpend } from '../../lib/clv/likelihood-gradient';
import { digamma, lgamma } from '../../lib/clv/special';
import { createRng } from '../../lib/random/rng';

/** d f/d θ_k by Richardson-extrapolated central differences. */
function numericGradient(f: (theta: number[]) => number, theta: readonly number[], k: number): number {
  const h = 1e-3 * Math.max(0.01, Math.abs(theta[k]));
  const at = (d: number): number => {
    const t = theta.slice();
    t[k] += d;
    return f(t);
  };
  return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
}

function bgnbdRows(): PooledRow[] {
  const rng = createRng(151);
  const rows: PooledRow[] = [];
  for (let i = 0; i < 400; i++) {
    const T = (7 + rng.int(700)) / 7;
    const x = i % 5 === 0 ? 0 : 1 + rng.int(40);
    // Every 7th repeat buyer bought last on the last day (t_x = T), every 11th only on the first (t_x = 0).
    const tx = x === 0 ? 0 : i % 7 === 0 ? T : i % 11 === 0 ? 0 : Math.round(rng.next() * T * 7) / 7;
    rows.push({ x, tx, T, weight: 1 + rng.int(5) });
  }
  rows.push({ x: 600, tx: 99, T: 100, weight: 2 }, { x: 250, tx: 100, T: 100, weight: 1 }, { x: 0, tx: 0, T: 0, weight: 3 });
  return rows;
}

function randomBgNbdThetas(): number[][] {
  const rng = createRng(152);
  const thetas: number[][] = [];
  for (let i = 0; i < 24; i++) thetas.push([Math.log(0.01 + 2 * rng.next()), 0.1 + 2 * rng.next(), (rng.next() - 0.5) * 4, 0.05 + 1.5 * rng.next()]);
  // Near and at the limits ω = 0, π = 0, ε = 0 (the squared coordinates' zero).
  thetas.push([Math.log(0.3), 1e-3, 0.4, 0.7], [Math.log(0.3), 0, 0.4, 0.7], [Math.log(0.3), 0.8, 1e-2, 0.7], [Math.log(0.3), 0.8, 0.4, 1e-3], [Math.log(0.3), 0.8, 0.4, 0], [Math.log(0.1), 0, -0.2, 0]);
  return thetas;
}

test('BG/NBD: the analytic gradient in θ matches finite differences; the value is preparedBgNbdLogLikelihood bit for bit', () => {
  const prepared = preparePooled(bgnbdRows());
  const f = (theta: number[]): number => preparedBgNbdLogLikelihood(toNatural(theta), prepared);
  for (const theta of randomBgNbdThetas()) {
    const gradient = [0, 0, 0, 0];
    const value = preparedBgNbdLogLikelihoodGradient(theta, prepared, gradient);
    assert.ok(Object.is(value, f(theta)), `value at ${theta}`);
    for (let k = 0; k < 4; k++) {
      const numeric = numericGradient(f, theta, k);
      const tolerance = 1e-6 * Math.abs(numeric) + 1e-9 * Math.abs(value);
      assert.ok(Math.abs(gradient[k] - numeric) <= tolerance, `θ ${theta.map((v) => v.toPrecision(4))}, ∂/∂θ${k}: analytic ${gradient[k]} vs numeric ${numeric}`);
    }
    // At a squared coordinate's zero the derivative is exactly 0 (the limit is a smooth interior point).
    for (const k of [1, 3]) if (theta[k] === 0) assert.equal(gradient[k], 0);
  }
});

test('BG/NBD gradient: x = 0 rows alone, and one-row pools at t_x = T, t_x = 0 and a large x', () => {
  for (const rows of [[{ x: 0, tx: 0, T: 30, weight: 4 }, { x: 0, tx: 0, T: 5, weight: 1 }], [{ x: 3, tx: 20, T: 20, weight: 1 }], [{ x: 3, tx: 0, T: 20, weight: 1 }], [{ x: 900, tx: 50, T: 52, weight: 1 }]]) {
    const prepared = preparePooled(rows);
    const f = (theta: number[]): number => preparedBgNbdLogLikelihood(toNatural(theta), prepared);
    for (const theta of [[Math.log(0.5), 0.7, 0.3, 0.6], [Math.log(4), 0.05, -1.1, 0.02], [Math.log(0.5), 0, 0.3, 0]]) {
      const gradient = [0, 0, 0, 0];
      const value = preparedBgNbdLogLikelihoodGradient(theta, prepared, gradient);
      for (let k = 0; k < 4; k++) {
        const numeric = numericGradient(f, theta, k);
        assert.ok(Math.abs(gradient[k] - numeric) <= 1e-6 * Math.abs(numeric) + 1e-9 * Math.max(1, Math.abs(value)), `rows ${JSON.stringify(rows)} θ ${theta} ∂/∂θ${k}: ${gradient[k]} vs ${numeric}`);
      }
      if (rows[0].x === 0) assert.deepEqual([gradient[2], gradient[3]], [0, 0], 'no π or ε in x = 0 rows');
    }
  }
});

function spendRows(): PreparedSpend {
  const rng = createRng(153);
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < 300; i++) {
    xs.push(i % 9 === 0 ? 60 + rng.int(40) : 1 + rng.int(8));
    ms.push(2 + 200 * rng.next() * rng.next());
  }
  const distinct = [...new Set(xs)];
  const position = new Map(distinct.map((x, u) => [x, u]));
  return { xs: Float64Array.from(xs), ms: Float64Array.from(ms), logM: Float64Array.from(ms, (m) => Math.log(m)), distinctX: Float64Array.from(distinct), xIndex: Int32Array.from(xs, (x) => position.get(x) as number) };
}

test('Gamma-Gamma: the analytic gradient in (log s, log q, √ξ) matches finite differences, including the asymptotic branch (x/ξ > 1e5) and ξ = 0', () => {
  const data = spendRows();
  const f = (theta: number[]): number => spendLogLikelihoodGradient(theta, data, lgamma, [0, 0, 0]);
  const rng = createRng(154);
  const thetas: number[][] = [];
  for (let i = 0; i < 20; i++) thetas.push([Math.log(1 + 300 * rng.next()), Math.log(0.3 + 8 * rng.next()), 0.05 + 2 * rng.next()]);
  thetas.push([Math.log(50), Math.log(3), 2e-3], [Math.log(50), Math.log(3), 1e-4], [Math.log(50), Math.log(0.8), 0], [Math.log(50), Math.log(3), 0.02]);
  for (const theta of thetas) {
    const gradient = [0, 0, 0];
    const value = spendLogLikelihoodGradient(theta, data, lgamma, gradient);
    for (let k = 0; k < 3; k++) {
      const numeric = numericGradient(f, theta, k);
      // Absolute part: the differences' rounding, about 1e-16·|f|/h with h down to 1e-6.
      assert.ok(Math.abs(gradient[k] - numeric) <= 1e-6 * Math.abs(numeric) + 1e-8 * Math.abs(value), `θ ${theta.map((v) => v.toPrecision(4))} ∂/∂θ${k}: analytic ${gradient[k]} vs numeric ${numeric}`);
    }
    if (theta[2] === 0) assert.equal(gradient[2], 0);
  }
});

test('digamma matches known values and the recurrence; logRatioSlope is the derivative of log(1+u)/u on both sides of its series switch', () => {
  const euler = 0.5772156649015329;
  assert.ok(Math.abs(digamma(1) + euler) < 1e-15);
  assert.ok(Math.abs(digamma(0.5) - (-euler - 2 * Math.log(2))) < 1e-14);
  assert.ok(Math.abs(digamma(10) - (1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 6 + 1 / 7 + 1 / 8 + 1 / 9 - euler)) < 1e-14);
  for (const x of [1e-3, 0.37, 2.5, 9.99, 10, 42, 1e4]) assert.ok(Math.abs(digamma(x + 1) - digamma(x) - 1 / x) < 1e-13 * Math.max(1, 1 / x), `recurrence at ${x}`);
  assert.ok(Number.isNaN(digamma(0)) && Number.isNaN(digamma(-1)));
  const h = (u: number): number => Math.log1p(u) / u;
  assert.equal(logRatioSlope(0), -0.5);
  for (const u of [1e-6, 0.01, 0.0499, 0.05, 0.0501, 0.3, 7, 1e4]) {
    const d = 1e-3 * Math.max(u, 1e-2);
    const numeric = (8 * (h(u + d) - h(u - d)) - (h(u + 2 * d) - h(u - 2 * d))) / (12 * d);
    assert.ok(Math.abs(logRatioSlope(u) - numeric) < 1e-7 * Math.abs(numeric), `u ${u}: ${logRatioSlope(u)} vs ${numeric}`);
  }
});
