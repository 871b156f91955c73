/**
 * From a run to a report document (plain data; html.ts renders it). The executive summary is
 * derived from the results: how many customers and segments, then three things to know — where
 * the value is, whether any protected group is over- or under-represented, and how distinct the
 * segments are.
 */
import type { Manifest, RunResult } from '../pipeline/types';
import type { SegmentProfile } from '../profile/types';
import { formatNumber, formatPercent } from './format';
import {
  biasSection,
  dataQualitySection,
  distinctiveTraits,
  kSelectionSection,
  manifestSection,
  mapSection,
  overviewSection,
  profileSection,
  segmentLabel,
  worstCell,
} from './sections';
import type { CalloutBlock, ReportDocument } from './types';

/** Protected attributes that were used as features (only possible with features.allowProtected). */
export function protectedFeatures(run: RunResult): string[] {
  if (!run.config.features.allowProtected) return [];
  return run.featureNames.filter((f) => run.config.fairness.protected.includes(f));
}

/** Silhouette in words (Kaufman & Rousseeuw's rough bands). */
export function separationInWords(silhouette: number): string {
  if (silhouette >= 0.5) return 'clearly separated';
  if (silhouette >= 0.25) return 'moderately separated, so treat the boundaries between them as soft';
  return 'only weakly separated, so treat them as a convenient summary rather than natural groups';
}

function sizeSentence(run: RunResult): string {
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

function valueSentence(profiles: readonly SegmentProfile[]): string {
  const withValue = profiles.filter((p) => p.share > 0 && Number.isFinite(p.valueShare));
  const top = [...withValue].sort((a, b) => b.valueShare / b.share - a.valueShare / a.share)[0];
  if (!top || withValue.every((p) => p.valueShare === 0)) {
    const distinct = [...profiles].sort(
      (a, b) => Math.max(0, ...b.features.map((f) => Math.abs(f.zMean))) - Math.max(0, ...a.features.map((f) => Math.abs(f.zMean))),
    )[0];
    return distinct ? `The most distinctive segment is ${distinct.label}: ${distinctiveTraits(distinct)}.` : 'No segment profiles were produced.';
  }
  const index = top.valueShare / top.share;
  return (
    `Value is concentrated: ${top.label} is ${formatPercent(top.share)} of customers but holds ${formatPercent(top.valueShare)} of total value ` +
    `(${formatNumber(index)} times its share); it is marked by ${distinctiveTraits(top)}.`
  );
}

function biasSentence(run: RunResult): string {
  const f = run.fairness;
  if (f.attributes.length === 0) return 'No protected attributes were configured, so representation across segments was not checked.';
  const names = f.attributes.map((a) => `"${a.attribute}"`).join(', ');
  const flagged = f.attributes.reduce((a, x) => a + x.flagged, 0);
  const suppressed = f.attributes.reduce((a, x) => a + x.cells.filter((c) => c.verdict === 'suppressed').length, 0);
  const small = suppressed ? ` (${suppressed} cell${suppressed === 1 ? ' was' : 's were'} too small to assess)` : '';
  if (flagged === 0) {
    return `Bias check passed: no group of ${names} is over- or under-represented beyond ${f.lower}\u2013${f.upper} times its population share in any segment${small}.`;
  }
  const worst = f.attributes
    .map((a) => ({ a, c: worstCell(a) }))
    .filter((x) => x.c)
    .sort((x, y) => Math.abs(Math.log(y.c?.ratio || 1e-9)) - Math.abs(Math.log(x.c?.ratio || 1e-9)))[0];
  const detail = worst?.c
    ? `; the largest gap is group "${worst.c.group}" of "${worst.a.attribute}" in ${segmentLabel(run.profiles, worst.c.segment)}, at ${formatNumber(worst.c.ratio as number)} times its population share`
    : '';
  return `Bias check needs review: ${flagged} segment \u00d7 group cell${flagged === 1 ? ' is' : 's are'} outside ${f.lower}\u2013${f.upper}${detail}${small}.`;
}

function separationSentence(run: RunResult): string {
  const chosen = run.clustering.candidates.find((c) => c.k === run.clustering.k);
  if (!chosen) return `The number of segments, k = ${run.clustering.k}, was fixed rather than chosen from candidates.`;
  return `The segments are ${separationInWords(chosen.silhouette)} (silhouette ${formatNumber(chosen.silhouette)} at k = ${chosen.k}, on the ${run.representation}).`;
}

function notices(run: RunResult): CalloutBlock[] {
  const used = protectedFeatures(run);
  if (used.length === 0) return [];
  const list = used.map((c) => `"${c}"`).join(', ');
  return [
    {
      kind: 'callout',
      level: 'warn',
      text:
        `Protected attribute${used.length === 1 ? '' : 's'} ${list} ${used.length === 1 ? 'was' : 'were'} used as a clustering feature (features.allowProtected is true). ` +
        `The segments partly encode ${list} directly, so the bias check below measures that choice rather than an independent outcome. Confirm this use is lawful and intended before acting on the segments.`,
    },
  ];
}

/**
 * Build the report document of a run: notices, executive summary, then the sections segment
 * overview, feature profile, map, how k was chosen, bias check, data quality and run manifest.
 * Pure: reads `run` and `manifest`, returns new plain data.
 * @example const doc = buildReportDocument(run, manifest); const { html } = await renderReport(doc);
 */
export function buildReportDocument(run: RunResult, manifest: Manifest): ReportDocument {
  const chosen = run.clustering.candidates.find((c) => c.k === run.clustering.k);
  const flagged = run.fairness.attributes.reduce((a, x) => a + x.flagged, 0);
  const customers = run.ledger.find((e) => e.source === 'customers');
  const date = manifest.createdAt.slice(0, 10);
  return {
    title: `Customer segments: ${run.config.name}`,
    subtitle: `${formatNumber(run.clustering.labels.length)} customers, ${run.clustering.k} segments \u00b7 run of ${date} \u00b7 seed ${manifest.seed} \u00b7 seglab ${manifest.seglabVersion}`,
    notices: notices(run),
    highlights: [
      { label: 'Customers', value: formatNumber(run.clustering.labels.length) },
      { label: 'Segments', value: String(run.clustering.k) },
      ...(chosen ? [{ label: 'Silhouette', value: formatNumber(chosen.silhouette) }] : []),
      {
        label: 'Bias flags',
        value: run.fairness.attributes.length === 0 ? 'not checked' : flagged === 0 ? 'none' : `${flagged} cell${flagged === 1 ? '' : 's'}`,
      },
      ...(customers ? [{ label: 'Customer rows kept', value: customers.rowsRead ? formatPercent(customers.rowsKept / customers.rowsRead) : '—' }] : []),
    ],
    summary: [sizeSentence(run), valueSentence(run.profiles), biasSentence(run), separationSentence(run)],
    sections: [
      overviewSection(run),
      profileSection(run),
      mapSection(run),
      kSelectionSection(run),
      biasSection(run),
      dataQualitySection(run),
      manifestSection(run, manifest),
    ],
  };
}
