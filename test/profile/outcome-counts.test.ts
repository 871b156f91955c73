/**
 * A segment's outcome rate is a count in disguise (rate × customers with a known outcome). Train.csv
 * (trial of 2026-11-29) with columns.label Ever_Married: the run's segment 3 held 1,805 "Yes" and 4
 * "No" among 1,809 known, so 99.8% would publish 4 customers. Seeded labels with the trial's counts;
 * what may be published is worked out here from the planted counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeProfile } from '../../lib/profile/outcome';
import { createRng } from '../../lib/random/rng';

const K = 50;
/** [Yes, No, unknown] per segment, as counted in the trial's Train.csv run. */
const COUNTS = [[1211, 1447, 66], [801, 1076, 20], [1805, 4, 33], [826, 758, 21]];

test('no published rate stands for fewer than minCellSize customers, and the whole base cannot give one back', () => {
  const rng = createRng(17);
  const cells: { s: number; v: string | null }[] = [];
  COUNTS.forEach(([yes, no, unknown], s) => {
    for (let i = 0; i < yes; i++) cells.push({ s, v: 'Yes' });
    for (let i = 0; i < no; i++) cells.push({ s, v: 'No' });
    for (let i = 0; i < unknown; i++) cells.push({ s, v: null });
  });
  for (let i = cells.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [cells[i], cells[j]] = [cells[j], cells[i]];
  }
  const o = outcomeProfile('Ever_Married', cells.map((c) => c.v), cells.map((c) => c.s), COUNTS.length, K);
  assert.ok(o);
  assert.equal(o.positive, 'Yes');
  const hidden = o.segments.filter((s) => s.value === null).map((s) => s.segment);
  COUNTS.forEach(([yes, no], s) => {
    const seg = o.segments[s];
    if (seg.value === null) {
      assert.equal(seg.low, null);
      assert.equal(seg.lift, null);
      return;
    }
    assert.equal(seg.value, yes / (yes + no));
    for (const side of [yes, no]) assert.ok(side === 0 || side >= K, `segment ${s + 1} publishes a count of ${side}`);
  });
  // Segment 3's 4 "No" are withheld, with a partner: the whole base's published rate leaves two unknowns.
  assert.ok(hidden.includes(2), JSON.stringify(hidden));
  assert.ok(hidden.length >= 2, JSON.stringify(hidden));
  assert.ok(!o.sentence.includes('99.8%'), o.sentence);
  // Segment 3's withheld 99.8% is the highest, so "the highest" is said of the shown segments only.
  const top = Math.max(...o.segments.filter((s) => s.value !== null).map((s) => s.value as number));
  assert.ok(COUNTS[2][0] / (COUNTS[2][0] + COUNTS[2][1]) > top);
  assert.match(o.sentence, new RegExp(`^Of the segments shown \\(segments ${hidden.map((s) => s + 1).join(', ')} withheld`));
});
