/**
 * No protected attribute configured: the privacy checks that need none (segment size, personal data
 * in the outputs) pass, but that is no fairness verdict. UCI Wholesale and the fast-food A/B log
 * printed "fairness: PASS. All 2 checks pass." while the report's summary said "not checked".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard, withPiiScan } from '../../lib/fairness/card';
import { verdictWord } from '../../lib/fairness/verdict';
import { fairnessVerdictLines } from '../../lib/cli/run-summary';
import { fairnessSection } from '../../lib/report/sections-fairness';
import { createRng } from '../../lib/random/rng';

const labels = Array.from({ length: 300 }, (_, i) => i % 3);

test('no protected attribute: the verdict reads NOT CHECKED, never PASS, on the command line and in the report', () => {
  const card = withPiiScan(fairnessCard({ labels, k: 3, protected: {} }, createRng(1)), []);
  assert.equal(card.summary.verdict, 'pass');
  assert.ok(card.checks.length > 0 && card.checks.every((c) => !c.attribute));
  assert.equal(verdictWord(card), 'NOT CHECKED');
  const [line] = fairnessVerdictLines({ fairnessCard: card });
  assert.doesNotMatch(line, /PASS/);
  assert.match(line, /^fairness: NOT CHECKED\. No protected attribute was checked, so fairness across groups is not known; the \d+ checks? that need none/);
  const first = fairnessSection(card, []).blocks[0];
  assert.ok(first.kind === 'callout');
  assert.match(first.text, /^Verdict: NOT CHECKED\./);
});

test('with a protected attribute, or a failing privacy check, the verdict is the card verdict', () => {
  const sex = labels.map((_, i) => (i % 2 ? 'F' : 'M'));
  const checked = withPiiScan(fairnessCard({ labels, k: 3, protected: { sex: { kind: 'text', values: sex } } }, createRng(1)), []);
  assert.equal(verdictWord(checked), checked.summary.verdict.toUpperCase());
  assert.doesNotMatch(checked.summary.headline, /No protected attribute/);
  // A segment below the minimum cell size is flagged even with no attribute: its verdict is printed as is.
  const small = withPiiScan(fairnessCard({ labels: labels.map((l, i) => (i < 10 ? 3 : l)), k: 4, protected: {} }, createRng(1)), []);
  assert.notEqual(small.summary.verdict, 'pass');
  assert.equal(verdictWord(small), small.summary.verdict.toUpperCase());
});
