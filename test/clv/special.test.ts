import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hyp2f1, lgamma, logBeta } from '../../lib/clv/special';
import { createRng } from '../../lib/random/rng';

const close = (actual: number, expected: number, tol: number, label = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${label} ${actual} vs ${expected}`);

test('lgamma matches known values (factorials, half-integers, reflection)', () => {
  close(lgamma(1), 0, 1e-14, 'Γ(1)');
  close(lgamma(2), 0, 1e-14, 'Γ(2)');
  close(lgamma(10), Math.log(362880), 1e-14, 'Γ(10) = 9!');
  close(lgamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 'Γ(1/2) = √π');
  close(lgamma(1.5), Math.log(Math.sqrt(Math.PI) / 2), 1e-14, 'Γ(3/2) = √π/2');
  close(lgamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 1e-13, '|Γ(−1/2)| = 2√π');
  // log(99!) summed directly.
  let log99 = 0;
  for (let k = 2; k <= 99; k++) log99 += Math.log(k);
  close(lgamma(100), log99, 1e-14, 'Γ(100)');
  close(lgamma(1e-8), -Math.log(1e-8) - 0.5772156649015329 * 1e-8, 1e-12, 'Γ(ε) ≈ 1/ε − γ');
  assert.equal(lgamma(0), Infinity);
  assert.equal(lgamma(-3), Infinity);
});

test('lgamma satisfies the recurrence lgamma(x + 1) = lgamma(x) + log x on seeded points', () => {
  const rng = createRng(5);
  for (let i = 0; i < 200; i++) {
    const x = 0.01 + rng.next() * 60;
    close(lgamma(x + 1), lgamma(x) + Math.log(x), 1e-13, `x = ${x}`);
  }
});

test('logBeta(a, b) is symmetric and B(1, n) = 1/n', () => {
  close(logBeta(2.5, 7), logBeta(7, 2.5), 1e-15);
  close(logBeta(1, 8), -Math.log(8), 1e-14);
});

test('hyp2f1 matches closed forms', () => {
  for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
    close(hyp2f1(1, 1, 2, z), z === 0 ? 1 : -Math.log(1 - z) / z, 1e-12, `2F1(1,1;2;${z})`);
    close(hyp2f1(0.7, 2.3, 2.3, z), Math.pow(1 - z, -0.7), 1e-12, `2F1(a,b;b;${z})`);
    const s = Math.sqrt(z);
    close(hyp2f1(0.5, 0.5, 1.5, z), z === 0 ? 1 : Math.asin(s) / s, 1e-12, `2F1(1/2,1/2;3/2;${z})`);
  }
  assert.throws(() => hyp2f1(1, 1, 2, 1), RangeError);
});
