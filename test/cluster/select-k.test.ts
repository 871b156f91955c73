import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseK } from '../../lib/cluster/select-k';
import type { ClusterConfig } from '../../lib/config/types';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import type { KCandidate } from '../../lib/cluster/types';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { copyPoints, deepFreeze, gaussianBlobs, clusterConfig } from './fixtures';

const config = (overrides: Partial<ClusterConfig> = {}): ClusterConfig => clusterConfig({ restarts: 3, maxIterations: 100, ...overrides });

const threeBlobs = gaussianBlobs([[0, 0], [10, 0], [0, 10]], [120, 90, 60], 1, 2024);

/** Two big blobs and a tiny one of 4 points (4/404 ≈ 1% of the rows) far from both. */
const withTinyBlob = gaussianBlobs([[0, 0], [10, 0], [5, 20]], [200, 200, 4], 1, 77);

test('finds k=3 on three well-separated Gaussian blobs, recovering them exactly', () => {
  const result = chooseK(threeBlobs.points, config({ silhouetteSample: 150 }), createRng(1));
  assert.equal(result.k, 3);
  assert.equal(adjustedRandIndex(threeBlobs.truth, result.labels), 1);
  assert.deepEqual(
    result.candidates.map((c) => c.k),
    [2, 3, 4, 5, 6],
  );
  const best = Math.max(...result.candidates.map((c) => c.silhouette));
  assert.equal(result.candidates[1].silhouette, best);
  assert.equal(result.centroids.length, 3);
  assert.deepEqual(result.warnings, []);
});

test('segment 0 is the largest: blob sizes 120/90/60 become segments 0/1/2', () => {
  const result = chooseK(threeBlobs.points, config(), createRng(5));
  const sizes = [0, 1, 2].map((s) => result.labels.filter((label) => label === s).length);
  assert.deepEqual(sizes, [120, 90, 60]);
  // Blob c is centred at [[0,0],[10,0],[0,10]][c]; segment numbering follows size, so it equals the blob index.
  assert.deepEqual(result.labels, threeBlobs.truth);
  assert.ok(Math.abs(result.centroids[1][0] - 10) < 0.5);
});

test('equal-sized segments are numbered by the first centroid coordinate', () => {
  const { points } = gaussianBlobs([[10, 0], [-10, 0]], [50, 50], 1, 8);
  const result = chooseK(points, config({ kMin: 2, kMax: 2 }), createRng(3));
  assert.ok(result.centroids[0][0] < 0 && result.centroids[1][0] > 0);
  assert.deepEqual(result.labels, [...new Array(50).fill(1), ...new Array(50).fill(0)]);
});

test('minSegmentShare rejects a k that isolates a tiny segment', () => {
  const free = chooseK(withTinyBlob.points, config({ kMax: 3, minSegmentShare: 0 }), createRng(4));
  const ruled = chooseK(withTinyBlob.points, config({ kMax: 3, minSegmentShare: 0.02 }), createRng(4));
  const [k2, k3] = ruled.candidates;
  // Without the rule k=3 wins on silhouette, with its smallest segment being the 4-point blob.
  assert.ok(k3.silhouette > k2.silhouette);
  assert.equal(free.k, 3);
  assert.equal(k3.minShare, 4 / 404);
  assert.equal(k3.eligible, false);
  assert.equal(k2.eligible, true);
  assert.equal(ruled.k, 2);
  assert.deepEqual(ruled.warnings, []);
});

test('no eligible k: the best mean rank anyway, with the kNoEligible warning and a fallback rule text', () => {
  const result = chooseK(withTinyBlob.points, config({ kMax: 3, minSegmentShare: 0.6 }), createRng(4));
  assert.ok(result.candidates.every((c) => !c.eligible));
  assert.equal(result.k, 3);
  assert.deepEqual(result.warnings, [msg.kNoEligible(2, 3, 0.6)]);
  assert.match(result.rule ?? '', /^k = 3: no k in 2\.\.3 gives segments that are all at least 60\.0%/);
});

test('same seed gives identical results; each k does not depend on the others tried', () => {
  const wide = chooseK(threeBlobs.points, config(), createRng(99));
  assert.deepEqual(chooseK(threeBlobs.points, config(), createRng(99)), wide);
  const narrow = chooseK(threeBlobs.points, config({ kMin: 3, kMax: 3 }), createRng(99));
  assert.deepEqual(narrow.labels, wide.labels);
  // Everything measured on k alone is the same; the elbow score and the mean rank are relative to the range.
  const local = ({ elbow, meanRank, ...rest }: KCandidate) => (void elbow, void meanRank, rest);
  assert.deepEqual(local(narrow.candidates[0]), local(wide.candidates[1]));
});

test('does not mutate its (deeply frozen) input', () => {
  const before = copyPoints(threeBlobs.points);
  const frozen = deepFreeze(copyPoints(threeBlobs.points));
  chooseK(frozen, config({ kMax: 4 }), createRng(6));
  assert.deepEqual(copyPoints(frozen), before);
});

test('an empty cluster is a warning and makes its k ineligible, not a crash', () => {
  // Two distinct positions, 10 copies each: k=3 cannot fill three clusters.
  const points = [...new Array(10).fill([0, 0]), ...new Array(10).fill([5, 5])].map((p: number[]) => p.slice());
  const result = chooseK(points, config({ kMax: 3, minSegmentShare: 0 }), createRng(1));
  assert.equal(result.k, 2);
  assert.equal(result.candidates[1].eligible, false);
  assert.ok(result.warnings.includes(msg.emptyCluster(3)));
});

test('kMax above n is capped with a warning', () => {
  const points = [[0], [0.1], [5], [5.1], [9]];
  const result = chooseK(points, config({ kMin: 2, kMax: 8, minSegmentShare: 0 }), createRng(1));
  assert.deepEqual(
    result.candidates.map((c) => c.k),
    [2, 3, 4, 5],
  );
  assert.ok(result.warnings.includes(msg.kRangeCapped(8, 5)));
  // Subsamples of 4 rows cannot hold 4 or 5 segments, so their stability is unmeasured (a warning).
  assert.ok(result.warnings.includes(msg.kStabilityUndefined(4, 5)));
  assert.ok(result.warnings.includes(msg.kStabilityUndefined(5, 5)));
  assert.ok(Number.isNaN(result.candidates[2].stability) && result.candidates[2].stable === false);
  // k=3 separates best, but on 4-row subsamples the point at 9 flips between segments, so only k=2 is
  // stable; the rule therefore takes k=2 rather than a split it cannot reproduce.
  assert.ok(result.candidates[1].silhouette > result.candidates[0].silhouette);
  assert.equal(result.candidates[1].stable, false);
  assert.equal(result.k, 2);
});

test('errors: bad k range and too few points, with scikit-learn style numbers', () => {
  const isError = (text: string) => (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${text}`;
  assert.throws(() => chooseK([[1], [2], [3]], config({ kMin: 4, kMax: 3 }), createRng(1)), isError(msg.kRangeBad(4, 3)));
  assert.throws(() => chooseK([[1], [2], [3]], config({ kMin: 1 }), createRng(1)), isError(msg.kRangeBad(1, 6)));
  assert.throws(() => chooseK([[1], [2], [3]], config({ kMin: 4, kMax: 6 }), createRng(1)), isError(msg.kTooLarge(3, 4)));
});

test('gap statistic: highest at the true k on separated blobs, near 0 at every k on uniform data', () => {
  const fourBlobs = gaussianBlobs([[0, 0, 0], [12, 0, 0], [0, 12, 0], [0, 0, 12]], [150, 150, 150, 150], 1, 31);
  const blobs = chooseK(fourBlobs.points, config({ kMax: 7, silhouetteSample: 600 }), createRng(3));
  const gaps = blobs.candidates.map((c) => c.gap as number);
  assert.equal(blobs.candidates[gaps.indexOf(Math.max(...gaps))].k, 4);
  assert.ok(gaps[2] > 0.5, `gap at k = 4 is ${gaps[2]}`);
  // Uniform points in a box: the data look like their own reference, so log W matches the references' mean.
  const rng = createRng(8);
  const uniform = Array.from({ length: 600 }, () => [rng.next() * 4, rng.next() * 2, rng.next()]);
  const flat = chooseK(uniform, config({ kMax: 6, silhouetteSample: 600 }), createRng(4));
  for (const c of flat.candidates) assert.ok(Math.abs(c.gap as number) < 0.1, `gap at k = ${c.k} on uniform data is ${c.gap}`);
});
