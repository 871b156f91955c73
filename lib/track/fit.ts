/**
 * A model fitted on the data as of a date (e.g. the first half of a year), for tracking when no
 * saved run exists: the config's cleaning, features (recency as of that date) and k selection in
 * the standardised feature space (`segmentCustomers`; the autoencoder is not trained here), then
 * `buildModel` with the cleaning fit of that data. Segments are named "Segment 1".."Segment k" in k-means order; no personas.
 */
import { cleanCustomers } from '../clean/customers';
import { cleanTransactions } from '../clean/transactions';
import { segmentCustomers } from '../cluster/segment';
import type { RunConfig } from '../config/types';
import { buildFeatures } from '../features/build';
import type { RawTable } from '../load/csv';
import { buildModel, FEATURES_SPACE, type SegmentationModel } from '../model/artifact';
import { stageRng } from '../random/rng';
import { dateOrderOf, rowsBefore } from './asof';

export interface FittedAsOf {
  model: SegmentationModel;
  /** Customers the model was fitted on. */
  customers: number;
}

/**
 * Fit a segmentation model on the transactions dated before `asOf` (seeded by config.seed).
 * @param customersDated true when the customers come from the transactions file (their rows are cut at asOf too)
 * @example const { model } = fitModelAsOf(config, customers, transactions, true, '2011-06-01');
 */
export function fitModelAsOf(config: RunConfig, customersTable: RawTable, transactionsTable: RawTable, customersDated: boolean, asOf: string): FittedAsOf {
  const order = dateOrderOf(transactionsTable, config, config.columns.orderDate);
  const dated: RunConfig = { ...config, columns: { ...config.columns, dateFormat: order }, features: { ...config.features, asOf }, embed: { ...config.embed, enabled: false } };
  const tx = rowsBefore(transactionsTable, config.columns.orderDate, order, asOf).table;
  const customersRows = customersDated ? rowsBefore(customersTable, config.columns.orderDate, order, asOf).table : customersTable;
  const customers = cleanCustomers(customersRows, dated, {});
  const idIdx = customersRows.header.indexOf(config.columns.customerId);
  const cleanedTx = cleanTransactions(tx, dated, new Set(customers.ids), new Set(customersRows.rows.map((r) => r[idIdx].trim())));
  const features = buildFeatures(customers, cleanedTx, dated);
  const seg = segmentCustomers([{ name: FEATURES_SPACE, points: features.scaled }], dated.cluster, stageRng(config.seed, 'cluster'));
  const model = buildModel(
    {
      config: dated,
      features,
      representation: seg.choice.chosen,
      selection: { weights: seg.choice.weights, method: seg.method },
      clustering: seg.clustering,
      profiles: seg.clustering.centroids.map((_, i) => ({ segment: i, label: `Segment ${i + 1}` })),
      // The period's cleaning fit (fill values, winsor limits, recodes) is saved with its model, so a
      // later period scored against it is cleaned with this period's values, as `seglab score` does.
      cleaned: { customers },
    },
    null,
  );
  return { model, customers: features.customerIds.length };
}
