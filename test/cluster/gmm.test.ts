import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGmm, gmmBic, gmmMembership } from '../../lib/cluster/gmm';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs } from './fixtures';

const opts = { restarts: 3, maxIterations: 200 };

/** Mean and population variance of each column of the rows. */
function moments(rows: readonly (readonly number[])[]): { mean: number[]; variance: number[] } {
  const mean = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const variance = rows[0].map((_, j) => rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / rows.length);
  return { mean, variance };
}

test('1-D {0, 2} and {10, 12}: means 1 and 11, variances 1, weights 1/2, log-likelihood and BIC by hand', () => {
  const fit = fitGmm(deepFreeze([[0], [2], [10], [12]]), 2, opts, createRng(1));
  const order = fit.means[0][0] < fit.means[1][0] ? [0, 1] : [1, 0];
  // Cross-responsibilities are about exp(-40) (9 standard deviations away): the fit is the two groups' moments.
  assert.ok(Math.abs(fit.means[order[0]][0] - 1) < 1e-9 && Math.abs(fit.means[order[1]][0] - 11) < 1e-9);
  for (const c of order) {
    assert.ok(Math.abs(fit.variances[c][0] - (1 + 1e-6)) < 1e-9, `variance ${fit.variances[c][0]}`);
    assert.ok(Math.abs(fit.weights[c] - 0.5) < 1e-12);
  }
  // Each row: ln 0.5 - 0.5 ln(2 pi) - 0.5 (one sd from its mean) = -2.1121; four rows: -8.4485.
  const perRow = Math.log(0.5) - 0.5 * Math.log(2 * Math.PI * (1 + 1e-6)) - 0.5 / (1 + 1e-6);
  assert.ok(Math.abs(fit.logLikelihood - 4 * perRow) < 1e-9, `logL ${fit.logLikelihood}`);
  // p = 2 means + 2 variances + 1 weight = 5.
  assert.ok(Math.abs(fit.bic - (-2 * 4 * perRow + 5 * Math.log(4))) < 1e-9);
  assert.ok(Math.abs(gmmBic(-8.448, 4, 2, 1) - (16.896 + 5 * Math.log(4))) < 1e-12);
  assert.deepEqual(fit.labels[0] === fit.labels[1] && fit.labels[2] === fit.labels[3] && fit.labels[0] !== fit.labels[2], true);
  assert.equal(fit.converged, true);
});

test('two well-separated 2-D Gaussians: recovers each group\'s means and (unequal) variances', () => {
  const rng = createRng(3);
  const a = Array.from({ length: 300 }, () => [rng.normal() * 1, rng.normal() * 3]);
  const b = Array.from({ length: 200 }, () => [40 + rng.normal() * 2, -30 + rng.normal() * 0.5]);
  const fit = fitGmm(deepFreeze([...a, ...b].map((r) => r.slice())), 2, opts, createRng(8));
  const ia = fit.means.findIndex((m) => m[0] < 20);
  const ib = 1 - ia;
  const ma = moments(a);
  const mb = moments(b);
  for (let j = 0; j < 2; j++) {
    assert.ok(Math.abs(fit.means[ia][j] - ma.mean[j]) < 1e-6);
    assert.ok(Math.abs(fit.means[ib][j] - mb.mean[j]) < 1e-6);
    assert.ok(Math.abs(fit.variances[ia][j] - ma.variance[j] - 1e-6) < 1e-6);
    assert.ok(Math.abs(fit.variances[ib][j] - mb.variance[j] - 1e-6) < 1e-6);
  }
  assert.ok(Math.abs(fit.weights[ia] - 0.6) < 1e-9);
  assert.deepEqual(fit.clusterSizes.slice().sort(), [200, 300]);
});

test('soft membership: rows sum to 1, labels are the argmax, and overlap gives intermediate values', () => {
  const { points, truth } = gaussianBlobs([[0, 0], [3.5, 0]], [150, 150], 1, 4);
  const fit = fitGmm(points, 2, opts, createRng(2));
  for (const [i, row] of fit.membership.entries()) {
    assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-12);
    assert.equal(fit.labels[i], row[0] >= row[1] ? 0 : 1);
  }
  assert.ok(fit.membership.some((row) => row[0] > 0.2 && row[0] < 0.8), 'points between the blobs are uncertain');
  assert.ok(adjustedRandIndex(truth, fit.labels) > 0.7);
  // Applying the model to the same rows reproduces the fit.
  const again = gmmMembership(points, fit);
  assert.deepEqual(again.labels, fit.labels);
  assert.ok(Math.abs(again.logLikelihood - fit.logLikelihood) < 1e-9);
});

test('BIC is lowest at the true number of components', () => {
  const { points } = gaussianBlobs([[0, 0], [8, 0], [0, 8]], [120, 120, 120], 1, 6);
  const bic = [1, 2, 3, 4, 5].map((k) => fitGmm(points, k, opts, createRng(k)).bic);
  assert.equal(bic.indexOf(Math.min(...bic)) + 1, 3, `BIC by k: ${bic.map((b) => b.toFixed(1)).join(', ')}`);
});

test('same seed gives identical fits; another seed draws other starts; the best start wins', () => {
  const { points } = gaussianBlobs([[0, 0], [3, 0], [0, 3], [3, 3]], [60, 60, 60, 60], 1, 11);
  const first = fitGmm(points, 4, { restarts: 4, maxIterations: 200 }, createRng(5));
  assert.deepEqual(fitGmm(points, 4, { restarts: 4, maxIterations: 200 }, createRng(5)), first);
  assert.notDeepEqual(fitGmm(points, 4, { restarts: 4, maxIterations: 200 }, createRng(6)).restartLogLikelihood, first.restartLogLikelihood);
  assert.equal(Math.max(...first.restartLogLikelihood), first.logLikelihood);
});

test('maxFitRows: EM on a seeded sample, membership for every row, close to the full fit', () => {
  const { points, truth } = gaussianBlobs([[0, 0], [10, 0], [0, 10]], [400, 400, 400], 1, 12);
  const sampled = fitGmm(points, 3, { ...opts, maxFitRows: 300 }, createRng(9));
  assert.equal(sampled.fitRows, 300);
  assert.equal(sampled.labels.length, 1200);
  assert.equal(sampled.membership.length, 1200);
  assert.equal(adjustedRandIndex(truth, sampled.labels), 1);
  assert.deepEqual(fitGmm(points, 3, { ...opts, maxFitRows: 300 }, createRng(9)), sampled);
  assert.equal(fitGmm(points, 3, opts, createRng(9)).fitRows, 1200);
});

test('does not mutate its (deeply frozen) input', () => {
  const { points } = gaussianBlobs([[0, 0, 0], [5, 5, 5]], [50, 50], 1, 3);
  const before = copyPoints(points);
  const frozen = deepFreeze(points);
  fitGmm(frozen, 2, { ...opts, maxFitRows: 60 }, createRng(2));
  assert.deepEqual(copyPoints(frozen), before);
});

test('errors name the problem: k > n and bad options', () => {
  assert.throws(() => fitGmm([[1], [2]], 3, opts, createRng(1)), (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${msg.kTooLarge(2, 3)}`);
  assert.throws(
    () => fitGmm([[1], [2], [3]], 2, { restarts: 0, maxIterations: 10 }, createRng(1)),
    (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${msg.badClusterOption('gmm', 'restarts', 0, 'an integer in 1..10000')}`,
  );
});
