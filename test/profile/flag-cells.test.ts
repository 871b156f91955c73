/**
 * A 0/1 column's segment mean is a count (CPA trial: "Complain 0.00594" = 4 of 673 customers).
 * Seeded table: segment sizes like the trial's run 1, flags with small and large counts, a 0/1/2
 * column; the expected withheld cells are worked out from the planted counts, not from the code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSegments } from '../../lib/profile/profile';
import { describePersonas } from '../../lib/profile/personas';
import { featureDistributions } from '../../lib/profile/distributions';
import { withheldFlagCells, withholdDistributionMeans, withholdFlagMeans } from '../../lib/profile/flag-cells';
import { createRng } from '../../lib/random/rng';

const K = 50;
const SIZES = [673, 677, 890];
/** Customers with a 1 per segment. complain: small everywhere; accepted: small in segment 1 only; member: large everywhere. */
const ONES: Record<string, number[]> = { complain: [4, 5, 12], accepted: [135, 8, 60], member: [300, 400, 500] };

function table(seed: number) {
  const rng = createRng(seed);
  const names = ['complain', 'accepted', 'member', 'kids', 'spend'];
  const raw: number[][] = [];
  const labels: number[] = [];
  SIZES.forEach((size, s) => {
    // Which customers of the segment hold a 1: a seeded shuffle of the first ONES[f][s] positions.
    const order = (count: number) => {
      const bits: number[] = Array.from({ length: size }, (_, i) => (i < count ? 1 : 0));
      for (let i = size - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [bits[i], bits[j]] = [bits[j], bits[i]];
      }
      return bits;
    };
    const cols = Object.fromEntries(Object.entries(ONES).map(([f, ones]) => [f, order(ones[s])]));
    for (let i = 0; i < size; i++) {
      labels.push(s);
      raw.push([cols.complain[i], cols.accepted[i], cols.member[i], rng.int(3), Math.exp(rng.normal() + s)]);
    }
  });
  const means = names.map((_, j) => raw.reduce((a, r) => a + r[j], 0) / raw.length);
  const sds = names.map((_, j) => Math.sqrt(raw.reduce((a, r) => a + (r[j] - means[j]) ** 2, 0) / raw.length) || 1);
  const scaled = raw.map((r) => r.map((x, j) => (x - means[j]) / sds[j]));
  return { names, raw, scaled, labels };
}

test('a 0/1 column\u2019s segment mean is withheld where its 1s or 0s are fewer than minCellSize, with a partner so the total cannot give it back', () => {
  const t = table(4);
  const profiles = profileSegments(t.names, t.raw, t.scaled, t.labels, 3);
  const withheld = withheldFlagCells(profiles, K);
  // complain: 4, 5 and 12 are all below 50. accepted: only segment 1's 8, so one more segment is withheld:
  // the one with the fewest customers on its smaller side (segment 2: min(60, 830) = 60 < segment 0: min(135, 538) = 135).
  const tiny = (c: number, size: number) => (c > 0 && c < K) || (size - c > 0 && size - c < K);
  const expectComplain = SIZES.map((size, s) => (tiny(ONES.complain[s], size) ? s : -1)).filter((s) => s >= 0);
  assert.deepEqual(withheld.get('complain'), expectComplain);
  assert.deepEqual(withheld.get('accepted'), [1, 2]);
  assert.equal(withheld.has('member'), false, 'no small count: nothing withheld');
  assert.equal(withheld.has('kids'), false, 'a 0/1/2 column is no flag');

  const safe = withholdFlagMeans(profiles, withheld);
  const json = JSON.stringify(safe);
  for (const [s, size] of SIZES.entries()) {
    for (const feature of ['complain', 'accepted']) {
      const f = safe[s].features.find((x) => x.feature === feature);
      const hidden = withheld.get(feature)?.includes(s) ?? false;
      assert.equal(f?.withheld === true, hidden, `${feature} in segment ${s}`);
      if (hidden) {
        assert.ok(Number.isNaN(f?.mean) && Number.isNaN(f?.zMean));
        // Neither the share nor the z-mean that gives it back is anywhere in the published profile.
        const original = profiles[s].features.find((x) => x.feature === feature);
        assert.ok(!json.includes(String(ONES[feature][s] / size)) && !json.includes(String(original?.zMean)), `${feature} ${s}`);
      } else assert.equal(f?.mean, ONES[feature][s] / size);
    }
    // Columns without a small count are untouched.
    assert.deepEqual(safe[s].features.find((x) => x.feature === 'member'), profiles[s].features.find((x) => x.feature === 'member'));
  }
  // Persona traits never lean on a withheld mean; the distributions' means are withheld alike.
  const personas = describePersonas(safe, { minCellSize: K }).profiles;
  for (const p of personas) {
    for (const trait of [...(p.persona?.positive ?? []), ...(p.persona?.negative ?? [])])
      assert.ok(!(withheld.get(trait.feature)?.includes(p.segment) ?? false), `${trait.feature} in segment ${p.segment}`);
    assert.doesNotMatch(p.persona?.summary ?? '', /complain/);
  }
  const dists = withholdDistributionMeans(featureDistributions(t.names, t.raw, t.labels, 3, { minCellSize: K, features: ['complain', 'member'] }), withheld);
  for (const d of dists) assert.equal(d.mean === null, d.feature === 'complain', `${d.feature} ${d.segment}`);
});

test('without a small flag count nothing changes', () => {
  const t = table(5);
  const big = t.raw.map((r) => [r[2], r[2], r[2], r[3], r[4]]);
  const profiles = profileSegments(t.names, big, t.scaled, t.labels, 3);
  const withheld = withheldFlagCells(profiles, K);
  assert.equal(withheld.size, 0);
  assert.deepEqual(withholdFlagMeans(profiles, withheld), profiles);
});
