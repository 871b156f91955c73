import { csvTextField } from '../io/csv';
import type { ScoreResult } from './score';

/** segments.csv of a scoring: `customer_id,segment,segment_name`, segment numbered 1..k. */
export function scoredSegmentsCsv(result: Pick<ScoreResult, 'customerIds' | 'labels' | 'segmentNames'>): string {
  const lines = ['customer_id,segment,segment_name'];
  result.customerIds.forEach((id, i) => lines.push(`${csvTextField(id)},${result.labels[i] + 1},${csvTextField(result.segmentNames[i])}`));
  return `${lines.join('\n')}\n`;
}
