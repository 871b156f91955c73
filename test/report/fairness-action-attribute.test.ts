/**
 * The first screen's fairness action quotes only a mitigation on a failing attribute. On UCI
 * Wholesale with "Region" and "Channel" protected, "Channel" failed (proxy lift 0.82; its cells all
 * suppressed, so its proportional balance was not assessable) and the default mitigation went to
 * "Region": the action read 'Fair assignment on "Region" would move 0 customers ... from 0 to 0',
 * as if nothing needed fixing. Seeded generator of that shape.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard } from '../../lib/fairness/card';
import { fairnessAction } from '../../lib/report/decisions';
import { createRng } from '../../lib/random/rng';

function shape(seed: number) {
  const rng = createRng(seed);
  const labels: number[] = [];
  const channel: string[] = [];
  const region: string[] = [];
  const matrix: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const s = i < 200 ? 0 : 1;
    // Segment 0: 8 of "B" (under the cell size 20); segment 1: half "B".
    const c = s === 0 ? (i < 8 ? 'B' : 'A') : i % 2 ? 'B' : 'A';
    labels.push(s);
    channel.push(c);
    region.push(['north', 'south', 'east'][Math.floor(rng.next() * 3)]);
    matrix.push([s * 2 + 0.3 * rng.normal(), (c === 'B' ? 1.5 : -1.5) + 0.4 * rng.normal()]);
  }
  return { labels, channel, region, matrix };
}

test('a failing attribute without a mitigation of its own is not answered with another attribute\'s mitigation', () => {
  const t = shape(4);
  const card = fairnessCard(
    {
      labels: t.labels,
      k: 2,
      protected: { region: { kind: 'text', values: t.region }, channel: { kind: 'text', values: t.channel } },
      features: { names: ['spend', 'paper'], matrix: t.matrix },
      points: t.matrix,
      config: { minCellSize: 20 },
    },
    createRng(1),
  );
  const failing = new Set(card.checks.filter((c) => c.verdict === 'fail').map((c) => c.attribute));
  assert.ok(failing.has('channel') && !failing.has('region'), `failing: ${[...failing].join(', ')}`);
  assert.ok(card.mitigation.length > 0 && card.mitigation.every((m) => m.attribute === 'region'), 'the default mitigation targets region');
  const text = fairnessAction(card) ?? '';
  assert.match(text, /^Fairness FAIL on "channel"\./);
  assert.doesNotMatch(text, /Fair assignment on "region" would move/);
  assert.match(text, /The mitigation measured in the fairness section is on "region", which does not fail; set fairness\.mitigationAttribute to "channel"/);
});
