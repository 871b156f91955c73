/**
 * The fairness verdict at the end of `seglab run` in the terminal (a section of the summary in
 * summary.ts, which then prints every warning of the run), so nothing the report flags is missed
 * on the console.
 */
import { withPiiScan } from '../fairness/card';
import { verdictWord } from '../fairness/verdict';
import type { RunResult } from '../pipeline/types';

/**
 * "fairness: FAIL. 2 of 9 checks fail: ..." — the card as the report shows it: the personal-data
 * scan runs on every output before anything is written and stops the run on a hit, so a run that
 * reaches the summary passed it.
 * @example fairnessVerdictLines(run) // ['fairness: PASS. All 9 checks pass.']
 */
export function fairnessVerdictLines(run: Pick<RunResult, 'fairnessCard'>): string[] {
  const card = withPiiScan(run.fairnessCard, []);
  return [`fairness: ${verdictWord(card)}. ${card.summary.headline}`];
}
