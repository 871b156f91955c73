/**
 * UCI Online Retail (../shared/datasets, CC BY 4.0) for the compare/track tests and the notebook:
 * the example config's columns, a k-means model fitted on the first half (transactions before
 * 2011-06-01) with the project's own stages, no autoencoder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { sha256 } from '../../lib/io/atomic';
import { readSource } from '../../lib/load/source';
import type { RawTable } from '../../lib/load/csv';
import type { SegmentationModel } from '../../lib/model/artifact';
import { fitModelAsOf } from '../../lib/track/fit';
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
      embed: { enabled: false },
      cluster: { ...example.cluster, kMin: k[0], kMax: k[1], restarts: 3 },
    },
    repoRoot,
  );
  const table = await readSource({ path: RETAIL_FILE }, 'transactions');
  const { model } = fitModelAsOf(config, { ...table, role: 'customers' }, table, true, fitBefore);
  const modelText = JSON.stringify(model);
  return { config, table, model, modelText, modelSha256: sha256(modelText) };
}
