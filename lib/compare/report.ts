/**
 * compare.html: the comparison as a ReportDocument, rendered by the report's own renderer
 * (lib/report/html.ts: escaping, the inlined vega runtime, the Content-Security-Policy). The
 * "what changed" sentences come first; then the migration (heatmap, Sankey, table), segment
 * shares, the refit matching, feature and distance drift, the audience files and the method.
 */
import * as path from 'node:path';
import type { ReportDocument, ReportSection } from '../report/types';
import { distanceChart, featurePsiChart, flowLabels, sankeySpec, segmentSharesChart, transitionHeatmap } from './charts';
import { BOUNDARY_RATIO, type CompareResult } from './compare';
import { FEATURE_BINS, PSI_ALERT, PSI_EPSILON, PSI_WARN } from './drift';
import { MATCH_SHARE, SPLIT_SHARE } from './match';
import { audienceStem } from './write';

function sideName(s: CompareResult['before']): string {
  const name = s.dir ? path.basename(s.dir) : s.kind;
  return s.asOf && s.asOf !== name ? `${name} (as of ${s.asOf})` : name;
}

/**
 * The comparison report document.
 * @example await renderReport(compareDocument(result))
 */
export function compareDocument(r: CompareResult): ReportDocument {
  const { rows, columns } = flowLabels(r);
  const m = r.migration;
  const sections: ReportSection[] = [];
  sections.push({
    id: 'migration',
    title: 'Migration between segments',
    blocks: [
      { kind: 'chart', id: 'transition-heatmap', title: 'Where the customers of each segment went', description: 'Rows: segment before (and new customers); columns: segment after (and gone). Colour: share of the row; number: customers.', spec: transitionHeatmap(r) },
      { kind: 'chart', id: 'flows-sankey', grammar: 'vega', title: 'Flows between segments', description: 'Left: segments before and new customers; right: segments after and customers gone. Band width: customers.', spec: sankeySpec(r) },
      {
        kind: 'table',
        caption: `Customers by segment before (rows) and after (columns)${r.refit ? '; after segments are named by the before segment they continue' : ''}`,
        columns: [{ key: 'row', label: 'before \\ after' }, ...columns.map((c, j) => ({ key: `c${j}`, label: c })), { key: 'total', label: 'total' }],
        rows: m.counts.map((row, i) => ({ row: rows[i], ...Object.fromEntries(row.map((n, j) => [`c${j}`, i === m.kBefore && j === m.kAfter ? null : n])), total: row.reduce((a, b) => a + b, 0) })),
      },
      ...(m.weighted
        ? [
            {
              kind: 'table' as const,
              caption: 'CLV (sum over customers) by segment before (rows) and after (columns)',
              columns: [{ key: 'row', label: 'before \\ after' }, ...columns.map((c, j) => ({ key: `c${j}`, label: c }))],
              rows: m.weighted.map((row, i) => ({ row: rows[i], ...Object.fromEntries(row.map((v, j) => [`c${j}`, i === m.kBefore && j === m.kAfter ? null : Math.round(v)])) })),
            },
          ]
        : []),
    ],
  });
  sections.push({
    id: 'shares',
    title: 'Segment shares',
    blocks: [
      { kind: 'chart', id: 'segment-shares', title: `Segment shares (PSI ${r.segmentShares.psi.toFixed(3)}, ${r.segmentShares.level})`, description: 'Share of customers in each segment, before and after.', spec: segmentSharesChart(r) },
      {
        kind: 'table',
        caption: 'Share of customers per segment and its term of the PSI',
        columns: [
          { key: 'segment', label: 'segment' },
          { key: 'before', label: 'share before' },
          { key: 'after', label: 'share after' },
          { key: 'term', label: 'PSI term' },
        ],
        rows: r.segmentShares.segments.map((s) => ({ segment: s.name, before: s.before, after: s.after, term: s.term })),
      },
    ],
  });
  if (r.refit) {
    sections.push({
      id: 'matching',
      title: 'Refit: which new segment continues which old one',
      blocks: [
        { kind: 'paragraph', text: `"after" is a refit: ${r.refitReason}. Its segments were matched to "before"'s by the Hungarian method on the ${r.matching.common.toLocaleString('en-US')} customers in both; adjusted Rand index ${r.matching.ari.toFixed(3)}.` },
        {
          kind: 'table',
          caption: 'What happened to each segment of "before"',
          columns: [
            { key: 'segment', label: 'before segment' },
            { key: 'event', label: 'event' },
            { key: 'partner', label: 'matched after segment' },
            { key: 'jaccard', label: 'Jaccard' },
            { key: 'retained', label: 'share kept by the match' },
            { key: 'displacement', label: 'centroid displacement (SD)' },
          ],
          rows: r.matching.before.map((f) => ({
            segment: `${f.segment + 1}. ${r.before.segmentNames[f.segment]}`,
            event: f.event === 'split' || f.event === 'merged' ? `${f.event} (into ${f.into.map((a) => r.after.segmentNames[a]).join(', ')})` : f.event,
            partner: f.matchedTo >= 0 ? `${f.matchedTo + 1}. ${r.after.segmentNames[f.matchedTo]}` : null,
            jaccard: f.jaccard,
            retained: f.retained,
            displacement: r.displacement?.find((d) => d.before === f.segment)?.distance ?? null,
          })),
        },
        ...(r.matching.after.some((o) => o.origin === 'emerged')
          ? [{ kind: 'list' as const, items: r.matching.after.filter((o) => o.origin === 'emerged').map((o) => `Emerged: "${r.after.segmentNames[o.segment]}" (after segment ${o.segment + 1}) continues no segment of "before".`) }]
          : []),
      ],
    });
  }
  const featureBlocks: ReportSection['blocks'] = [];
  if (r.features) {
    featureBlocks.push({ kind: 'chart', id: 'feature-psi', title: 'Feature drift (PSI on the reference deciles)', description: 'Population stability index of each feature; lines at 0.1 (warn) and 0.25 (alert).', spec: featurePsiChart(r.features) });
    featureBlocks.push({
      kind: 'table',
      caption: 'Drift of each feature (standardised units)',
      columns: [
        { key: 'feature', label: 'feature' },
        { key: 'psi', label: 'PSI' },
        { key: 'level', label: 'level' },
        { key: 'js', label: 'Jensen–Shannon' },
        { key: 'w', label: 'Wasserstein (SD)' },
        { key: 'mb', label: 'mean before' },
        { key: 'ma', label: 'mean after' },
      ],
      rows: [...r.features].sort((a, b) => b.drift.psi - a.drift.psi).map((f) => ({ feature: f.name, psi: f.drift.psi, level: f.drift.level, js: f.drift.jensenShannon, w: f.drift.wasserstein, mb: f.drift.referenceMean, ma: f.drift.currentMean })),
    });
  } else featureBlocks.push({ kind: 'callout', level: 'info', text: `Feature drift is not measured: ${r.featuresUnavailable}.` });
  if (r.distance) {
    featureBlocks.push({ kind: 'chart', id: 'nearest-distance', title: `Distance to the nearest centroid (PSI ${r.distance.nearest.psi.toFixed(3)})`, description: "Share of customers per band of distance to their segment's centre; bands are the before side's deciles.", spec: distanceChart(r.distance) });
    featureBlocks.push({
      kind: 'keyvalue',
      items: [
        { label: 'Novel customers (farther than 99% of before)', value: `${(100 * r.distance.novelShare).toFixed(1)}% (1.0% expected)` },
        { label: `Near a boundary (distance ratio > ${BOUNDARY_RATIO}) before`, value: `${(100 * r.distance.boundaryShare.before).toFixed(1)}%` },
        { label: 'Near a boundary after', value: `${(100 * r.distance.boundaryShare.after).toFixed(1)}%` },
        { label: 'Mean distance before → after', value: `${r.distance.nearest.referenceMean.toFixed(3)} → ${r.distance.nearest.currentMean.toFixed(3)}` },
      ],
    });
  }
  sections.push({ id: 'drift', title: 'Drift of the features and of the fit', blocks: featureBlocks });
  sections.push({
    id: 'audiences',
    title: 'Audiences: who entered and who left each segment',
    blocks: [
      { kind: 'paragraph', text: 'For activation: per segment, the customers who entered it (from another segment or new) and who left it (to another segment or gone), in the audiences folder beside this report.' },
      {
        kind: 'table',
        caption: 'Audience files',
        columns: [
          { key: 'segment', label: 'segment' },
          { key: 'entered', label: 'entered' },
          { key: 'exited', label: 'left' },
          { key: 'files', label: 'files' },
        ],
        rows: r.audiences.map((a) => ({ segment: r.identities[a.identity].name, entered: a.entered.length, exited: a.exited.length, files: `audiences/${audienceStem(r, a.identity)}-entered.csv, -exited.csv` })),
      },
    ],
  });
  sections.push({
    id: 'method',
    title: 'How this was measured',
    blocks: [
      {
        kind: 'list',
        items: [
          `Customers are joined by id; the matrix counts customers in both, plus a row of new customers and a column of customers gone. Row shares divide by the before row's total (gone included).`,
          `PSI = Σ (after − before) · ln(after / before) over segments (or bins); an empty bin's share is floored at ${PSI_EPSILON}. Below ${PSI_WARN}: stable; ${PSI_WARN} to ${PSI_ALERT}: warn; from ${PSI_ALERT}: alert.`,
          `Feature PSI uses ${FEATURE_BINS} bins at the before side's quantiles (ties merge bins), the same cut points on both sides; Jensen–Shannon (base 2) on the same bins; Wasserstein-1 on the values, in standard deviations of the model's scaler.`,
          `Novel: after customers farther from every centroid than the before side's 99th percentile. Near a boundary: nearest / second-nearest centroid distance above ${BOUNDARY_RATIO}.`,
          `Refit matching: Hungarian method maximising overlap; survived when the match keeps more than ${MATCH_SHARE} of the segment and makes more than ${MATCH_SHARE} of its partner; merged when two or more segments send more than ${MATCH_SHARE} of their customers to one; split when two or more new segments each get ≥ ${SPLIT_SHARE} (together ≥ ${MATCH_SHARE}); else disappeared. New segments that continue none emerged.`,
        ],
      },
    ],
  });
  return {
    title: `What changed: ${sideName(r.before)} → ${sideName(r.after)}`,
    subtitle: `${r.before.customers.toLocaleString('en-US')} customers in ${r.before.k} segments before, ${r.after.customers.toLocaleString('en-US')} in ${r.after.k} after.`,
    eyebrow: 'Segment comparison',
    summaryTitle: 'What changed',
    summary: r.summary,
    highlights: [
      { label: 'In both', value: m.common.toLocaleString('en-US') },
      { label: 'New', value: m.entered.toLocaleString('en-US') },
      { label: 'Gone', value: m.exited.toLocaleString('en-US') },
      { label: 'Kept their segment', value: `${(100 * r.stayedShare).toFixed(1)}%` },
      { label: 'Segment-share PSI', value: `${r.segmentShares.psi.toFixed(3)} (${r.segmentShares.level})` },
    ],
    sections,
  };
}
