import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostileData } from '../../bench/hostile-data';
import { outcomeProfile, wilson, type OutcomeSegment } from '../../lib/profile/outcome';

test('wilson: the 95% score interval by hand', () => {
  // p = 0.5, n = 10: centre 0.5, half-width 1.96 * sqrt(0.025 + 0.0096) / 1.384 = 0.2634.
  const w = wilson(5, 10);
  assert.ok(Math.abs(w.low - 0.2366) < 1e-3 && Math.abs(w.high - 0.7634) < 1e-3, JSON.stringify(w));
  assert.deepEqual(wilson(0, 20).low, 0);
});

test('outcomeProfile: churn rate per segment recomputed by hand, with lift and the positive value', () => {
  const d = hostileData({ customers: 3000, seed: 11 });
  const churn = d.customers.rows.map((r) => r[d.customers.header.indexOf('churned')]);
  // Segments as labels: the planted ones (any labelling works; this one has known rates).
  const o = outcomeProfile('churned', churn, d.truth, 6, 50);
  if (!o) throw new Error('no outcome profile');
  assert.equal(o.kind, 'rate');
  assert.equal(o.positive, 'yes');
  const overall = churn.filter((v) => v === 'yes').length / churn.length;
  assert.ok(Math.abs(o.overall.value - overall) < 1e-12);
  for (let s = 0; s < 6; s++) {
    const mine = churn.filter((_, i) => d.truth[i] === s);
    const rate = mine.filter((v) => v === 'yes').length / mine.length;
    const seg: OutcomeSegment = o.segments[s];
    assert.equal(seg.known, mine.length);
    // A rate whose churned (or retained) customers number 1..49 is withheld (privacy, outcome-withheld.test.ts).
    const ones = mine.filter((v) => v === 'yes').length;
    const tiny = (c: number): boolean => c > 0 && c < 50;
    if (tiny(ones) || tiny(mine.length - ones)) assert.equal(seg.withheld, 'small count', `segment ${s}: ${ones} of ${mine.length}`);
    if (seg.withheld) {
      assert.equal(seg.value, null);
      continue;
    }
    assert.ok(Math.abs((seg.value as number) - rate) < 1e-12);
    assert.ok(Math.abs((seg.lift as number) - rate / overall) < 1e-12);
    assert.ok((seg.low as number) <= rate && rate <= (seg.high as number));
    // The planted rate lies inside the 95% interval here (the generator's own churn probability).
    assert.ok((seg.low as number) - 0.02 <= d.churnRate[s] && d.churnRate[s] <= (seg.high as number) + 0.02, `segment ${s}`);
  }
  // Segment 3 (planted 45%) churns most: the sentence names it.
  // Segments 5 (19 churners) and its partner are withheld, so the sentence speaks of the segments shown.
  assert.match(o.sentence, /^Of the segments shown \(segments \d, \d withheld: .*\), segment 3 has the highest churned = yes rate/);
});

test('outcomeProfile: a numeric outcome gets a mean with a normal interval; small segments are suppressed; unknowns are counted', () => {
  const values = ['10', '20', '30', '40', null, '100', '100', '100'];
  const labels = [0, 0, 0, 0, 0, 1, 1, 2];
  const o = outcomeProfile('spend', values, labels, 3, 2);
  if (!o) throw new Error('no outcome profile');
  assert.equal(o.kind, 'mean');
  assert.equal(o.unknown, 1);
  assert.equal(o.segments[0].value, 25);
  // sd of 10,20,30,40 (n - 1) = 12.91; half-width 1.96 * 12.91 / 2 = 12.65.
  assert.ok(Math.abs((o.segments[0].high as number) - 25 - 12.65) < 0.01);
  assert.equal(o.segments[2].value, null);
  assert.equal(o.segments[2].suppressed, true);
  // Two non-standard labels: the rarer one is the positive.
  const bands = outcomeProfile('income', ['<=50K', '<=50K', '>50K', '<=50K'], [0, 0, 1, 1], 2, 1);
  assert.equal(bands?.positive, '>50K');
  assert.equal(outcomeProfile('x', ['a', 'a'], [0, 1], 2, 1), null);
});
