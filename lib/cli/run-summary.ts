/**
 * The end of `seglab run` in the terminal: the fairness verdict and every warning of the run
 * (data, clustering, fairness, mitigation), so nothing the report flags is missed on the console.
 */
import type { FairnessCard } from '../fairness/types';

/** What the summary reads from a run. */
export interface RunSummaryInput {
  fairnessCard: FairnessCard;
  warnings: readonly string[];
  clustering: { warnings: readonly string[] };
  fairness: { warnings: readonly string[] };
}

/**
 * Lines to print after a run: "fairness: FAIL. 2 of 9 checks fail: ..." then one "warning: ..."
 * line per distinct warning.
 * @example runSummaryLines(run) // ['fairness: PASS. All 9 checks pass.', 'warning: ...']
 */
export function runSummaryLines(run: RunSummaryInput): string[] {
  const card = run.fairnessCard;
  const lines = [`fairness: ${card.summary.verdict.toUpperCase()}. ${card.summary.headline}`];
  const seen = new Set<string>();
  for (const w of [...run.warnings, ...run.clustering.warnings, ...run.fairness.warnings, ...card.warnings]) {
    if (seen.has(w)) continue;
    seen.add(w);
    lines.push(`warning: ${w}`);
  }
  return lines;
}
