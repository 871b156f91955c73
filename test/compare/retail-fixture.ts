/**
 * UCI Online Retail (../shared/datasets, CC BY 4.0) for the compare/track tests and the notebook:
 * the example config's columns, a k-means model fitted on the first half (transactions before
 * 2011-06-01) with the project's own stages, no autoencoder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { segmentCustomers } from '../../lib/cluster/segment';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { buildFeatures } from '../../lib/features/build';
import { sha256 } from '../../lib/io/atomic';
import { readSource } from '../../lib/load/source';
import type { RawTable } from '../../lib/load/csv';
import { buildModel, FEATURES_SPACE, type SegmentationModel } from '../../lib/model/artifact';
import { stageRng } from '../../lib/random/rng';
import { dateOrderOf, rowsBefore } from '../../lib/track/asof';
import { repoRoot, sharedDatasets } from '../helpers/paths';

export const RETAIL_FILE = path.join(sharedDatasets, 'online-retail', 'online_retail.csv.gz');

export interface RetailFixture {
  config: RunConfig;
  table: RawTable;
  model: SegmentationModel;
  modelText: string;
  modelSha256: string;
}

/** Read Online Retail and fit a model (k = kMin..kMax) on its transactions before `fitBefore`. */
export async function retailFixture(fitBefore = '2011-06-01', k: [number, number] = [4, 4]): Promise<RetailFixture> {
  const example = JSON.parse(fs.readFileSync(path.join(repoRoot, 'data', 'examples', 'online-retail.config.json'), 'utf8'));
  const config = validateConfig(
    {
      ...example,
      outDir: path.join(repoRoot, 'reports', 'online-retail-track'),
      sources: { customers: { path: RETAIL_FILE }, transactions: { path: RETAIL_FILE } },
      features: { ...example.features, asOf: fitBefore },
      embed: { enabled: false },
      cluster: { ...example.cluster, kMin: k[0], kMax: k[1], restarts: 3 },
    },
    repoRoot,
  );
  const table = await readSource({ path: RETAIL_FILE }, 'transactions');
  const order = dateOrderOf(table, config, config.columns.orderDate);
  const dated = { ...config, columns: { ...config.columns, dateFormat: order } };
  const half = rowsBefore(table, config.columns.orderDate, order, fitBefore).table;
  const customers = cleanCustomers({ ...half, role: 'customers' }, dated, {});
  const idIdx = half.header.indexOf(config.columns.customerId);
  const tx = cleanTransactions(half, dated, new Set(customers.ids), new Set(half.rows.map((r) => r[idIdx].trim())));
  const features = buildFeatures(customers, tx, dated);
  const seg = segmentCustomers([{ name: FEATURES_SPACE, points: features.scaled }], config.cluster, stageRng(config.seed, 'cluster'));
  const model = buildModel(
    {
      config,
      features,
      representation: seg.choice.chosen,
      selection: { weights: seg.choice.weights, method: seg.method },
      clustering: seg.clustering,
      profiles: seg.clustering.centroids.map((_, i) => ({ segment: i, label: `Segment ${i + 1}`, persona: { name: `Segment ${i + 1}` } as never })),
    },
    null,
  );
  const modelText = JSON.stringify(model);
  return { config, table, model, modelText, modelSha256: sha256(modelText) };
}
