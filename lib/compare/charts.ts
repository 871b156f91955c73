/**
 * Charts of `seglab compare`: a transition heatmap, segment shares side by side, per-feature PSI
 * and the nearest-centroid distance (Vega-Lite, sharing the report's look via `base`), and a
 * Sankey of the flows (Vega: Vega-Lite has no Sankey). The Sankey's layout is computed here
 * (node stacks and band centres in pixels) and drawn as Vega rects and `linkpath` bands whose
 * stroke width is the flow; nothing about it depends on the browser.
 */
import { base, FONT_STACK, INK, SEGMENT_COLORS } from '../report/charts';
import type { VegaLiteSpec } from '../report/types';
import type { CompareResult } from './compare';
import { PSI_ALERT, PSI_WARN } from './drift';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Row labels (before + "new customers") and column labels (after by identity + "gone"). */
export function flowLabels(r: CompareResult): { rows: string[]; columns: string[] } {
  return {
    rows: [...r.before.segmentNames.map((n, i) => `${i + 1}. ${n}`), 'new customers'],
    columns: [...r.after.segmentNames.map((_, a) => `${r.identities[r.afterIdentity[a]].before >= 0 ? `${r.identities[r.afterIdentity[a]].before + 1}. ` : ''}${r.identities[r.afterIdentity[a]].name}`), 'gone'],
  };
}

/**
 * Heatmap of the migration matrix: colour = share of the before row, text = customers.
 * @example transitionHeatmap(compareSnapshots(before, after))
 */
export function transitionHeatmap(r: CompareResult): VegaLiteSpec {
  const { rows, columns } = flowLabels(r);
  const m = r.migration;
  const values = m.counts.flatMap((row, i) =>
    row.map((n, j) => ({ before: rows[i], after: columns[j], customers: n, share: m.rowShares[i][j], label: n.toLocaleString('en-US') })),
  ).filter((v) => !(v.before === 'new customers' && v.after === 'gone'));
  return {
    ...base('Where the customers of each segment went', 'Rows: segment before (and new customers); columns: segment after (and gone). Colour: share of the row; number: customers.', 28 * rows.length),
    data: { values },
    encoding: {
      x: { field: 'after', type: 'nominal', sort: columns, title: 'after', axis: { labelAngle: -30 } },
      y: { field: 'before', type: 'nominal', sort: rows, title: 'before' },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white' },
        encoding: {
          color: { field: 'share', type: 'quantitative', title: 'share of row', scale: { scheme: 'blues', domain: [0, 1] }, legend: { format: '.0%' } },
          tooltip: [
            { field: 'before', type: 'nominal' },
            { field: 'after', type: 'nominal' },
            { field: 'customers', type: 'quantitative', format: ',' },
            { field: 'share', type: 'quantitative', format: '.1%', title: 'share of row' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: INK },
        },
      },
    ],
  };
}

/**
 * Sankey of the flows (a Vega spec): before segments and new customers on the left, after
 * segments and "gone" on the right, band width proportional to customers.
 * @example sankeySpec(result, 720)
 */
export function sankeySpec(r: CompareResult, width = 720): Record<string, unknown> {
  const { rows, columns } = flowLabels(r);
  const m = r.migration;
  const height = Math.max(240, 40 * Math.max(rows.length, columns.length));
  const gap = 8;
  const nodeWidth = 14;
  const left = 170;
  const right = width - 170;
  const total = m.counts.flat().reduce((a, b) => a + b, 0);
  const scale = (height - gap * (Math.max(rows.length, columns.length) - 1)) / Math.max(total, 1);
  const rowTotals = m.counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = columns.map((_, j) => m.counts.reduce((s, row) => s + row[j], 0));
  const stack = (totals: number[]): number[] => {
    const tops: number[] = [];
    let y = 0;
    for (const t of totals) {
      tops.push(y);
      y += t * scale + (t > 0 ? gap : 0);
    }
    return tops;
  };
  const rowTop = stack(rowTotals);
  const columnTop = stack(columnTotals);
  const colorOf = (i: number): string => (i < r.before.k ? SEGMENT_COLORS[i % SEGMENT_COLORS.length] : '#9ca3af');
  const nodes = [
    ...rows.map((name, i) => ({ name, x: left - nodeWidth, y: rowTop[i], h: rowTotals[i] * scale, customers: rowTotals[i], color: colorOf(i), side: 'left' })),
    ...columns.map((name, j) => {
      const identity = j < r.after.k ? r.identities[r.afterIdentity[j]].before : -1;
      return { name, x: right, y: columnTop[j], h: columnTotals[j] * scale, customers: columnTotals[j], color: identity >= 0 ? colorOf(identity) : '#9ca3af', side: 'right' };
    }),
  ].filter((n) => n.customers > 0);
  const outOffset = rowTop.slice();
  const inOffset = columnTop.slice();
  const flows: Record<string, unknown>[] = [];
  m.counts.forEach((row, i) =>
    row.forEach((n, j) => {
      if (n <= 0) return;
      const w = n * scale;
      flows.push({ from: rows[i], to: columns[j], customers: n, share: pct(m.rowShares[i][j]), x0: left, y0: outOffset[i] + w / 2, x1: right, y1: inOffset[j] + w / 2, w: Math.max(w, 0.5), color: colorOf(i) });
      outOffset[i] += w;
      inOffset[j] += w;
    }),
  );
  const label = (side: 'left' | 'right') => ({
    type: 'text',
    from: { data: 'nodes' },
    encode: {
      enter: {
        x: side === 'left' ? { field: 'x', offset: -6 } : { field: 'x', offset: nodeWidth + 6 },
        y: { signal: 'datum.y + datum.h / 2' },
        align: { value: side === 'left' ? 'right' : 'left' },
        baseline: { value: 'middle' },
        text: { signal: "datum.name + ' (' + format(datum.customers, ',') + ')'" },
        fontSize: { value: 11 },
        fill: { value: INK },
        font: { value: FONT_STACK },
        limit: { value: 160 },
        opacity: { signal: `datum.side === '${side}' ? 1 : 0` },
      },
    },
  });
  return {
    title: 'Flows between segments',
    description: 'Left: segments before and new customers; right: segments after and customers gone. Band width: customers.',
    width,
    height,
    padding: 8,
    background: 'white',
    data: [
      { name: 'nodes', values: nodes },
      { name: 'flows', values: flows, transform: [{ type: 'linkpath', sourceX: 'x0', sourceY: 'y0', targetX: 'x1', targetY: 'y1', shape: 'diagonal' }] },
    ],
    marks: [
      {
        type: 'path',
        from: { data: 'flows' },
        encode: {
          enter: {
            path: { field: 'path' },
            stroke: { field: 'color' },
            strokeWidth: { field: 'w' },
            strokeOpacity: { value: 0.35 },
            tooltip: { signal: "datum.from + ' → ' + datum.to + ': ' + format(datum.customers, ',') + ' customers (' + datum.share + ' of the row)'" },
          },
          hover: { strokeOpacity: { value: 0.7 } },
          update: { strokeOpacity: { value: 0.35 } },
        },
      },
      {
        type: 'rect',
        from: { data: 'nodes' },
        encode: { enter: { x: { field: 'x' }, width: { value: nodeWidth }, y: { field: 'y' }, height: { signal: 'max(datum.h, 1)' }, fill: { field: 'color' } } },
      },
      label('left'),
      label('right'),
    ],
  };
}

/** Segment shares before and after, side by side, by identity. */
export function segmentSharesChart(r: CompareResult): VegaLiteSpec {
  const values = r.segmentShares.segments.flatMap((s) => [
    { segment: s.name, when: 'before', share: s.before },
    { segment: s.name, when: 'after', share: s.after },
  ]);
  const names = r.segmentShares.segments.map((s) => s.name);
  return {
    ...base(`Segment shares (PSI ${r.segmentShares.psi.toFixed(3)}, ${r.segmentShares.level})`, 'Share of customers in each segment, before and after.', 34 * names.length),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'segment', type: 'nominal', sort: names, title: null },
      yOffset: { field: 'when', sort: ['before', 'after'] },
      x: { field: 'share', type: 'quantitative', axis: { format: '.0%' }, title: 'share of customers' },
      color: { field: 'when', type: 'nominal', sort: ['before', 'after'], scale: { range: ['#9ca3af', '#4e79a7'] }, title: null },
      tooltip: [{ field: 'segment', type: 'nominal' }, { field: 'when', type: 'nominal' }, { field: 'share', type: 'quantitative', format: '.1%' }],
    },
  };
}

/** Per-feature PSI with the 0.1 and 0.25 lines. */
export function featurePsiChart(features: NonNullable<CompareResult['features']>): VegaLiteSpec {
  const values = features.map((f) => ({ feature: f.name, psi: f.drift.psi, level: f.drift.level, js: f.drift.jensenShannon, wasserstein: f.drift.wasserstein }));
  const sorted = [...values].sort((a, b) => b.psi - a.psi).map((v) => v.feature);
  return {
    ...base('Feature drift (PSI on the reference deciles)', 'Population stability index of each feature; lines at 0.1 (warn) and 0.25 (alert).', 22 * values.length),
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'feature', type: 'nominal', sort: sorted, title: null },
          x: { field: 'psi', type: 'quantitative', title: 'PSI' },
          color: { field: 'level', type: 'nominal', scale: { domain: ['stable', 'warn', 'alert'], range: ['#59a14f', '#edc948', '#e15759'] }, title: null },
          tooltip: [
            { field: 'feature', type: 'nominal' },
            { field: 'psi', type: 'quantitative', format: '.3f', title: 'PSI' },
            { field: 'js', type: 'quantitative', format: '.3f', title: 'Jensen–Shannon' },
            { field: 'wasserstein', type: 'quantitative', format: '.3f', title: 'Wasserstein (SD)' },
          ],
        },
      },
      {
        data: { values: [{ at: PSI_WARN }, { at: PSI_ALERT }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: INK },
        encoding: { x: { field: 'at', type: 'quantitative' } },
      },
    ],
  };
}

/** Binned shares of the nearest-centroid distance, before vs after (bins: before's deciles). */
export function distanceChart(d: NonNullable<CompareResult['distance']>): VegaLiteSpec {
  const edges = d.nearest.cuts;
  const binName = (i: number): string => (i === 0 ? `≤ ${edges[0]?.toFixed(2) ?? '∞'}` : i === edges.length ? `> ${edges[i - 1].toFixed(2)}` : `${edges[i - 1].toFixed(2)}–${edges[i].toFixed(2)}`);
  const bins = d.nearest.referenceShares.map((_, i) => binName(i));
  const values = bins.flatMap((bin, i) => [
    { bin, when: 'before', share: d.nearest.referenceShares[i] },
    { bin, when: 'after', share: d.nearest.currentShares[i] },
  ]);
  return {
    ...base(`Distance to the nearest centroid (PSI ${d.nearest.psi.toFixed(3)})`, "Share of customers per band of distance to their segment's centre; bands are the before side's deciles.", 220),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: bins, title: 'distance to the nearest centroid', axis: { labelAngle: -30 } },
      xOffset: { field: 'when', sort: ['before', 'after'] },
      y: { field: 'share', type: 'quantitative', axis: { format: '.0%' }, title: 'share of customers' },
      color: { field: 'when', type: 'nominal', sort: ['before', 'after'], scale: { range: ['#9ca3af', '#4e79a7'] }, title: null },
      tooltip: [{ field: 'bin', type: 'nominal' }, { field: 'when', type: 'nominal' }, { field: 'share', type: 'quantitative', format: '.1%' }],
    },
  };
}
