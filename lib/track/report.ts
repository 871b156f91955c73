/**
 * track.html: segment sizes over time, segment-share PSI per month (against the previous month and
 * against the reference), the share keeping their segment, and the refits with their lineage.
 */
import { base, segmentColorScale } from '../report/charts';
import type { ReportDocument, ReportSection, VegaLiteSpec } from '../report/types';
import { PSI_ALERT, PSI_WARN, psiLevel } from '../compare/drift';
import type { TrackResult } from './track';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Stacked areas of customers per segment at each date. */
export function trackSizesChart(r: TrackResult): VegaLiteSpec {
  const values = r.steps.flatMap((s) => s.sizes.map((n, k) => ({ date: s.date, segment: `${k + 1}. ${r.segmentNames[k]}`, customers: n })));
  const names = r.segmentNames.map((n, k) => `${k + 1}. ${n}`);
  return {
    ...base('Customers per segment over time', 'Customers in each segment at each date (stacked).', 260),
    data: { values },
    mark: { type: 'area', line: true },
    encoding: {
      x: { field: 'date', type: 'temporal', title: 'as of', axis: { format: '%b %Y' } },
      y: { field: 'customers', type: 'quantitative', stack: 'zero', title: 'customers' },
      color: { field: 'segment', type: 'nominal', scale: segmentColorScale(names), title: null },
      tooltip: [{ field: 'date', type: 'temporal', format: '%Y-%m-%d' }, { field: 'segment', type: 'nominal' }, { field: 'customers', type: 'quantitative', format: ',' }],
    },
  };
}

/** Segment-share PSI per date, since the previous date and against the reference. */
export function trackPsiChart(r: TrackResult): VegaLiteSpec {
  const values = r.steps.flatMap((s) => [
    ...(s.compare ? [{ date: s.date, what: 'since the previous date', psi: s.compare.segmentShares.psi }] : []),
    { date: s.date, what: 'against the reference', psi: s.psiVsReference },
  ]);
  return {
    ...base('Segment-share PSI over time', 'PSI of segment shares since the previous date and against the reference; lines at 0.1 (warn) and 0.25 (alert).', 220),
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'date', type: 'temporal', title: 'as of', axis: { format: '%b %Y' } },
          y: { field: 'psi', type: 'quantitative', title: 'PSI' },
          color: { field: 'what', type: 'nominal', title: null, scale: { range: ['#4e79a7', '#f28e2b'] } },
          tooltip: [{ field: 'date', type: 'temporal', format: '%Y-%m-%d' }, { field: 'what', type: 'nominal' }, { field: 'psi', type: 'quantitative', format: '.3f' }],
        },
      },
      { data: { values: [{ at: PSI_WARN }, { at: PSI_ALERT }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#6b7280' }, encoding: { y: { field: 'at', type: 'quantitative' } } },
    ],
  };
}

/** The track page document. */
export function trackDocument(r: TrackResult): ReportDocument {
  const first = r.steps[0];
  const last = r.steps[r.steps.length - 1];
  const stepsWithCompare = r.steps.filter((s) => s.compare);
  const worst = stepsWithCompare.reduce<(typeof r.steps)[number] | null>((w, s) => (!w || (s.compare?.segmentShares.psi ?? 0) > (w.compare?.segmentShares.psi ?? 0) ? s : w), null);
  const summary = [
    `${r.steps.length} dates from ${first.date} to ${last.date}: ${first.snapshot.ids.length.toLocaleString('en-US')} customers at the first, ${last.snapshot.ids.length.toLocaleString('en-US')} at the last.`,
    `Against the reference, segment shares at ${last.date} have PSI ${last.psiVsReference.toFixed(3)} (${psiLevel(last.psiVsReference)}).`,
    ...(worst?.compare ? [`The largest month-to-month change was at ${worst.date}: PSI ${worst.compare.segmentShares.psi.toFixed(3)}, ${pct(worst.compare.stayedShare)} kept their segment.`] : []),
    r.refits.length ? `${r.refits.length} refit${r.refits.length > 1 ? 's' : ''} (${r.refits.map((f) => f.date).join(', ')}); segments kept their numbers by matching, see the lineage.` : 'No refit: one model throughout.',
  ];
  const sections: ReportSection[] = [
    {
      id: 'timeline',
      title: 'Segments over time',
      blocks: [
        { kind: 'chart', id: 'segment-sizes-over-time', title: 'Customers per segment over time', description: 'Customers in each segment at each date (stacked).', spec: trackSizesChart(r) },
        { kind: 'chart', id: 'psi-over-time', title: 'Segment-share PSI over time', description: 'PSI of segment shares since the previous date and against the reference; lines at 0.1 (warn) and 0.25 (alert).', spec: trackPsiChart(r) },
        {
          kind: 'table',
          caption: 'Each date',
          columns: [
            { key: 'date', label: 'as of' },
            { key: 'customers', label: 'customers' },
            { key: 'psi', label: 'PSI since previous' },
            { key: 'ref', label: 'PSI vs reference' },
            { key: 'stayed', label: 'kept segment (share)' },
            { key: 'entered', label: 'new' },
            { key: 'drifted', label: 'features drifted' },
            { key: 'refit', label: 'refit' },
          ],
          rows: r.steps.map((s) => ({
            date: s.date,
            customers: s.snapshot.ids.length,
            psi: s.compare ? s.compare.segmentShares.psi : null,
            ref: s.psiVsReference,
            stayed: s.compare ? s.compare.stayedShare : null,
            entered: s.compare ? s.compare.migration.entered : null,
            drifted: s.compare?.features ? s.compare.features.filter((f) => f.drift.level !== 'stable').map((f) => f.name).join(', ') || 'none' : null,
            refit: s.refit ? 'yes' : '',
          })),
        },
      ],
    },
  ];
  if (r.refits.length) {
    sections.push({
      id: 'lineage',
      title: 'Refits and lineage',
      blocks: r.refits.flatMap((f) => [
        { kind: 'paragraph' as const, text: `${f.date}: refitted because ${f.reason}. Adjusted Rand index between the old and the refitted segments on that date: ${f.matching.ari.toFixed(3)}.` },
        {
          kind: 'table' as const,
          caption: `Lineage at ${f.date}`,
          columns: [
            { key: 'segment', label: 'segment after the refit' },
            { key: 'continues', label: 'continues' },
            { key: 'event', label: 'event of the old segment' },
          ],
          rows: f.lineage.map((l) => ({ segment: `${l.segment + 1}. ${l.name}`, continues: l.continues >= 0 ? `segment ${l.continues + 1}` : 'none (emerged)', event: l.event })),
        },
      ]),
    });
  }
  return {
    title: `Segments over time: ${first.date} → ${last.date}`,
    subtitle: `One model scored as of each date${r.refits.length ? ', refitted by the policy' : ''}. Compare any two dates with: seglab compare snapshots/<date> snapshots/<date> --out <dir>.`,
    eyebrow: 'Segment tracking',
    summaryTitle: 'What changed',
    summary,
    sections,
  };
}
