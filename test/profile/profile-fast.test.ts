import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { featureDistributions } from '../../lib/profile/distributions';
import { profileSegments } from '../../lib/profile/profile';
import { NeumaierSums } from '../../lib/stats/neumaier';
import { quantileSorted } from '../../lib/stats/quantile';
import { ss } from '../../lib/stats/simple-statistics';
import { createRng } from '../../lib/random/rng';

/** The array-per-segment definition the one-pass code must reproduce bit for bit (seglab before issue 15). */
function referenceProfile(names: readonly string[], raw: number[][], scaled: number[][], labels: number[], k: number) {
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((s, i) => members[s].push(i));
  const valueIdx = names.indexOf('monetary');
  const totalValue = valueIdx === -1 ? 0 : ss.sum(raw.map((r) => Math.max(0, r[valueIdx])));
  const flags = names.map((_, j) => raw.length > 0 && raw.every((r) => r[j] === 0 || r[j] === 1));
  // zMean is measured from the all-customer mean of the scaled column (summed per segment, then over segments).
  let zCentre: number[] = names.map(() => 0);
  if (labels.length > 0) zCentre = names.map((_, j) => members.reduce((sum, rows) => sum + (rows.length ? ss.sum(rows.map((i) => scaled[i][j])) : 0), 0) / labels.length);
  // A 0/1 column's zMean is its share's distance from the whole base's, in the column's standard deviations.
  const share = names.map((_, j) => members.reduce((sum, rows) => sum + (rows.length ? ss.sum(rows.map((i) => raw[i][j])) : 0), 0) / labels.length);
  const flagZ = (j: number, values: number[]): number => {
    const sd = Math.sqrt(share[j] * (1 - share[j]));
    return sd > 0 ? (ss.mean(values) - share[j]) / sd : 0;
  };
  return members.map((rows, segment) => {
    const valueSum = valueIdx === -1 || rows.length === 0 ? 0 : ss.sum(rows.map((i) => Math.max(0, raw[i][valueIdx])));
    return {
      segment,
      label: `Segment ${segment + 1}`,
      size: rows.length,
      share: rows.length / labels.length,
      valueShare: totalValue > 0 ? valueSum / totalValue : 0,
      features: names.map((feature, j) => {
        const values = rows.map((i) => raw[i][j]);
        const z = rows.map((i) => scaled[i][j]);
        return { feature, mean: values.length ? ss.mean(values) : NaN, median: values.length ? ss.median(values) : NaN, zMean: z.length ? (flags[j] ? flagZ(j, values) : ss.mean(z) - zCentre[j]) : NaN, ...(flags[j] ? { flag: true } : {}) };
      }),
    };
  });
}

function referenceDistributions(names: readonly string[], raw: number[][], labels: number[], k: number, features: string[], minCellSize: number) {
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((s, i) => members[s]?.push(i));
  const out = [];
  for (const feature of features) {
    const j = names.indexOf(feature);
    for (const [segment, rows] of members.entries()) {
      const values = rows.map((i) => raw[i][j]).filter(Number.isFinite);
      if (rows.length < minCellSize || values.length === 0) {
        out.push({ feature, segment, customers: rows.length, q05: null, q25: null, q50: null, q75: null, q95: null, mean: null });
        continue;
      }
      const sorted = values.sort((a, b) => a - b);
      const q = (p: number): number => quantileSorted(sorted, p);
      out.push({ feature, segment, customers: rows.length, q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95), mean: ss.mean(sorted) });
    }
  }
  return out;
}

/** Skewed money with ties and negatives (returns), a 0/1 flag, a near-flag, a constant, wide-range counts; uneven segments, one empty. */
function table(n: number, seed: number) {
  const rng = createRng(seed);
  const names = ['monetary', 'frequency', 'is_member', 'almost_flag', 'constant', 'recency_days', 'tiny'];
  const raw: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    labels.push(u < 0.6 ? 0 : u < 0.9 ? 1 : u < 0.999 ? 3 : 4);
    const money = rng.next() < 0.05 ? -Math.round(rng.next() * 50) : Math.round(Math.exp(3 + 1.5 * rng.normal()) * 100) / 100;
    raw.push([money, Math.floor(rng.next() * 40) ** 2, rng.next() < 0.3 ? 1 : 0, rng.next() < 0.999 ? (rng.next() < 0.5 ? 0 : 1) : 0.5, 7, 1e6 * rng.next(), 1e-12 * rng.normal()]);
  }
  const means = names.map((_, j) => ss.mean(raw.map((r) => r[j])));
  const sds = names.map((_, j) => ss.standardDeviation(raw.map((r) => r[j])) || 1);
  const scaled = raw.map((r) => r.map((x, j) => (x - means[j]) / sds[j]));
  return { names, raw, scaled, labels, k: 5 };
}

describe('profileSegments and featureDistributions in one pass', () => {
  for (const [n, seed] of [[1, 1], [9, 2], [5000, 3], [20011, 4]] as const) {
    it(`equal the array-per-segment numbers bit for bit (${n} customers)`, () => {
      const t = table(n, seed);
      const got = profileSegments(t.names, t.raw, t.scaled, t.labels, t.k);
      assert.deepStrictEqual(got, referenceProfile(t.names, t.raw, t.scaled, t.labels, t.k));
      assert.ok(got.some((p) => p.size === 0), 'an empty segment is covered');
      if (n > 100) assert.deepEqual(got[0].features.filter((f) => f.flag).map((f) => f.feature), ['is_member']);
      const features = ['monetary', 'frequency', 'recency_days', 'tiny'];
      const distributions = featureDistributions(t.names, t.raw, t.labels, t.k, { features, minCellSize: 3 });
      assert.deepStrictEqual(distributions, referenceDistributions(t.names, t.raw, t.labels, t.k, features, 3));
    });
  }

  it('skip non-finite values in the distributions as before', () => {
    const names = ['monetary'];
    const raw = [[1], [NaN], [3], [Infinity], [2], [5]];
    const labels = [0, 0, 0, 1, 1, 1];
    const got = featureDistributions(names, raw, labels, 2, { minCellSize: 1 });
    assert.deepStrictEqual(got, referenceDistributions(names, raw, labels, 2, names, 1));
    assert.equal(got[0].q50, 2);
  });
});

describe('NeumaierSums', () => {
  it('is ss.sum and ss.mean of the values added, in their order', () => {
    const rng = createRng(5);
    // Slot 0 gets 1e16, 1, -1e16 first: a plain sum loses the 1, the compensated one keeps it.
    const values = [1e16, 0, 1, 0, -1e16, 0, ...Array.from({ length: 3000 }, () => rng.normal())];
    const sums = new NeumaierSums(2);
    values.forEach((v, i) => sums.add(i % 2, v));
    const even = values.filter((_, i) => i % 2 === 0);
    assert.ok(Object.is(sums.total(0), ss.sum(even)));
    assert.ok(Object.is(sums.mean(1), ss.mean(values.filter((_, i) => i % 2 === 1))));
    assert.notEqual(ss.sum(even), even.reduce((a, b) => a + b, 0), 'the data need the compensation');
    assert.ok(Number.isNaN(new NeumaierSums(1).mean(0)));
  });
});
