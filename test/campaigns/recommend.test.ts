import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateBudget } from '../../lib/campaigns/budget';
import { evaluateCampaigns } from '../../lib/campaigns/evaluate';
import { sampleSizeTwoProportions } from '../../lib/campaigns/power';
import { decideSegment } from '../../lib/campaigns/recommend';
import { resolveCampaignOptions } from '../../lib/campaigns/validate';
import type { CampaignLog, SegmentDecision } from '../../lib/campaigns/types';
import { SeglabError, msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { readBank, readFastFood } from './datasets';
import { needsDatasets } from '../helpers/paths';

/** A log with `n` customers per arm in a segment and the given conversion counts; revenue 50 per conversion, cost 0.5 per send. */
function log(segment: string, cells: Record<string, [number, number]>, control = 'control'): { log: CampaignLog; segments: Map<string, string> } {
  const customerId: string[] = [];
  const arm: string[] = [];
  const converted: number[] = [];
  for (const [name, [n, k]] of Object.entries(cells)) {
    for (let i = 0; i < n; i++) {
      customerId.push(`${segment}-${name}-${i}`);
      arm.push(name);
      converted.push(i < k ? 1 : 0);
    }
  }
  return {
    log: { customerId, arm, converted, revenue: converted.map((c) => c * 50), cost: arm.map((a) => (a === control ? 0 : 0.5)) },
    segments: new Map(customerId.map((id): [string, string] => [id, segment])),
  };
}

test('a large clear effect is recommended; a small segment gets "insufficient evidence — test further" with a next-test size', () => {
  const big = log('big', { control: [4000, 80], offer: [4000, 200] });
  const small = log('small', { control: [60, 1], offer: [60, 3] });
  const merged: CampaignLog = {
    customerId: [...big.log.customerId, ...small.log.customerId],
    arm: [...big.log.arm, ...small.log.arm],
    converted: [...big.log.converted, ...small.log.converted],
    revenue: [...(big.log.revenue ?? []), ...(small.log.revenue ?? [])],
    cost: [...(big.log.cost ?? []), ...(small.log.cost ?? [])],
  };
  const segments = new Map([...big.segments, ...small.segments]);
  const result = evaluateCampaigns(merged, segments, { controlArm: 'control' }, createRng(1));
  const bigDecision = result.decisions.find((d) => d.segment === 'big') as SegmentDecision;
  assert.equal(bigDecision.recommendation?.arm, 'offer');
  const bigOffer = result.cells.find((c) => c.segment === 'big' && c.arm === 'offer');
  assert.ok(Math.abs((bigOffer?.versusControl?.incrementalProfitPerCustomer ?? 0) - (0.05 - 0.02) * 50 + 0.5) < 1e-9);
  // The uplifts (3 and 3.3 points) do not differ between segments (Cochran's Q), so the small
  // segment gets the campaign-wide decision instead of its own noisy "test further".
  const q = result.heterogeneity?.find((h) => h.arm === 'offer');
  assert.ok(q && q.pValue !== null && q.pValue > 0.05, JSON.stringify(q));
  assert.equal(result.segmentsDiffer, false);
  const smallDecision = result.decisions.find((d) => d.segment === 'small') as SegmentDecision;
  assert.equal(smallDecision.recommendation?.arm, 'offer');
  assert.match(String(smallDecision.pooled), /uplift does not differ between segments \(Cochran's Q: p = \d\.\d\d for "offer"\)/);
  // On its own the small segment has insufficient evidence; its next test is sized for the observed
  // 2/60 uplift, and called impractical for a 120-customer audience.
  const own = decideSegment('small', evaluateCampaigns(small.log, small.segments, { controlArm: 'control' }, createRng(1)).cells, null, 120, resolveCampaignOptions({ controlArm: 'control' }), true);
  assert.equal(own.recommendation, null);
  assert.ok(own.reason?.startsWith('insufficient evidence — test further'), own.reason ?? '');
  const next = own.nextTest;
  assert.ok(next);
  assert.equal(next.basis, 'observed');
  assert.equal(next.customersPerArm, Math.ceil(sampleSizeTwoProportions(1 / 60, 3 / 60)));
  assert.equal(next.practical, false);
  assert.match(String(next.note), /impractical for this segment/);
});

test('when no offer pays for itself with confidence, the decision says do not send', () => {
  const flat = log('flat', { control: [20000, 400], offer: [20000, 400] });
  const result = evaluateCampaigns(flat.log, flat.segments, { controlArm: 'control' }, createRng(2));
  const d = result.decisions[0];
  assert.equal(d.recommendation, null);
  assert.ok((d.probabilityControlBest ?? 0) >= 0.9);
  assert.ok(d.reason?.startsWith('no campaign beats sending nothing'), d.reason ?? '');
});

test('an isControl flag works like a control arm name', () => {
  const data = log('s', { control: [3000, 60], offer: [3000, 150] });
  const byName = evaluateCampaigns(data.log, data.segments, { controlArm: 'control' }, createRng(3));
  const byFlag = evaluateCampaigns({ ...data.log, arm: data.log.arm.map((a) => (a === 'control' ? 'holdout-2024' : a)), isControl: data.log.arm.map((a) => a === 'control') }, data.segments, {}, createRng(3));
  assert.equal(byFlag.controlArm, 'control');
  assert.deepEqual(byFlag.decisions, byName.decisions);
});

test('no control arm: uplift is refused, response rates are still reported (Bank Marketing)', { skip: needsDatasets('bank-marketing/bank-full.csv') }, () => {
  const bank = readBank();
  const result = evaluateCampaigns(bank.log, bank.segments, {}, createRng(4));
  assert.equal(result.controlArm, null);
  assert.equal(result.overall[0].exposures, 45211);
  assert.equal(result.overall[0].conversions, 5289);
  assert.equal(result.overall[0].conversionRate.toFixed(4), '0.1170');
  assert.ok(result.cells.every((c) => c.versusControl === null));
  assert.ok(result.decisions.length === 12 && result.decisions.every((d) => d.recommendation === null && d.reason === msg.campaignsNoControl()));
  assert.ok(result.warnings.includes(msg.campaignsNoControl()));
  assert.equal(result.objective, 'conversions');
});

test('no control arm in the fast-food promotion test: revenue per store-week per promotion, no recommendation', { skip: needsDatasets('fastfood-marketing-ab-test/WA_Marketing-Campaign.csv') }, () => {
  const food = readFastFood();
  const result = evaluateCampaigns(food.log, food.segments, {}, createRng(5));
  for (const cell of result.overall) {
    const sales = food.sales.filter((_, i) => food.promotion[i] === cell.arm);
    assert.equal(cell.exposures, sales.length);
    assert.ok(Math.abs(cell.revenuePerCustomer - sales.reduce((s, v) => s + v, 0) / sales.length) < 1e-9);
  }
  assert.deepEqual(result.overall.map((c) => c.exposures), [172, 188, 188]);
  assert.ok(result.decisions.every((d) => d.recommendation === null && d.reason === msg.campaignsNoControl()));
});

test('a segment without control customers is refused even when the log has a control', () => {
  const a = log('with', { control: [3000, 60], offer: [3000, 150] });
  const b = log('without', { offer: [3000, 150] });
  const merged: CampaignLog = {
    customerId: [...a.log.customerId, ...b.log.customerId],
    arm: [...a.log.arm, ...b.log.arm],
    converted: [...a.log.converted, ...b.log.converted],
  };
  const result = evaluateCampaigns(merged, new Map([...a.segments, ...b.segments]), { controlArm: 'control' }, createRng(6));
  const without = result.decisions.find((d) => d.segment === 'without');
  assert.equal(without?.recommendation, null);
  assert.equal(without?.reason, msg.campaignsNoControlInSegment('without'));
});

test('bad logs and options fail with the message builders', () => {
  const data = log('s', { control: [10, 1], offer: [10, 2] });
  const is = (text: string) => (e: unknown) => e instanceof SeglabError && e.message.includes(text);
  assert.throws(() => evaluateCampaigns(data.log, data.segments, { controlArm: 'Control' }, createRng(1)), is(msg.campaignsControlArmMissing('Control', ['control', 'offer'])));
  assert.throws(() => evaluateCampaigns({ ...data.log, converted: data.log.converted.map((v, i) => (i === 3 ? 2 : v)) }, data.segments, {}, createRng(1)), is(msg.campaignsBadValues('converted', 1, [4], 2, '0 or 1')));
  assert.throws(() => evaluateCampaigns(data.log, data.segments, { probabilityBest: 1.5 }, createRng(1)), is(msg.campaignsBadOption('probabilityBest', 1.5, 'a probability in [0.5, 1], e.g. 0.9')));
});

test('budget allocation is greedy on incremental profit per cost, partial for the last segment, never funds refusals', () => {
  const decision = (segment: string, audience: number, profit: number, cost: number | null): SegmentDecision => ({
    segment,
    audience,
    recommendation: cost === null ? null : { arm: 'offer', uplift: 0.01, upliftInterval: [0.001, 0.02], probabilityBest: 0.95, incrementalProfitPerCustomer: profit, costPerCustomer: cost },
    reason: cost === null ? 'insufficient evidence — test further' : null,
    bestArm: 'offer',
    probabilityControlBest: 0,
    nextTest: null,
  });
  const decisions = [decision('A', 1000, 1, 0.5), decision('B', 500, 3, 0.5), decision('C', 800, 5, 0), decision('D', 900, 9, null)];
  const plan = allocateBudget(Object.freeze(decisions), 600);
  assert.deepEqual(plan.allocations.map((a) => [a.segment, a.customers, a.spend]), [['C', 800, 0], ['B', 500, 250], ['A', 700, 350]]);
  assert.equal(plan.spent, 600);
  assert.equal(plan.expectedIncrementalProfit, 800 * 5 + 500 * 3 + 700 * 1);
  assert.equal(plan.allocations[0].profitPerCost, null);
  assert.equal(plan.allocations[1].profitPerCost, 6);
  assert.ok(!plan.allocations.some((a) => a.segment === 'D'));
  assert.throws(() => allocateBudget(decisions, -1), SeglabError);
});
