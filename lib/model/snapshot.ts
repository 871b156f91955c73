/**
 * What `seglab score` writes beside segments.csv so that two scorings can be compared later
 * (`seglab compare`, `seglab track`):
 *
 * - `features.csv`: `customer_id`, the model's features after its log1p and scaler (standardised
 *   units), `nearest_distance` and `second_distance` (Euclidean, to the nearest and second-nearest
 *   centroid in the model's weighted space);
 * - `score.json`: the model's sha256 (two scorings with the same hash used the same model, so their
 *   segment numbers mean the same thing), the as-of date, k, the segment names and the counts.
 */
import { csvField } from '../io/csv';
import type { SegmentationModel } from './artifact';
import type { ScoreResult } from './score';

/** Columns after the features in features.csv. */
export const DISTANCE_COLUMNS = ['nearest_distance', 'second_distance'] as const;

/** score.json of a scoring. */
export interface ScoreSummary {
  format: 'seglab.score';
  version: 1;
  /** sha256 of the model.json bytes used. */
  modelSha256: string;
  /** The model's run name. */
  run: string;
  asOf: string;
  k: number;
  /** Segment names, index 0 = segment 1. */
  segmentNames: string[];
  customers: number;
  featureNames: string[];
}

/** 10 significant digits: exact enough for drift statistics, a third of the bytes of full precision. */
const num = (x: number): string => String(Number(x.toPrecision(10)));

/**
 * features.csv of a scoring (ids written as in segments.csv).
 * @example scoreFeaturesCsv(result).split('\n')[0] // 'customer_id,recency_days,...,nearest_distance,second_distance'
 */
export function scoreFeaturesCsv(result: Pick<ScoreResult, 'customerIds' | 'featureNames' | 'scaled' | 'distances'>): string {
  const lines = [['customer_id', ...result.featureNames, ...DISTANCE_COLUMNS].map(csvField).join(',')];
  result.customerIds.forEach((id, i) => {
    lines.push([csvField(id), ...result.scaled[i].map(num), num(result.distances.nearest[i]), num(result.distances.second[i])].join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** score.json of a scoring with `model` (whose file bytes hash to modelSha256). */
export function scoreSummary(model: SegmentationModel, modelSha256: string, result: Pick<ScoreResult, 'customerIds' | 'asOf' | 'featureNames'>): ScoreSummary {
  return {
    format: 'seglab.score',
    version: 1,
    modelSha256,
    run: model.run.name,
    asOf: result.asOf,
    k: model.k,
    segmentNames: model.segments.map((s) => s.name),
    customers: result.customerIds.length,
    featureNames: result.featureNames.slice(),
  };
}
