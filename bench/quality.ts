/**
 * Segmentation quality benchmark (issue #10). For each case: ARI and NMI against the known segments
 * of (a) the automatic run (clean -> features -> automatic k and representation, k range 2-10, no
 * embedding), (b) plain standardised k-means with k chosen by silhouette, (c) plain standardised
 * k-means at the true k; plus (d) plain standardised k-means at the automatic run's k (the
 * "no worse than plain by more than 0.03" check) and the outlier check (one income x1000).
 *
 * Usage: node dist/bench/quality.js [sizes=10000,50000] [--public] [--outlier]
 * 200k: run alone, e.g. `QUICK=1 flock /tmp/seglab-heavy.lock nice -n 5 node dist/bench/quality.js 200000`
 * (QUICK=1 skips the silhouette-k and true-k baselines; --outlier-only runs just the outlier check).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { automaticSegmentation, type AutomaticSegmentation } from '../lib/cluster/automatic';
import { fitKMeans } from '../lib/cluster/kmeans';
import { cleanCustomers } from '../lib/clean/customers';
import type { RunConfigInput } from '../lib/config/types';
import { validateConfig } from '../lib/config/validate';
import { adjustedRandIndex, normalizedMutualInfo, silhouetteScore } from '../lib/evaluate/metrics';
import { buildFeatures, type FeatureTable } from '../lib/features/build';
import type { RawTable } from '../lib/load/csv';
import { createRng, sampleIndices, stageRng } from '../lib/random/rng';
import { hostileData } from './hostile-data';
import { sharedDatasetsPath } from '../lib/io/datasets-path';

const SEED = 42;
const datasets = sharedDatasetsPath();

export interface CaseResult {
  name: string;
  n: number;
  trueK: number;
  autoK: number;
  autoAri: number;
  autoNmi: number;
  plainSameKAri: number;
  silK: number;
  silAri: number;
  silNmi: number;
  trueKAri: number;
  trueKNmi: number;
  /** Latent-class model: BIC k and ARI against the truth. */
  lcaK: number;
  lcaAri: number;
  seconds: number;
  run: AutomaticSegmentation;
  features: FeatureTable;
}

function rawTable(role: string, header: string[], rows: string[][]): RawTable {
  return { role, file: `${role}.csv`, delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
}

/** Plain k-means on the standardised matrix for every k, k by silhouette (seeded 2,000-row sample). */
function plainBySilhouette(points: readonly (readonly number[])[], kMin: number, kMax: number): { k: number; labels: number[] } {
  const sample = sampleIndices(points.length, 2000, createRng(SEED));
  const pts = sample.map((r) => points[r]);
  let best = { k: kMin, labels: [] as number[], s: -Infinity };
  for (let k = kMin; k <= kMax; k++) {
    const fit = fitKMeans(points, k, { restarts: 5, maxIterations: 300, maxFitRows: 50000 }, createRng(SEED + k));
    const s = silhouetteScore(pts, sample.map((r) => fit.labels[r]));
    if (s > best.s) best = { k, labels: fit.labels, s };
  }
  return best;
}

/** Runs one case: clean, features, automatic segmentation, baselines. */
export function runCase(name: string, customers: RawTable, extras: Partial<Record<'surveys', RawTable>>, truthOfRow: readonly (string | number)[], input: RunConfigInput): CaseResult {
  const t0 = performance.now();
  const config = validateConfig(
    {
      seed: SEED,
      sources: { customers: { path: 'customers.csv' }, ...(extras.surveys ? { surveys: { path: 'surveys.csv' } } : {}) },
      embed: { enabled: false },
      clv: { enabled: false },
      ...input,
      features: { behavioural: [], ...input.features },
      cluster: { kMin: 2, kMax: 10, restarts: Number(process.env.RESTARTS ?? 5), ...input.cluster },
    },
    '/tmp',
  );
  const cleaned = cleanCustomers(customers, config, extras, {});
  const features = buildFeatures(cleaned, null, config);
  const truth = features.rowIndex.map((i) => truthOfRow[i]);
  const trueK = new Set(truth).size;
  const run = automaticSegmentation([{ name: 'standardised features', points: features.scaled }], features.standardised, config.cluster, stageRng(SEED, 'cluster'), config.fairness.minCellSize, { names: features.names, raw: features.raw, kinds: features.kinds });
  const seconds = (performance.now() - t0) / 1000;
  // QUICK=1 skips the two baselines (k by silhouette, true k), e.g. for the 200k run in pieces.
  const quick = process.env.QUICK === '1';
  const sil = quick ? { k: Number.NaN, labels: truth.map(() => 0) } : plainBySilhouette(features.standardised, 2, 10);
  const atTrue = quick ? { labels: truth.map(() => 0) } : fitKMeans(features.standardised, trueK, { restarts: 5, maxIterations: 300, maxFitRows: 50000 }, createRng(SEED));
  return {
    name,
    n: features.customerIds.length,
    trueK,
    autoK: run.clustering.k,
    autoAri: adjustedRandIndex(truth, run.clustering.labels),
    autoNmi: normalizedMutualInfo(truth, run.clustering.labels),
    plainSameKAri: adjustedRandIndex(truth, run.plain.plainLabels),
    silK: sil.k,
    silAri: adjustedRandIndex(truth, sil.labels),
    silNmi: normalizedMutualInfo(truth, sil.labels),
    trueKAri: adjustedRandIndex(truth, atTrue.labels),
    trueKNmi: normalizedMutualInfo(truth, atTrue.labels),
    lcaK: run.latentClass?.k ?? Number.NaN,
    lcaAri: run.latentClass ? adjustedRandIndex(truth, run.latentClass.labels) : Number.NaN,
    seconds,
    run,
    features,
  };
}

/** The planted hostile data at n customers. */
export function plantedCase(n: number, outlierFactor = 1000, channelOnly = false): CaseResult {
  const d = hostileData({ customers: n, seed: 7, outlierFactor, channelOnly });
  return runCase(`planted ${n.toLocaleString('en')}${channelOnly ? ' (segments 1/2 by channel only)' : ''}`, d.customers, { surveys: d.surveys }, d.truth, {
    columns: { customerId: 'customer_id', label: 'churned' },
    features: {
      customerColumns: d.features.customerColumns.filter((c) => !(process.env.DROP ?? '').split(',').includes(c)),
      categoricalColumns: d.features.categoricalColumns.filter((c) => !(process.env.DROP ?? '').split(',').includes(c)),
    },
  });
}

export function wineCase(): CaseResult {
  const lines = fs.readFileSync(path.join(datasets, 'uci-wine', 'wine.data'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const header = ['id', ...Array.from({ length: 13 }, (_, j) => `x${j + 1}`)];
  const rows = lines.map((l, i) => [String(i + 1), ...l.slice(1)]);
  return runCase('UCI Wine (cultivar)', rawTable('customers', header, rows), {}, lines.map((l) => l[0]), {
    columns: { customerId: 'id' },
    features: { customerColumns: header.slice(1) },
  });
}

export function wholesaleCase(): CaseResult {
  const lines = fs.readFileSync(path.join(datasets, 'wholesale-customers', 'Wholesale customers data.csv'), 'utf8').trim().split('\n').map((l) => l.trim().split(','));
  const header = ['id', ...lines[0].slice(2)];
  const rows = lines.slice(1).map((l, i) => [String(i + 1), ...l.slice(2)]);
  return runCase('Wholesale (Channel)', rawTable('customers', header, rows), {}, lines.slice(1).map((l) => l[0]), {
    columns: { customerId: 'id' },
    features: { customerColumns: header.slice(1) },
  });
}

export function adultCase(): CaseResult {
  const cols = ['age', 'workclass', 'fnlwgt', 'education', 'education_num', 'marital_status', 'occupation', 'relationship', 'race', 'sex', 'capital_gain', 'capital_loss', 'hours_per_week', 'native_country', 'income'];
  const lines = fs.readFileSync(path.join(datasets, 'adult-census-income', 'adult.data'), 'utf8').trim().split('\n').filter((l) => l.trim()).map((l) => l.split(',').map((v) => v.trim()));
  const rows = lines.map((l, i) => [String(i + 1), ...l]);
  return runCase('Adult (income)', rawTable('customers', ['id', ...cols], rows), {}, lines.map((l) => l[14]), {
    columns: { customerId: 'id', label: 'income' },
    features: { customerColumns: ['age', 'education_num', 'capital_gain', 'capital_loss', 'hours_per_week'], categoricalColumns: ['workclass', 'occupation'] },
    fairness: { protected: ['sex', 'race', 'marital_status', 'native_country'] },
  });
}

const f3 = (x: number): string => x.toFixed(3);

export function row(r: CaseResult): string {
  return `| ${r.name} | ${r.n} | ${r.trueK} | ${r.autoK} | ${f3(r.autoAri)} | ${f3(r.autoNmi)} | ${f3(r.plainSameKAri)} | ${f3(r.autoAri - r.plainSameKAri)} | ${r.silK} | ${f3(r.silAri)} | ${f3(r.silNmi)} | ${f3(r.trueKAri)} | ${f3(r.trueKNmi)} | ${f3(r.run.plain.agreement)} | ${r.lcaK}${r.run.latentClass?.atRangeEnd ? ' (range end)' : ''} | ${f3(r.lcaAri)} | ${f3(r.run.latentClass?.agreement ?? Number.NaN)} | ${r.seconds.toFixed(1)} |`;
}

export const HEADER = [
  '| case | customers | true k | auto k | auto ARI | auto NMI | plain k-means at auto k ARI | auto - plain | k by silhouette | silhouette-k ARI | silhouette-k NMI | true-k ARI | true-k NMI | agreement auto vs plain | latent-class BIC k | latent-class ARI | latent-class vs auto | auto seconds |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];

/** Outlier check: the same data with and without one income x1000; share of other customers moved. */
export function outlierCheck(n: number): string {
  const withOut = plantedCase(n, 1000);
  const without = plantedCase(n, 1);
  const row0 = hostileData({ customers: n, seed: 7 }).outlierRow;
  const a = withOut.run.clustering.labels.filter((_, i) => i !== row0);
  const b = without.run.clustering.labels.filter((_, i) => i !== row0);
  // Moved = customers whose segment differs after matching segments by overlap.
  const k = Math.max(withOut.autoK, without.autoK);
  const overlap = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  a.forEach((l, i) => overlap[l][b[i]]++);
  const used = new Set<number>();
  let same = 0;
  for (let l = 0; l < k; l++) {
    let best = -1;
    overlap[l].forEach((c, m) => {
      if (!used.has(m) && (best === -1 || c > overlap[l][best])) best = m;
    });
    if (best !== -1) {
      used.add(best);
      same += overlap[l][best];
    }
  }
  const named = withOut.features.extremes.map((e) => `${e.column} row ${e.row} (${e.customerId}) = ${e.value}`).join('; ');
  return `Outlier check at ${n}: k ${without.autoK} -> ${withOut.autoK}; ARI between the runs ${f3(adjustedRandIndex(a, b))}; other customers moved ${(100 * (1 - same / a.length)).toFixed(2)}%. Named: ${named}`;
}

function main(): void {
  const args = process.argv.slice(2);
  const sizes = (args.find((a) => !a.startsWith('--')) ?? '10000').split(',').map(Number).filter((x) => x > 0);
  if (args.includes('--outlier-only')) {
    for (const n of sizes) console.log(outlierCheck(n));
    return;
  }
  const out = [...HEADER];
  for (const n of sizes) {
    const r = plantedCase(n);
    out.push(row(r));
    console.error(`${r.name}: ${r.run.clustering.rule} ${r.run.plain.sentence}`);
    if (args.includes('--channel-only')) out.push(row(plantedCase(n, 1000, true)));
  }
  if (args.includes('--public')) {
    for (const c of [wineCase, wholesaleCase, adultCase]) {
      const r = c();
      out.push(row(r));
      console.error(`${r.name}: ${r.run.plain.sentence}`);
    }
  }
  console.log(out.join('\n'));
  if (args.includes('--outlier')) console.log(outlierCheck(sizes[0] ?? 10000));
  console.log(`\nNode ${process.version}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`);
}

if (require.main === module) main();
