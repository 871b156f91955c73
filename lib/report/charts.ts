/**
 * Chart builders: pure functions from stage results to Vega-Lite specs. Every spec has a `title`
 * and a `description` (the accessible text), is as wide as its container, and carries the same
 * `config` so the page and the exported SVG/PNG look alike. Data values never become field names
 * (a feature named "a.b" would be read as a nested field): they are always values of fixed fields.
 */
import type { KCandidate } from '../cluster/types';
import type { AttributeRepresentation } from '../fairness/types';
import type { MapPoint } from './manifest';
import type { SegmentProfile } from '../profile/types';
import { formatNumber, formatPercent } from './format';
import type { VegaLiteSpec } from './types';
import { readableFeatures } from './feature-names';

/** Font stack shared by the page CSS and the charts (DejaVu Sans is what Debian has). */
export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif';

/** Segment colours (Tableau 10, colour-blind friendlier than the d3 default), by segment order. */
export const SEGMENT_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export const INK = '#1f2937';
const MUTED = '#6b7280';

const CONFIG = {
  font: FONT_STACK,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 15, fontWeight: 600, color: INK, offset: 12 },
  axis: {
    labelColor: '#374151',
    titleColor: '#374151',
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    gridColor: '#e5e7eb',
    domainColor: '#9ca3af',
    tickColor: '#9ca3af',
    // Persona names such as "Active high-value frequent customers" fit whole (exports too).
    labelLimit: 220,
    // Keep tick labels apart: overlapping ones are dropped (every other), never drawn on top of each other.
    labelOverlap: true,
    labelSeparation: 6,
  },
  // Band (category) axes: a label longer than 26 characters breaks at a space onto a second line
  // instead of being cut to "Active high-value high income custo…".
  axisBand: {
    labelExpr:
      "length(datum.label) > 26 && lastindexof(substring(datum.label, 0, 27), ' ') > 0 ? [substring(datum.label, 0, lastindexof(substring(datum.label, 0, 27), ' ')), substring(datum.label, lastindexof(substring(datum.label, 0, 27), ' ') + 1)] : datum.label",
    labelLineHeight: 13,
  },
  legend: { orient: 'bottom', direction: 'horizontal', columns: 2, labelFontSize: 11, titleFontSize: 11, labelColor: '#374151', titleColor: '#374151', labelLimit: 240, titleLimit: 320 },
} as const;

/**
 * Shared top level. Heights are numbers (rows × pixels per row), not `{ step }`: Vega-Lite warns
 * about a step height next to `width: "container"`.
 */
export function base(title: string, description: string, height: number): VegaLiteSpec {
  // fit-x: the width follows the container; the height stays as given (a step height cannot "fit").
  return { title, description, width: 'container', height, autosize: { type: 'fit-x', contains: 'padding' }, config: CONFIG };
}

/** Colour scale that gives each segment the same colour in every chart. */
export function segmentColorScale(labels: readonly string[]): Record<string, unknown> {
  return { domain: [...labels], range: labels.map((_, i) => SEGMENT_COLORS[i % SEGMENT_COLORS.length]) };
}

/**
 * Grouped horizontal bars: each segment's share of customers next to its share of value.
 * @example segmentSizesChart(run.profiles)
 */
export function segmentSizesChart(profiles: readonly SegmentProfile[], valueColumns: readonly string[] = []): VegaLiteSpec {
  // Without a value measure (no spend in the data) every value share is 0: show customers only, and say so.
  const hasValue = profiles.some((p) => p.valueShare > 0);
  const values = profiles.flatMap((p) => [
    { segment: p.label, order: p.segment, measure: 'Customers', share: p.share, customers: p.size },
    ...(hasValue ? [{ segment: p.label, order: p.segment, measure: 'Value', share: p.valueShare, customers: p.size }] : []),
  ]);
  const description = hasValue
    ? `Bar chart comparing, for each segment, its share of customers with its share of total ${valueColumns.length ? `value (the sum of ${valueColumns.join(', ')} per customer)` : 'monetary value'}. ` +
      profiles.map((p) => `${p.label}: ${formatPercent(p.share)} of customers, ${formatPercent(p.valueShare)} of value.`).join(' ')
    : `Bar chart of each segment's share of customers (no value measure was used: there is no positive ${valueColumns.length ? `amount in ${valueColumns.join(', ')}` : 'spend from order lines'}, so no share of value is shown). ` +
      profiles.map((p) => `${p.label}: ${formatPercent(p.share)} of customers.`).join(' ');
  return {
    ...base(hasValue ? 'Share of customers and share of value by segment' : 'Share of customers by segment', description, profiles.length * 48),
    data: { values },
    encoding: {
      y: { field: 'segment', type: 'nominal', title: null, sort: profiles.map((p) => p.label) },
      yOffset: { field: 'measure', type: 'nominal', sort: ['Customers', 'Value'] },
      x: { field: 'share', type: 'quantitative', title: 'Share (%)', axis: { format: '%' }, scale: { domain: [0, Math.min(1, Math.max(0.1, ...values.map((v) => v.share)) * 1.25)] } },
      color: { field: 'measure', type: 'nominal', title: 'Share of', scale: { domain: ['Customers', 'Value'], range: ['#9fb7d4', '#2f5d8a'] }, legend: { direction: 'horizontal', columns: 2 } },
      tooltip: [
        { field: 'segment', type: 'nominal', title: 'Segment' },
        { field: 'measure', type: 'nominal', title: 'Share of' },
        { field: 'share', type: 'quantitative', title: 'Share', format: '.1%' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',d' },
      ],
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2 } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { text: { field: 'share', type: 'quantitative', format: '.1%' }, color: { value: INK } } },
    ],
  };
}

/**
 * Heatmap of segment × feature, coloured by the segment's mean of the standardised feature
 * (z, 0 = population average); raw mean and median in the tooltip.
 * @example featureHeatmapChart(run.profiles)
 */
export function featureHeatmapChart(profiles: readonly SegmentProfile[], labels: Readonly<Record<string, string>> = {}): VegaLiteSpec {
  const columns = profiles[0]?.features.map((f) => f.feature) ?? [];
  // Readable names on the axis ("Days since last purchase"); the column name stays in the tooltip.
  const readable = readableFeatures(columns, labels);
  const name = (f: string): string => readable.get(f) ?? f;
  const features = columns.map(name);
  // A withheld mean (a 0/1 column's small count, lib/profile/flag-cells.ts) leaves its cell blank.
  const values = profiles.flatMap((p) =>
    p.features
      .filter((f) => Number.isFinite(f.zMean))
      .map((f) => ({ segment: p.label, feature: name(f.feature), column: f.feature, z: f.zMean, scale: f.scale === 'log' ? 'log(1 + value)' : 'as recorded', mean: f.mean, median: f.median })),
  );
  // A logged feature's z is in SDs of log(1 + value), not of the raw means shown beside it.
  const logged = columns.filter((c) => profiles[0]?.features.find((f) => f.feature === c)?.scale === 'log').map(name);
  const zMax = Math.max(1, ...values.map((v) => Math.abs(v.z)));
  const extremes = profiles.map((p) => {
    const top = p.features.filter((f) => Number.isFinite(f.zMean)).sort((a, b) => Math.abs(b.zMean) - Math.abs(a.zMean))[0];
    return top ? `${p.label} differs most in ${name(top.feature)} (z ${formatNumber(top.zMean)}${top.scale === 'log' ? ' on the log scale' : ''}).` : '';
  });
  const description =
    'Heatmap of feature averages by segment, in standard deviations from the population average ' +
    `(blue below, orange above${logged.length ? `; ${logged.join(', ')} on the log scale, log(1 + value)` : ''}). ` +
    extremes.join(' ');
  return {
    ...base('Feature profile: how each segment differs from the average customer', description, Math.max(1, features.length) * 30),
    data: { values },
    encoding: {
      x: {
        field: 'segment',
        type: 'nominal',
        title: null,
        sort: profiles.map((p) => p.label),
        // Long persona names wrap onto several lines under the columns; where columns are too narrow
        // for words (a phone), they show the segment number ("#1" = Segment 1 on the persona cards).
        axis: {
          orient: 'bottom',
          labelAngle: 0,
          domain: false,
          ticks: false,
          labelOverlap: false,
          labelExpr: `width / ${Math.max(1, profiles.length)} < 80 ? '#' + (indexof(domain('x'), datum.value) + 1) : split(datum.label, ' ')`,
          labelLimit: 120,
          labelFontSize: 10,
          labelLineHeight: 12,
        },
      },
      y: { field: 'feature', type: 'nominal', title: null, sort: features, axis: { domain: false, ticks: false } },
      // On the top level so the text labels show the tooltip too (they sit above the cells).
      tooltip: [
        { field: 'segment', type: 'nominal', title: 'Segment' },
        { field: 'feature', type: 'nominal', title: 'Feature' },
        { field: 'column', type: 'nominal', title: 'Column' },
        { field: 'mean', type: 'quantitative', title: 'Mean (raw units)', format: ',.3~r' },
        { field: 'median', type: 'quantitative', title: 'Median (raw units)', format: ',.3~r' },
        { field: 'z', type: 'quantitative', title: 'Std. deviations from average', format: '+.2f' },
        { field: 'scale', type: 'nominal', title: 'Std. deviations of' },
      ],
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: {
            field: 'z',
            type: 'quantitative',
            title: 'Std. deviations from the average',
            scale: { scheme: 'blueorange', domain: [-zMax, zMax], domainMid: 0 },
            legend: { orient: 'bottom', direction: 'horizontal', gradientLength: 200 },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'z', type: 'quantitative', format: '+.1f' },
          color: { condition: { test: `abs(datum.z) > ${(zMax * 0.55).toFixed(3)}`, value: 'white' }, value: INK },
        },
      },
    ],
  };
}

/**
 * Scatter plot of the 2-D map of customers (PCA of the clustered space), coloured by segment.
 * @example segmentMapChart(run.map, run.profiles)
 */
export function segmentMapChart(map: readonly MapPoint[], profiles: readonly SegmentProfile[]): VegaLiteSpec {
  const labels = profiles.map((p) => p.label);
  const labelOf = (s: number): string => profiles.find((p) => p.segment === s)?.label ?? `Segment ${s + 1}`;
  const values = map.map((m) => ({ x: m.x, y: m.y, segment: labelOf(m.segment) }));
  const description =
    `Scatter plot of ${map.length} sampled customers on the first two principal components of the clustered space, ` +
    'coloured by segment. Customers close together are similar; well-separated colours mean distinct segments.';
  return {
    ...base('Map of customers (2-D projection), coloured by segment', description, 360),
    data: { values },
    mark: { type: 'circle', size: 18, opacity: 0.65 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'Component 1', scale: { zero: false, padding: 8 }, axis: { labels: false, ticks: false, grid: false } },
      y: { field: 'y', type: 'quantitative', title: 'Component 2', scale: { zero: false, padding: 8 }, axis: { labels: false, ticks: false, grid: false } },
      color: { field: 'segment', type: 'nominal', title: 'Segment', scale: segmentColorScale(labels) },
      tooltip: [{ field: 'segment', type: 'nominal', title: 'Segment' }],
    },
  };
}

/** The per-k metrics a chart can show (the optional ones only when chooseK recorded them). */
export type KMetric = 'silhouette' | 'inertia' | 'calinskiHarabasz' | 'daviesBouldin' | 'stability';

const K_METRIC_TEXT: Record<KMetric, { title: string; axis: string; format: string; tooltip: string; zero: boolean }> = {
  silhouette: { title: 'Silhouette by number of segments (higher is better)', axis: 'Mean silhouette', format: '.2f', tooltip: '.3f', zero: false },
  inertia: { title: 'Inertia by number of segments (look for the elbow)', axis: 'Inertia', format: '.3~s', tooltip: ',.4~r', zero: true },
  calinskiHarabasz: { title: 'Calinski\u2013Harabasz index by number of segments (higher is better)', axis: 'Calinski\u2013Harabasz', format: '.3~s', tooltip: ',.4~r', zero: false },
  daviesBouldin: { title: 'Davies\u2013Bouldin index by number of segments (lower is better)', axis: 'Davies\u2013Bouldin', format: '.2f', tooltip: '.3f', zero: false },
  stability: { title: 'Stability by number of segments (agreement across resamples; 0.8 or more is stable)', axis: 'Stability (mean ARI)', format: '.2f', tooltip: '.3f', zero: false },
};

function kStatus(c: KCandidate, chosenK: number): string {
  if (c.k === chosenK) return 'Chosen';
  return c.eligible ? 'Considered' : 'Excluded';
}

/** The value of a metric for a candidate, or null when it was not recorded or is not finite. */
export function kMetricValue(c: KCandidate, metric: KMetric): number | null {
  const v = c[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * An axis format with enough digits for the data's own range: a fixed ".2f" printed
 * "0.18 0.19 0.20 0.20 0.20" on Churn_Modelling's silhouettes (0.18 to 0.205, ticks 0.005 apart).
 * Ticks are at most a tenth of the span apart, so that step's decimals (or significant digits,
 * for SI formats) are given; "~" drops trailing zeros.
 * @example tickFormat('.2f', [0.181, 0.2003, 0.2049], false) // '.4~f'
 */
export function tickFormat(base: string, values: readonly number[], zero: boolean): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return base;
  const lo = Math.min(...finite, ...(zero ? [0] : []));
  const hi = Math.max(...finite, ...(zero ? [0] : []));
  const span = hi - lo || Math.abs(hi) || 1;
  const stepExp = Math.floor(Math.log10(span / 10));
  if (base.endsWith('s')) {
    const maxExp = Math.floor(Math.log10(Math.max(Math.abs(lo), Math.abs(hi)) || 1));
    return `.${Math.max(3, maxExp - stepExp + 1)}~s`;
  }
  if (base.endsWith('f')) return `.${Math.max(Number(/\.(\d+)/.exec(base)?.[1] ?? 0), -stepExp)}~f`;
  return base;
}

/**
 * Line of a clustering quality metric by k, the chosen k highlighted. Candidates without the
 * metric are left out.
 * @example kMetricChart(run.clustering.candidates, run.clustering.k, 'silhouette')
 */
export function kMetricChart(candidates: readonly KCandidate[], chosenK: number, metric: KMetric): VegaLiteSpec {
  const text = K_METRIC_TEXT[metric];
  const values = candidates
    .filter((c) => kMetricValue(c, metric) !== null)
    .map((c) => ({ k: c.k, value: kMetricValue(c, metric), minShare: c.minShare, status: kStatus(c, chosenK) }));
  const chosen = candidates.find((c) => c.k === chosenK);
  const chosenValue = chosen ? kMetricValue(chosen, metric) : null;
  const description =
    `Line chart of ${text.axis.toLowerCase()} for k = ${values.map((v) => v.k).join(', ')}. ` +
    (chosenValue !== null ? `The chosen k = ${chosenK} has ${text.axis.toLowerCase()} ${formatNumber(chosenValue)}.` : `The chosen k = ${chosenK} has no value here.`);
  const statuses = ['Chosen', 'Considered', 'Excluded'];
  const xy = {
    x: { field: 'k', type: 'ordinal', title: 'Number of segments (k)', axis: { labelAngle: 0 } },
    y: { field: 'value', type: 'quantitative', title: text.axis, scale: { zero: text.zero }, axis: { format: tickFormat(text.format, values.map((v) => v.value as number), text.zero) } },
  };
  const layers: Record<string, unknown>[] = [
    { data: { values }, mark: { type: 'line', color: '#9ca3af', strokeWidth: 2 }, encoding: xy },
    {
      data: { values },
      mark: { type: 'point', filled: true, opacity: 1 },
      encoding: {
        ...xy,
        color: { field: 'status', type: 'nominal', title: null, scale: { domain: statuses, range: ['#2f5d8a', '#9fb7d4', '#d1d5db'] } },
        size: { condition: { test: `datum.k === ${chosenK}`, value: 180 }, value: 60 },
        tooltip: [
          { field: 'k', type: 'ordinal', title: 'k' },
          { field: 'value', type: 'quantitative', title: text.axis, format: text.tooltip },
          { field: 'minShare', type: 'quantitative', title: 'Smallest segment share', format: '.1%' },
          { field: 'status', type: 'nominal', title: 'Status' },
        ],
      },
    },
  ];
  if (metric === 'stability') {
    layers.unshift({ data: { values: [{ value: 0.8 }] }, mark: { type: 'rule', color: '#16a34a', strokeDash: [4, 3] }, encoding: { y: xy.y } });
  }
  return { ...base(text.title, description, 220), layer: layers };
}

/**
 * Autoencoder training loss (mean squared reconstruction error) by epoch.
 * @example lossCurveChart(run.embedding.lossHistory)
 */
export function lossCurveChart(lossHistory: readonly number[]): VegaLiteSpec {
  const values = lossHistory.map((loss, i) => ({ epoch: i + 1, loss }));
  const first = lossHistory[0];
  const last = lossHistory[lossHistory.length - 1];
  const description =
    `Line chart of the autoencoder's training loss over ${lossHistory.length} epochs` +
    (lossHistory.length ? `, from ${formatNumber(first)} to ${formatNumber(last)}.` : '.');
  return {
    ...base('Autoencoder training loss by epoch', description, 200),
    data: { values },
    mark: { type: 'line', color: '#2f5d8a', strokeWidth: 2, point: lossHistory.length <= 60 ? { size: 20, color: '#2f5d8a' } : false },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'loss', type: 'quantitative', title: 'Loss (MSE)', scale: { zero: false } },
      tooltip: [
        { field: 'epoch', type: 'quantitative', title: 'Epoch' },
        { field: 'loss', type: 'quantitative', title: 'Loss (MSE)', format: '.4~r' },
      ],
    },
  };
}

/** The hidden cells of a dot plot, counted truthfully (lib/fairness/hidden-cells.ts): why hidden, and how many are outside the band. */
function hiddenCellsNote(attr: AttributeRepresentation, suppressed: number): string {
  const h = attr.hidden;
  if (!h) return `${suppressed} cell${suppressed === 1 ? ' is' : 's are'} too small to show`;
  const why = [h.small ? `${h.small} with fewer customers than the minimum cell size` : '', h.secondary ? `${h.secondary}${h.small ? ' more' : ''} so that small cells cannot be worked out by subtraction` : '']
    .filter(Boolean)
    .join(', ');
  return `${h.cells} cell${h.cells === 1 ? ' is' : 's are'} hidden for privacy (${why}); ${h.outside === 0 ? 'none of them is' : `${h.outside} of them ${h.outside === 1 ? 'is' : 'are'}`} outside the band`;
}

/**
 * Representation ratio (group's share in a segment / its share in the population) for every
 * reportable segment × group cell of one protected attribute, over the accepted [lower, upper]
 * band. Suppressed cells are left out (and counted in the description).
 * @example representationChart(run.fairness.attributes[0], 0.8, 1.25, run.profiles)
 */
export function representationChart(
  attr: AttributeRepresentation,
  lower: number,
  upper: number,
  profiles: readonly SegmentProfile[],
): VegaLiteSpec {
  const labelOf = (s: number): string => profiles.find((p) => p.segment === s)?.label ?? `Segment ${s + 1}`;
  const groups = attr.groups.map((g) => g.group);
  const shown = attr.cells.filter((c) => c.ratio !== null);
  const values = shown.map((c) => ({
    segment: labelOf(c.segment),
    group: c.group,
    ratio: c.ratio,
    count: c.count,
    segmentShare: c.segmentShare,
    populationShare: c.populationShare,
    verdict: c.verdict === 'flag' ? 'Outside band' : 'Within band',
  }));
  const suppressed = attr.cells.length - shown.length;
  const maxRatio = Math.max(upper * 1.2, 2, ...shown.map((c) => (c.ratio ?? 0) * 1.1));
  const description =
    `Dot plot of the representation ratio of each "${attr.attribute}" group in each segment; ` +
    `1 means the group is as common in the segment as in the population, the shaded band is the accepted range ${lower} to ${upper}. ` +
    `${attr.flagged} of the ${shown.length} ${attr.hidden ? 'shown' : 'assessed'} cells are outside the band` +
    (suppressed ? `; ${hiddenCellsNote(attr, suppressed)}.` : '.');
  const x = { field: 'ratio', type: 'quantitative', title: 'Representation ratio (segment share ÷ population share)', scale: { domain: [0, maxRatio], nice: false } };
  return {
    ...base(`Representation by segment: ${attr.attribute}`, description, Math.max(1, profiles.length) * Math.max(2, groups.length) * 14),
    layer: [
      {
        data: { values: [{ lower, upper }] },
        mark: { type: 'rect', color: '#dcfce7', opacity: 0.9 },
        encoding: { x: { field: 'lower', type: 'quantitative', scale: x.scale, title: x.title }, x2: { field: 'upper' } },
      },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: '#16a34a', strokeDash: [4, 3] },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 70, opacity: 1, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          y: { field: 'segment', type: 'nominal', title: null, sort: profiles.map((p) => p.label) },
          yOffset: { field: 'group', type: 'nominal', sort: groups },
          x,
          color: { field: 'group', type: 'nominal', title: 'Group', sort: groups, scale: { scheme: 'tableau10' } },
          shape: { field: 'verdict', type: 'nominal', title: null, scale: { domain: ['Within band', 'Outside band'], range: ['circle', 'triangle-up'] } },
          tooltip: [
            { field: 'segment', type: 'nominal', title: 'Segment' },
            { field: 'group', type: 'nominal', title: 'Group' },
            { field: 'count', type: 'quantitative', title: 'Customers', format: ',d' },
            { field: 'segmentShare', type: 'quantitative', title: 'Share of segment', format: '.1%' },
            { field: 'populationShare', type: 'quantitative', title: 'Share of population', format: '.1%' },
            { field: 'ratio', type: 'quantitative', title: 'Ratio', format: '.2f' },
            { field: 'verdict', type: 'nominal', title: 'Verdict' },
          ],
        },
      },
    ],
    resolve: { scale: { x: 'shared' } },
  };
}
