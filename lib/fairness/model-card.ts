/**
 * The data & model card (transparency): where the data came from, which features were used,
 * which were left out and why, which protected attributes were checked against which thresholds,
 * and the limitations a reader should keep in mind.
 */
import type { FairnessThresholds, ModelCard } from './types';

/** What the card is built from; the pipeline's RunResult and manifest hold all of it. */
export interface ModelCardInput {
  /** Input files, e.g. manifest.inputs: { role, file, rows, sha256 }. */
  sources: readonly { role: string; file: string; rows?: number; sha256?: string }[];
  /** Clustering features, e.g. run.featureNames. */
  featuresUsed: readonly string[];
  /** Columns left out and why, e.g. run.excluded ({ column, reason }). */
  excluded: readonly { column: string; reason: string }[];
  /** Protected attributes that were used as features anyway (features.allowProtected). Default []. */
  protectedUsedAsFeature?: readonly string[];
  /** Extra limitations to state, e.g. "the campaign outcomes come from one quarter". */
  limitations?: readonly string[];
}

const REASONS: Record<string, string> = {
  protected: 'protected attribute: checked for fairness, not used to segment',
  pii: 'personal data: never used and never written to outputs',
  id: 'identifier',
  'not numeric': 'not numeric',
  constant: 'the same value for every customer',
  'not selected': 'not selected in features.customerColumns',
  outcome: 'the outcome (columns.label): profiled per segment, never a feature',
  'row number': 'a row number',
};

/** The limitations that hold for every seglab fairness card. */
export const STANDARD_LIMITATIONS: readonly string[] = [
  'These checks measure association, not cause: a skewed segment may reflect real differences in behaviour, and a balanced one can still be used unfairly.',
  'Only the protected attributes present in the data were checked, with the groups as recorded there (including any binary coding of sex or gender).',
  'The proxy check uses a linear classifier: features that reveal an attribute only in combination or non-linearly may be missed.',
  'Groups and cells below the k-anonymity threshold are not reported, so small minorities are not assessed; summary ratios still include them.',
  'Targeting parity assumes every customer of a targeted segment is selected; the conversion figures are only as good as the campaign log.',
];

/**
 * Builds the data & model card.
 * @example modelCard({ sources: manifest.inputs, featuresUsed: run.featureNames, excluded: run.excluded }, ['sex'], thresholds)
 */
export function modelCard(input: ModelCardInput, protectedChecked: readonly string[], thresholds: FairnessThresholds): ModelCard {
  const protectedUsed = [...(input.protectedUsedAsFeature ?? input.featuresUsed.filter((f) => protectedChecked.includes(f)))];
  return {
    sources: input.sources.map((s) => ({ ...s })),
    featuresUsed: [...input.featuresUsed],
    featuresExcluded: input.excluded.map((e) => ({ feature: e.column, reason: REASONS[e.reason] ?? e.reason })),
    protectedAttributesChecked: [...protectedChecked],
    protectedUsedAsFeature: protectedUsed,
    thresholds: { ...thresholds },
    limitations: [
      ...(protectedUsed.length ? [`Protected attribute${protectedUsed.length === 1 ? '' : 's'} ${protectedUsed.map((p) => `"${p}"`).join(', ')} ${protectedUsed.length === 1 ? 'was' : 'were'} used as clustering features (features.allowProtected).`] : []),
      ...STANDARD_LIMITATIONS,
      ...(input.limitations ?? []),
    ],
  };
}
