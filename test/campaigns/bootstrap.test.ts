import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resampler, roi, roiInterval } from '../../lib/campaigns/bootstrap';
import { sampleBeta } from '../../lib/campaigns/posterior';
import { createRng } from '../../lib/random/rng';

const sample = (() => {
  const rng = createRng(3);
  const treatmentValue = Array.from({ length: 3000 }, () => (rng.next() < 0.03 ? 20 + 80 * rng.next() : 0));
  const controlValue = Array.from({ length: 3000 }, () => (rng.next() < 0.02 ? 20 + 80 * rng.next() : 0));
  return { treatmentValue, treatmentCost: treatmentValue.map(() => 0.25), controlValue, margin: 0.4 };
})();

test('ROI by hand: (margin × incremental revenue − cost) / cost', () => {
  assert.equal(roi({ treatmentValue: [10, 0], treatmentCost: [1, 1], controlValue: [0, 0, 2, 2], margin: 0.5 }), (0.5 * (5 - 1) * 2 - 2) / 2);
  assert.equal(roi({ treatmentValue: [10], treatmentCost: [0], controlValue: [0], margin: 1 }), null);
});

test('the seeded ROI bootstrap is deterministic, brackets the estimate, and changes with the seed', () => {
  const a = roiInterval(sample, 500, createRng(11));
  const b = roiInterval(sample, 500, createRng(11));
  const c = roiInterval(sample, 500, createRng(12));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const estimate = roi(sample) as number;
  assert.ok(a && a[0] < estimate && estimate < a[1], `${a} around ${estimate}`);
});

test('the fast zero-inflated resampler has the distribution of plain index resampling', () => {
  const columns = [sample.treatmentValue, sample.treatmentCost];
  const fast = resampler(columns);
  const rng = createRng(21);
  const slow = (): number => {
    let s = 0;
    for (let i = 0; i < sample.treatmentValue.length; i++) s += sample.treatmentValue[rng.int(sample.treatmentValue.length)];
    return s;
  };
  const draws = 3000;
  const fastSums = Array.from({ length: draws }, () => fast(rng));
  const slowSums = Array.from({ length: draws }, slow);
  const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const sd = (v: number[]): number => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
  const fastValue = fastSums.map((s) => s[0]);
  const total = sample.treatmentValue.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(mean(fastValue) - total) < 4 * (sd(slowSums) / Math.sqrt(draws)), `mean ${mean(fastValue)} vs ${total}`);
  assert.ok(Math.abs(sd(fastValue) / sd(slowSums) - 1) < 0.08, `sd ${sd(fastValue)} vs ${sd(slowSums)}`);
  // Cost is constant per row, so every resample costs exactly n × 0.25.
  assert.ok(fastSums.every((s) => Math.abs(s[1] - 750) < 1e-9));
});

test('Beta draws have the right mean and variance', () => {
  const rng = createRng(8);
  for (const [a, b] of [[3, 7], [0.5, 0.5], [268, 21041]]) {
    const draws = Array.from({ length: 20000 }, () => sampleBeta(a, b, rng));
    const m = draws.reduce((s, x) => s + x, 0) / draws.length;
    const v = draws.reduce((s, x) => s + (x - m) ** 2, 0) / draws.length;
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    assert.ok(Math.abs(m - mean) < 4 * Math.sqrt(variance / draws.length), `Beta(${a}, ${b}) mean ${m}`);
    assert.ok(Math.abs(v / variance - 1) < 0.05, `Beta(${a}, ${b}) variance ${v} vs ${variance}`);
  }
});
