/**
 * The CLV stage's two outputs: a small JSON summary for the report (clv.json) and one CSV row
 * per customer (clv.csv).
 */
import { SeglabError, msg } from '../errors/messages';
import { csvTextField } from '../io/csv';
import type { ClvResult } from './stage';

/** The JSON-sized part of a CLV result: everything but the per-customer columns. */
export type ClvSummary = Omit<ClvResult, 'customers'>;

/**
 * The result without its per-customer columns (a few KB whatever the number of customers), for
 * clv.json and the report.
 * @example json(clvSummary(run.clv))
 */
export function clvSummary(result: ClvResult): ClvSummary {
  const { customers: _perCustomer, ...summary } = result;
  return summary;
}

/** clv.csv's columns, in order. */
export const CLV_CSV_COLUMNS = [
  'customer_id',
  'segment',
  'historical_clv',
  'predicted_purchases',
  'probability_alive',
  'expected_spend',
  'spend_source',
  'predicted_clv',
] as const;

/**
 * CSV text (header + one line per customer, "\n" line ends) of the per-customer values:
 * money in currency units to 2 decimals, purchases and probabilities to 4; the model columns
 * are empty for a customer without a purchase to model.
 * @param outputIds ids to write instead of the ones CLV was computed with, in the same order (e.g.
 *   the pseudonyms of segments.csv when CLV ran on the input's own ids). Default: the result's ids.
 * @example writeFileAtomic(path.join(outDir, 'clv.csv'), clvCustomerCsv(run.clv, run.customerIds))
 */
export function clvCustomerCsv(result: ClvResult, outputIds?: readonly string[]): string {
  const c = result.customers;
  if (outputIds && outputIds.length !== c.customerId.length) {
    throw new SeglabError('clv', msg.clvColumnLengths({ customers: c.customerId.length, outputIds: outputIds.length }));
  }
  const ids = outputIds ?? c.customerId;
  const fixed = (value: number | null, digits: number): string => (value === null ? '' : value.toFixed(digits));
  let text = `${CLV_CSV_COLUMNS.join(',')}\n`;
  for (let i = 0; i < c.customerId.length; i++) {
    text +=
      [
        csvTextField(ids[i]),
        csvTextField(c.segment[i]),
        fixed(c.historicalClv[i], 2),
        fixed(c.expectedPurchases[i], 4),
        fixed(c.probabilityAlive[i], 4),
        fixed(c.expectedSpend[i], 2),
        c.spendSource[i] ?? '',
        fixed(c.predictedClv[i], 2),
      ].join(',') + '\n';
  }
  return text;
}
