/** The report's first screen: the per-segment decision table and what to do about a fairness FAIL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument } from '../../lib/report/build';
import { decisionTable, fairnessAction } from '../../lib/report/decisions';
import { formatMoney } from '../../lib/report/money';
import type { FairnessCard } from '../../lib/fairness/types';
import { fixtureRun } from './fixture';

test('the first screen is one table: a row per segment with who, worth, what to do and the fairness flag', () => {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, manifest);
  assert.ok(doc.lead, 'the document has a lead');
  assert.equal(doc.lead.title, 'What to do, per segment');
  const table = doc.lead.blocks[0];
  assert.ok(table.kind === 'table');
  assert.equal(table.rows.length, run.profiles.length);
  assert.deepEqual(table.columns.map((c) => c.key), ['who', 'size', 'worth', 'valueShare', 'todo', 'fairness']);
  // The share is of the table's worth measure (named in the caption), not the overview's share of spend.
  assert.match(String(table.columns[3].label), /^Share of (predicted CLV, next \d+ days|historical CLV, value so far|total spend so far)$/);
  assert.ok(table.caption?.includes(`(${String(table.columns[3].label).replace(/^Share of /, '')})`));
  const names = run.profiles.map((p) => p.persona?.name);
  assert.deepEqual(table.rows.map((r) => r.who), names);
  for (const [i, row] of table.rows.entries()) {
    const label = run.profiles[i].label;
    const decision = run.campaigns?.decisions.find((d) => d.segment === label);
    assert.ok(decision, label);
    if (decision.recommendation) assert.match(String(row.todo), new RegExp(`^Send "${decision.recommendation.arm}"`));
    else if (decision.nextTest) assert.match(String(row.todo), new RegExp(`${decision.nextTest.customersPerArm.toLocaleString('en-US')} customers per arm`));
  }
});

test('money carries the configured currency; without one, headers say "currency units"', () => {
  const { run } = fixtureRun();
  const plain = decisionTable(run, (s) => `Segment ${s + 1}`);
  assert.match(plain.columns.find((c) => c.key === 'worth')?.label ?? '', /\(currency units\)$/);
  const usd = decisionTable({ ...run, config: { ...run.config, profile: { ...run.config.profile, currency: 'USD' } } }, (s) => `Segment ${s + 1}`);
  assert.match(usd.columns.find((c) => c.key === 'worth')?.label ?? '', /\(USD\)$/);
  for (const r of usd.rows) assert.match(String(r.worth), /^\$[\d,]+(\.\d\d)?$/);
  assert.equal(formatMoney(1616.424, 'USD'), '$1,616');
  assert.equal(formatMoney(12.5, 'EUR'), '€12.50');
});

test('a fairness FAIL says which features leak the attribute and what the measured mitigation moves and costs', () => {
  const { run } = fixtureRun();
  const card = run.fairnessCard;
  const failing: FairnessCard = {
    ...card,
    summary: { ...card.summary, verdict: 'fail' },
    checks: [{ ...card.checks[0], verdict: 'fail', attribute: 'gender' }],
    proxyClassifier: [{ attribute: 'gender', rows: 1000, folds: 5, balancedAccuracy: 0.71, chance: 0.5, lift: 0.42, auc: 0.77, foldBalancedAccuracy: [], features: [], proxies: ['income', 'monetary'] }],
    mitigation: [
      {
        method: 'fair-assignment',
        attribute: 'gender',
        description: '',
        droppedFeatures: [],
        moved: 62,
        movedShare: 0.062,
        withinBounds: true,
        before: { balance: 0.5, proportionalBalance: 0.6, cramersV: 0.3, cellsOutsideBand: 5, inertia: 100, silhouette: 0.31 },
        after: { balance: 0.7, proportionalBalance: 0.9, cramersV: 0.1, cellsOutsideBand: 0, inertia: 110, silhouette: 0.28 },
      },
    ],
  };
  const text = fairnessAction(failing) ?? '';
  assert.match(text, /^Fairness FAIL on "gender"\./);
  assert.match(text, /"income", "monetary"/);
  assert.match(text, /balanced accuracy 71\.0% against 50\.0% by chance/);
  assert.match(text, /would move 62 customers \(6\.2%\), take the segment × group cells outside the band from 5 to 0 and change the silhouette \(how distinct the segments are, in the clustered space\) from 0\.31 to 0\.28/);
  assert.equal(fairnessAction({ ...card, summary: { ...card.summary, verdict: 'pass' } }), null);
});

test('without campaign results the caption says once that every action is a test, not each row (trial 8)', () => {
  const { run } = fixtureRun();
  const none = decisionTable({ ...run, campaigns: null }, (s) => `Segment ${s + 1}`);
  const acted = run.profiles.filter((p) => !p.persona?.suppressed).length;
  assert.ok(acted >= 2, 'the fixture has segments to act on');
  for (const r of none.rows) assert.doesNotMatch(String(r.todo), /no campaign results/i);
  assert.equal((none.caption ?? '').match(/no campaign results yet/g)?.length, 1, none.caption);
  assert.match(
    none.caption ?? '',
    acted === none.rows.length ? /\(no campaign results yet: each action is a test to run against a hold-out\)$/ : new RegExp(`no campaign results yet for ${acted} of the ${none.rows.length} segments`),
  );
  // With results for every segment (the fixture's campaigns), the caption makes no such claim.
  const withResults = decisionTable(run, (s) => `Segment ${s + 1}`);
  assert.ok(run.profiles.every((p) => run.campaigns?.decisions.some((d) => d.segment === p.label)));
  assert.doesNotMatch(withResults.caption ?? '', /no campaign results/);
  // Results for one segment only: the caption counts the others.
  const first = run.profiles[0].label;
  const one = decisionTable({ ...run, campaigns: run.campaigns ? { ...run.campaigns, decisions: run.campaigns.decisions.filter((d) => d.segment === first) } : null }, (s) => `Segment ${s + 1}`);
  const others = run.profiles.filter((p) => p.label !== first && !p.persona?.suppressed).length;
  assert.match(one.caption ?? '', new RegExp(`no campaign results yet for ${others} of the ${one.rows.length} segments`));
});

test('a segment whose group cells are suppressed reads "none flagged" and names the attribute, never a bare "none" (IBM Telco churn)', () => {
  const { run } = fixtureRun();
  const card = run.fairnessCard;
  assert.ok(card.representation.attributes.length > 0, 'the fixture checks an attribute');
  const attribute = card.representation.attributes[0];
  const segment = 0;
  // Every cell of segment 0 suppressed: nothing shown, nothing flagged.
  const hiddenCard = {
    ...card,
    representation: {
      ...card.representation,
      attributes: card.representation.attributes.map((a) =>
        a === attribute
          ? {
              ...a,
              cells: a.cells.map((c) => (c.segment === segment ? { ...c, count: null, segmentShare: null, ratio: null, verdict: 'suppressed' as const } : c)),
              // No hidden cell outside the band (the fixture's own hidden cells are: test/report/hidden-verdicts.test.ts covers that case).
              hidden: a.hidden ? { ...a.hidden, outside: 0, severe: 0, worstHidden: false, segments: [] } : a.hidden,
            }
          : a,
      ),
    },
  };
  const table = decisionTable({ ...run, fairnessCard: hiddenCard }, (s) => `Segment ${s + 1}`);
  const row = table.rows[run.profiles.findIndex((p) => p.segment === segment)];
  assert.ok(attribute.cells.some((c) => c.segment === segment));
  assert.equal(row.fairness, `none flagged; "${attribute.attribute}" not shown (cells under ${run.config.fairness.minCellSize} customers are hidden, with the cells that would reveal them)`);
  // A segment with every cell published and inside the band still reads "none".
  const shown = decisionTable(run, (s) => `Segment ${s + 1}`);
  for (const [i, r] of shown.rows.entries()) {
    const cells = card.representation.attributes.flatMap((a) => a.cells.filter((c) => c.segment === run.profiles[i].segment));
    if (cells.every((c) => c.verdict === 'pass') && !card.representation.attributes.some((a) => a.hidden?.segments.some((x) => x.segment === run.profiles[i].segment))) assert.equal(r.fairness, 'none');
    if (cells.some((c) => c.verdict === 'suppressed')) assert.doesNotMatch(String(r.fairness), /^none$/);
  }
});
