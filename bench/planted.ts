/**
 * Recovery of planted segments with automatic k and representation choice, plus two public data sets.
 * Usage: node dist/bench/planted.js [sizes=10000,200000] [--no-embed]
 * Generated retail data (seed 7) goes through load -> clean -> features -> embed -> select
 * (chooseRepresentation over standardised features, their within-segment reweighting and the
 * autoencoder embedding); prints markdown tables: ARI and k per representation, time and peak RSS
 * per stage. Then UCI Wine (3 cultivars) and Wholesale customers (Channel, Region).
 */
import { DEFAULTS } from '../lib/config/validate';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chooseRepresentation, type RepresentationCandidate, type RepresentationChoice } from '../lib/cluster/representation';
import type { ClusterConfig } from '../lib/config/types';
import { plantedConfig } from './planted-config';
import { writeRetailCsv } from '../lib/data/write';
import { fitAutoencoder } from '../lib/embed/autoencoder';
import { selectBackend } from '../lib/embed/backend';
import { adjustedRandIndex } from '../lib/evaluate/metrics';
import { buildFeatures } from '../lib/features/build';
import { readDelimited } from '../lib/load/csv';
import { cleanInputs, loadInputs } from '../lib/pipeline/run';
import { stageRng } from '../lib/random/rng';

const SEED = 42;
const datasets = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets');

interface StageRow {
  stage: string;
  seconds: number;
  peakRssMb: number;
}

/** Runs a stage, recording wall time and the process's peak RSS so far. */
async function timed<T>(rows: StageRow[], stage: string, run: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const out = await run();
  rows.push({ stage, seconds: (performance.now() - start) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 });
  return out;
}

function evidenceTable(dataset: string, choice: RepresentationChoice, truth: readonly (string | number)[], trueK: string): string[] {
  return choice.evidence.map((e) => {
    const ari = adjustedRandIndex(truth, choice.clusterings[e.name].labels);
    return `| ${dataset} | ${e.name}${e.chosen ? ' **(chosen)**' : ''} | ${e.k} | ${trueK} | ${ari.toFixed(3)} | ${e.silhouette.toFixed(3)} | ${e.stability.toFixed(3)} | ${e.agreement.toFixed(3)} |`;
  });
}

async function planted(customers: number, embed: boolean, out: string[], stages: string[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `seglab-planted-${customers}-`));
  const rows: StageRow[] = [];
  await timed(rows, 'generate', () => writeRetailCsv(dir, { customers, seed: 7 }));
  const config = plantedConfig(dir, { seed: SEED });
  const inputs = await timed(rows, 'load', () => loadInputs(config));
  const cleaned = await timed(rows, 'clean', () => cleanInputs(inputs, config));
  const features = await timed(rows, 'features', () => buildFeatures(cleaned.customers, cleaned.transactions, config));
  const candidates: RepresentationCandidate[] = [{ name: 'standardised features', points: features.scaled, reweight: true }];
  if (embed) {
    const { tf } = await selectBackend(config.embed.backend);
    const embedding = await timed(rows, 'embed', async () =>
      (await fitAutoencoder(features.scaled, features.names, config.embed, stageRng(SEED, 'embed'), tf)).result.embedding,
    );
    candidates.push({ name: 'autoencoder embedding', points: embedding });
  }
  const choice = await timed(rows, 'select (k + representation)', () => chooseRepresentation(candidates, config.cluster, stageRng(SEED, 'cluster')));
  const truthTable = readDelimited(path.join(dir, 'truth.csv'), 'truth');
  const segmentOf = new Map(truthTable.rows.map((row) => [row[0], row[1]]));
  const truth = features.customerIds.map((id) => segmentOf.get(id) as string);
  out.push(...evidenceTable(`planted ${customers.toLocaleString('en')}`, choice, truth, '6'));
  stages.push(...rows.map((r) => `| ${customers.toLocaleString('en')} | ${r.stage} | ${r.seconds.toFixed(1)} | ${Math.round(r.peakRssMb)} |`));
  console.error(`planted ${customers}: ${choice.reason}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Z-scores with the population standard deviation. */
function standardise(rows: readonly (readonly number[])[]): number[][] {
  const n = rows.length;
  const means = rows[0].map((_, j) => rows.reduce((sum, row) => sum + row[j], 0) / n);
  const sds = means.map((mean, j) => Math.sqrt(rows.reduce((sum, row) => sum + (row[j] - mean) ** 2, 0) / n));
  return rows.map((row) => row.map((value, j) => (value - means[j]) / sds[j]));
}

function publicSets(cluster: ClusterConfig, out: string[]): void {
  const wine = fs
    .readFileSync(path.join(datasets, 'uci-wine', 'wine.data'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
  const wineChoice = chooseRepresentation(
    [{ name: 'standardised features', points: standardise(wine.map((row) => row.slice(1))), reweight: true }],
    cluster,
    stageRng(SEED, 'cluster'),
  );
  out.push(...evidenceTable('UCI Wine (cultivar)', wineChoice, wine.map((row) => row[0]), '3'));

  const wholesale = fs
    .readFileSync(path.join(datasets, 'wholesale-customers', 'Wholesale customers data.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const spend = wholesale.map((row) => row.slice(2));
  const wholesaleChoice = chooseRepresentation(
    [
      { name: 'log1p spend, standardised', points: standardise(spend.map((row) => row.map(Math.log1p))), reweight: true },
      { name: 'raw spend, standardised', points: standardise(spend) },
    ],
    cluster,
    stageRng(SEED, 'cluster'),
  );
  out.push(...evidenceTable('Wholesale (Channel)', wholesaleChoice, wholesale.map((row) => row[0]), '2'));
  out.push(...evidenceTable('Wholesale (Region)', wholesaleChoice, wholesale.map((row) => row[1]), '3'));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const embed = !args.includes('--no-embed');
  const sizes = (args.find((a) => !a.startsWith('--')) ?? '10000,200000').split(',').map(Number);
  const cluster: ClusterConfig = { ...DEFAULTS.cluster, kMax: 8 };
  const out = [
    '| dataset | representation | k chosen | true k | ARI | silhouette (own space) | stability | agreement |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  const stages = ['| customers | stage | seconds | peak RSS MB |', '|---:|---|---:|---:|'];
  for (const size of sizes) await planted(size, embed, out, stages);
  publicSets(cluster, out);
  console.log(out.join('\n'));
  console.log('');
  console.log(stages.join('\n'));
  console.log(`\nNode ${process.version}, ${os.cpus().length} CPUs. Peak RSS is the process maximum so far.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
