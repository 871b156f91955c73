/**
 * The first screen's "Fairness flag" column counts a segment's hidden cells outside the band (CPA
 * trial: a segment with 6 of 396 customers of a group, 0.10 times its share, read "none flagged").
 * The fixture's gender counts per segment (test/report/fixture.ts) are repeated here and the ratios
 * recomputed by hand; which cells are hidden is read from the card, as a reader of the table sees it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument } from '../../lib/report/build';
import { decisionTable } from '../../lib/report/decisions';
import { fixtureRun } from './fixture';

/** female, male, non-binary per segment, as in the fixture. */
const COUNTS = [
  [244, 230, 6],
  [144, 178, 8],
  [122, 62, 6],
];
const GROUPS = ['female', 'male', 'non-binary'];

test('the first-screen flag counts each segment\u2019s hidden cells outside the band, never their values', () => {
  const { run, manifest } = fixtureRun();
  const attr = run.fairnessCard.representation.attributes[0];
  assert.equal(attr.attribute, 'gender');
  const n = COUNTS.flat().reduce((a, b) => a + b, 0);
  const totals = GROUPS.map((_, g) => COUNTS.reduce((a, row) => a + row[g], 0));
  const table = decisionTable(run, (s) => `Segment ${s + 1}`);
  let anyHiddenOutside = false;
  COUNTS.forEach((row, s) => {
    const size = row.reduce((a, b) => a + b, 0);
    const hiddenOut = GROUPS.filter((group, g) => {
      const hidden = attr.cells.find((c) => c.segment === s && c.group === group)?.count === null;
      const ratio = row[g] / size / (totals[g] / n);
      return hidden && (ratio < 0.8 || ratio > 1.25);
    }).length;
    const flag = String(table.rows[run.profiles.findIndex((p) => p.segment === s)].fairness);
    if (hiddenOut) {
      anyHiddenOutside = true;
      assert.match(flag, new RegExp(`(^|; )${hiddenOut} hidden "gender" cells? outside 0\\.8\u20131\\.25`), `segment ${s + 1}: ${flag}`);
    } else assert.doesNotMatch(flag, /hidden "gender" cell/, `segment ${s + 1}: ${flag}`);
    // Never a hidden count or a share of one.
    for (const [g, group] of GROUPS.entries()) {
      if (attr.cells.find((c) => c.segment === s && c.group === group)?.count !== null) continue;
      assert.doesNotMatch(flag, new RegExp(`\\b${row[g]} of|${((row[g] / size / (totals[g] / n))).toFixed(2)}`), flag);
    }
  });
  assert.ok(anyHiddenOutside, 'the fixture has hidden cells outside the band');
  // The card's verdict is not "pass" when a hidden cell is outside the band, and the report's first callout says so.
  assert.notEqual(run.fairnessCard.summary.verdict, 'pass');
  const doc = buildReportDocument(run, manifest);
  const fairness = doc.sections.find((s) => s.id === 'fairness');
  assert.ok(fairness && fairness.blocks[0].kind === 'callout');
  assert.doesNotMatch(fairness.blocks[0].kind === 'callout' ? fairness.blocks[0].text : '', /All \d+ checks pass/);
});
