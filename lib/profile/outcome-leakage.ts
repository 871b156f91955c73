/**
 * A feature that tells a two-valued outcome apart on its own is the outcome in disguise. Trial of
 * 2026-11-29: BankChurners ships two "Naive_Bayes_Classifier_Attrition_Flag_..." columns, a model's
 * predicted probability of the label; listed as a feature, one of them made a segment of 1,460
 * customers with a 99.4% attrition rate, while the report said the outcome was "never a feature".
 *
 * The measure is each feature's AUC against the outcome (Mann–Whitney: the chance that a customer
 * with the positive value scores higher than one without, ties counting half), folded so that 1 is
 * a perfect split in either direction. The best honest churn predictor of that table reaches 0.80
 * (Total_Trans_Ct); a feature at LEAKAGE_AUC or more is named in a warning.
 */
import { rocAuc } from '../fairness/proxy';

/** Folded AUC from which a feature is named as a likely leak of the outcome. */
export const LEAKAGE_AUC = 0.95;
/** Rows the AUCs are measured on at most (every m-th row above it): ample for a bound of 0.95. */
const MAX_ROWS = 100_000;

/** A feature that separates the outcome almost perfectly. */
export interface OutcomeLeak {
  feature: string;
  /** Folded AUC, 0.5 (chance) to 1 (a perfect split). */
  auc: number;
}

/**
 * AUC of `scores` for telling `positive` rows from the others (average ranks for ties).
 * @example aucOf([0.1, 0.9, 0.8, 0.2], [false, true, true, false]) // 1
 */
export function aucOf(scores: readonly number[], positive: readonly boolean[]): number {
  // The fairness proxy check's Mann–Whitney AUC (ties count half): one implementation for both.
  return rocAuc(scores, positive.map(Number));
}

/**
 * The features whose folded AUC against the outcome reaches `threshold`, strongest first.
 * Rows with an unknown outcome (null) are left out; above MAX_ROWS rows, every m-th row is used.
 * @param raw feature values (rows = customers, columns in the order of `names`)
 * @param outcome the outcome per row; `positive` is the value counted as 1
 * @example outcomeLeaks(['score'], [[0.1], [0.9]], ['no', 'yes'], 'yes') // [{ feature: 'score', auc: 1 }]
 */
export function outcomeLeaks(
  names: readonly string[],
  raw: readonly (readonly number[])[],
  outcome: readonly (string | null)[],
  positive: string,
  threshold = LEAKAGE_AUC,
): OutcomeLeak[] {
  const step = Math.max(1, Math.ceil(outcome.length / MAX_ROWS));
  const rows = outcome.map((v, i) => (v === null || v.trim() === '' || i % step !== 0 ? -1 : i)).filter((i) => i >= 0);
  const isPositive = rows.map((i) => (outcome[i] as string).trim() === positive);
  return names
    .map((feature, j) => {
      const auc = aucOf(rows.map((i) => raw[i][j]), isPositive);
      return { feature, auc: Math.max(auc, 1 - auc) };
    })
    .filter((leak) => leak.auc >= threshold)
    .sort((a, b) => b.auc - a.auc);
}
