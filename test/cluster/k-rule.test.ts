/** The evidence rule of chooseK on structures whose answer is known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseK, elbowScores, rankScores, rankTie, STABILITY_THRESHOLD } from '../../lib/cluster/select-k';
import type { KCandidate } from '../../lib/cluster/types';
import type { ClusterConfig } from '../../lib/config/types';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { gaussianBlobs, clusterConfig } from './fixtures';

const config = (overrides: Partial<ClusterConfig> = {}): ClusterConfig => clusterConfig({ kMax: 8, ...overrides });

test('rankScores: average ranks for ties, NaN last, direction respected', () => {
  assert.deepEqual(rankScores([0.2, 0.5, 0.5, Number.NaN], true), [3, 1.5, 1.5, 4]);
  assert.deepEqual(rankScores([0.2, 0.5, 0.9], false), [1, 2, 3]);
});

test('elbowScores: distance below the chord of the normalised curve, 0 at the ends', () => {
  const scores = elbowScores([2, 3, 4], [100, 20, 10]);
  assert.equal(scores[0], 0);
  assert.equal(scores[2], 0);
  // k=3: 1 - (20 - 10) / 90 - 1/2
  assert.ok(Math.abs(scores[1] - (0.5 - 10 / 90)) < 1e-12);
  assert.deepEqual(elbowScores([4], [7]), [0]);
});

test('three blobs: k=3, recovered exactly, with every evidence field filled in', () => {
  const blobs = gaussianBlobs([[0, 0], [10, 0], [0, 10]], [120, 90, 60], 1, 2024);
  const result = chooseK(blobs.points, config(), createRng(1));
  assert.equal(result.k, 3);
  assert.equal(adjustedRandIndex(blobs.truth, result.labels), 1);
  const k3 = result.candidates[1];
  assert.equal(k3.stability, 1);
  for (const c of result.candidates) {
    for (const field of ['calinskiHarabasz', 'daviesBouldin', 'elbow', 'gap', 'stability'] as const) {
      assert.equal(typeof c[field], 'number', `k=${c.k} ${field}`);
    }
    assert.equal(c.stable, (c.stability as number) >= STABILITY_THRESHOLD);
  }
  assert.ok(result.candidates.filter((c) => c.meanRank !== null).every((c) => (c.meanRank as number) >= (k3.meanRank as number)));
});

test('five unequal blobs (400/200/100/60/30 points): k=5 found', () => {
  const blobs = gaussianBlobs([[0, 0], [6, 0], [0, 6], [6, 6], [3, 12]], [400, 200, 100, 60, 30], 1, 5);
  const result = chooseK(blobs.points, config(), createRng(3));
  assert.equal(result.k, 5);
  assert.ok(adjustedRandIndex(blobs.truth, result.labels) > 0.98);
});

test('nested structure: silhouette alone prefers the coarse split, the rule finds the fine one and says so', () => {
  // Two far-apart groups, each made of three close blobs: silhouette peaks at k=2, the data have 6.
  const centres = [[0, 0], [5, 0], [2.5, 4.5], [40, 0], [45, 0], [42.5, 4.5]];
  const blobs = gaussianBlobs(centres, [150, 150, 150, 150, 150, 150], 0.8, 11);
  const result = chooseK(blobs.points, config(), createRng(2));
  const bySilhouette = result.candidates.reduce((best, c) => (c.silhouette > best.silhouette ? c : best));
  assert.equal(bySilhouette.k, 2);
  assert.equal(result.k, 6);
  assert.ok(adjustedRandIndex(blobs.truth, result.labels) > 0.95);
  assert.ok((result.rule ?? '').includes('Silhouette alone would have picked k = 2.'));
  assert.ok((result.rule ?? '').startsWith('k = 6: '));
});

test('the rule explanation names the gates, the pooled k and the measures', () => {
  const blobs = gaussianBlobs([[0, 0], [10, 0], [0, 10]], [120, 90, 60], 1, 2024);
  const result = chooseK(blobs.points, config({ kMax: 5 }), createRng(1));
  const pooled = result.candidates.filter((c) => c.eligible && c.stable).map((c) => c.k);
  const chosen = result.candidates.find((c) => c.k === result.k);
  assert.equal(result.rule, msg.kRuleChosen(3, pooled, '2..5', STABILITY_THRESHOLD, chosen?.meanRank as number, 3));
});

test('no stable k: a warning, the eligible k are ranked anyway, and the rule says why', () => {
  // One round Gaussian cloud in 5-D has no 5..8 segments to find: no k reproduces on subsamples.
  const rng = createRng(5);
  const points = Array.from({ length: 400 }, () => Array.from({ length: 5 }, () => rng.normal()));
  const result = chooseK(points, config({ kMin: 5, kMax: 8 }), createRng(1));
  assert.ok(result.candidates.every((c) => !c.stable));
  const mostStable = result.candidates.reduce((best, c) => ((c.stability as number) > (best.stability as number) ? c : best));
  assert.ok(result.warnings.includes(msg.kNoStable(STABILITY_THRESHOLD, mostStable.k, mostStable.stability as number)));
  assert.match(result.rule ?? '', /no k in 5\.\.8 reached stability 0\.8/);
  assert.ok(result.candidates.every((c) => c.meanRank !== null));
});

test('same seed, same choice and evidence', () => {
  const blobs = gaussianBlobs([[0, 0], [6, 0], [0, 6], [6, 6], [3, 12]], [400, 200, 100, 60, 30], 1, 5);
  const a = chooseK(blobs.points, config({ kMax: 6 }), createRng(42));
  const b = chooseK(blobs.points, config({ kMax: 6 }), createRng(42));
  assert.deepEqual(a, b);
});

test('a tie in the mean rank is said, with how it was broken (trial: "k = 3 has the best mean rank (3.60)" while k = 6 also had 3.60)', () => {
  const candidate = (k: number, meanRank: number, stability: number): KCandidate =>
    ({ k, meanRank, stability, silhouette: 0.3, inertia: 1, minShare: 0.1, eligible: true, stable: true }) as KCandidate;
  const k3 = candidate(3, 3.6, 0.9);
  const k6 = candidate(6, 3.6, 0.9);
  const k7 = candidate(7, 4.2, 0.99);
  assert.equal(rankTie(k3, [k3, k6, k7]), '; tied with k = 6, and the tie went to the smaller k');
  const steady = candidate(6, 3.6, 0.97);
  assert.equal(rankTie(steady, [k3, steady, k7]), '; tied with k = 3, and the tie went to the more stable k');
  assert.equal(rankTie(k7, [k3, k6, k7]), '');
  // The rule sentence carries it inside the mean-rank parenthesis.
  assert.match(msg.kRuleChosen(3, [3, 6, 7], '2..8', 0.8, 3.6, 2, rankTie(k3, [k3, k6, k7])), /has the best mean rank \(3\.60, 1 = best, ranked among all k with large enough segments; tied with k = 6, and the tie went to the smaller k\)/);
});
