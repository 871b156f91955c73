import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument, protectedFeatures, separationInWords } from '../../lib/report/build';
import { renderReport } from '../../lib/report/html';
import type { ReportBlock, ReportDocument } from '../../lib/report/types';
import { fixtureRun } from './fixture';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const blocks = (doc: ReportDocument, id: string): ReportBlock[] => doc.sections.find((s) => s.id === id)?.blocks ?? [];
const chartIds = (doc: ReportDocument): string[] => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.id] : [])));

test('sections in pipeline order, built from frozen inputs', () => {
  const { run, manifest } = deepFreeze(fixtureRun());
  const doc = buildReportDocument(run, manifest);
  assert.deepEqual(doc.sections.map((s) => s.id), ['overview', 'profile', 'map', 'k-selection', 'bias', 'data-quality', 'manifest']);
  assert.deepEqual(chartIds(doc), ['segment-sizes', 'feature-profile', 'segment-map', 'k-silhouette', 'k-inertia', 'autoencoder-loss', 'bias-1-gender']);
  assert.deepEqual(doc.notices, []);
});

test('the executive summary is derived from the data', () => {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, manifest);
  assert.equal(doc.summary.length, 4);
  assert.match(doc.summary[0], /^1,000 customers \(of 1,032 customer rows read; see Data quality\) were grouped into 3 segments/);
  assert.match(doc.summary[1], /Segment 3 is 19\.0% of customers but holds 62\.8% of total value/);
  assert.match(doc.summary[1], /high monetary, high frequency/);
  assert.match(doc.summary[2], /2 segment × group cells are outside 0\.8–1\.25; the largest gap is group "male" of "gender" in Segment 3, at 0\.694/);
  assert.match(doc.summary[3], /moderately separated.* \(silhouette 0\.42 at k = 3/);

  // Change the data: no flags and a higher silhouette change the sentences.
  const attr = run.fairness.attributes[0];
  const calm = {
    ...run,
    fairness: { ...run.fairness, attributes: [{ ...attr, flagged: 0, cells: attr.cells.map((c) => (c.verdict === 'flag' ? { ...c, verdict: 'pass' as const, ratio: 1 } : c)) }] },
    clustering: { ...run.clustering, candidates: run.clustering.candidates.map((c) => (c.k === 3 ? { ...c, silhouette: 0.61 } : c)) },
  };
  const calmDoc = buildReportDocument(calm, manifest);
  assert.match(calmDoc.summary[2], /^Bias check passed/);
  assert.match(calmDoc.summary[3], /clearly separated \(silhouette 0\.61/);
  assert.deepEqual(calmDoc.highlights?.find((h) => h.label === 'Bias flags')?.value, 'none');
});

test('bias section: verdict callout, chart, table with suppressed counts', () => {
  const { run, manifest } = fixtureRun();
  const bias = blocks(buildReportDocument(run, manifest), 'bias');
  const verdict = bias.find((b) => b.kind === 'callout' && b.text.startsWith('"gender"'));
  assert.ok(verdict && verdict.kind === 'callout');
  assert.equal(verdict.level, 'warn');
  const table = bias.find((b) => b.kind === 'table');
  assert.ok(table && table.kind === 'table');
  const suppressedRows = table.rows.filter((r) => r.count === 'suppressed (< 10)');
  assert.equal(suppressedRows.length, 3);
  assert.ok(table.rows.some((r) => r.count === 62 && r.verdict === 'outside band'));
  assert.ok(bias.some((b) => b.kind === 'callout' && /only 20 customers/.test(b.text)), 'fairness warnings shown');
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
});

test('without an embedding there is no autoencoder chart; without protected attributes a warning', () => {
  const { run, manifest } = fixtureRun({ noEmbedding: true });
  const doc = buildReportDocument({ ...run, fairness: { ...run.fairness, attributes: [], warnings: [] } }, manifest);
  assert.ok(!chartIds(doc).includes('autoencoder-loss'));
  assert.ok(blocks(doc, 'k-selection').some((b) => b.kind === 'paragraph' && b.text.includes('standardised features')));
  const bias = blocks(doc, 'bias');
  assert.equal(bias.length, 1);
  assert.equal(bias[0].kind === 'callout' && bias[0].level, 'warn');
  assert.match(doc.summary[2], /No protected attributes were configured/);
});

test('data quality and manifest sections carry the ledger, hashes, versions and timings', () => {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, manifest);
  const dq = blocks(doc, 'data-quality');
  const ledger = dq.find((b) => b.kind === 'table' && b.caption === 'Row ledger');
  assert.ok(ledger && ledger.kind === 'table');
  assert.deepEqual(ledger.rows.map((r) => [r.source, r.read, r.kept, r.dropped]), [['customers', 1032, 1000, 32], ['transactions', 15840, 15702, 138]]);
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
