/**
 * Campaign effectiveness and selection, the stage's entry point:
 *
 *   campaign log + segment per customer
 *     ──> group rows by segment × arm
 *     ──> metrics per cell (Wilson, Newcombe, bootstrap ROI, Beta-posterior P(best))
 *     ──> decision per segment (recommendation, or null with the reason and the next test's size)
 *
 * The result is plain JSON (campaigns.json); `allocateBudget` (budget.ts) then spends a budget.
 */
import type { Rng } from '../random/rng';
import { msg } from '../errors/messages';
import { segmentMetrics, type MetricColumns, type SegmentRows } from './metrics';
import { decideSegment } from './recommend';
import { upliftHeterogeneity } from './heterogeneity';
import type { ArmMetrics, CampaignLog, CampaignOptions, CampaignsResult, SegmentDecision } from './types';
import { checkCampaignLog, resolveCampaignOptions } from './validate';

/** Segment name of customers absent from the segment map. */
export const UNASSIGNED = 'unassigned';
/** Segment name of the all-customers rows. */
export const OVERALL = '(all)';
/** Control arm name used when the log marks control rows with `isControl`. */
export const CONTROL = 'control';

/**
 * Evaluate every campaign in every segment and decide per segment.
 * @param segments segment of each customer id (customers not in it go to "unassigned")
 * @param rng only its seed is used: each cell derives its own stream from it
 * @example evaluateCampaigns(log, segmentOf, { controlArm: 'No E-Mail' }, stageRng(seed, 'campaigns'))
 */
export function evaluateCampaigns(log: CampaignLog, segments: ReadonlyMap<string, string>, options: CampaignOptions, rng: Rng): CampaignsResult {
  const resolved = resolveCampaignOptions(options);
  checkCampaignLog(log, resolved.controlArm);
  const n = log.customerId.length;
  const hasControlFlag = log.isControl?.some(Boolean) ?? false;
  const controlArm = resolved.controlArm ?? (hasControlFlag ? CONTROL : null);
  const armOf = (i: number): string => (log.isControl?.[i] ? (resolved.controlArm ?? CONTROL) : log.arm[i]);
  const hasRevenue = log.revenue !== undefined && log.revenue.some((v) => v !== 0);
  const columns: MetricColumns = {
    converted: log.converted,
    value: hasRevenue ? (log.revenue as readonly number[]) : log.converted,
    revenue: log.revenue ?? null,
    cost: log.cost ?? null,
    engagement: log.engagement ?? {},
  };
  const warnings: string[] = [];
  if (!hasRevenue) warnings.push(msg.campaignsNoRevenue());
  if (controlArm === null) warnings.push(msg.campaignsNoControl());

  const overall: SegmentRows = { segment: OVERALL, arms: new Map() };
  const bySegment = new Map<string, SegmentRows>();
  let unassigned = 0;
  for (let i = 0; i < n; i++) {
    const arm = armOf(i);
    let segment = segments.get(log.customerId[i]);
    if (segment === undefined) {
      segment = UNASSIGNED;
      unassigned++;
    }
    let rows = bySegment.get(segment);
    if (!rows) bySegment.set(segment, (rows = { segment, arms: new Map() }));
    push(rows.arms, arm, i);
    push(overall.arms, arm, i);
  }
  if (unassigned > 0) warnings.push(msg.campaignsUnassigned(unassigned, UNASSIGNED));
  const arms = [...overall.arms.keys()].sort();
  if (controlArm !== null) {
    for (const arm of arms) {
      if (arm === controlArm) continue;
      const costs = overall.arms.get(arm) as number[];
      if (!log.cost || costs.every((i) => (log.cost as readonly number[])[i] === 0)) warnings.push(msg.campaignsZeroCost(arm));
    }
  }

  const audience = new Map<string, number>();
  for (const s of segments.values()) audience.set(s, (audience.get(s) ?? 0) + 1);
  const seed = rng.seed;
  const overallCells = segmentMetrics(sortArms(overall), columns, controlArm, resolved, seed).cells;
  const cells: ArmMetrics[] = [];
  const decisions: SegmentDecision[] = [];
  for (const segment of [...bySegment.keys()].sort()) {
    const rows = sortArms(bySegment.get(segment) as SegmentRows);
    const result = segmentMetrics(rows, columns, controlArm, resolved, seed);
    cells.push(...result.cells);
    const reach = audience.get(segment) ?? new Set([...rows.arms.values()].flat().map((i) => log.customerId[i])).size;
    decisions.push(decideSegment(segment, result.cells, result.probabilityControlBest, reach, resolved, controlArm !== null));
  }
  // Different campaigns for different segments only when uplift differs between segments at all
  // (Cochran's Q per arm); otherwise every segment gets the campaign-wide decision.
  const heterogeneity = upliftHeterogeneity(cells.filter((c) => c.segment !== UNASSIGNED));
  const tested = heterogeneity.filter((h) => h.pValue !== null);
  // One test per arm: Bonferroni keeps the chance of a false "segments differ" at alpha.
  const segmentsDiffer = tested.some((h) => (h.pValue as number) < resolved.alpha / tested.length);
  let finalDecisions = decisions;
  if (!segmentsDiffer && tested.length > 0 && controlArm !== null) {
    const overallRows = segmentMetrics(sortArms(overall), columns, controlArm, resolved, seed);
    const campaignWide = decideSegment(OVERALL, overallRows.cells, overallRows.probabilityControlBest, n, resolved, true);
    const why = msg.campaignsNoHeterogeneity(tested.map((h) => ({ arm: h.arm, p: h.pValue as number })));
    finalDecisions = decisions.map((d) =>
      d.segment === UNASSIGNED
        ? d
        : {
            ...campaignWide,
            segment: d.segment,
            audience: d.audience,
            pooled: why,
            nextTest: campaignWide.nextTest && { ...campaignWide.nextTest },
            own: { arm: d.recommendation?.arm ?? null, reason: d.reason, nextTest: d.nextTest },
          },
    );
  }
  const hasCost = log.cost !== undefined && log.cost.some((x) => x !== 0);
  const valueMeasure = hasCost || (hasRevenue && resolved.margin !== 1) ? 'incremental profit' : hasRevenue ? 'incremental revenue' : 'incremental conversions';
  if (valueMeasure !== 'incremental profit') finalDecisions = finalDecisions.map((d) => ({ ...d, reason: d.reason && d.reason.replace(/incremental profit/g, valueMeasure) }));
  return {
    controlArm,
    arms,
    objective: hasRevenue ? 'revenue' : 'conversions',
    options: { ...resolved, controlArm },
    overall: overallCells,
    cells,
    decisions: finalDecisions,
    warnings,
    heterogeneity,
    segmentsDiffer,
    valueMeasure,
  };
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Arms in name order, so results do not depend on row order. */
function sortArms(rows: SegmentRows): SegmentRows {
  return { segment: rows.segment, arms: new Map([...rows.arms].sort(([a], [b]) => a.localeCompare(b))) };
}
