/** The fairness verdict word shown on the command line and in the report. */
import type { FairnessCard } from './types';

/**
 * The verdict as printed: "PASS", "WARN", "FAIL", or "NOT CHECKED" when no protected attribute was
 * configured and the attribute-free checks pass (a passing segment-size and personal-data check is
 * no fairness verdict: the CLI printed "fairness: PASS" for Wholesale, which has no group at all).
 * @example verdictWord(run.fairnessCard) // 'NOT CHECKED'
 */
export function verdictWord(card: Pick<FairnessCard, 'summary' | 'representation'>): string {
  return card.summary.verdict === 'pass' && card.representation.attributes.length === 0 ? 'NOT CHECKED' : card.summary.verdict.toUpperCase();
}
