import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nelderMead } from '../../lib/clv/nelder-mead';

test('Nelder–Mead finds the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
  const rosenbrock = ([x, y]: readonly number[]): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  const start = Object.freeze([-1.2, 1]);
  const result = nelderMead(rosenbrock, start);
  assert.ok(Math.abs(result.x[0] - 1) < 1e-5 && Math.abs(result.x[1] - 1) < 1e-5, `x = ${result.x}`);
  assert.ok(result.fx < 1e-10);
  assert.ok(result.converged);
  assert.deepEqual(start, [-1.2, 1], 'input not mutated');
});

test('Nelder–Mead minimises a 4-D shifted quadratic and treats non-finite values as outside the domain', () => {
  const target = [3, -2, 0.5, 10];
  const f = (x: readonly number[]): number => (x[0] < -50 ? NaN : x.reduce((s, v, i) => s + (i + 1) * (v - target[i]) ** 2, 0));
  const result = nelderMead(f, [0, 0, 0, 0]);
  result.x.forEach((v, i) => assert.ok(Math.abs(v - target[i]) < 1e-5, `coordinate ${i}: ${v}`));
});

test('Nelder–Mead reports non-convergence when the iteration budget is too small', () => {
  const rosenbrock = ([x, y]: readonly number[]): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5, restarts: 0 });
  assert.equal(result.converged, false);
});
