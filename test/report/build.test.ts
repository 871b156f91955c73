import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument, protectedFeatures, separationInWords } from '../../lib/report/build';
import { renderReport } from '../../lib/report/html';
import type { ReportBlock, ReportDocument } from '../../lib/report/types';
import { fixtureRun } from './fixture';
import { formatMoney } from '../../lib/report/money';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const blocks = (doc: ReportDocument, id: string): ReportBlock[] => doc.sections.find((s) => s.id === id)?.blocks ?? [];
const chartIds = (doc: ReportDocument): string[] => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.id] : [])));

test('sections in a stakeholder\'s order, built from frozen inputs', () => {
  const { run, manifest } = deepFreeze(fixtureRun());
  const doc = buildReportDocument(run, manifest);
  assert.deepEqual(doc.sections.map((s) => s.id), [
    'overview',
    'personas',
    'profile',
    'map',
    'distributions',
    'campaigns',
    'clv',
    'fairness',
    'data-quality',
    'k-selection',
    'glossary',
    'manifest',
  ]);
  assert.deepEqual(chartIds(doc), [
    'segment-sizes',
    'feature-profile',
    'segment-map',
    'distribution-recency-days',
    'distribution-frequency',
    'distribution-monetary',
    'campaign-arms',
    'campaign-uplift',
    'clv-holdout',
    'fairness-representation-1-gender',
    'fairness-balance-1-gender',
    // No association chart: every "female" and "non-binary" cell is suppressed (non-binary 6/8/6 < 10,
    // female hidden so they cannot be subtracted out), and Cramér's V over one published group would be made up.
    'data-missing',
    'k-silhouette',
    'k-inertia',
    'k-calinski-harabasz',
    'k-davies-bouldin',
    'k-stability',
    'autoencoder-loss',
  ]);
  assert.deepEqual(doc.notices, []);
  assert.equal(run.fairnessCard.association[0].cramersV, NaN);
});

test('without the optional results, their sections are left out', () => {
  const { run, manifest } = fixtureRun({ bare: true });
  const ids = buildReportDocument(run, manifest).sections.map((s) => s.id);
  assert.deepEqual(ids, ['overview', 'profile', 'map', 'fairness', 'data-quality', 'k-selection', 'glossary', 'manifest']);
});

test('the executive summary is derived from the data', () => {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, manifest);
  assert.equal(doc.summary.length, 6);
  assert.match(doc.summary[0], /^1,000 customers \(of 1,032 customer rows read; see Data quality\) were grouped into 3 segments, from Promising with 48\.0% of customers to Champions with 19\.0%/);
  assert.match(doc.summary[1], /Champions is 19\.0% of customers but holds 62\.8% of total value/);
  const clvTop = [...(run.clv?.segments ?? [])].sort((a, b) => b.totalClv - a.totalClv)[0];
  assert.equal(clvTop.segment, 'Segment 3', 'the fixture\'s high-value segment has the most predicted CLV');
  assert.match(
    doc.summary[2],
    run.clv?.recommendedMeasure === 'historical' ? /^By value so far \(historical CLV; .*\), Champions is worth the most/ : /^Over the next 365 days, Champions is expected to bring the most value/,
  );
  // The other measure gives the other sentence.
  const other = { ...run, clv: run.clv && { ...run.clv, recommendedMeasure: run.clv.recommendedMeasure === 'historical' ? ('predictive' as const) : ('historical' as const) } };
  assert.notEqual(buildReportDocument(other, manifest).summary[2].slice(0, 12), doc.summary[2].slice(0, 12));
  assert.equal(doc.summary[3], `Fairness check needs review: ${run.fairnessCard.summary.headline}`);
  assert.match(doc.summary[4], /moderately separated.* \(silhouette 0\.42 at k = 3/);
  const recommended = run.campaigns?.decisions.filter((d) => d.recommendation) ?? [];
  assert.match(doc.summary[5], new RegExp(`supports a campaign in ${recommended.length} of 3 segments`));
  assert.equal(doc.highlights?.find((h) => h.label === 'Fairness')?.value, run.fairnessCard.summary.verdict.toUpperCase());

  // Change the data: a passing card and a higher silhouette change the sentences.
  const calm = {
    ...run,
    fairnessCard: { ...run.fairnessCard, summary: { ...run.fairnessCard.summary, verdict: 'pass' as const, headline: 'Every check passes.' } },
    clustering: { ...run.clustering, candidates: run.clustering.candidates.map((c) => (c.k === 3 ? { ...c, silhouette: 0.61 } : c)) },
  };
  const calmDoc = buildReportDocument(calm, manifest);
  assert.equal(calmDoc.summary[3], 'Fairness check passed: Every check passes.');
  assert.match(calmDoc.summary[4], /clearly separated \(silhouette 0\.61/);
  assert.equal(calmDoc.highlights?.find((h) => h.label === 'Fairness')?.value, 'PASS');
});

test('fairness section: verdict first, checks with fails first, suppressed values, mitigation and card', () => {
  const { run, manifest } = fixtureRun();
  const card = run.fairnessCard;
  const fairness = blocks(buildReportDocument(run, manifest), 'fairness');
  const first = fairness[0];
  assert.ok(first.kind === 'callout' && first.text.startsWith(`Verdict: ${card.summary.verdict.toUpperCase()}. ${card.summary.headline}`));
  const checks = fairness.find((b) => b.kind === 'table' && b.caption === 'Every check, failures first');
  assert.ok(checks && checks.kind === 'table');
  assert.equal(checks.rows.length, card.checks.length);
  const rank = { FAIL: 0, warn: 1, pass: 2 } as Record<string, number>;
  const order = checks.rows.map((r) => rank[String(r.verdict)]);
  assert.deepEqual(order, [...order].sort((a, b) => a - b), 'fails, then warnings, then passes');
  const rep = fairness.find((b) => b.kind === 'table' && b.caption.startsWith('Representation of "gender"'));
  assert.ok(rep && rep.kind === 'table');
  // The 3 non-binary cells (6, 8, 6 < 10) and, by secondary suppression, 3 more (else 6 = segment size − the others).
  assert.equal(rep.rows.filter((r) => r.count === 'suppressed (k-anonymity)').length, 6);
  assert.ok(rep.rows.some((r) => r.count === 62 && r.verdict === 'outside band'));
  const headings = fairness.filter((b) => b.kind === 'heading').map((b) => (b.kind === 'heading' ? b.text : ''));
  assert.deepEqual(headings.slice(-3), ['Mitigation, before and after', 'Privacy', 'Data & model card']);
  if (card.mitigation.length) {
    const m = card.mitigation[0];
    const table = fairness.find((b) => b.kind === 'table' && b.caption.startsWith('Mitigation'));
    assert.ok(table && table.kind === 'table');
    assert.deepEqual(table.rows[0], { metric: 'Balance (higher is fairer)', before: m.before.balance, after: m.after.balance, change: m.after.balance - m.before.balance });
  }
  const privacy = fairness.find((b) => b.kind === 'keyvalue' && b.items.some((i) => i.label === 'Minimum cell size (k-anonymity)'));
  assert.ok(privacy && privacy.kind === 'keyvalue');
  assert.equal(privacy.items[0].value, '10 customers');
  const warned = blocks(buildReportDocument({ ...run, fairnessCard: { ...card, warnings: [...card.warnings, 'group "x" is tiny'] } }, manifest), 'fairness');
  assert.ok(warned.some((b) => b.kind === 'callout' && b.level === 'warn' && b.text === 'group "x" is tiny'), 'fairness warnings shown');
});

test('a check whose value is suppressed reads "suppressed (< k)"', () => {
  const { run, manifest } = fixtureRun();
  // A null value that is not a withheld one (lib/fairness/hidden-cells.ts): below k, as the k-anonymity check.
  const card = { ...run.fairnessCard, checks: run.fairnessCard.checks.map((c, i) => (i === 0 ? { ...c, value: null, withheld: undefined } : c)) };
  const fairness = blocks(buildReportDocument({ ...run, fairnessCard: card }, manifest), 'fairness');
  const checks = fairness.find((b) => b.kind === 'table' && b.caption === 'Every check, failures first');
  assert.ok(checks && checks.kind === 'table');
  assert.ok(checks.rows.some((r) => r.value === 'suppressed (< 10)' && r.metric === card.checks[0].metric));
  // A value withheld because it rests on a hidden cell says so, not "< 10" (the cell may be a large one hidden by secondary suppression).
  const withheld = { ...run.fairnessCard, checks: run.fairnessCard.checks.map((c, i) => (i === 0 ? { ...c, value: null, withheld: true } : c)) };
  const table = blocks(buildReportDocument({ ...run, fairnessCard: withheld }, manifest), 'fairness').find((b) => b.kind === 'table' && b.caption === 'Every check, failures first');
  assert.ok(table && table.kind === 'table');
  assert.ok(table.rows.some((r) => r.value === 'withheld (rests on a hidden cell)' && r.metric === withheld.checks[0].metric));
});

test('persona cards: names, traits and a suppressed small segment', () => {
  const { run, manifest } = fixtureRun();
  const small = run.profiles.map((p) => (p.segment === 1 ? { ...p, persona: { ...(p.persona as NonNullable<typeof p.persona>), suppressed: true, name: 'Segment 2', positive: [], negative: [] }, size: 8 } : p));
  const personas = blocks(buildReportDocument({ ...run, profiles: small }, manifest), 'personas');
  const cards = personas.find((b) => b.kind === 'cards');
  assert.ok(cards && cards.kind === 'cards');
  assert.deepEqual(cards.cards.map((c) => c.title), ['Promising', 'Segment 2', 'Champions']);
  assert.equal(cards.cards[1].muted, true);
  assert.deepEqual(cards.cards[1].facts, [{ label: 'Customers', value: 'suppressed (< 10)' }]);
  assert.match(cards.cards[2].above[0], /^spend a lot: total spend 5,820 on average \(\+2\.35 SD vs the rest\)$/);
  // The card leads with the value measure the report recommends (per customer), then its share of value.
  assert.match(cards.cards[2].facts[0].label, /^Per customer, (predicted CLV, next 365 days|historical CLV, value so far)$/);
  // Named by its measure: "Share of value" is the overview's share of spend, and UCI Online Retail's
  // segment 1 read "Share of value 71.6%" (predicted CLV) on its card and 84.2% (spend) in the overview.
  assert.equal(cards.cards[2].facts[1].label, cards.cards[2].facts[0].label.replace(/^Per customer, /, 'Share of '));
  // The small segment's feature means are suppressed too.
  const profile = blocks(buildReportDocument({ ...run, profiles: small }, manifest), 'profile');
  const means = profile.find((b) => b.kind === 'table');
  assert.ok(means && means.kind === 'table');
  assert.ok(means.rows.every((r) => r.s1 === 'suppressed (< 10)'));
});

test('campaign and CLV sections use the persona names and carry the evidence', () => {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, manifest);
  const campaigns = blocks(doc, 'campaigns');
  const decisions = campaigns.find((b) => b.kind === 'table' && b.caption === 'Recommendation per segment');
  assert.ok(decisions && decisions.kind === 'table');
  assert.deepEqual(decisions.rows.map((r) => r.segment), ['Promising', 'Lost', 'Champions']);
  for (const [i, d] of (run.campaigns?.decisions ?? []).entries()) {
    assert.equal(decisions.rows[i].campaign, d.recommendation ? d.recommendation.arm : '\u2014');
    if (!d.recommendation) assert.ok(String(decisions.rows[i].why).startsWith(String(d.reason)));
    if (d.nextTest) assert.match(String(decisions.rows[i].why), new RegExp(`Next test: ${d.nextTest.customersPerArm.toLocaleString('en-US')} customers per arm`));
  }
  assert.ok(campaigns.some((b) => b.kind === 'table' && b.caption === 'Budget allocation'));
  const clv = blocks(doc, 'clv');
  const table = clv.find((b) => b.kind === 'table');
  assert.ok(table && table.kind === 'table');
  assert.deepEqual(table.rows.map((r) => r.segment), ['Promising', 'Lost', 'Champions']);
  // Money cells carry the configured currency (plain numbers with "currency units" in the header without one).
  assert.deepEqual(table.rows.map((r) => r.meanClv), run.clv?.segments.map((s) => formatMoney(s.meanClv, run.config.profile.currency)));
  const shares = table.rows.map((r) => Number(r.historicalShare));
  assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9, 'historical CLV shares add up to 1');
});

test('k-selection shows the rule, the optional metrics and the representations tried', () => {
  const { run, manifest } = fixtureRun();
  const k = blocks(buildReportDocument(run, manifest), 'k-selection');
  assert.ok(k.some((b) => b.kind === 'callout' && b.text === run.clustering.rule));
  const table = k.find((b) => b.kind === 'table' && b.caption === 'Candidate numbers of segments');
  assert.ok(table && table.kind === 'table');
  assert.deepEqual(table.columns.map((c) => c.key), ['k', 'silhouette', 'inertia', 'ch', 'db', 'stability', 'meanRank', 'minShare', 'status']);
  assert.equal(table.rows[4].stability, null, 'NaN stability shows as a dash');
  assert.equal(table.rows[2].status, 'considered (unstable)');
  assert.ok(k.some((b) => b.kind === 'table' && b.caption.startsWith('Representations tried')));
  // Hand-built candidates without the optional metrics: no extra columns, no extra charts.
  const plain = { ...run, clustering: { ...run.clustering, rule: undefined, candidates: run.clustering.candidates.map(({ k: kk, silhouette, inertia, minShare, eligible }) => ({ k: kk, silhouette, inertia, minShare, eligible })) } };
  const doc = buildReportDocument(plain, manifest);
  assert.ok(!chartIds(doc).includes('k-stability'));
});

test('a protected attribute used as a feature is the first paragraph of the report', async () => {
  const { run, manifest } = fixtureRun({ protectedFeature: true });
  assert.deepEqual(protectedFeatures(run), ['gender']);
  const doc = buildReportDocument(run, manifest);
  assert.equal(doc.notices?.length, 1);
  const { html } = await renderReport({ ...doc, sections: doc.sections.filter((s) => s.id === 'data-quality') });
  const main = html.slice(html.indexOf('<main'));
  const firstParagraph = /<p[^>]*>([\s\S]*?)<\/p>/.exec(main)?.[1] ?? '';
  assert.match(firstParagraph, /Protected attribute &quot;gender&quot; was used as a clustering feature \(features\.allowProtected is true\)/);

  const { run: plain } = fixtureRun();
  assert.deepEqual(protectedFeatures(plain), []);
  // allowProtected alone, without the column among the features, is not announced.
  assert.deepEqual(protectedFeatures({ ...plain, config: { ...plain.config, features: { ...plain.config.features, allowProtected: true } } }), []);
  // The fairness card's own record of a protected feature is announced too.
  const fromCard = { ...plain, fairnessCard: { ...plain.fairnessCard, card: { ...plain.fairnessCard.card, protectedUsedAsFeature: ['gender'] } } };
  assert.deepEqual(buildReportDocument(fromCard, manifest).notices?.map((n) => n.level), ['warn']);
});

test('without an embedding there is no autoencoder chart; without protected attributes a warning', () => {
  const { run, manifest } = fixtureRun({ noEmbedding: true });
  const rep = { ...run.fairnessCard.representation, attributes: [], warnings: [] };
  const doc = buildReportDocument({ ...run, fairness: rep, fairnessCard: { ...run.fairnessCard, representation: rep, balance: [], association: [], proxyClassifier: [], checks: [], warnings: [] } }, manifest);
  assert.ok(!chartIds(doc).includes('autoencoder-loss'));
  assert.ok(blocks(doc, 'k-selection').some((b) => b.kind === 'paragraph' && b.text.includes('standardised features')));
  const fairness = blocks(doc, 'fairness');
  assert.ok(fairness.some((b) => b.kind === 'callout' && b.level === 'warn' && /No protected attributes were configured/.test(b.text)));
  assert.match(doc.summary[3], /No protected attributes were configured/);
});

test('data quality and manifest sections carry the ledger, hashes, versions and timings', () => {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, manifest);
  const dq = blocks(doc, 'data-quality');
  const ledger = dq.find((b) => b.kind === 'table' && b.caption === 'Row ledger');
  assert.ok(ledger && ledger.kind === 'table');
  assert.deepEqual(ledger.rows.map((r) => [r.source, r.read, r.kept, r.dropped]), [['customers', 1032, 1000, 32], ['transactions', 15840, 15702, 138]]);
  const columns = dq.find((b) => b.kind === 'table' && b.caption.startsWith('customers: 1,032 rows'));
  assert.ok(columns && columns.kind === 'table');
  const gender = columns.rows.find((r) => r.name === 'gender');
  assert.equal(gender?.top, 'male (478), female (517)', 'a value seen fewer than k times is left out');
  assert.equal(columns.rows.find((r) => r.name === 'email')?.top, null, 'personal-data columns show counts only');
  const man = blocks(doc, 'manifest');
  const text = JSON.stringify(man);
  assert.ok(text.includes(manifest.inputs[0].sha256));
  assert.ok(text.includes('"vega-lite"') && text.includes('6.4.3'));
  assert.ok(text.includes('"Seed","value":"7"'));
  assert.ok(text.includes('Wall time by stage (total 7.87 s)'));
});

test('separationInWords bands', () => {
  assert.match(separationInWords(0.7), /^clearly/);
  assert.match(separationInWords(0.3), /^moderately/);
  assert.match(separationInWords(0.1), /^only weakly/);
});

test('no protected attribute: the Fairness tile and the summary say "not checked", and a failing check that needs no group is not hidden', () => {
  const { run, manifest } = fixtureRun();
  const noGroups = { ...run.fairnessCard, representation: { ...run.fairnessCard.representation, attributes: [] } };
  const quiet = { ...run, fairnessCard: { ...noGroups, summary: { ...noGroups.summary, verdict: 'pass' as const, headline: 'The 2 checks that need none pass.' } } };
  const quietDoc = buildReportDocument(quiet, manifest);
  assert.equal(quietDoc.highlights?.find((h) => h.label === 'Fairness')?.value, 'NOT CHECKED');
  assert.equal(quietDoc.summary.find((s) => /fairness/i.test(s)), 'No protected attributes were configured, so fairness across groups was not checked.');
  // A segment below the minimum cell size fails without any group: the tile and the sentence say FAIL, as the command line does.
  const failing = { ...run, fairnessCard: { ...noGroups, summary: { ...noGroups.summary, verdict: 'fail' as const, headline: '1 of 2 checks fail: minimum segment size.' } } };
  const failingDoc = buildReportDocument(failing, manifest);
  assert.equal(failingDoc.highlights?.find((h) => h.label === 'Fairness')?.value, 'FAIL');
  assert.ok(failingDoc.summary.some((s) => s.endsWith('The checks that need none failed: 1 of 2 checks fail: minimum segment size.')), failingDoc.summary.join(' | '));
});
