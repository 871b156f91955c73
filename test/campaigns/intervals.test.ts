import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newcombeDifference, wilsonInterval } from '../../lib/campaigns/intervals';
import { normalQuantile } from '../../lib/campaigns/normal';
import { sampleSizeTwoProportions } from '../../lib/campaigns/power';
import { SeglabError, msg } from '../../lib/errors/messages';

const round4 = (i: readonly number[]): number[] => i.map((v) => Math.round(v * 1e4) / 1e4);

test('normalQuantile matches textbook z values', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-14);
  assert.ok(Math.abs(normalQuantile(0.8) - 0.8416212335729143) < 1e-14);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-16);
  assert.ok(Math.abs(normalQuantile(1e-10) + 6.361340902404056) < 1e-12);
});

test('Wilson intervals: Newcombe (1998a) single-proportion examples, method 3', () => {
  // Newcombe RG. Two-sided confidence intervals for the single proportion. Stat Med 1998;17:857–872, Table I.
  assert.deepEqual(round4(wilsonInterval(81, 263)), [0.2553, 0.3662]);
  assert.deepEqual(round4(wilsonInterval(15, 148)), [0.0624, 0.1605]);
  assert.deepEqual(round4(wilsonInterval(0, 20)), [0, 0.1611]);
  assert.deepEqual(round4(wilsonInterval(1, 29)), [0.0061, 0.1718]);
  // Hand check of 0/20: the upper bound is z² / (n + z²).
  const z2 = normalQuantile(0.975) ** 2;
  assert.ok(Math.abs(wilsonInterval(0, 20)[1] - z2 / (20 + z2)) < 1e-15);
  assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
});

test('Newcombe hybrid score interval (method 10) reproduces Newcombe (1998b) Table II', () => {
  // Newcombe RG. Interval estimation for the difference between independent proportions.
  // Stat Med 1998;17:873–890, Table II, method 10 (95%):
  //   (a) 56/70 − 48/80 = 0.2000: 0.0524 to 0.3339     (b) 9/10 − 3/10 = 0.6: 0.1705 to 0.8090
  //   (c) 6/7 − 2/7: 0.0582 to 0.8062                  (d) 5/56 − 0/29: −0.0381 to 0.1926
  //   (e) 0/10 − 0/20: −0.1611 to 0.2775               (f) 0/10 − 0/10: −0.2775 to 0.2775
  //   (g) 10/10 − 0/20: 0.6791 to 1.0000               (h) 10/10 − 0/10: 0.6075 to 1.0000
  const cases: [number, number, number, number, [number, number]][] = [
    [56, 70, 48, 80, [0.0524, 0.3339]],
    [9, 10, 3, 10, [0.1705, 0.809]],
    [6, 7, 2, 7, [0.0582, 0.8062]],
    [5, 56, 0, 29, [-0.0381, 0.1926]],
    [0, 10, 0, 20, [-0.1611, 0.2775]],
    [0, 10, 0, 10, [-0.2775, 0.2775]],
    [10, 10, 0, 20, [0.6791, 1]],
    [10, 10, 0, 10, [0.6075, 1]],
  ];
  for (const [k1, n1, k2, n2, expected] of cases) assert.deepEqual(round4(newcombeDifference(k1, n1, k2, n2)), expected, `${k1}/${n1} − ${k2}/${n2}`);
});

test('two-proportion sample size matches R power.prop.test(p1 = .50, p2 = .75, power = .90) => n = 76.7', () => {
  assert.equal(Math.round(sampleSizeTwoProportions(0.5, 0.75, { power: 0.9 }) * 10) / 10, 76.7);
  // Symmetric in p1, p2; more power needs more customers; equal rates cannot be told apart.
  assert.equal(sampleSizeTwoProportions(0.75, 0.5, { power: 0.9 }), sampleSizeTwoProportions(0.5, 0.75, { power: 0.9 }));
  assert.ok(sampleSizeTwoProportions(0.5, 0.75) < sampleSizeTwoProportions(0.5, 0.75, { power: 0.9 }));
  assert.equal(sampleSizeTwoProportions(0.1, 0.1), Infinity);
  assert.throws(() => sampleSizeTwoProportions(0.1, 0.2, { power: 1.2 }), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.campaignsBadOption('power', 1.2, 'a probability in (0, 1), e.g. 0.8')));
});
