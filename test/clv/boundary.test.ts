/**
 * Fits whose maximum lies on a boundary of the parameter space, where the classic parameters run
 * off to infinity: the fit must stop there, say so, and predict with the limiting model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msg } from '../../lib/errors/messages';
import { bgnbdLogLikelihood, conditionalExpectedPurchases, fitBgNbd, probabilityAlive } from '../../lib/clv/bgnbd';
import { fitGammaGamma } from '../../lib/clv/gamma-gamma';
import { lgamma } from '../../lib/clv/special';
import { readCdnowFrequencySummary } from './cdnow';
import { needsDatasets } from '../helpers/paths';

test('identical customers: the mixing distributions collapse to points, both boundaries are reported, λ and π are the one-customer MLE', () => {
  // 60 customers with x = 2, t_x = 5, T = 10. A mixture can do no better than a point mass at the
  // single customer's maximum, so r, α, a, b → ∞; the answer is the (λ, π) maximising
  // f = λ²(1−π)[(1−π)e^{−10λ} + π e^{−5λ}], found here by grid search.
  const n = 60;
  const data = Object.freeze({ frequency: Object.freeze(new Array(n).fill(2)), recency: Object.freeze(new Array(n).fill(5)), T: Object.freeze(new Array(n).fill(10)) });
  const fit = fitBgNbd(data);
  let best = { f: -Infinity, lambda: 0, pi: 0 };
  for (let lambda = 0.001; lambda < 2; lambda += 0.001) {
    for (let pi = 0.001; pi < 1; pi += 0.001) {
      const f = 2 * Math.log(lambda) + Math.log(1 - pi) + Math.log((1 - pi) * Math.exp(-10 * lambda) + pi * Math.exp(-5 * lambda));
      if (f > best.f) best = { f, lambda, pi };
    }
  }
  assert.deepEqual([...fit.boundary].sort(), ['homogeneous-dropout', 'homogeneous-purchase-rate']);
  assert.ok(fit.converged);
  assert.ok(Math.abs(fit.r / fit.alpha - best.lambda) < 0.002, `λ ${fit.r / fit.alpha} vs ${best.lambda}`);
  assert.ok(Math.abs(fit.a / (fit.a + fit.b) - best.pi) < 0.002, `π ${fit.a / (fit.a + fit.b)} vs ${best.pi}`);
  assert.ok(Math.abs(fit.logLikelihood - n * best.f) < 1e-3 * n, `LL ${fit.logLikelihood} vs ${n * best.f}`);
  assert.ok(Number.isFinite(fit.a) && Number.isFinite(fit.b) && Number.isFinite(fit.r) && Number.isFinite(fit.alpha), 'JSON-safe parameters');
  assert.ok(fit.warnings.includes(msg.clvBgNbdBoundary('homogeneous-dropout', fit)));
  assert.ok(fit.warnings.includes(msg.clvBgNbdBoundary('homogeneous-purchase-rate', fit)));
});

test('BG/NBD predictions at the homogeneous-dropout limit match its closed form', () => {
  // With a, b → ∞ and a/(a+b) = π: E[Y(t)|x,t_x,T] = (1/π)[1 − ((α+T)/(α+T+πt))^(r+x)] · P(alive),
  // odds of dropout π/(1−π)·((α+T)/(α+t_x))^(r+x) (2F1 → (1 − (1−π)z)^−(r+x)).
  const pi = 0.006;
  const limit = { r: 1.4, alpha: 11, a: pi * 1e8, b: (1 - pi) * 1e8 };
  for (const [x, tx, T, t] of [[0, 0, 50, 52], [5, 20, 100, 52], [30, 200, 210, 26]]) {
    const odds = x > 0 ? (pi / (1 - pi)) * ((limit.alpha + T) / (limit.alpha + tx)) ** (limit.r + x) : 0;
    const expected = ((1 - ((limit.alpha + T) / (limit.alpha + T + pi * t)) ** (limit.r + x)) / pi) / (1 + odds);
    const got = conditionalExpectedPurchases(limit, t, x, tx, T);
    assert.ok(Math.abs(got - expected) < 1e-5 * expected, `x=${x}: ${got} vs ${expected}`);
    assert.ok(Math.abs(probabilityAlive(limit, x, tx, T) - 1 / (1 + odds)) < 1e-6);
  }
});

test('BG/NBD predictions at the no-dropout limit (a → 0) are the NBD ones: (r + x)·t/(α + T)', () => {
  const p = { r: 1.6, alpha: 16, a: 1e-12, b: 0.95 };
  for (const [x, tx, T] of [[0, 0, 50], [3, 40, 100], [10, 90, 100]]) {
    const got = conditionalExpectedPurchases(p, 90, x, tx, T);
    const expected = ((p.r + x) * 90) / (p.alpha + T);
    assert.ok(Math.abs(got - expected) < 1e-8 * expected, `x=${x}: ${got} vs ${expected}`);
  }
});

test('CDNOW is an interior maximum: no boundary, no warning', { skip: needsDatasets('cdnow') }, () => {
  const fit = fitBgNbd(readCdnowFrequencySummary());
  assert.deepEqual(fit.boundary, []);
  assert.deepEqual(fit.warnings, []);
});

test('the log-likelihood is exact at huge a, b (no cancellation between log-gammas)', () => {
  // At a + b = 1e8 the customer terms must equal those of the closed-form limit to ~1e-7.
  const pi = 0.01;
  const p = { r: 2, alpha: 10, a: pi * 1e8, b: (1 - pi) * 1e8 };
  const data = { frequency: [0, 4], recency: [0, 30], T: [40, 40] };
  const rate = (x: number, tau: number): number => lgamma(p.r + x) - lgamma(p.r) + p.r * Math.log(p.alpha) - (p.r + x) * Math.log(p.alpha + tau);
  const expected = rate(0, 40) + Math.log((1 - pi) ** 4 * Math.exp(rate(4, 40)) + pi * (1 - pi) ** 3 * Math.exp(rate(4, 30)));
  assert.ok(Math.abs(bgnbdLogLikelihood(p, data) - expected) < 1e-6, `${bgnbdLogLikelihood(p, data)} vs ${expected}`);
});

test('Gamma-Gamma: customers who always spend the same put p on its boundary; the fit is the inverse-gamma MLE of the mean spends', () => {
  // Mean spends m_i spread over two decades, each customer always spending m_i (no within-customer
  // noise), frequencies 1..5 independent of m. At p = ∞ the likelihood of m is inverse gamma
  // (shape q, scale s = p·v): 1/m ~ Gamma(q, rate s), whose MLE solves log q − ψ(q) = log ȳ − mean(log y), s = q/ȳ.
  const ms: number[] = [];
  const xs: number[] = [];
  for (let i = 0; i < 200; i++) {
    ms.push(10 * Math.exp(2.5 * Math.sin(i * 1.7)));
    xs.push(1 + (i % 5));
  }
  const fit = fitGammaGamma(xs, ms);
  const ys = ms.map((m) => 1 / m);
  const meanY = ys.reduce((s, y) => s + y, 0) / ys.length;
  const target = Math.log(meanY) - ys.reduce((s, y) => s + Math.log(y), 0) / ys.length;
  const digamma = (q: number): number => (lgamma(q + 1e-6) - lgamma(q - 1e-6)) / 2e-6;
  let lo = 1e-3;
  let hi = 100;
  for (let k = 0; k < 100; k++) {
    const mid = Math.sqrt(lo * hi);
    if (Math.log(mid) - digamma(mid) > target) lo = mid;
    else hi = mid;
  }
  const q = lo;
  assert.deepEqual(fit.boundary, ['constant-customer-spend']);
  assert.ok(Math.abs(fit.q - q) < 2e-3 * q, `q ${fit.q} vs ${q}`);
  assert.ok(Math.abs(fit.p * fit.v - q / meanY) < 2e-3 * (q / meanY), `p·v ${fit.p * fit.v} vs ${q / meanY}`);
  assert.ok(fit.warnings.includes(msg.clvGammaGammaBoundary(fit.p * fit.v)));
  assert.ok(Number.isFinite(fit.p) && Number.isFinite(fit.v));
});
