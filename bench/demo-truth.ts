/**
 * The demo against its planted truth (data/demo/truth.csv): k chosen and ARI, for the features
 * alone (fast) or the whole pipeline with the autoencoder (`--full`, as `seglab run` does).
 *
 * Usage: node dist/bench/demo-truth.js [--full]
 */
import * as path from 'node:path';
import { automaticSegmentation } from '../lib/cluster/automatic';
import { readConfigFile } from '../lib/config/load';
import { validateConfig } from '../lib/config/validate';
import { adjustedRandIndex } from '../lib/evaluate/metrics';
import { buildFeatures } from '../lib/features/build';
import { readDelimited } from '../lib/load/csv';
import { cleanInputs, loadInputs, runPipeline } from '../lib/pipeline/run';
import { stageRng } from '../lib/random/rng';

async function main(): Promise<void> {
  const dir = path.resolve(__dirname, '..', '..', 'data', 'demo');
  const config = validateConfig(readConfigFile(path.join(dir, 'seglab.config.json')), dir);
  const truthTable = readDelimited(path.join(dir, 'truth.csv'), 'truth');
  const segmentOf = new Map(truthTable.rows.map((row) => [row[0], row[1]]));
  if (process.argv.includes('--full')) {
    const result = await runPipeline(config);
    const truth = result.features.customerIds.map((id) => segmentOf.get(id) as string);
    console.log(`full pipeline: k = ${result.clustering.k}, ARI ${adjustedRandIndex(truth, result.clustering.labels).toFixed(3)}`);
    console.log(result.clustering.rule);
    return;
  }
  const cleaned = await cleanInputs(await loadInputs(config), config);
  const features = buildFeatures(cleaned.customers, cleaned.transactions, config);
  const truth = features.customerIds.map((id) => segmentOf.get(id) as string);
  const run = automaticSegmentation([{ name: 'standardised features', points: features.scaled }], features.standardised, config.cluster, stageRng(config.seed, 'cluster'));
  console.log(`features only: k = ${run.clustering.k}, ARI ${adjustedRandIndex(truth, run.clustering.labels).toFixed(3)}`);
  for (const c of run.clustering.candidates) console.log(`  k=${c.k} stability ${(c.stability ?? NaN).toFixed(3)} minShare ${c.minShare.toFixed(3)} minJaccard ${(c.minJaccard ?? NaN).toFixed(3)} sil ${c.silhouette.toFixed(3)}`);
  console.log(run.clustering.rule);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
