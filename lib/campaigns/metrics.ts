/**
 * Per segment × arm metrics: exposures, conversion with Wilson interval, revenue, cost,
 * engagement, and (for treatment arms) uplift vs the segment's control with Newcombe's interval,
 * incremental revenue and profit, ROI with a seeded bootstrap interval, and P(best).
 */
import { stageRng, type Rng } from '../random/rng';
import { roi, roiInterval } from './bootstrap';
import { newcombeDifference, wilsonInterval } from './intervals';
import { sampleBeta } from './posterior';
import type { ArmMetrics, ResolvedCampaignOptions, VersusControl } from './types';

/** The rows of one segment, split by arm, with the columns the metrics read. */
export interface SegmentRows {
  segment: string;
  /** Arm → row indices into the log columns. */
  arms: Map<string, number[]>;
}

/** Columns the metrics read, already normalised (value = revenue, or conversions without revenue). */
export interface MetricColumns {
  converted: readonly number[];
  value: readonly number[];
  revenue: readonly number[] | null;
  cost: readonly number[] | null;
  engagement: Readonly<Record<string, readonly number[]>>;
}

const pick = (column: readonly number[] | null, rows: readonly number[]): number[] => (column ? rows.map((i) => column[i]) : rows.map(() => 0));
const total = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/**
 * Metrics of every arm of one segment; `controlArm` null or absent from the segment gives
 * descriptive metrics only (no uplift). `seed` derives one stream per cell, so adding a segment
 * or arm never changes another cell's bootstrap.
 */
export function segmentMetrics(rows: SegmentRows, columns: MetricColumns, controlArm: string | null, options: ResolvedCampaignOptions, seed: number): { cells: ArmMetrics[]; probabilityControlBest: number | null } {
  const base = [...rows.arms].map(([arm, idx]) => describeArm(rows.segment, arm, arm === controlArm, idx, columns, options.confidence));
  const controlRows = controlArm === null ? undefined : rows.arms.get(controlArm);
  if (!controlRows || controlRows.length === 0) return { cells: base, probabilityControlBest: null };
  const control = base.find((c) => c.isControl) as ArmMetrics;
  const treatments = base.filter((c) => !c.isControl);
  const posterior = probabilityBest(control, treatments, columns, rows, controlRows, options, stageRng(seed, `campaigns:posterior:${rows.segment}`));
  const cells = base.map((cell) => {
    if (cell.isControl) return cell;
    const idx = rows.arms.get(cell.arm) as number[];
    const sample = { treatmentValue: pick(columns.value, idx), treatmentCost: pick(columns.cost, idx), controlValue: pick(columns.value, controlRows), margin: options.margin };
    const incrementalRevenue = (total(sample.treatmentValue) / idx.length - total(sample.controlValue) / controlRows.length) * idx.length;
    const incrementalProfit = options.margin * incrementalRevenue - cell.cost;
    const versus: VersusControl = {
      uplift: cell.conversionRate - control.conversionRate,
      upliftInterval: newcombeDifference(cell.conversions, cell.exposures, control.conversions, control.exposures, options.confidence),
      incrementalRevenue,
      incrementalProfit,
      incrementalProfitPerCustomer: incrementalProfit / idx.length,
      roi: roi(sample),
      roiInterval: roiInterval(sample, options.bootstrap, stageRng(seed, `campaigns:roi:${rows.segment}:${cell.arm}`), options.confidence),
      probabilityBest: posterior.best.get(cell.arm) ?? 0,
    };
    return { ...cell, versusControl: versus };
  });
  return { cells, probabilityControlBest: posterior.controlBest };
}

function describeArm(segment: string, arm: string, isControl: boolean, idx: readonly number[], columns: MetricColumns, confidence: number): ArmMetrics {
  const conversions = total(pick(columns.converted, idx));
  const revenue = total(pick(columns.revenue, idx));
  const cost = total(pick(columns.cost, idx));
  const engagement: ArmMetrics['engagement'] = {};
  for (const [name, column] of Object.entries(columns.engagement)) {
    const count = total(pick(column, idx));
    engagement[name] = { count, rate: count / idx.length, interval: wilsonInterval(count, idx.length, confidence) };
  }
  return {
    segment,
    arm,
    isControl,
    exposures: idx.length,
    conversions,
    conversionRate: conversions / idx.length,
    conversionInterval: wilsonInterval(conversions, idx.length, confidence),
    revenue,
    revenuePerCustomer: revenue / idx.length,
    cost,
    costPerCustomer: cost / idx.length,
    engagement,
    versusControl: null,
  };
}

/**
 * P(each treatment has the highest incremental profit per customer and it is > 0), and P(no
 * treatment beats sending nothing), from Beta(1 + conversions, 1 + failures) posteriors of the
 * conversion rates. Value per conversion and cost per customer are held at their observed values.
 */
function probabilityBest(
  control: ArmMetrics,
  treatments: readonly ArmMetrics[],
  columns: MetricColumns,
  rows: SegmentRows,
  controlRows: readonly number[],
  options: ResolvedCampaignOptions,
  rng: Rng,
): { best: Map<string, number>; controlBest: number } {
  const valueOf = (idx: readonly number[], conversions: number, fallback: number): number => (conversions > 0 ? total(pick(columns.value, idx)) / conversions : fallback);
  const allRows = [...rows.arms.values()].flat();
  const allConversions = total(pick(columns.converted, allRows));
  const pooled = allConversions > 0 ? total(pick(columns.value, allRows)) / allConversions : 0;
  const vc = valueOf(controlRows, control.conversions, pooled);
  const vt = treatments.map((t) => valueOf(rows.arms.get(t.arm) as number[], t.conversions, pooled));
  const wins = new Array<number>(treatments.length).fill(0);
  let controlWins = 0;
  for (let d = 0; d < options.posteriorDraws; d++) {
    const pc = sampleBeta(1 + control.conversions, 1 + control.exposures - control.conversions, rng);
    let bestProfit = 0;
    let bestArm = -1;
    for (let j = 0; j < treatments.length; j++) {
      const t = treatments[j];
      const pt = sampleBeta(1 + t.conversions, 1 + t.exposures - t.conversions, rng);
      const profit = options.margin * (pt * vt[j] - pc * vc) - t.costPerCustomer;
      if (profit > bestProfit) {
        bestProfit = profit;
        bestArm = j;
      }
    }
    if (bestArm < 0) controlWins++;
    else wins[bestArm]++;
  }
  return { best: new Map(treatments.map((t, j) => [t.arm, wins[j] / options.posteriorDraws])), controlBest: controlWins / options.posteriorDraws };
}
