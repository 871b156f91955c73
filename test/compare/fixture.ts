/**
 * Test fixtures for compare/track: generated retail data (lib/data/generator.ts) written to a
 * temporary folder, a small k-means model fitted on it with the project's own stages (as the
 * model tests do), and in-memory snapshots scored with that model.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { segmentCustomers } from '../../lib/cluster/segment';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { writeRetailCsv } from '../../lib/data/write';
import { buildFeatures } from '../../lib/features/build';
import { sha256 } from '../../lib/io/atomic';
import { readDelimited, type RawTable } from '../../lib/load/csv';
import { buildModel, FEATURES_SPACE, type SegmentationModel } from '../../lib/model/artifact';
import { cleanInputs, loadInputs } from '../../lib/pipeline/run';
import { stageRng } from '../../lib/random/rng';
import { repoRoot } from '../helpers/paths';

export interface FittedFixture {
  dir: string;
  config: RunConfig;
  model: SegmentationModel;
  modelFile: string;
  modelSha256: string;
  customers: RawTable;
  transactions: RawTable;
  /** Planted segment name by customer id (truth.csv). */
  truth: Map<string, string>;
}

/**
 * Generate `customers` customers (seed), fit a k-means model (k in 3..5, no autoencoder) with the
 * demo config's columns, and write model.json.
 */
export async function fittedFixture(dir: string, customers: number, seed: number): Promise<FittedFixture> {
  const files = writeRetailCsv(dir, { customers, seed, dirt: false });
  const demo = JSON.parse(fs.readFileSync(path.join(repoRoot, 'data', 'demo', 'seglab.config.json'), 'utf8'));
  const config = validateConfig(
    {
      ...demo,
      outDir: path.join(dir, 'run'),
      sources: { customers: { path: files.customers.path }, transactions: { path: files.transactions.path } },
      embed: { ...demo.embed, enabled: false },
      cluster: { ...demo.cluster, kMin: 3, kMax: 5, restarts: 2 },
    },
    dir,
  );
  const cleaned = await cleanInputs(await loadInputs(config), config);
  const features = buildFeatures(cleaned.customers, cleaned.transactions, config);
  const seg = segmentCustomers([{ name: FEATURES_SPACE, points: features.scaled }], config.cluster, stageRng(config.seed, 'cluster'));
  const model = buildModel(
    {
      config,
      features,
      representation: seg.choice.chosen,
      selection: { weights: seg.choice.weights, method: seg.method },
      clustering: seg.clustering,
      profiles: seg.clustering.centroids.map((_, i) => ({ segment: i, label: `Segment ${i + 1}`, persona: { name: `Persona ${i + 1}` } as never })),
    },
    null,
  );
  const modelFile = path.join(dir, 'model.json');
  const text = JSON.stringify(model);
  fs.writeFileSync(modelFile, text);
  const truthTable = readDelimited(files.truth.path, 'truth', ',');
  return {
    dir,
    config,
    model,
    modelFile,
    modelSha256: sha256(text),
    customers: readDelimited(files.customers.path, 'customers', ','),
    transactions: readDelimited(files.transactions.path, 'transactions', ','),
    truth: new Map(truthTable.rows.map((r) => [r[0], r[1]])),
  };
}

/** The table restricted to the rows whose column `column` is in `keep`. */
export function keepRows(table: RawTable, column: string, keep: ReadonlySet<string>): RawTable {
  const idx = table.header.indexOf(column);
  const rows: string[][] = [];
  const lines: number[] = [];
  table.rows.forEach((r, i) => {
    if (keep.has(r[idx])) {
      rows.push(r);
      lines.push(table.lines[i]);
    }
  });
  return { ...table, rows, lines };
}
