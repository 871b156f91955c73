/**
 * From a run to a report document (plain data; html.ts renders it), in a stakeholder's order:
 *
 *   notices (protected attribute used as a feature, run warnings)
 *   executive summary: customers and segments, where the value is (and CLV), the fairness verdict,
 *                      how distinct the segments are, campaigns (when any)
 *   overview -> personas -> feature profile -> map -> RFM distributions -> campaigns -> CLV
 *   -> fairness and privacy -> data quality -> how k and the representation were chosen -> manifest
 *
 * Segments are shown by their persona names when the run has personas; campaign and CLV results,
 * which carry the run's labels ("Segment 1"), are mapped to the same names.
 */
import { PLAIN_SPACE, clusteredSpace } from './spaces';
import type { Manifest } from './manifest';
import type { SegmentProfile } from '../profile/types';
import { formatNumber, formatPercent } from './format';
import { formatMoney, moneyUnit } from './money';
import {
  dataQualitySection,
  distinctiveTraits,
  kSelectionSection,
  manifestSection,
  mapSection,
  overviewSection,
  profileSection,
} from './sections';
import { fairnessSection } from './sections-fairness';
import { distributionsSection, personasSection } from './sections-personas';
import { campaignsSection, clvSection } from './sections-value';
import { outcomeFact, outcomeSection, segmentationChecksSection } from './sections-outcome';
import type { CalloutBlock, ReportDocument, ReportRun, ReportSection } from './types';
import { decisionTable, fairnessAction } from './decisions';
import { verdictWord } from '../fairness/verdict';
import { withQualityAlerts } from './sections-quality';
import { withoutLocalPaths } from './local-paths';
import { glossarySection } from './glossary';

/** Protected attributes that were used as features (only possible with features.allowProtected). */
export function protectedFeatures(run: ReportRun): string[] {
  const fromCard = run.fairnessCard.card.protectedUsedAsFeature;
  const fromConfig = run.config.features.allowProtected ? run.featureNames.filter((f) => run.config.fairness.protected.includes(f)) : [];
  return [...new Set([...fromCard, ...fromConfig])];
}

/** Silhouette in words (Kaufman & Rousseeuw's rough bands). */
export function separationInWords(silhouette: number): string {
  if (silhouette >= 0.5) return 'clearly separated';
  if (silhouette >= 0.25) return 'moderately separated, so treat the boundaries between them as soft';
  return 'only weakly separated, so treat them as a convenient summary rather than natural groups';
}

function sizeSentence(run: ReportRun): string {
  const n = run.clustering.labels.length;
  const customers = run.ledger.find((e) => e.source === 'customers');
  const bySize = [...run.profiles].sort((a, b) => b.size - a.size);
  const largest = bySize[0];
  const smallest = bySize[bySize.length - 1];
  const read = customers && customers.rowsRead !== n ? ` (of ${formatNumber(customers.rowsRead)} customer rows read; see Data quality)` : '';
  const range =
    largest && smallest && largest !== smallest
      ? `, from ${largest.label} with ${formatPercent(largest.share)} of customers to ${smallest.label} with ${formatPercent(smallest.share)}`
      : '';
  return `${formatNumber(n)} customers${read} were grouped into ${run.clustering.k} segments${range}.`;
}

function valueSentence(profiles: readonly SegmentProfile[], labels: Readonly<Record<string, string>> = {}): string {
  const withValue = profiles.filter((p) => p.share > 0 && Number.isFinite(p.valueShare));
  const top = [...withValue].sort((a, b) => b.valueShare / b.share - a.valueShare / a.share)[0];
  if (!top || withValue.every((p) => p.valueShare === 0)) {
    const distinct = [...profiles].sort(
      (a, b) => Math.max(0, ...b.features.filter((f) => Number.isFinite(f.zMean)).map((f) => Math.abs(f.zMean))) - Math.max(0, ...a.features.filter((f) => Number.isFinite(f.zMean)).map((f) => Math.abs(f.zMean))),
    )[0];
    return distinct ? `The most distinctive segment is ${distinct.label}: ${distinctiveTraits(distinct, labels)}.` : 'No segment profiles were produced.';
  }
  const index = top.valueShare / top.share;
  return (
    `Value is concentrated: ${top.label} is ${formatPercent(top.share)} of customers but holds ${formatPercent(top.valueShare)} of total value ` +
    `(${formatNumber(index)} times its share); it is marked by ${distinctiveTraits(top, labels)}.`
  );
}

function fairnessSentence(run: ReportRun): string {
  const card = run.fairnessCard;
  const word = { pass: 'passed', warn: 'needs review', fail: 'failed' }[card.summary.verdict];
  if (card.representation.attributes.length === 0) {
    const groups = 'No protected attributes were configured, so fairness across groups was not checked.';
    // A check that needs no group (segment size, personal data in the outputs) can still fail: say so, as the verdict does.
    return card.summary.verdict === 'pass' ? groups : `${groups} The checks that need none ${word === 'needs review' ? 'need review' : word}: ${card.summary.headline}`;
  }
  return `Fairness check ${word}: ${card.summary.headline}`;
}

function clvSentence(run: ReportRun, originalLabel: (segment: number) => string): string | null {
  const clv = run.clv;
  if (!clv || clv.segments.length === 0) return null;
  const nameOf = new Map(run.profiles.map((p) => [originalLabel(p.segment), p.label]));
  if (clv.recommendedMeasure === 'historical') {
    const rows = clv.historical.segments;
    const top = [...rows].sort((a, b) => b.totalClv - a.totalClv)[0];
    if (!top) return null;
    return (
      `By value so far (historical CLV; the predictive model does not fit this data well enough to lead with), ${nameOf.get(top.segment) ?? top.segment} is worth the most: ` +
      `${formatMoney(top.totalClv, run.config.profile.currency)}${run.config.profile.currency ? '' : ' (currency units)'} (${formatPercent(top.clvShare)} of the total).`
    );
  }
  const total = clv.segments.reduce((a, s) => a + s.totalClv, 0);
  const top = [...clv.segments].sort((a, b) => b.totalClv - a.totalClv)[0];
  const share = total > 0 ? ` (${formatPercent(top.totalClv / total)} of the total)` : '';
  return `Over the next ${formatNumber(clv.options.horizonDays)} days, ${nameOf.get(top.segment) ?? top.segment} is expected to bring the most value: ${formatMoney(top.totalClv, run.config.profile.currency)}${share}, ${formatMoney(top.meanClv, run.config.profile.currency)} per customer on average${run.config.profile.currency ? '' : ' (currency units)'}.`;
}

function campaignSentence(run: ReportRun, name: (label: string) => string): string | null {
  const c = run.campaigns;
  if (!c) return null;
  const recs = c.decisions.filter((d) => d.recommendation);
  if (!c.controlArm) return `The campaign log has no control group, so uplift could not be measured and no campaign is recommended; response rates are reported.`;
  const list = recs.slice(0, 3).map((d) => `${d.recommendation?.arm} for ${name(d.segment)}`).join('; ');
  return recs.length
    ? `Campaigns: the evidence supports a campaign in ${recs.length} of ${c.decisions.length} segments (${list}${recs.length > 3 ? '; \u2026' : ''}); the others need a further test.`
    : `Campaigns: no campaign has enough evidence in any of the ${c.decisions.length} segments yet; the report sizes the next test for each.`;
}

function separationSentence(run: ReportRun): string {
  const chosen = run.clustering.candidates.find((c) => c.k === run.clustering.k);
  if (!chosen) return `The number of segments, k = ${run.clustering.k}, was fixed rather than chosen from candidates.`;
  // Silhouette is reported in the plain standardised feature space whenever the run measured it there.
  const plain = run.plainComparison;
  if (plain && !Number.isNaN(plain.silhouette))
    return `The segments are ${separationInWords(plain.silhouette)} (silhouette ${formatNumber(plain.silhouette)} at k = ${chosen.k}, measured on ${PLAIN_SPACE}; ${formatNumber(chosen.silhouette)} in ${clusteredSpace(run.representation)}).`;
  return `The segments are ${separationInWords(chosen.silhouette)} (silhouette ${formatNumber(chosen.silhouette)} at k = ${chosen.k}, in ${clusteredSpace(run.representation)}).`;
}

function notices(run: ReportRun): CalloutBlock[] {
  const out: CalloutBlock[] = [];
  const used = protectedFeatures(run);
  if (used.length) {
    const list = used.map((c) => `"${c}"`).join(', ');
    out.push({
      kind: 'callout',
      level: 'warn',
      text:
        `Protected attribute${used.length === 1 ? '' : 's'} ${list} ${used.length === 1 ? 'was' : 'were'} used as a clustering feature (features.allowProtected is true). ` +
        `The segments partly encode ${list} directly, so the fairness checks below measure that choice rather than an independent outcome. Confirm this use is lawful and intended before acting on the segments.`,
    });
  }
  for (const w of run.warnings) out.push({ kind: 'callout', level: 'warn', text: w });
  return out;
}

/**
 * The profiles as the report shows them: each segment under its persona name (unless its
 * persona is suppressed), and a way back to the run's own label for CLV and campaign results.
 */
export function displayProfiles(profiles: readonly SegmentProfile[]): { profiles: SegmentProfile[]; originalLabel: (segment: number) => string; nameOf: (label: string) => string } {
  const original = new Map(profiles.map((p) => [p.segment, p.label]));
  const shown = profiles.map((p) => (p.persona && !p.persona.suppressed ? { ...p, label: p.persona.name } : p));
  const byLabel = new Map(profiles.map((p, i) => [p.label, shown[i].label]));
  return {
    profiles: shown,
    originalLabel: (segment) => original.get(segment) ?? `Segment ${segment + 1}`,
    nameOf: (label) => byLabel.get(label) ?? label,
  };
}

/** Rows keyed by the run's segment labels, in segment order (unknown labels last, as given). */
function bySegmentOrder<T extends { segment: string }>(rows: readonly T[], profiles: readonly SegmentProfile[], originalLabel: (segment: number) => string): T[] {
  const order = new Map(profiles.map((p) => [originalLabel(p.segment), p.segment]));
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (order.get(a.row.segment) ?? Infinity) - (order.get(b.row.segment) ?? Infinity) || a.i - b.i)
    .map(({ row }) => row);
}

/**
 * Build the report document of a run (see the module comment for the order of sections).
 * Pure: reads `run` and `manifest`, returns new plain data. Sections whose results the run does
 * not have (personas, distributions, campaigns, CLV, data profiles) are left out.
 * @example const doc = buildReportDocument(run, manifest); const { html } = await renderReport(doc);
 */
export function buildReportDocument(source: ReportRun, manifest: Manifest): ReportDocument {
  const display = displayProfiles(source.profiles);
  const run: ReportRun = { ...source, profiles: display.profiles };
  const chosen = run.clustering.candidates.find((c) => c.k === run.clustering.k);
  const card = run.fairnessCard;
  const customers = run.ledger.find((e) => e.source === 'customers');
  const date = manifest.createdAt.slice(0, 10);
  const historicalLead = run.clv?.recommendedMeasure === 'historical';
  const clvTotal = run.clv ? (historicalLead ? run.clv.historical.segments : run.clv.segments).reduce((a, s) => a + s.totalClv, 0) : null;
  const sections: (ReportSection | null)[] = [
    overviewSection(run, display.originalLabel),
    personasSection(run, new Map(run.profiles.map((p) => [p.segment, display.originalLabel(p.segment)]))),
    profileSection(run),
    mapSection(run),
    distributionsSection(run),
    run.campaigns ? campaignsSection(run.campaigns, display.nameOf, run.config.profile.currency) : null,
    run.clv ? clvSection({ ...run.clv, segments: bySegmentOrder(run.clv.segments, run.profiles, display.originalLabel) }, display.nameOf, run.config.profile.currency) : null,
    outcomeSection(run.outcome, (s) => display.profiles.find((p) => p.segment === s)?.label ?? `Segment ${s + 1}`, run.config.fairness.minCellSize),
    fairnessSection(card, run.profiles, run.config.features.labels),
    withQualityAlerts(dataQualitySection(run), run),
    { ...kSelectionSection(run), folded: true },
    segmentationChecksSection(run),
    glossarySection(run),
    { ...manifestSection(run, manifest), folded: true },
  ];
  const fairnessTodo = fairnessAction(card);
  // Each persona card also shows its segment's outcome (rate or mean and lift), when there is one.
  for (const section of sections) {
    for (const block of section?.id === 'personas' ? section.blocks : []) {
      if (block.kind !== 'cards') continue;
      block.cards.forEach((c) => {
        const m = /^Segment (\d+)/.exec(c.subtitle);
        const fact = m ? outcomeFact(run.outcome, Number(m[1]) - 1) : null;
        if (fact && !c.muted) c.facts.push(fact);
      });
    }
  }
  return {
    title: `Customer segments: ${run.config.name}`,
    subtitle: `${formatNumber(run.clustering.labels.length)} customers, ${run.clustering.k} segments \u00b7 run of ${date} \u00b7 seed ${manifest.seed} \u00b7 seglab ${manifest.seglabVersion}`,
    notices: notices(run),
    highlights: [
      { label: 'Customers', value: formatNumber(run.clustering.labels.length) },
      { label: 'Segments', value: String(run.clustering.k) },
      // The same figure as the summary's sentence (separationSentence): the plain standardised space when measured there.
      ...(chosen ? [{ label: run.plainComparison && !Number.isNaN(run.plainComparison.silhouette) ? 'Silhouette (plain z-scores)' : 'Silhouette (clustered space)', value: formatNumber(run.plainComparison && !Number.isNaN(run.plainComparison.silhouette) ? run.plainComparison.silhouette : chosen.silhouette) }] : []),
      { label: 'Fairness', value: verdictWord(card) },
      ...(clvTotal !== null
        ? [
            {
              label: `${historicalLead ? 'Historical CLV' : `Predicted CLV, ${formatNumber(run.clv?.options.horizonDays ?? 0)} days`}${run.config.profile.currency ? '' : ` (${moneyUnit(undefined)})`}`,
              value: formatMoney(Math.round(clvTotal), run.config.profile.currency),
            },
          ]
        : []),
      ...(customers ? [{ label: 'Customer rows kept', value: customers.rowsRead ? formatPercent(customers.rowsKept / customers.rowsRead) : '\u2014' }] : []),
    ],
    summary: [
      sizeSentence(run),
      valueSentence(run.profiles.filter((p) => p.size >= card.privacy.minCellSize), run.config.features.labels),
      clvSentence(run, display.originalLabel),
      fairnessSentence(run),
      separationSentence(run),
      campaignSentence(run, display.nameOf),
    ].filter((x): x is string => x !== null),
    sections: withoutLocalPaths(sections.filter((x): x is ReportSection => x !== null)),
    lead: {
      title: 'What to do, per segment',
      blocks: [decisionTable(run, display.originalLabel), ...(fairnessTodo ? [{ kind: 'callout' as const, level: 'fail' as const, text: fairnessTodo }] : [])],
    },
  };
}
