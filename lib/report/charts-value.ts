/**
 * Charts of value and evidence: feature distributions per segment, campaign conversion rates and
 * uplift (forest plot), CLV predicted vs actual holdout purchases, and missing values per column.
 * Same conventions as charts.ts.
 */
import { formatterFor, vegaFormatFor } from './years';
import { isBirthYearName } from '../clean/birth-year';
import type { ArmMetrics } from '../campaigns/types';
import type { CalibrationCheck } from '../clv/calibration';
import type { FeatureDistribution, SegmentProfile } from '../profile/types';
import { base, INK, segmentColorScale } from './charts';
import { formatNumber, formatPercent } from './format';
import type { VegaLiteSpec } from './types';
import { featureAxisTitle, readableFeatures } from './feature-names';

/**
 * Box-and-whisker of one feature per segment from its quantiles: whiskers 5th–95th percentile,
 * box 25th–75th, a tick at the median. Suppressed segments are left out (and counted).
 * @example distributionChart('monetary', run.distributions, run.profiles)
 */
export function distributionChart(
  feature: string,
  distributions: readonly FeatureDistribution[],
  profiles: readonly SegmentProfile[],
  featureLabels: Readonly<Record<string, string>> = {},
  currency?: string,
): VegaLiteSpec {
  // Readable name in the title and the axis, with the currency on money features.
  const readable = readableFeatures([feature], featureLabels).get(feature) ?? feature;
  const axisTitle = featureAxisTitle(feature, readable, currency);
  const rows = distributions.filter((d) => d.feature === feature);
  const shown = rows.filter((d) => d.q50 !== null);
  const labelOf = (s: number): string => profiles.find((p) => p.segment === s)?.label ?? `Segment ${s + 1}`;
  const labels = profiles.map((p) => p.label);
  const values = shown.map((d) => ({ segment: labelOf(d.segment), q05: d.q05, q25: d.q25, q50: d.q50, q75: d.q75, q95: d.q95, mean: d.mean, customers: d.customers }));
  const hidden = rows.length - shown.length;
  // A birth year reads as a year (1968), not 1,968.
  const fmt = formatterFor(feature);
  const description =
    `Box plot of ${axisTitle.toLowerCase()} by segment: the box spans the middle half of customers (25th to 75th percentile), the line inside it is the median, the whiskers reach the 5th and 95th percentiles. ` +
    shown.map((d) => `${labelOf(d.segment)}: median ${fmt(d.q50 as number)}, middle half ${fmt(d.q25 as number)} to ${fmt(d.q75 as number)}.`).join(' ') +
    (hidden ? ` ${hidden} segment${hidden === 1 ? ' is' : 's are'} too small to show.` : '');
  const y = { field: 'segment', type: 'nominal', title: null, sort: labels };
  const tooltip = [
    { field: 'segment', type: 'nominal', title: 'Segment' },
    { field: 'customers', type: 'quantitative', title: 'Customers', format: ',d' },
    { field: 'q05', type: 'quantitative', title: '5th percentile', format: vegaFormatFor(feature, ',.3~r') },
    { field: 'q25', type: 'quantitative', title: '25th percentile', format: vegaFormatFor(feature, ',.3~r') },
    { field: 'q50', type: 'quantitative', title: 'Median', format: vegaFormatFor(feature, ',.3~r') },
    { field: 'q75', type: 'quantitative', title: '75th percentile', format: vegaFormatFor(feature, ',.3~r') },
    { field: 'q95', type: 'quantitative', title: '95th percentile', format: vegaFormatFor(feature, ',.3~r') },
    { field: 'mean', type: 'quantitative', title: 'Mean', format: vegaFormatFor(feature, ',.3~r') },
  ];
  const color = { field: 'segment', type: 'nominal', title: 'Segment', scale: segmentColorScale(labels), legend: null };
  return {
    ...base(`Distribution of ${readable.charAt(0).toLowerCase()}${readable.slice(1)} by segment`, description, Math.max(2, shown.length) * 30),
    data: { values },
    encoding: { y, tooltip },
    layer: [
      { mark: { type: 'rule', color: '#6b7280' }, encoding: { x: { field: 'q05', type: 'quantitative', title: axisTitle, scale: { zero: false }, ...(isBirthYearName(feature) ? { axis: { format: 'd' } } : {}) }, x2: { field: 'q95' } } },
      { mark: { type: 'bar', size: 16, opacity: 0.85 }, encoding: { x: { field: 'q25', type: 'quantitative' }, x2: { field: 'q75' }, color } },
      { mark: { type: 'tick', color: 'white', size: 16, thickness: 2 }, encoding: { x: { field: 'q50', type: 'quantitative' } } },
    ],
  };
}

/**
 * Conversion rate of each arm over all customers with its Wilson interval.
 * @example armRatesChart(run.campaigns.overall)
 */
export function armRatesChart(overall: readonly ArmMetrics[]): VegaLiteSpec {
  const values = overall.map((a) => ({
    arm: a.arm,
    role: a.isControl ? 'Control' : 'Campaign',
    rate: a.conversionRate,
    low: a.conversionInterval[0],
    high: a.conversionInterval[1],
    exposures: a.exposures,
    conversions: a.conversions,
  }));
  const description =
    'Dot plot of the conversion rate of each campaign arm over all customers, with its 95% Wilson interval. ' +
    overall.map((a) => `${a.arm}${a.isControl ? ' (control)' : ''}: ${formatPercent(a.conversionRate)} of ${formatNumber(a.exposures)}.`).join(' ');
  const y = { field: 'arm', type: 'nominal', title: null, sort: overall.map((a) => a.arm) };
  return {
    ...base('Conversion rate by campaign arm (all customers, 95% Wilson interval)', description, Math.max(2, overall.length) * 32),
    data: { values },
    encoding: {
      y,
      tooltip: [
        { field: 'arm', type: 'nominal', title: 'Arm' },
        { field: 'role', type: 'nominal', title: 'Role' },
        { field: 'exposures', type: 'quantitative', title: 'Customers', format: ',d' },
        { field: 'conversions', type: 'quantitative', title: 'Conversions', format: ',d' },
        { field: 'rate', type: 'quantitative', title: 'Conversion rate', format: '.2%' },
        { field: 'low', type: 'quantitative', title: 'Interval from', format: '.2%' },
        { field: 'high', type: 'quantitative', title: 'Interval to', format: '.2%' },
      ],
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2, color: '#6b8fb5' }, encoding: { x: { field: 'low', type: 'quantitative', title: 'Conversion rate (% of customers)', axis: { format: '%' } }, x2: { field: 'high' } } },
      {
        mark: { type: 'point', filled: true, size: 80, opacity: 1 },
        encoding: { x: { field: 'rate', type: 'quantitative' }, color: { field: 'role', type: 'nominal', title: null, scale: { domain: ['Campaign', 'Control'], range: ['#2f5d8a', '#9ca3af'] } } },
      },
    ],
  };
}

/**
 * Forest plot: uplift in conversion rate vs the control for every segment × campaign, with its
 * Newcombe interval; a line at 0 (no effect). Cells without a control are left out.
 * @example upliftForestChart(run.campaigns.cells, segmentNames)
 */
export function upliftForestChart(cells: readonly ArmMetrics[], segmentName: (s: string) => string): VegaLiteSpec {
  const shown = cells.filter((c) => c.versusControl);
  const values = shown.map((c) => {
    const v = c.versusControl as NonNullable<ArmMetrics['versusControl']>;
    const [low, high] = v.upliftInterval;
    return {
      row: `${segmentName(c.segment)} \u00b7 ${c.arm}`,
      segment: segmentName(c.segment),
      arm: c.arm,
      uplift: v.uplift,
      low,
      high,
      exposures: c.exposures,
      evidence: low > 0 ? 'Above 0' : high < 0 ? 'Below 0' : 'Includes 0',
      probabilityBest: v.probabilityBest,
    };
  });
  const clear = values.filter((v) => v.evidence !== 'Includes 0').length;
  const description =
    `Forest plot of the uplift in conversion rate over the control for ${values.length} segment and campaign pairs, each with its 95% Newcombe interval; the vertical line is no effect. ` +
    `${clear} of ${values.length} intervals exclude 0.`;
  // Two lines per row (segment, then campaign) so "Mens" and "Womens" rows never truncate to the same text.
  const y = { field: 'row', type: 'nominal', title: null, sort: values.map((v) => v.row), axis: { labelExpr: "split(datum.label, ' \u00b7 ')", labelLimit: 200, labelLineHeight: 13 } };
  const tooltip = [
    { field: 'segment', type: 'nominal', title: 'Segment' },
    { field: 'arm', type: 'nominal', title: 'Campaign' },
    { field: 'exposures', type: 'quantitative', title: 'Customers', format: ',d' },
    { field: 'uplift', type: 'quantitative', title: 'Uplift', format: '+.2%' },
    { field: 'low', type: 'quantitative', title: 'Interval from', format: '+.2%' },
    { field: 'high', type: 'quantitative', title: 'Interval to', format: '+.2%' },
    { field: 'probabilityBest', type: 'quantitative', title: 'P(best)', format: '.2f' },
  ];
  return {
    ...base('Uplift over control by segment and campaign (95% Newcombe interval)', description, Math.max(2, values.length) * 32),
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: INK, strokeDash: [4, 3] }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'rule', strokeWidth: 2, color: '#9fb7d4' },
        encoding: { y, x: { field: 'low', type: 'quantitative', title: 'Uplift in conversion rate (percentage points)', axis: { format: '+%' } }, x2: { field: 'high' }, tooltip },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: {
          y,
          x: { field: 'uplift', type: 'quantitative' },
          color: { field: 'evidence', type: 'nominal', title: 'Interval', scale: { domain: ['Above 0', 'Includes 0', 'Below 0'], range: ['#15803d', '#6b7280', '#b91c1c'] } },
          tooltip,
        },
      },
    ],
  };
}

/**
 * Grouped bars of mean actual vs BG/NBD-predicted holdout purchases per calibration-frequency
 * bucket, with totals and the mean absolute error in the description.
 * @example clvHoldoutChart(run.clv.validation)
 */
export function clvHoldoutChart(check: CalibrationCheck): VegaLiteSpec {
  const values = check.buckets.flatMap((b) => [
    { bucket: b.label, measure: 'Actual', purchases: b.actual, customers: b.customers },
    { bucket: b.label, measure: 'Predicted', purchases: b.predicted, customers: b.customers },
  ]);
  const description =
    'Grouped bar chart of the mean number of purchases per customer in the holdout period, actual vs predicted by the BG/NBD model fitted on the calibration period, ' +
    'by the number of repeat purchases in the calibration period. ' +
    `In total ${formatNumber(check.totalActual)} purchases happened and ${formatNumber(check.totalPredicted)} were predicted; the mean absolute error is ${formatNumber(check.meanAbsoluteError)} purchases per customer.`;
  return {
    ...base('Predicted vs actual purchases in the holdout period', description, 240),
    data: { values },
    encoding: {
      x: { field: 'bucket', type: 'ordinal', title: 'Repeat purchases in the calibration period', sort: check.buckets.map((b) => b.label), axis: { labelAngle: 0 } },
      xOffset: { field: 'measure', type: 'nominal', sort: ['Actual', 'Predicted'] },
      y: { field: 'purchases', type: 'quantitative', title: 'Mean holdout purchases per customer' },
      color: { field: 'measure', type: 'nominal', title: null, scale: { domain: ['Actual', 'Predicted'], range: ['#9fb7d4', '#2f5d8a'] } },
      tooltip: [
        { field: 'bucket', type: 'ordinal', title: 'Calibration repeat purchases' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',d' },
        { field: 'measure', type: 'nominal', title: 'Series' },
        { field: 'purchases', type: 'quantitative', title: 'Mean purchases', format: '.3f' },
      ],
    },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
  };
}

/** Bars drawn at most in the missing-values chart (the columns with the largest missing shares). */
export const MAX_MISSING_BARS = 40;

/**
 * Missing share of every column of every source (as read), largest first.
 * @example missingShareChart([{ source: 'customers', column: 'age', missingShare: 0.04 }])
 */
export function missingShareChart(rows: readonly { source: string; column: string; missingShare: number }[]): VegaLiteSpec {
  const all = rows.map((r) => ({ ...r, row: `${r.source} \u00b7 ${r.column}` }));
  const missing = all.filter((v) => v.missingShare > 0);
  // Largest share first; a wide file (1,000 columns) shows its MAX_MISSING_BARS worst columns. The
  // order travels as a data field (rank), not as a list inside the spec: Vega compiles a sort list
  // into one expression, which overflows the stack with a thousand names.
  const ordered = all.map((v, i) => ({ v, i })).sort((a, b) => b.v.missingShare - a.v.missingShare || a.i - b.i);
  const values = ordered.slice(0, MAX_MISSING_BARS).map(({ v }, rank) => ({ ...v, rank }));
  const description =
    `Bar chart of the share of missing values in each of ${all.length} input columns` +
    (values.length < all.length ? ` (the ${values.length} with the largest shares are drawn). ` : '. ') +
    (missing.length ? missing.slice(0, 5).map((v) => `${v.row}: ${formatPercent(v.missingShare)}.`).join(' ') : 'No column has missing values.');
  return {
    ...base('Missing values by input column', description, Math.max(2, values.length) * 20),
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'row', type: 'nominal', title: null, sort: { field: 'rank', op: 'min', order: 'ascending' } },
      x: { field: 'missingShare', type: 'quantitative', title: 'Share of values missing (%)', axis: { format: '%', tickCount: 5 }, scale: { domain: [0, Math.max(0.05, ...values.map((v) => v.missingShare))] } },
      color: { field: 'source', type: 'nominal', title: 'Source', scale: { scheme: 'tableau10' } },
      tooltip: [
        { field: 'source', type: 'nominal', title: 'Source' },
        { field: 'column', type: 'nominal', title: 'Column' },
        { field: 'missingShare', type: 'quantitative', title: 'Share missing', format: '.1%' },
      ],
    },
  };
}
