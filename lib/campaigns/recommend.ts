/**
 * The decision per segment: recommend the campaign with the best expected incremental profit
 * only when the evidence supports it, otherwise say why and size the next test.
 */
import { msg } from '../errors/messages';
import { sampleSizeTwoProportions } from './power';
import type { ArmMetrics, NextTest, ResolvedCampaignOptions, SegmentDecision } from './types';

/**
 * Decide for one segment from its cells. Rules, in order:
 * 1. no control in the segment → null ("no control arm: uplift cannot be estimated");
 * 2. best arm = highest expected incremental profit per customer among treatment arms;
 * 3. recommend it when its uplift interval excludes zero (lower bound > 0), P(best) >= threshold
 *    and its expected incremental profit is > 0;
 * 4. when P(sending nothing is best) >= threshold → null ("no campaign beats sending nothing");
 * 5. otherwise null ("insufficient evidence — test further") with a sample size for the next test.
 * @example decideSegment('A', cells, 0.02, 5000, options, true)
 */
export function decideSegment(
  segment: string,
  cells: readonly ArmMetrics[],
  probabilityControlBest: number | null,
  audience: number,
  options: ResolvedCampaignOptions,
  logHasControl: boolean,
): SegmentDecision {
  const none = (reason: string, bestArm: string | null = null, nextTest: NextTest | null = null): SegmentDecision => ({
    segment,
    audience,
    recommendation: null,
    reason,
    bestArm,
    probabilityControlBest,
    nextTest,
  });
  const control = cells.find((c) => c.isControl);
  const treatments = cells.filter((c) => c.versusControl !== null);
  if (!control || treatments.length === 0) return none(logHasControl ? msg.campaignsNoControlInSegment(segment) : msg.campaignsNoControl());
  const best = treatments.reduce((a, b) => ((b.versusControl?.incrementalProfitPerCustomer ?? -Infinity) > (a.versusControl?.incrementalProfitPerCustomer ?? -Infinity) ? b : a));
  const v = best.versusControl as NonNullable<ArmMetrics['versusControl']>;
  const threshold = options.probabilityBest;
  if (v.upliftInterval[0] > 0 && v.probabilityBest >= threshold && v.incrementalProfitPerCustomer > 0) {
    return {
      segment,
      audience,
      recommendation: {
        arm: best.arm,
        uplift: v.uplift,
        upliftInterval: v.upliftInterval,
        probabilityBest: v.probabilityBest,
        incrementalProfitPerCustomer: v.incrementalProfitPerCustomer,
        costPerCustomer: best.costPerCustomer,
      },
      reason: null,
      bestArm: best.arm,
      probabilityControlBest,
      nextTest: null,
    };
  }
  if (probabilityControlBest !== null && probabilityControlBest >= threshold) {
    return none(msg.campaignsNothingBeatsControl(best.arm, v.incrementalProfitPerCustomer), best.arm);
  }
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  const problems: string[] = [];
  if (!(v.upliftInterval[0] > 0)) problems.push(`"${best.arm}" uplift ${pct(v.uplift)}, ${Math.round(options.confidence * 100)}% interval ${pct(v.upliftInterval[0])} to ${pct(v.upliftInterval[1])} includes 0`);
  const runnerUp = treatments
    .filter((t) => t !== best)
    .reduce<ArmMetrics | null>((a, b) => (a === null || (b.versusControl?.probabilityBest ?? 0) > (a.versusControl?.probabilityBest ?? 0) ? b : a), null);
  if (v.probabilityBest < threshold) problems.push(`"${best.arm}" P(best) ${v.probabilityBest.toFixed(2)} < ${threshold}${runnerUp ? ` (runner-up "${runnerUp.arm}")` : ''}`);
  if (!(v.incrementalProfitPerCustomer > 0)) problems.push(`expected incremental profit ${v.incrementalProfitPerCustomer.toFixed(2)} per customer`);
  // When the lift over control is established, what is left to learn is which offer is best.
  const next =
    v.upliftInterval[0] > 0 && runnerUp !== null
      ? nextTest(runnerUp.conversionRate, best.conversionRate - runnerUp.conversionRate, options, runnerUp.arm, audience)
      : nextTest(control.conversionRate, v.uplift, options, control.arm, audience);
  return none(msg.campaignsInsufficientEvidence(problems.join('; ')), best.arm, next);
}

/**
 * Customers per arm for the next test against arm `against` (the control, or the runner-up offer
 * when the lift over control is already established), sized for the observed difference: a test
 * sized for a larger minimum uplift would have far less power against the effect actually seen.
 * When the observed difference is not favourable (<= 0), the minimum detectable uplift is used.
 * The size for the configured minimum is kept for comparison, and the test is called impractical
 * when its two arms need more customers than the segment has (`audience`).
 */
export function nextTest(baselineRate: number, observedUplift: number, options: ResolvedCampaignOptions, against: string, audience = Infinity): NextTest {
  const observed = observedUplift > 0;
  const size = (d: number): { n: number; target: number } => {
    const target = Math.min(1, baselineRate + d);
    return { n: Math.ceil(sampleSizeTwoProportions(baselineRate, target, { alpha: options.alpha, power: options.power })), target };
  };
  const chosen = size(observed ? observedUplift : options.minDetectableUplift);
  const atMinimum = size(options.minDetectableUplift).n;
  const practical = 2 * chosen.n <= audience;
  const pts = (x: number): string => `${(100 * x).toFixed(2)} points`;
  const note =
    `${chosen.n.toLocaleString('en-US')} customers per arm detect ${pts(chosen.target - baselineRate)} (the ${observed ? 'observed' : 'minimum detectable'} difference) with power ${options.power} at alpha ${options.alpha}` +
    (observed ? `; for the configured minimum of ${pts(options.minDetectableUplift)} ${atMinimum.toLocaleString('en-US')} would do` : '') +
    (Number.isFinite(audience) && !practical ? `; impractical for this segment: both arms need ${(2 * chosen.n).toLocaleString('en-US')} customers and it has ${audience.toLocaleString('en-US')}.` : '.');
  return {
    against,
    customersPerArm: chosen.n,
    baselineRate,
    uplift: chosen.target - baselineRate,
    basis: observed ? 'observed' : 'minimum detectable',
    alpha: options.alpha,
    power: options.power,
    customersPerArmAtMinimum: atMinimum,
    practical,
    note,
  };
}
