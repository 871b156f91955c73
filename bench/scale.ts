/**
 * Scale benchmark for the embed and cluster stages (issue 4).
 * Usage (after tsc; each part is its own process so peak RSS is per part):
 *   node dist/bench/scale.js planted <customers> [--full-select] [--no-embed]
 *   node dist/bench/scale.js truth-matrix <customers>   clustering only, matrix drawn from the generator's truth
 *   node dist/bench/scale.js kmeans [rows=1000000]      k-means on rows x 8: full vs sample-then-assign
 *   node dist/bench/scale.js embed <tensorflow|wasm>    autoencoder training / encode throughput
 *   node dist/bench/scale.js public                     Wine and Wholesale, every method, with / without the autoencoder
 * Generated retail data (seed 7) is cached under /tmp/seglab-bench (never in the repo). Prints
 * markdown table rows. "select (sampled)" = chooseRepresentation on a seeded 50,000-row sample of
 * every candidate space, then every customer assigned to the winner's nearest centroid (the
 * proposed pipeline wiring for large n); "select (full)" = chooseRepresentation on every row.
 */
import { DEFAULTS } from '../lib/config/validate';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { assignToCentroids, fitKMeans } from '../lib/cluster/kmeans';
import { CLUSTER_METHODS, fitClustering } from '../lib/cluster/methods';
import { applyFeatureWeights, chooseRepresentation, type RepresentationCandidate, type RepresentationChoice } from '../lib/cluster/representation';
import type { ClusterConfig } from '../lib/config/types';
import { plantedConfig } from './planted-config';
import { generateRetail } from '../lib/data/generator';
import { writeRetailCsv } from '../lib/data/write';
import { fitAutoencoder } from '../lib/embed/autoencoder';
import { selectBackend, type BackendPreference } from '../lib/embed/backend';
import { encode } from '../lib/embed/encode';
import { adjustedRandIndex } from '../lib/evaluate/metrics';
import { buildFeatures } from '../lib/features/build';
import { readDelimited } from '../lib/load/csv';
import { cleanInputs, loadInputs } from '../lib/pipeline/run';
import { createRng, sampleIndices, stageRng } from '../lib/random/rng';

const SEED = 42;
const CACHE = '/tmp/seglab-bench';
const SELECT_SAMPLE = 50_000;
const datasets = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets');
const cluster: ClusterConfig = { ...DEFAULTS.cluster, kMax: 8 };
const embedSettings = { hidden: [16], bottleneck: 4, epochs: 40, batchSize: 128, learningRate: 0.01 };

const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const print = (line: string): void => console.log(line);

/** Runs a stage and prints `| label | stage | seconds | peak RSS MB |`. */
async function timed<T>(label: string, stage: string, run: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const out = await run();
  print(`| ${label} | ${stage} | ${((performance.now() - start) / 1000).toFixed(1)} | ${peakMb()} |`);
  return out;
}

/** The generated files for `customers` (seed 7), written once into the cache. */
function retailDir(customers: number): string {
  const dir = path.join(CACHE, `retail-${customers}-seed7`);
  if (!fs.existsSync(path.join(dir, 'truth.csv'))) writeRetailCsv(dir, { customers, seed: 7 });
  return dir;
}

/**
 * Selection for large n: chooseRepresentation on one seeded sample of rows (the same rows in every
 * candidate space), then every row labelled by the nearest centroid of the winner's space.
 */
function selectSampled(candidates: readonly RepresentationCandidate[], maxRows: number): { choice: RepresentationChoice; labels: number[] } {
  const n = candidates[0].points.length;
  const rows = sampleIndices(n, maxRows, stageRng(SEED, 'cluster:selection-sample'));
  const sampled = candidates.map((c) => ({ ...c, points: rows.map((r) => c.points[r]) }));
  const choice = chooseRepresentation(sampled, cluster, stageRng(SEED, 'cluster'));
  const base = candidates.find((c) => c.name === (choice.weights?.base ?? choice.chosen)) as RepresentationCandidate;
  const space = choice.weights ? applyFeatureWeights(base.points, choice.weights.weights) : base.points;
  return { choice, labels: assignToCentroids(space, choice.clustering.centroids) };
}

function truthOf(dir: string, ids: readonly string[]): string[] {
  const table = readDelimited(path.join(dir, 'truth.csv'), 'truth');
  const segmentOf = new Map(table.rows.map((row) => [row[0], row[1]]));
  return ids.map((id) => segmentOf.get(id) as string);
}

async function planted(customers: number, fullSelect: boolean, embed: boolean): Promise<void> {
  const label = customers.toLocaleString('en');
  const dir = await timed(label, 'generate (or cache)', () => retailDir(customers));
  const config = plantedConfig(dir, { seed: SEED, embed: { enabled: true, ...embedSettings }, cluster: { ...cluster } });
  const inputs = await timed(label, 'load', () => loadInputs(config));
  const cleaned = await timed(label, 'clean', () => cleanInputs(inputs, config));
  const features = await timed(label, 'features', () => buildFeatures(cleaned.customers, cleaned.transactions, config));
  const truth = truthOf(dir, features.customerIds);
  const candidates: RepresentationCandidate[] = [{ name: 'standardised features', points: features.scaled, reweight: true }];
  if (embed) {
    const { tf, backend } = await selectBackend('auto');
    const fit = await timed(label, `embed (${backend}, train ≤ 50k rows, encode all)`, () =>
      fitAutoencoder(features.scaled, features.names, embedSettings, stageRng(SEED, 'embed'), tf),
    );
    console.error(`planted ${customers}: trained on ${fit.training.rows} rows`);
    candidates.push({ name: 'autoencoder embedding', points: fit.result.embedding });
  }
  const report = (how: string, choice: RepresentationChoice, labels: number[]): void => {
    print(`| ${label} | RESULT ${how}: chosen ${choice.chosen}, k=${choice.clustering.k} (true 6), ARI ${adjustedRandIndex(truth, labels).toFixed(3)} | | |`);
    for (const e of choice.evidence) {
      if (how.startsWith('full')) print(`| ${label} | · ${e.name}: k=${e.k}, ARI ${adjustedRandIndex(truth, choice.clusterings[e.name].labels).toFixed(3)}, stability ${e.stability.toFixed(3)} | | |`);
    }
  };
  const sampled = await timed(label, `select (sampled ${SELECT_SAMPLE.toLocaleString('en')}) + assign all`, () => selectSampled(candidates, SELECT_SAMPLE));
  report('sampled select', sampled.choice, sampled.labels);
  // The other methods in the winning space at the chosen k, through the one interface.
  const base = candidates.find((c) => c.name === (sampled.choice.weights?.base ?? sampled.choice.chosen)) as RepresentationCandidate;
  const space = sampled.choice.weights ? applyFeatureWeights(base.points, sampled.choice.weights.weights) : base.points;
  for (const method of CLUSTER_METHODS) {
    const fit = await timed(label, `fitClustering ${method} (k=${sampled.choice.clustering.k}, fit ≤ 50k rows)`, () =>
      fitClustering(method, space, sampled.choice.clustering.k, { restarts: 5, maxIterations: 300, maxFitRows: SELECT_SAMPLE, treeRows: 3000 }, stageRng(SEED, `method:${method}`)),
    );
    print(`| ${label} | RESULT ${method}: ARI ${adjustedRandIndex(truth, fit.labels).toFixed(3)} | | |`);
  }
  if (fullSelect) {
    const choice = await timed(label, 'select (full, every row)', () => chooseRepresentation(candidates, cluster, stageRng(SEED, 'cluster')));
    report('full select', choice, choice.clustering.labels);
  }
}

/**
 * Clustering only, for sizes the current loader cannot hold: the standardised behavioural matrix
 * computed straight from the generator's clean facts (no CSV, no dirt), with the true segments.
 */
async function truthMatrix(customers: number): Promise<void> {
  const label = `${customers.toLocaleString('en')} (matrix from generator)`;
  const { rows, truth } = await timed(label, 'generate facts -> 8 features', () => {
    const gen = generateRetail({ customers, seed: 7, dirt: false });
    const asOf = Date.parse(`${gen.options.asOf}T00:00:00Z`) / 86_400_000;
    const perCustomer = new Map<string, { orders: number; spend: number; first: number; last: number; qty: number; cats: Set<string> }>();
    const profile = new Map<string, { age: number; income: number }>();
    const seg = new Map<string, string>();
    const out: number[][] = [];
    const labels: string[] = [];
    for (const block of gen.blocks()) {
      perCustomer.clear();
      profile.clear();
      seg.clear();
      for (const c of block.customers) profile.set(c.customer_id, { age: Number(c.age), income: Number(c.income) });
      for (const t of block.truth) seg.set(t.customer_id, t.segment);
      for (const t of block.transactions) {
        const day = Date.parse(`${t.order_date}T00:00:00Z`) / 86_400_000;
        const e = perCustomer.get(t.customer_id) ?? { orders: 0, spend: 0, first: day, last: day, qty: 0, cats: new Set<string>() };
        e.orders += 1;
        e.spend += Number(t.amount);
        e.qty += Number(t.quantity);
        e.first = Math.min(e.first, day);
        e.last = Math.max(e.last, day);
        e.cats.add(t.category);
        perCustomer.set(t.customer_id, e);
      }
      for (const [id, e] of perCustomer) {
        const p = profile.get(id) ?? { age: NaN, income: NaN };
        out.push([asOf - e.last, Math.log1p(e.orders), Math.log1p(e.spend), Math.log1p(e.spend / e.orders), asOf - e.first, e.cats.size, Math.log1p(e.qty / e.orders), Math.log1p(p.income)]);
        labels.push(seg.get(id) as string);
      }
    }
    const d = out[0].length;
    const keep = out.map((r, i) => (r.every(Number.isFinite) ? i : -1)).filter((i) => i >= 0);
    const kept = keep.map((i) => out[i]);
    const means = Array.from({ length: d }, (_, j) => kept.reduce((s, r) => s + r[j], 0) / kept.length);
    const sds = Array.from({ length: d }, (_, j) => Math.sqrt(kept.reduce((s, r) => s + (r[j] - means[j]) ** 2, 0) / kept.length));
    return { rows: kept.map((r) => r.map((v, j) => (v - means[j]) / sds[j])), truth: keep.map((i) => labels[i]) };
  });
  const candidates: RepresentationCandidate[] = [{ name: 'standardised features', points: rows, reweight: true }];
  const { tf, backend } = await selectBackend('auto');
  const names = rows[0].map((_, j) => `f${j}`);
  const fit = await timed(label, `embed (${backend}, train ≤ 50k rows, encode all)`, () => fitAutoencoder(rows, names, embedSettings, stageRng(SEED, 'embed'), tf));
  candidates.push({ name: 'autoencoder embedding', points: fit.result.embedding });
  const sampled = await timed(label, `select (sampled ${SELECT_SAMPLE.toLocaleString('en')}) + assign all`, () => selectSampled(candidates, SELECT_SAMPLE));
  print(`| ${label} | RESULT sampled select: chosen ${sampled.choice.chosen}, k=${sampled.choice.clustering.k} (true 6), ARI ${adjustedRandIndex(truth, sampled.labels).toFixed(3)} | | |`);
  for (const e of sampled.choice.evidence) print(`| ${label} | · ${e.name}: k=${e.k}, stability ${e.stability.toFixed(3)}, agreement ${e.agreement.toFixed(3)} | | |`);
}

async function kmeansAtScale(rows: number): Promise<void> {
  const rng = createRng(5);
  const centres = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => rng.normal() * 3));
  const truth: number[] = [];
  const points = Array.from({ length: rows }, (_, i) => {
    truth.push(i % 6);
    return centres[i % 6].map((c) => c + rng.normal());
  });
  const label = `k-means ${rows.toLocaleString('en')} x 8, k=6`;
  const sampled = await timed(label, 'sample-then-assign (50k rows, 5 restarts)', () => fitKMeans(points, 6, { restarts: 5, maxIterations: 300, maxFitRows: 50_000 }, createRng(1)));
  const full = await timed(label, 'full Lloyd on every row (ml-kmeans, 5 restarts)', () => fitKMeans(points, 6, { restarts: 5, maxIterations: 300 }, createRng(1)));
  print(`| ${label} | RESULT ARI sampled ${adjustedRandIndex(truth, sampled.labels).toFixed(4)} / full ${adjustedRandIndex(truth, full.labels).toFixed(4)}; inertia ratio ${(sampled.inertia / full.inertia).toFixed(5)}; full iterations ${full.iterations} | | |`);
}

async function embedThroughput(preference: BackendPreference): Promise<void> {
  const { tf, backend } = await selectBackend(preference);
  const rng = createRng(1);
  const rows = 50_000;
  const matrix = Array.from({ length: rows }, () => Array.from({ length: 8 }, () => rng.normal()));
  const names = Array.from({ length: 8 }, (_, j) => `f${j}`);
  let artifact = null as Awaited<ReturnType<typeof fitAutoencoder>>['artifact'] | null;
  for (const batchSize of [128, 256, 2048]) {
    const epochs = 4;
    const t0 = performance.now();
    const fit = await fitAutoencoder(matrix, names, { ...embedSettings, epochs, batchSize }, createRng(2), tf);
    const seconds = (performance.now() - t0) / 1000;
    artifact = fit.artifact;
    print(`| embed ${backend} | train 50k x 8, batch ${batchSize}, ${epochs} epochs: ${Math.round((rows * epochs) / seconds).toLocaleString('en')} rows/s | ${seconds.toFixed(1)} | ${peakMb()} |`);
  }
  const big = Array.from({ length: 20 }, () => matrix).flat();
  const t1 = performance.now();
  encode(artifact as NonNullable<typeof artifact>, big, tf);
  const seconds = (performance.now() - t1) / 1000;
  print(`| embed ${backend} | encode 1M x 8 (batches of 8192): ${Math.round(big.length / seconds).toLocaleString('en')} rows/s | ${seconds.toFixed(2)} | ${peakMb()} |`);
}

function standardise(rows: readonly (readonly number[])[]): number[][] {
  const n = rows.length;
  const means = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const sds = means.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - m) ** 2, 0) / n));
  return rows.map((r) => r.map((v, j) => (v - means[j]) / sds[j]));
}

function readNumbers(file: string, skipHeader: boolean): number[][] {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  return (skipHeader ? lines.slice(1) : lines).map((line) => line.split(',').map(Number));
}

async function publicSets(): Promise<void> {
  const { tf, backend } = await selectBackend('auto');
  const small = { ...embedSettings, hidden: [8], bottleneck: 3, epochs: 200, batchSize: 32 };
  const wine = readNumbers(path.join(datasets, 'uci-wine', 'wine.data'), false);
  const wineX = standardise(wine.map((r) => r.slice(1)));
  const wineY = wine.map((r) => r[0]);
  for (const method of CLUSTER_METHODS) {
    const fit = fitClustering(method, wineX, 3, { restarts: 5, maxIterations: 300 }, stageRng(SEED, `wine:${method}`));
    print(`| Wine | ${method}, standardised, k=3 | ARI ${adjustedRandIndex(wineY, fit.labels).toFixed(3)} |`);
  }
  const wineAe = (await fitAutoencoder(wineX, wineX[0].map((_, j) => `f${j}`), small, stageRng(SEED, 'embed'), tf)).result.embedding;
  const wineAuto = chooseRepresentation(
    [
      { name: 'standardised features', points: wineX, reweight: true },
      { name: 'autoencoder embedding', points: wineAe },
    ],
    cluster,
    stageRng(SEED, 'cluster'),
  );
  print(`| Wine | automatic (k and representation, AE on ${backend}) | chosen ${wineAuto.chosen}, k=${wineAuto.clustering.k}, ARI ${adjustedRandIndex(wineY, wineAuto.clustering.labels).toFixed(3)} |`);

  const wholesale = readNumbers(path.join(datasets, 'wholesale-customers', 'Wholesale customers data.csv'), true);
  const spend = standardise(wholesale.map((r) => r.slice(2).map(Math.log1p)));
  const channel = wholesale.map((r) => r[0]);
  const region = wholesale.map((r) => r[1]);
  const ae = (await fitAutoencoder(spend, spend[0].map((_, j) => `f${j}`), small, stageRng(SEED, 'embed'), tf)).result.embedding;
  const variants: [string, RepresentationCandidate[]][] = [
    ['without AE', [{ name: 'log1p spend, standardised', points: spend, reweight: true }]],
    [
      'with AE',
      [
        { name: 'log1p spend, standardised', points: spend, reweight: true },
        { name: 'autoencoder embedding', points: ae },
      ],
    ],
    ['AE only', [{ name: 'autoencoder embedding', points: ae }]],
  ];
  for (const [variant, candidates] of variants) {
    const choice = chooseRepresentation(candidates, cluster, stageRng(SEED, 'cluster'));
    const labels = choice.clustering.labels;
    print(`| Wholesale | ${variant}, automatic k | chosen ${choice.chosen}, k=${choice.clustering.k}; ARI vs Channel ${adjustedRandIndex(channel, labels).toFixed(3)}, vs Region ${adjustedRandIndex(region, labels).toFixed(3)} |`);
  }
  for (const method of CLUSTER_METHODS) {
    const fit = fitClustering(method, spend, 2, { restarts: 5, maxIterations: 300 }, stageRng(SEED, `wholesale:${method}`));
    print(`| Wholesale | ${method}, log1p spend, k=2 | ARI vs Channel ${adjustedRandIndex(channel, fit.labels).toFixed(3)}, vs Region ${adjustedRandIndex(region, fit.labels).toFixed(3)} |`);
  }
}

async function main(): Promise<void> {
  const [part = 'public', arg, ...flags] = process.argv.slice(2);
  switch (part) {
    case 'planted':
      await planted(Number(arg ?? 10_000), flags.includes('--full-select'), !flags.includes('--no-embed'));
      break;
    case 'truth-matrix':
      await truthMatrix(Number(arg ?? 1_000_000));
      break;
    case 'kmeans':
      await kmeansAtScale(Number(arg ?? 1_000_000));
      break;
    case 'embed':
      await embedThroughput((arg ?? 'auto') as BackendPreference);
      break;
    case 'public':
      await publicSets();
      break;
    default:
      throw new Error(`unknown part "${part}": planted | truth-matrix | kmeans | embed | public`);
  }
  console.error(`Node ${process.version}, ${os.cpus().length} CPUs; peak RSS is the process maximum so far.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
