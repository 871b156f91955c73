/**
 * Data layer benchmark: load + clean + features on generated retail data (lib/data/write.ts),
 * at 100k and 1M customers (about 1.56M and 15.7M order lines). Generated files are cached in
 * /tmp/seglab-bench/c<N>/ (never in the repo; 1M takes ~100 s to generate once); the same data made
 * by bench/versus-python.ts (retail-<N>-seed7/) is used when it is there.
 *
 *   node dist/bench/data-layer.js [customers=100000,1000000] [engine=auto|js|duckdb]
 *
 * Each size runs in its own child process so peak RSS is that size's alone. Prints one JSON line
 * per size: wall and CPU seconds and peak RSS (MiB, process high-water mark after each stage) per
 * stage, and a hash of the feature table (equal for engine js and duckdb: the paths agree exactly);
 * then the Node heap and RSS after features (after a full GC), what the data path hands on.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanSources } from '../lib/pipeline/sources';
import { validateConfig } from '../lib/config/validate';
import { writeRetailCsv } from '../lib/data/write';
import { buildFeatures } from '../lib/features/build';
import { loadSources } from '../lib/load/source';

const CACHE = '/tmp/seglab-bench';

function ensureData(customers: number): string {
  // The side-by-side bench's data (bench/versus-python.ts, same generator and seed) when it is there.
  const shared = path.join(CACHE, `retail-${customers}-seed7`);
  if (fs.existsSync(path.join(shared, 'transactions.csv'))) return shared;
  const dir = path.join(CACHE, `c${customers}`);
  if (!fs.existsSync(path.join(dir, 'transactions.csv'))) writeRetailCsv(dir, { customers, seed: 7 });
  return dir;
}

const peakMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** sha256 of ids, names and every raw and scaled row, fed row by row (one JSON string of 1M rows is too long for V8). */
function featureHash(f: { customerIds: string[]; names: string[]; raw: number[][]; scaled: number[][] }): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([f.customerIds.length, f.names]));
  f.customerIds.forEach((id, i) => h.update(JSON.stringify([id, f.raw[i], f.scaled[i]])));
  return h.digest('hex');
}

async function runOne(customers: number, engine: 'auto' | 'js' | 'duckdb'): Promise<void> {
  const dir = ensureData(customers);
  const config = validateConfig(
    {
      name: `bench-${customers}`,
      outDir: path.join(CACHE, 'out'),
      sources: { customers: { path: path.join(dir, 'customers.csv') }, transactions: { path: path.join(dir, 'transactions.csv'), engine } },
      columns: { pii: ['email'], quantity: 'quantity', invoice: 'invoice_no', category: 'category' },
      clean: { ranges: { age: [16, 110], income: [0, 10_000_000] } },
      features: {
        customerColumns: ['income'],
        logColumns: ['income'],
        behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days', 'return_rate', 'trend_90d', 'category_shares', 'rfm_scores'],
        categoricalColumns: ['region'],
      },
      fairness: { protected: ['gender', 'age'] },
    },
    dir,
  );
  const stages: Record<string, { seconds: number; cpuSeconds: number; peakRssMiB: number }> = {};
  let cpu0 = process.cpuUsage();
  // CPU (user + system, every thread of the process, DuckDB's included): steadier than wall on a shared machine.
  const t = (name: string, t0: number): void => {
    const cpu = process.cpuUsage(cpu0);
    stages[name] = { seconds: Math.round((performance.now() - t0) / 10) / 100, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, peakRssMiB: peakMiB() };
    cpu0 = process.cpuUsage();
  };
  let t0 = performance.now();
  const loaded = await loadSources(config);
  t('load', t0);
  t0 = performance.now();
  const cleaned = await cleanSources(loaded, config);
  t('clean', t0);
  t0 = performance.now();
  const features = buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config);
  t('features', t0);
  const total = Object.values(stages).reduce((a, s) => a + s.seconds, 0);
  // What the Node heap holds after features (the data path's share carried into later stages):
  // after a full collection when the child runs with --expose-gc (it does), else as it stands.
  (globalThis as { gc?: () => void }).gc?.();
  const heapAfterFeaturesMiB = Math.round(process.memoryUsage().heapUsed / 1048576);
  const rssAfterFeaturesMiB = Math.round(process.memoryUsage().rss / 1048576);
  console.log(
    JSON.stringify({
      customers,
      engine,
      transactionsPath: cleaned.behaviour ? 'duckdb' : 'js',
      transactionRows: cleaned.ledger[0]?.rowsRead,
      segmentable: features.customerIds.length,
      features: features.names.length,
      // Equal hashes for engine js and duckdb: both paths give the same feature bits.
      featuresSha256: featureHash(features),
      stages,
      totalSeconds: Math.round(total * 100) / 100,
      peakRssMiB: peakMiB(),
      heapAfterFeaturesMiB,
      rssAfterFeaturesMiB,
      // Kept alive to here, as a run keeps them for later stages.
      kept: [loaded.customers.rows.length, cleaned.customers.ids.length].join('/'),
    }),
  );
}

async function main(): Promise<void> {
  const [sizesArg = '100000,1000000', engineArg = 'auto', child] = process.argv.slice(2);
  const engine = engineArg as 'auto' | 'js' | 'duckdb';
  if (child === '--child') return runOne(Number(sizesArg), engine);
  for (const size of sizesArg.split(',').map(Number)) {
    ensureData(size);
    const r = spawnSync(process.execPath, ['--expose-gc', __filename, String(size), engine, '--child'], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
