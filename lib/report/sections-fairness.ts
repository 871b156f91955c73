/**
 * The fairness and privacy section, from the fairness card (lib/fairness/card.ts): verdict first,
 * then the checks (fails first), the evidence charts, targeting parity, the mitigation before and
 * after, privacy, and the data & model card. Values computed only from cells below the
 * k-anonymity threshold read "suppressed (< k)".
 */
import * as path from 'node:path';
import type { CheckResult, FairnessCard, MitigationOutcome, Verdict } from '../fairness/types';
import type { SegmentProfile } from '../profile/types';
import { verdictWord } from '../fairness/verdict';
import { suppressedCellsSentence } from '../fairness/checks';
import { representationChart } from './charts';
import { associationChart, balanceChart, proxyChart } from './charts-fairness';
import { formatNumber, formatPercent } from './format';
import { attributeTable } from './sections';
import type { CalloutBlock, ChartBlock, ReportBlock, ReportSection, TableBlock, VegaLiteSpec } from './types';

const paragraph = (text: string): ReportBlock => ({ kind: 'paragraph', text });
const heading = (text: string): ReportBlock => ({ kind: 'heading', text });
const callout = (level: CalloutBlock['level'], text: string): CalloutBlock => ({ kind: 'callout', level, text });

function chart(id: string, spec: VegaLiteSpec): ChartBlock {
  return { kind: 'chart', id, title: String(spec.title ?? id), description: String(spec.description ?? ''), spec };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30).replace(/-+$/, '');
}

/** Chart id for attribute number i: "fairness-<what>-<i>-<slug>" (the slug may be empty for odd names). */
function attrId(what: string, i: number, attribute: string): string {
  return ['fairness', what, String(i + 1), slug(attribute)].filter(Boolean).join('-');
}

const LEVEL: Record<Verdict, CalloutBlock['level']> = { pass: 'info', warn: 'warn', fail: 'fail' };
const ORDER: Record<Verdict, number> = { fail: 0, warn: 1, pass: 2 };
const VERDICT_WORD: Record<Verdict, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL' };

/** The checks, fails first, then warnings, then passes (stable within a verdict). */
export function sortedChecks(checks: readonly CheckResult[]): CheckResult[] {
  return checks.map((c, i) => ({ c, i })).sort((a, b) => ORDER[a.c.verdict] - ORDER[b.c.verdict] || a.i - b.i).map(({ c }) => c);
}

function checksTable(card: FairnessCard): TableBlock {
  const suppressed = `suppressed (< ${card.privacy.minCellSize})`;
  return {
    kind: 'table',
    caption: 'Every check, failures first',
    columns: [
      { key: 'attribute', label: 'Attribute' },
      { key: 'metric', label: 'Metric' },
      { key: 'value', label: 'Value', align: 'right' },
      { key: 'threshold', label: 'Threshold' },
      { key: 'verdict', label: 'Verdict' },
      { key: 'sentence', label: 'What it means' },
    ],
    rows: sortedChecks(card.checks).map((c) => ({
      attribute: c.attribute ?? 'all',
      metric: c.metric,
      value: c.value ?? (c.withheld ? 'withheld (rests on a hidden cell)' : c.metric.endsWith('not assessable') ? 'not assessable' : suppressed),
      threshold: c.threshold,
      verdict: VERDICT_WORD[c.verdict],
      sentence: c.sentence,
    })),
  };
}

/** Which cells the count-derived rows (balance, Cramér's V, cells outside the band) compare. */
function comparedCells(m: MitigationOutcome): string {
  const b = m.before.publishedCells;
  const a = m.after.publishedCells;
  if (b === undefined || a === undefined) return '';
  // Cells outside the band count every cell, hidden ones included (a count reveals no cell's value).
  const every = '; cells outside the band count every segment \u00d7 group cell, those hidden for privacy included';
  if (m.method === 'fair-assignment' && a === b) return ` (balance, proportional balance and Cramér's V on the same ${formatNumber(b)} published segment \u00d7 group cells${every})`;
  return ` (balance, proportional balance and Cramér's V: before on ${formatNumber(b)} published segment \u00d7 group cells, after on ${formatNumber(a)} of the re-clustered segments, so their change compares different cells${every})`;
}

function mitigationTable(m: MitigationOutcome, totalCells?: number): TableBlock {
  const row = (metric: string, before: number, after: number) => ({ metric, before, after, change: after - before });
  // With hidden cells the balance rows are over the published ones (the caption says which); said in the row too,
  // so a fall there is not read as the whole table's (CPA run 2: 0.536 -> 0.455 while the hidden 0.043 rose).
  const partial = totalCells !== undefined && m.before.publishedCells !== undefined && (m.before.publishedCells < totalCells || (m.after.publishedCells ?? totalCells) < totalCells);
  const only = partial ? ', published cells only' : '';
  return {
    kind: 'table',
    caption: `Mitigation "${m.method}" on "${m.attribute}": before and after${comparedCells(m)}`,
    columns: [
      { key: 'metric', label: 'Measure' },
      { key: 'before', label: 'Before', align: 'right' },
      { key: 'after', label: 'After', align: 'right' },
      { key: 'change', label: 'Change', align: 'right' },
    ],
    rows: [
      row(`Balance${only} (higher is fairer)`, m.before.balance, m.after.balance),
      row(`Proportional balance${only} (higher is fairer)`, m.before.proportionalBalance, m.after.proportionalBalance),
      row("Cramér's V with the attribute (lower is fairer)", m.before.cramersV, m.after.cramersV),
      row('Cells outside the band', m.before.cellsOutsideBand, m.after.cellsOutsideBand),
      row('Inertia (lower is tighter segments)', m.before.inertia, m.after.inertia),
      row('Silhouette in the clustered space (higher is better separated)', m.before.silhouette, m.after.silhouette),
    ],
  };
}

function mitigationBlocks(card: FairnessCard): ReportBlock[] {
  if (card.mitigation.length === 0) return [paragraph('No mitigation was run for this segmentation.')];
  return card.mitigation.flatMap((m) => [
    callout(
      m.withinBounds ? 'info' : 'warn',
      `${m.description} ${formatNumber(m.moved)} customers (${formatPercent(m.movedShare)}) changed segment` +
        (m.droppedFeatures.length ? `; features dropped: ${m.droppedFeatures.join(', ')}` : '') +
        `. ${m.withinBounds ? 'Afterwards every assessed representation ratio is within the band.' : 'Afterwards some representation ratios are still outside the band.'}`,
    ),
    mitigationTable(m, card.representation.attributes.find((a) => a.attribute === m.attribute)?.cells.length),
  ]);
}

function targetingBlocks(card: FairnessCard): ReportBlock[] {
  const suppressed = `suppressed (< ${card.privacy.minCellSize})`;
  return card.targeting.flatMap((t): ReportBlock[] => [
    paragraph(
      `Campaign targeting segments ${t.targetedSegments.map((s) => s + 1).join(', ')}, by "${t.attribute}": demographic-parity difference ${formatNumber(t.demographicParityDifference)}, ratio ${formatNumber(t.demographicParityRatio)}` +
        (t.equalOpportunityGap !== null ? `, equal-opportunity gap ${formatNumber(t.equalOpportunityGap)}` : '') +
        ` (reference group "${t.reference}").`,
    ),
    {
      kind: 'table',
      caption: `Selection by "${t.attribute}" group`,
      columns: [
        { key: 'group', label: 'Group' },
        { key: 'size', label: 'Customers' },
        { key: 'selected', label: 'Selected' },
        { key: 'selectionRate', label: 'Selection rate' },
        { key: 'di', label: 'Disparate impact' },
        { key: 'conversionRate', label: 'Conversion rate' },
        { key: 'tpr', label: 'True-positive rate' },
      ],
      rows: t.groups.map((g) => ({
        group: g.group,
        size: g.size ?? suppressed,
        selected: g.selected ?? suppressed,
        selectionRate: g.selectionRate ?? suppressed,
        di: t.disparateImpact.find((d) => d.group === g.group)?.ratio ?? null,
        conversionRate: g.conversionRate,
        tpr: g.truePositiveRate,
      })),
    },
  ]);
}

function privacyBlocks(card: FairnessCard): ReportBlock[] {
  const p = card.privacy;
  const qi = p.quasiIdentifiers;
  const pii =
    p.piiHits === null
      ? 'not recorded in this card; a seglab run scans every output file (this report included) for the input\u2019s personal-data values and stops before writing anything if it finds one'
      : p.piiHits.length === 0
        ? 'no personal-data value from the input appears in any output'
        : `${p.piiHits.length} personal-data value${p.piiHits.length === 1 ? '' : 's'} found in ${[...new Set(p.piiHits.map((h) => h.file))].join(', ')}`;
  return [
    {
      kind: 'keyvalue',
      items: [
        { label: 'Minimum cell size (k-anonymity)', value: `${p.minCellSize} customers` },
        { label: 'Segments below it', value: p.segmentsBelowK.length ? p.segmentsBelowK.map((s) => `Segment ${s + 1}`).join(', ') : 'none' },
        {
          label: 'Suppressed cells',
          value:
            p.smallCells === undefined
              ? `${formatNumber(p.suppressedCells)} segment \u00d7 group cell${p.suppressedCells === 1 ? '' : 's'}`
              : `${formatNumber(p.suppressedCells)}: ${suppressedCellsSentence(p.suppressedCells, p.smallCells, p.minCellSize)}`,
        },
        { label: 'Consent', value: p.consent ? `${formatNumber(p.consent.excluded)} of ${formatNumber(p.consent.total)} customers excluded for lack of consent` : 'no consent column configured' },
        {
          label: 'Quasi-identifiers',
          value: qi
            ? `${qi.quasiIdentifiers.join(', ')}: ${formatNumber(qi.uniqueRows)} of ${formatNumber(qi.rows)} exported rows are unique, ${formatNumber(qi.rowsBelowK)} are in classes smaller than ${p.minCellSize} (smallest class ${formatNumber(qi.smallestClass)})`
            : 'not assessed (no exported profile rows with quasi-identifiers were given)',
        },
        { label: 'Personal-data scan', value: pii },
      ],
    },
  ];
}

function modelCardBlocks(card: FairnessCard): ReportBlock[] {
  const m = card.card;
  const t = m.thresholds;
  return [
    {
      kind: 'table',
      caption: 'Data sources',
      columns: [
        { key: 'role', label: 'Role' },
        { key: 'file', label: 'File' },
        { key: 'rows', label: 'Rows' },
      ],
      rows: m.sources.map((s) => ({ role: s.role, file: path.basename(s.file), rows: s.rows ?? null })),
    },
    paragraph(`Features used (${m.featuresUsed.length}): ${m.featuresUsed.join(', ') || 'none'}.`),
    m.featuresExcluded.length
      ? {
          kind: 'table',
          caption: 'Columns excluded from the features, and why',
          columns: [
            { key: 'feature', label: 'Column' },
            { key: 'reason', label: 'Reason' },
          ],
          rows: m.featuresExcluded.map((f) => ({ feature: f.feature, reason: f.reason })),
        }
      : paragraph('No column was excluded.'),
    paragraph(
      `Protected attributes checked: ${m.protectedAttributesChecked.join(', ') || 'none'}` +
        (m.protectedUsedAsFeature.length ? `; used as clustering features: ${m.protectedUsedAsFeature.join(', ')}.` : '; none of them was used as a clustering feature.'),
    ),
    {
      kind: 'keyvalue',
      items: [
        { label: 'Representation / disparate-impact band', value: `${t.lower} to ${t.upper} (fail outside ${t.severeLower} to ${t.severeUpper})` },
        { label: "Cramér's V", value: `warn from ${t.cramersVWarn}, fail from ${t.cramersVFail}` },
        { label: 'Normalised mutual information', value: `warn from ${t.nmiWarn}, fail from ${t.nmiFail}` },
        { label: 'Proxy classifier lift', value: `warn from ${t.proxyLiftWarn}, fail from ${t.proxyLiftFail}; a feature is a proxy from ${t.proxyImportanceMin} importance` },
        { label: 'Parity gaps', value: `warn from ${t.parityGapWarn}, fail from ${t.parityGapFail}` },
        { label: 'Minimum cell size', value: String(t.minCellSize) },
      ],
    },
    ...(m.limitations.length ? [paragraph('Limitations:'), { kind: 'list' as const, items: m.limitations }] : []),
  ];
}

/**
 * The fairness and privacy section of the report, from the run's fairness card.
 * @example fairnessSection(run.fairnessCard, run.profiles)
 */
export function fairnessSection(card: FairnessCard, profiles: readonly SegmentProfile[], featureLabels: Readonly<Record<string, string>> = {}): ReportSection {
  const rep = card.representation;
  const blocks: ReportBlock[] = [
    callout(LEVEL[card.summary.verdict], `Verdict: ${verdictWord(card)}. ${card.summary.headline} (${card.summary.fail} failed, ${card.summary.warn} to review, ${card.summary.pass} passed.)`),
  ];
  if (rep.attributes.length === 0) {
    blocks.push(callout('warn', 'No protected attributes were configured (fairness.protected is empty), so no group was checked. Add columns such as age or gender to fairness.protected to check them.'));
  } else {
    blocks.push(
      paragraph(
        'Each check has a value, a threshold and a verdict. Representation compares a group\u2019s share in a segment with its share among all customers (1 = the same; ' +
          `outside ${rep.lower}\u2013${rep.upper} is flagged, the four-fifths rule). Balance is the smallest group over the largest within a segment. ` +
          'Proxy leakage asks whether the clustering features can predict the attribute even though it was not used.',
      ),
      checksTable(card),
    );
  }
  rep.attributes.forEach((attr, i) => {
    blocks.push(heading(`"${attr.attribute}" (${attr.grouping}; ${attr.groups.length} groups)`));
    blocks.push(chart(attrId('representation', i, attr.attribute), representationChart(attr, rep.lower, rep.upper, profiles)));
    const b = card.balance.find((x) => x.attribute === attr.attribute);
    if (b) blocks.push(chart(attrId('balance', i, attr.attribute), balanceChart(b, profiles)));
    const p = card.proxyClassifier.find((x) => x.attribute === attr.attribute);
    if (p && p.features.length) blocks.push(chart(attrId('proxy', i, attr.attribute), proxyChart(p, card.card.thresholds, 12, featureLabels)));
    blocks.push(attributeTable(attr, rep, profiles));
  });
  // Attributes whose association could only be computed over suppressed cells have none (null): no bar for them.
  const associated = card.association.filter((a) => Number.isFinite(a.cramersV));
  if (associated.length) blocks.push(chart('fairness-association', associationChart(associated, card.card.thresholds)));
  if (card.targeting.length) blocks.push(heading('Campaign targeting parity'), ...targetingBlocks(card));
  blocks.push(heading('Mitigation, before and after'), ...mitigationBlocks(card));
  blocks.push(heading('Privacy'), ...privacyBlocks(card));
  blocks.push(heading('Data & model card'), ...modelCardBlocks(card));
  for (const s of card.skipped) blocks.push(callout('info', `Not checked: ${s.check} \u2014 ${s.reason}`));
  for (const w of [...rep.warnings, ...card.warnings.filter((w) => !rep.warnings.includes(w))]) blocks.push(callout('warn', w));
  return { id: 'fairness', title: 'Fairness and privacy', blocks };
}
