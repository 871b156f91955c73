/** Budget allocation across segments: greedy on expected incremental profit per unit of cost. */
import { SeglabError, msg } from '../errors/messages';
import type { BudgetPlan, SegmentDecision } from './types';

/**
 * Fund the recommended campaigns in order of incremental profit per unit of cost (free ones
 * first), each up to its segment's audience; the last funded segment may be reached in part
 * (whole customers only). Segments without a recommendation are never funded.
 * @param budget currency units, >= 0
 * @example allocateBudget(result.decisions, 5000).allocations
 */
export function allocateBudget(decisions: readonly SegmentDecision[], budget: number): BudgetPlan {
  if (!(budget >= 0 && Number.isFinite(budget))) throw new SeglabError('campaigns', msg.campaignsBadOption('budget', budget, 'a finite amount >= 0'));
  const candidates = decisions
    .filter((d) => d.recommendation !== null && d.recommendation.incrementalProfitPerCustomer > 0)
    .map((d) => {
      const r = d.recommendation as NonNullable<SegmentDecision['recommendation']>;
      // The recommendation's profit is already net of cost; gross it up so ratio = net profit per cost.
      return { d, r, ratio: r.costPerCustomer > 0 ? r.incrementalProfitPerCustomer / r.costPerCustomer : Infinity };
    })
    .sort((x, y) => y.ratio - x.ratio || x.d.segment.localeCompare(y.d.segment));
  let remaining = budget;
  const plan: BudgetPlan = { budget, allocations: [], spent: 0, expectedIncrementalProfit: 0, unfunded: [] };
  for (const { d, r, ratio } of candidates) {
    const affordable = r.costPerCustomer > 0 ? Math.floor(remaining / r.costPerCustomer + 1e-9) : d.audience;
    const customers = Math.min(d.audience, affordable);
    if (customers <= 0) {
      plan.unfunded.push(d.segment);
      continue;
    }
    const spend = customers * r.costPerCustomer;
    remaining -= spend;
    const profit = customers * r.incrementalProfitPerCustomer;
    plan.allocations.push({ segment: d.segment, arm: r.arm, customers, spend, expectedIncrementalProfit: profit, profitPerCost: Number.isFinite(ratio) ? ratio : null });
    plan.spent += spend;
    plan.expectedIncrementalProfit += profit;
  }
  return plan;
}
