/**
 * Report pieces owned by the segmentation stage (issue #10): the outcome per segment (a chart with
 * 95% intervals, a table, and a line on each persona card), and the segmentation checks (agreement
 * with plain standardised k-means, silhouette in the standardised space, extreme values clipped,
 * the whole k scan of every representation tried).
 */
import { formatterFor } from './years';
import { base } from './charts';
import type { OutcomeProfile } from '../profile/outcome';
import type { KCandidate } from '../cluster/types';
import type { ExtremeValue } from '../features/mixed';
import { formatNumber } from './format';
import type { ChartBlock, ReportBlock, ReportSection } from './types';

/** What these sections read from a run (all optional: older runs and fixtures lack them). */
export interface SegmentationExtras {
  outcome?: OutcomeProfile | null;
  plainComparison?: { sentence: string } | null;
  latentClass?: { sentence: string } | null;
  extremes?: ExtremeValue[];
  clipped?: Record<string, number>;
  kScans?: { name: string; chosen: boolean; k: number; candidates: KCandidate[] }[];
}

const fmtValue = (o: OutcomeProfile, v: number): string => (o.kind === 'rate' ? `${(100 * v).toFixed(1)}%` : formatNumber(v));

/** The outcome chart: rate (or mean) per segment with its 95% interval and the base as a rule. */
export function outcomeChart(o: OutcomeProfile, nameOf: (segment: number) => string): ChartBlock {
  const rows = o.segments.filter((s) => s.value !== null).map((s) => ({ segment: nameOf(s.segment), value: s.value, low: s.low, high: s.high, lift: s.lift }));
  const title = o.kind === 'rate' ? `${o.column} = ${o.positive}: rate per segment` : `Mean ${o.column} per segment`;
  return {
    kind: 'chart',
    id: 'outcome-by-segment',
    title,
    description: `${title}, with 95% intervals; the dashed line is the whole base (${fmtValue(o, o.overall.value)}).`,
    spec: {
      // The shared top level: long persona names break onto two lines instead of being cut to the
      // same "Low tenure, low total charges cus…" (seen on the Telco table).
      ...base(title, `${title}, with 95% intervals.`, Math.max(120, 36 * rows.length)),
      layer: [
        {
          data: { values: rows },
          mark: { type: 'bar', opacity: 0.8 },
          encoding: {
            y: { field: 'segment', type: 'nominal', sort: null, title: null },
            x: { field: 'value', type: 'quantitative', title: o.kind === 'rate' ? `Share with ${o.column} = ${o.positive}` : `Mean ${o.column}`, ...(o.kind === 'rate' ? { axis: { format: '%' } } : {}) },
            tooltip: [{ field: 'segment' }, { field: 'value', format: '.3f' }, { field: 'low', format: '.3f' }, { field: 'high', format: '.3f' }, { field: 'lift', format: '.2f' }],
          },
        },
        {
          data: { values: rows },
          mark: { type: 'rule', color: 'black' },
          encoding: { y: { field: 'segment', type: 'nominal', sort: null }, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
        },
        {
          data: { values: [{ overall: o.overall.value }] },
          mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
          encoding: { x: { field: 'overall', type: 'quantitative' } },
        },
      ],
    },
  };
}

/** The outcome section, or null without an outcome. */
export function outcomeSection(o: OutcomeProfile | null | undefined, nameOf: (segment: number) => string, minCellSize = 10): ReportSection | null {
  if (!o) return null;
  const blocks: ReportBlock[] = [
    { kind: 'paragraph', text: `${o.sentence} The outcome column ${o.column} is never a feature: it is only compared across the segments afterwards.` },
    // No chart of no bars: when every segment's figure is withheld, the table says so.
    ...(o.segments.some((s) => s.value !== null) ? [outcomeChart(o, nameOf)] : []),
    {
      kind: 'table',
      caption: `${o.kind === 'rate' ? `Rate of ${o.column} = ${o.positive}` : `Mean ${o.column}`} per segment (95% interval; lift = segment / whole base)`,
      columns: [
        { key: 'segment', label: 'Segment' },
        { key: 'known', label: 'Customers with a known outcome', align: 'right' },
        { key: 'value', label: o.kind === 'rate' ? 'Rate' : 'Mean', align: 'right' },
        { key: 'interval', label: '95% interval', align: 'right' },
        { key: 'lift', label: 'Lift', align: 'right' },
      ],
      rows: [
        ...o.segments.map((s) => ({
          segment: nameOf(s.segment),
          known: s.suppressed ? 'suppressed' : s.known,
          value: s.withheld ? 'withheld' : s.value === null ? null : fmtValue(o, s.value),
          interval: s.low === null || s.high === null ? null : `${fmtValue(o, s.low)} to ${fmtValue(o, s.high)}`,
          lift: s.lift === null ? null : s.lift.toFixed(2),
        })),
        { segment: 'Whole base', known: o.overall.known, value: fmtValue(o, o.overall.value), interval: `${fmtValue(o, o.overall.low)} to ${fmtValue(o, o.overall.high)}`, lift: '1.00' },
      ],
    },
  ];
  const withheld = o.segments.filter((s) => s.withheld === 'small count').map((s) => nameOf(s.segment));
  const partners = o.segments.filter((s) => s.withheld === 'partner').map((s) => nameOf(s.segment));
  if (withheld.length) {
    blocks.push({
      kind: 'paragraph',
      text:
        `The rate of ${withheld.join(', ')} is withheld: there, fewer than ${formatNumber(minCellSize)} customers have ${o.column} = ${o.positive}, or fewer than ${formatNumber(minCellSize)} do not, a count small enough to single customers out.` +
        (partners.length ? ` ${partners.join(', ')} is withheld too, so that it cannot be worked out from the whole base's rate.` : ''),
    });
  }
  if (o.unknown > 0) blocks.push({ kind: 'paragraph', text: `${formatNumber(o.unknown)} customers have no ${o.column} value and are left out of these figures.` });
  return { id: 'outcome', title: `Outcome by segment: ${o.column}`, blocks };
}

/** The line a persona card gets for its segment's outcome. */
export function outcomeFact(o: OutcomeProfile | null | undefined, segment: number): { label: string; value: string } | null {
  const s = o?.segments.find((x) => x.segment === segment);
  if (!o || !s || s.value === null) return null;
  return { label: o.kind === 'rate' ? `${o.column} = ${o.positive}` : `Mean ${o.column}`, value: `${fmtValue(o, s.value)} (lift ${(s.lift ?? Number.NaN).toFixed(2)})` };
}

/** Segmentation checks: plain k-means agreement, extreme values, and the whole k scan per representation. */
export function segmentationChecksSection(x: SegmentationExtras): ReportSection | null {
  const blocks: ReportBlock[] = [];
  if (x.plainComparison) blocks.push({ kind: 'paragraph', text: x.plainComparison.sentence });
  if (x.latentClass) blocks.push({ kind: 'paragraph', text: x.latentClass.sentence });
  const clipped = Object.entries(x.clipped ?? {});
  if (clipped.length) {
    blocks.push({
      kind: 'paragraph',
      text: `Extreme values were clipped before clustering (more than 5 spreads from the column's median, the spread being the larger of the robust spread IQR / 1.349 and the standard deviation, after log1p for skewed columns; counted in the data-quality ledger): ${clipped.map(([c, n]) => `${c} ${formatNumber(n)}`).join(', ')}.`,
    });
    // No customer's own value beside their id: the report is read beyond the analyst (the terminal names them).
  }
  for (const scan of x.kScans ?? []) {
    blocks.push({ kind: 'heading', text: `k scan: ${scan.name}${scan.chosen ? ' (chosen)' : ''}` });
    blocks.push({
      kind: 'table',
      caption: `Every k tried in the ${scan.name} (k = ${scan.k} chosen)`,
      columns: [
        { key: 'k', label: 'k', align: 'right' },
        { key: 'stability', label: 'Stability', align: 'right' },
        { key: 'silhouette', label: 'Silhouette (this space)', align: 'right' },
        ...(scan.candidates.some((c) => typeof c.silhouetteError === 'number' && Number.isFinite(c.silhouetteError))
          ? [{ key: 'silhouetteError', label: 'Silhouette standard error (sampled customers)', align: 'right' as const }]
          : []),
        { key: 'minShare', label: 'Smallest segment', align: 'right' },
        { key: 'meanRank', label: 'Mean rank', align: 'right' },
      ],
      rows: scan.candidates.map((c) => ({
        k: c.k,
        stability: c.stability === undefined || Number.isNaN(c.stability) ? null : c.stability.toFixed(3),
        silhouette: Number.isNaN(c.silhouette) ? null : c.silhouette.toFixed(3),
        silhouetteError: typeof c.silhouetteError === 'number' && Number.isFinite(c.silhouetteError) ? c.silhouetteError.toFixed(4) : null,
        minShare: `${(100 * c.minShare).toFixed(1)}%`,
        meanRank: c.meanRank === null || c.meanRank === undefined ? null : c.meanRank.toFixed(2),
      })),
    });
  }
  return blocks.length ? { id: 'segmentation-checks', title: 'Segmentation checks', blocks } : null;
}
