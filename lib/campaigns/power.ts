/**
 * Sample size for comparing two proportions (normal approximation without continuity correction;
 * the formula of R's `power.prop.test` and Fleiss, Levin & Paik, Statistical Methods for Rates
 * and Proportions, 3rd ed., eq. 4.14 without the correction).
 */
import { SeglabError, msg } from '../errors/messages';
import { normalQuantile } from './normal';

export interface PowerOptions {
  /** Two-sided significance level. Default 0.05. */
  alpha?: number;
  /** Power, 1 − β. Default 0.8. */
  power?: number;
}

/**
 * Customers needed per arm to detect p1 vs p2:
 * n = (z_{1−α/2} √(2 p̄ q̄) + z_{power} √(p1 q1 + p2 q2))² / (p1 − p2)², p̄ = (p1 + p2)/2.
 * Returns the unrounded n (round up to plan a test).
 * @example sampleSizeTwoProportions(0.5, 0.75, { power: 0.9 }) // 76.7 (R: power.prop.test)
 */
export function sampleSizeTwoProportions(p1: number, p2: number, options: PowerOptions = {}): number {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  if (!(alpha > 0 && alpha < 1)) throw new SeglabError('campaigns', msg.campaignsBadOption('alpha', alpha, 'a level in (0, 1), e.g. 0.05'));
  if (!(power > 0 && power < 1)) throw new SeglabError('campaigns', msg.campaignsBadOption('power', power, 'a probability in (0, 1), e.g. 0.8'));
  for (const [name, p] of [['p1', p1], ['p2', p2]] as const) {
    if (!(p >= 0 && p <= 1)) throw new SeglabError('campaigns', msg.campaignsBadOption(name, p, 'a proportion in [0, 1]'));
  }
  if (p1 === p2) return Infinity;
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const pBar = (p1 + p2) / 2;
  const root = zA * Math.sqrt(2 * pBar * (1 - pBar)) + zB * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (root * root) / ((p1 - p2) * (p1 - p2));
}
