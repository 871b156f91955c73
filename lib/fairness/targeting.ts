/**
 * Campaign targeting parity: a campaign selects every customer of the targeted segments, so each
 * protected group gets a selection rate. Demographic parity compares those rates (difference and
 * ratio); disparate impact divides each group's rate by the reference group's (80% rule: flag
 * outside [0.8, 1.25]). With known outcomes (converted or not, per customer) the conversion rate
 * among targeted customers per group and the equal-opportunity gap (Hardt et al. 2016: the spread
 * of true-positive rates, i.e. of the share selected among customers who converted) are added.
 *
 * Per-group figures resting on fewer than minCellSize customers are suppressed (null); the summary
 * ratios still use them, since hiding a fail would be worse than an aggregate.
 */
import type { GroupCoding } from './groups';
import type { TargetingParity } from './types';

/**
 * Selection and outcome parity of one attribute for a campaign on `targetedSegments`.
 * @param outcomes per customer: true converted, false did not, null unknown (left out of outcome rates). Optional.
 * @param reference group whose rate is the denominator of disparate impact; default the group with the highest selection rate.
 * @param hidden the published-cell mask of the segment × group table (`hidden[segment][group]`, as
 *   fairness.json publishes it). A group's selected count is the sum of its targeted cells, equal to its
 *   total minus its untargeted cells; when neither side is fully published it could give a suppressed
 *   cell away, so the group's selection figures are withheld (null, named in `withheld`, left out of the ratios).
 * @example targetingParity('sex', coding, labels, [1], 50).disparateImpact
 */
export function targetingParity(
  attribute: string,
  coding: GroupCoding,
  labels: readonly number[],
  targetedSegments: readonly number[],
  minCellSize: number,
  outcomes?: readonly (boolean | null)[],
  reference?: string,
  hidden?: readonly (readonly boolean[])[],
): TargetingParity {
  const targeted = new Set(targetedSegments);
  const segmentsK = hidden?.length ?? 0;
  const derivable = (g: number): boolean => {
    if (!hidden) return true;
    const cells = (want: boolean): boolean => Array.from({ length: segmentsK }, (_, s) => s).filter((s) => targeted.has(s) === want).every((s) => !hidden[s][g]);
    return cells(true) || cells(false);
  };
  const G = coding.groups.length;
  const selected = new Array<number>(G).fill(0);
  const selectedKnown = new Array<number>(G).fill(0);
  const selectedConverted = new Array<number>(G).fill(0);
  const converted = new Array<number>(G).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const g = coding.codes[i];
    const isSelected = targeted.has(labels[i]);
    if (isSelected) selected[g] += 1;
    const outcome = outcomes?.[i] ?? null;
    if (outcome === null) continue;
    if (isSelected) selectedKnown[g] += 1;
    if (outcome) {
      converted[g] += 1;
      if (isSelected) selectedConverted[g] += 1;
    }
  }
  const rate = (g: number): number => selected[g] / coding.counts[g];
  const big0 = coding.groups.map((_, g) => g).filter((g) => coding.counts[g] >= minCellSize);
  const assessed = big0.filter(derivable);
  const withheld = big0.filter((g) => !derivable(g)).map((g) => coding.groups[g]);
  const rates = assessed.map(rate);
  const referenceIndex =
    reference !== undefined && coding.groups.includes(reference) && assessed.includes(coding.groups.indexOf(reference))
      ? coding.groups.indexOf(reference)
      : assessed.reduce((best, g) => (rate(g) > rate(best) ? g : best), assessed[0] ?? 0);
  const max = Math.max(...rates);
  const min = Math.min(...rates);
  const tpr = (g: number): number | null => (converted[g] > 0 ? selectedConverted[g] / converted[g] : null);
  const tprs = assessed.map(tpr).filter((t): t is number => t !== null);
  const big = (count: number): boolean => count >= minCellSize;
  return {
    attribute,
    targetedSegments: [...targeted].sort((a, b) => a - b),
    groups: coding.groups.map((group, g) => ({
      group,
      size: big(coding.counts[g]) ? coding.counts[g] : null,
      selected: big(selected[g]) && big(coding.counts[g]) && derivable(g) ? selected[g] : null,
      selectionRate: big(selected[g]) && big(coding.counts[g]) && derivable(g) ? rate(g) : null,
      conversionRate: outcomes && big(selectedKnown[g]) && big(selectedConverted[g]) ? selectedConverted[g] / selectedKnown[g] : null,
      truePositiveRate: outcomes && big(converted[g]) && big(selectedConverted[g]) ? tpr(g) : null,
    })),
    reference: coding.groups[referenceIndex],
    demographicParityDifference: rates.length ? max - min : 0,
    demographicParityRatio: rates.length && max > 0 ? min / max : 1,
    disparateImpact: assessed
      .filter((g) => g !== referenceIndex)
      .map((g) => ({ group: coding.groups[g], ratio: rate(referenceIndex) > 0 ? rate(g) / rate(referenceIndex) : 1 })),
    equalOpportunityGap: outcomes && tprs.length >= 2 ? Math.max(...tprs) - Math.min(...tprs) : null,
    ...(withheld.length ? { withheld } : {}),
  };
}
