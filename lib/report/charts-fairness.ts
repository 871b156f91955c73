/**
 * Charts of the fairness card (issue 5): balance per segment, proxy leakage of the features, and
 * the association between segment and each protected attribute. Same conventions as charts.ts.
 */
import { readableFeatures } from './feature-names';
import type { AssociationMetrics, BalanceMetrics, FairnessThresholds, ProxyClassifierResult } from '../fairness/types';
import type { SegmentProfile } from '../profile/types';
import { base, INK } from './charts';
import { formatNumber } from './format';
import type { VegaLiteSpec } from './types';

const labelOf = (profiles: readonly SegmentProfile[], s: number): string => profiles.find((p) => p.segment === s)?.label ?? `Segment ${s + 1}`;

/**
 * Balance of each segment (smallest group count / largest, among the assessed groups), with a
 * rule at the dataset's balance (the best any segmentation can reach). Suppressed segments are
 * left out and counted in the description.
 * @example balanceChart(card.balance[0], run.profiles)
 */
export function balanceChart(b: BalanceMetrics, profiles: readonly SegmentProfile[]): VegaLiteSpec {
  const shown = b.perSegment.filter((s) => s.balance !== null);
  const values = shown.map((s) => ({ segment: labelOf(profiles, s.segment), balance: s.balance, size: s.size, entropyRatio: s.entropyRatio }));
  const hidden = b.perSegment.length - shown.length;
  // Empty segments have no balance either; only the segments with a hidden cell are "left out".
  const hiddenSegs = b.perSegment.filter((s) => s.balance === null && s.size > 0).length;
  const lowest = [...shown].sort((x, y) => (x.balance as number) - (y.balance as number))[0];
  const description =
    `Bar chart of the balance of "${b.attribute}" in each segment (1 = every group equally large; groups ${b.groups.join(', ')}). ` +
    `The dashed line is the balance of all customers, ${formatNumber(b.datasetBalance)}, the best a segmentation can reach.` +
    (lowest ? ` The lowest ${hidden ? 'shown ' : ''}is ${labelOf(profiles, lowest.segment)} at ${formatNumber(lowest.balance as number)}.` : '') +
    (hiddenSegs
      ? ` ${hiddenSegs} segment${hiddenSegs === 1 ? ' is' : 's are'} left out: ${hiddenSegs === 1 ? 'it holds' : 'they hold'} a cell hidden for privacy (fewer customers than the minimum cell size, or hidden so a small one cannot be worked out by subtraction); the balance check above counts ${hiddenSegs === 1 ? 'it' : 'them'}.`
      : '');
  const x = { field: 'balance', type: 'quantitative', title: 'Balance (smallest group ÷ largest group)', scale: { domain: [0, 1] } };
  return {
    ...base(`Balance by segment: ${b.attribute}`, description, Math.max(2, shown.length) * 30),
    layer: [
      {
        data: { values },
        mark: { type: 'bar', color: '#6b8fb5', cornerRadiusEnd: 2 },
        encoding: {
          y: { field: 'segment', type: 'nominal', title: null, sort: profiles.map((p) => p.label) },
          x,
          tooltip: [
            { field: 'segment', type: 'nominal', title: 'Segment' },
            { field: 'size', type: 'quantitative', title: 'Customers', format: ',d' },
            { field: 'balance', type: 'quantitative', title: 'Balance', format: '.3f' },
            { field: 'entropyRatio', type: 'quantitative', title: 'Group entropy ÷ population entropy', format: '.3f' },
          ],
        },
      },
      {
        data: { values: [{ balance: b.datasetBalance }] },
        mark: { type: 'rule', color: INK, strokeDash: [5, 3], strokeWidth: 1.5 },
        encoding: { x: { field: 'balance', type: 'quantitative' } },
      },
    ],
  };
}

/**
 * Proxy leakage: how much each feature tells about a protected attribute (drop in balanced
 * accuracy when it is permuted), the correlation ratio η in the tooltip, the named proxies in red.
 * @example proxyChart(card.proxyClassifier[0], card.card.thresholds)
 */
export function proxyChart(p: ProxyClassifierResult, thresholds: FairnessThresholds, maxFeatures = 12, featureLabels: Readonly<Record<string, string>> = {}): VegaLiteSpec {
  const features = p.features.slice(0, maxFeatures);
  // Readable names on the axis (config labels first); the column name stays in the tooltip.
  const readable = readableFeatures(features.map((f) => f.feature), featureLabels);
  const name = (f: string): string => readable.get(f) ?? f;
  const values = features.map((f) => ({
    feature: name(f.feature),
    column: f.feature,
    importance: f.permutationImportance,
    eta: f.correlation,
    role: p.proxies.includes(f.feature) ? 'Named as a proxy' : 'Other feature',
  }));
  const description =
    `Bar chart of how much each clustering feature helps predict "${p.attribute}": the drop in the classifier's balanced accuracy when the feature is shuffled. ` +
    `The classifier reaches ${formatNumber(p.balancedAccuracy)} balanced accuracy against ${formatNumber(p.chance)} by chance (lift ${formatNumber(p.lift)}). ` +
    (p.proxies.length ? `Named as proxies: ${p.proxies.join(', ')}.` : 'No feature is named as a proxy.') +
    (p.features.length > features.length ? ` The ${features.length} strongest of ${p.features.length} features are shown.` : '');
  return {
    ...base(`Proxy leakage: which features predict ${p.attribute}`, description, Math.max(2, features.length) * 26),
    layer: [
      {
        data: { values },
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          y: { field: 'feature', type: 'nominal', title: null, sort: features.map((f) => name(f.feature)) },
          x: { field: 'importance', type: 'quantitative', title: 'Drop in balanced accuracy when shuffled (share of cases)', axis: { format: 'f' } },
          color: { field: 'role', type: 'nominal', title: null, scale: { domain: ['Named as a proxy', 'Other feature'], range: ['#b91c1c', '#9fb7d4'] } },
          tooltip: [
            { field: 'feature', type: 'nominal', title: 'Feature' },
            { field: 'column', type: 'nominal', title: 'Column' },
            { field: 'importance', type: 'quantitative', title: 'Permutation importance', format: '.3f' },
            { field: 'eta', type: 'quantitative', title: 'Correlation ratio η', format: '.3f' },
            { field: 'role', type: 'nominal', title: 'Role' },
          ],
        },
      },
      {
        data: { values: [{ importance: thresholds.proxyImportanceMin }] },
        mark: { type: 'rule', color: INK, strokeDash: [4, 3] },
        encoding: { x: { field: 'importance', type: 'quantitative' } },
      },
    ],
  };
}

/**
 * Cramér's V and normalised mutual information between segment and each protected attribute,
 * as grouped bars with the warn thresholds in the tooltip.
 * @example associationChart(card.association, card.card.thresholds)
 */
export function associationChart(association: readonly AssociationMetrics[], thresholds: FairnessThresholds): VegaLiteSpec {
  const values = association.flatMap((a) => [
    { attribute: a.attribute, metric: "Cramér's V", value: a.cramersV, warn: thresholds.cramersVWarn, failAt: thresholds.cramersVFail },
    { attribute: a.attribute, metric: 'Normalised mutual information', value: a.nmi, warn: thresholds.nmiWarn, failAt: thresholds.nmiFail },
  ]);
  const description =
    'Bar chart of how strongly segment membership is associated with each protected attribute (0 = not at all). ' +
    association.map((a) => `"${a.attribute}": Cramér's V ${formatNumber(a.cramersV)}, NMI ${formatNumber(a.nmi)}.`).join(' ') +
    ` Cramér's V warns from ${thresholds.cramersVWarn} and fails from ${thresholds.cramersVFail}; NMI warns from ${thresholds.nmiWarn} and fails from ${thresholds.nmiFail}.`;
  return {
    ...base('Association between segment and each protected attribute', description, Math.max(1, association.length) * 52),
    data: { values },
    encoding: {
      y: { field: 'attribute', type: 'nominal', title: null },
      yOffset: { field: 'metric', type: 'nominal' },
      x: { field: 'value', type: 'quantitative', title: 'Association (0 = none)', scale: { domain: [0, Math.max(0.35, ...values.map((v) => v.value * 1.15))] } },
      color: { field: 'metric', type: 'nominal', title: null, scale: { range: ['#2f5d8a', '#9fb7d4'] } },
      tooltip: [
        { field: 'attribute', type: 'nominal', title: 'Attribute' },
        { field: 'metric', type: 'nominal', title: 'Metric' },
        { field: 'value', type: 'quantitative', title: 'Value', format: '.3f' },
        { field: 'warn', type: 'quantitative', title: 'Warn from' },
        { field: 'failAt', type: 'quantitative', title: 'Fail from' },
      ],
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2 } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { text: { field: 'value', type: 'quantitative', format: '.3f' }, color: { value: INK } } },
    ],
  };
}
