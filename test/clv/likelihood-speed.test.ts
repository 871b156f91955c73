import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pooledBgNbdLogLikelihood, preparePooled, preparedBgNbdLogLikelihood, type PooledRow } from '../../lib/clv/bgnbd-likelihood';
import { fitGammaGamma, gammaGammaCustomerLogLikelihood } from '../../lib/clv/gamma-gamma';
import { createRng } from '../../lib/random/rng';

/** Seeded (x, t_x, T) rows with repeated time points, as a weekly summary has them. */
function pooledRows(n: number, seed: number): PooledRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const T = Math.round(rng.next() * 300) / 7;
    const x = rng.next() < 0.4 ? 0 : 1 + rng.int(40);
    const tx = x === 0 ? 0 : Math.round(rng.next() * T * 7) / 7;
    return { x, tx, T, weight: 1 + rng.int(3) };
  });
}

test('the prepared BG/NBD likelihood equals the pooled one bit for bit, limits included', () => {
  const rows = pooledRows(5000, 1);
  const prepared = preparePooled(rows);
  assert.ok(prepared.times.length < 700, `${prepared.times.length} distinct time points`);
  const params = [
    { lambda: 0.05, omega: 4, pi: 0.2, epsilon: 0.3 },
    { lambda: 1.3, omega: 0, pi: 0.01, epsilon: 0 },
    { lambda: 0.2, omega: 1e-8, pi: 0.999, epsilon: 50 },
    { lambda: 1e-4, omega: 0.5, pi: 0, epsilon: 1 },
  ];
  for (const p of params) assert.equal(preparedBgNbdLogLikelihood(p, prepared), pooledBgNbdLogLikelihood(p, rows), JSON.stringify(p));
});

test('Gamma-Gamma fit: its log-likelihood is the sum of the per-customer formula at the fitted parameters', () => {
  const rng = createRng(4);
  const frequency: number[] = [];
  const monetary: number[] = [];
  for (let i = 0; i < 3000; i++) {
    frequency.push(1 + rng.int(12));
    monetary.push(20 * Math.exp(rng.normal() * 0.6));
  }
  const fit = fitGammaGamma(frequency, monetary);
  let direct = 0;
  for (let i = 0; i < frequency.length; i++) direct += gammaGammaCustomerLogLikelihood(fit, frequency[i], monetary[i]);
  assert.ok(Math.abs(direct - fit.logLikelihood) < 1e-6 * Math.abs(direct), `${direct} vs ${fit.logLikelihood}`);
  assert.equal(fit.converged, true);
});
