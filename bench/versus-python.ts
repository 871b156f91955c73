/**
 * seglab against a Python reference job on the same generated data (issue 15).
 *
 * Each part is its own process (so peak RSS is per part) and can run under the machine's heavy-job
 * lock separately; results are kept as JSON beside the data, and `table` prints them side by side.
 *
 *   node dist/bench/versus-python.js data <customers>          generate retail data (seed 7) + a run config
 *   node dist/bench/versus-python.js seglab <customers> [tag]  `seglab run` on it (wall, peak RSS, stage times)
 *   node dist/bench/versus-python.js python <customers>        bench/python/segment_reference.py on it
 *   node dist/bench/versus-python.js table <customers>         the markdown table, both sides per stage
 *   node dist/bench/versus-python.js same <customers> <tagA> <tagB>  are two seglab runs byte-identical?
 *   node dist/bench/versus-python.js quality <customers> [tag] ARI and k of a seglab run against the planted truth
 *
 * Python: set SEGLAB_PYTHON to an interpreter with pandas, numpy, scikit-learn, scipy and torch
 * (e.g. a venv outside the repo: `python3 -m venv /work/venv && /work/venv/bin/pip install torch
 * pandas scikit-learn scipy`); it is a reference, never a seglab dependency.
 * Data go to $SEGLAB_BENCH_DIR (default /tmp/seglab-bench), never into the repo. Both sides do the
 * same job: behavioural, category-share and profile features (Python 23; seglab 20, since it never
 * uses the protected age and gender as features), a d-64-32-8 autoencoder for 20 epochs (batch 256),
 * k-means for k = 2..10 with silhouette, profiles and Cramér's V; seglab also runs what Python
 * does not (stability evidence, the gap statistic, CLV, the fairness card, the report).
 * Wall and peak RSS come from /usr/bin/time; `uptime` is recorded with every figure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeRetailCsv } from '../lib/data/write';
import { adjustedRandIndex } from '../lib/evaluate/metrics';

const CACHE = process.env.SEGLAB_BENCH_DIR ?? '/tmp/seglab-bench';
const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.SEGLAB_PYTHON ?? 'python3';

interface SideResult {
  side: string;
  customers: number;
  wallSeconds: number;
  /** User + system CPU seconds of the process: steadier than wall on a shared machine. */
  cpuSeconds: number;
  peakRssMb: number;
  stages: { stage: string; seconds: number }[];
  uptime: string;
  extra: Record<string, unknown>;
}

const dataDir = (customers: number): string => path.join(CACHE, `retail-${customers}-seed7`);
const resultFile = (customers: number, side: string): string => path.join(dataDir(customers), `result-${side}.json`);
/** Run folders sit beside the data folder: seglab never writes inside an input's folder. */
const runDir = (customers: number, tag: string): string => path.join(CACHE, `runs-${customers}`, tag);
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** The run config: the demo's, with the Python job's network and k range. */
function writeConfig(dir: string, outDir: string): string {
  const config = {
    name: 'bench',
    seed: 42,
    outDir,
    sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv' } },
    columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', quantity: 'quantity', category: 'category', pii: ['email'] },
    clean: { ranges: { age: [16, 110], income: [0, 10000000] } },
    features: {
      behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days', 'return_rate', 'category_shares'],
      customerColumns: ['income'],
      logColumns: ['income'],
      categoricalColumns: ['marital_status'],
    },
    embed: { enabled: true, hidden: [64, 32], bottleneck: 8, epochs: 20, batchSize: 256 },
    // SEGLAB_BENCH_WORKERS sets cluster.workers (threads for the k-means fits; results are the same for any value).
    cluster: { kMin: 2, kMax: 10, restarts: 5, ...(process.env.SEGLAB_BENCH_WORKERS ? { workers: Number(process.env.SEGLAB_BENCH_WORKERS) } : {}) },
    fairness: { protected: ['gender', 'age'] },
    profile: { currency: 'USD' },
  };
  const file = path.join(dir, `seglab-${path.basename(outDir)}.config.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function generate(customers: number): void {
  const dir = dataDir(customers);
  if (fs.existsSync(path.join(dir, 'truth.csv'))) {
    console.log(`${dir}: already there`);
    return;
  }
  const t0 = Date.now();
  const files = writeRetailCsv(dir, { customers, seed: 7 });
  console.log(`${dir}: ${files.dirt.customerRows} customer rows, ${files.dirt.transactionRows} order lines, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Runs a command under /usr/bin/time; wall seconds and peak RSS (MiB) of the child. */
function timed(command: string, args: string[], logFile: string): { wallSeconds: number; cpuSeconds: number; peakRssMb: number; stdout: string } {
  const timeFile = `${logFile}.time`;
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timeFile, command, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  fs.writeFileSync(logFile, `${run.stdout}\n--- stderr ---\n${run.stderr}`);
  if (run.status !== 0) throw new Error(`${command} exited ${run.status}; see ${logFile}`);
  const [wall, rssKb, user, system] = (fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() as string).split(' ').map(Number);
  return { wallSeconds: wall, cpuSeconds: user + system, peakRssMb: Math.round(rssKb / 1024), stdout: run.stdout };
}

function runSeglab(customers: number, tag: string): void {
  const dir = dataDir(customers);
  const outDir = runDir(customers, tag);
  const config = writeConfig(dir, outDir);
  const before = uptime();
  const { wallSeconds, cpuSeconds, peakRssMb } = timed(process.execPath, [path.join(ROOT, 'bin', 'seglab.js'), 'run', '--config', config], path.join(dir, `seglab-${tag}.log`));
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { timings: Record<string, number> };
  const stages = Object.entries(manifest.timings).map(([stage, ms]) => ({ stage, seconds: ms / 1000 }));
  const result: SideResult = { side: `seglab-${tag}`, customers, wallSeconds, cpuSeconds, peakRssMb, stages, uptime: `${before} | after: ${uptime()}`, extra: {} };
  fs.writeFileSync(resultFile(customers, `seglab-${tag}`), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
}

function runPython(customers: number): void {
  const dir = dataDir(customers);
  const before = uptime();
  const script = path.join(ROOT, 'bench', 'python', 'segment_reference.py');
  const { wallSeconds, cpuSeconds, peakRssMb, stdout } = timed(PYTHON, [script, dir, '42'], path.join(dir, 'python.log'));
  const out = JSON.parse(stdout.trim().split('\n').pop() as string) as { stages: { stage: string; seconds: number }[] } & Record<string, unknown>;
  const result: SideResult = { side: 'python', customers, wallSeconds, cpuSeconds, peakRssMb, stages: out.stages, uptime: `${before} | after: ${uptime()}`, extra: out };
  fs.writeFileSync(resultFile(customers, 'python'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
}

/** seglab's stage names grouped as the Python script's stages. */
const GROUPS: [string, string[]][] = [
  ['load', ['load']],
  ['clean', ['clean']],
  ['features', ['features']],
  ['embed', ['backend', 'embed']],
  ['cluster (k 2..10)', ['cluster']],
  ['profile + association', ['profile', 'map']],
  ['CLV (seglab only)', ['clv']],
  ['campaigns (seglab only)', ['campaigns']],
  ['fairness card (seglab only)', ['fairness']],
  ['report + write (seglab only)', ['report', 'write']],
];

function table(customers: number, tag: string): void {
  const read = (side: string): SideResult | null => (fs.existsSync(resultFile(customers, side)) ? (JSON.parse(fs.readFileSync(resultFile(customers, side), 'utf8')) as SideResult) : null);
  const seglab = read(`seglab-${tag}`);
  const python = read('python');
  const secs = (r: SideResult | null, names: string[]): string => {
    if (!r) return '–';
    const hits = r.stages.filter((s) => names.some((n) => s.stage === n || s.stage.startsWith(n)));
    return hits.length ? hits.reduce((t, s) => t + s.seconds, 0).toFixed(1) : '–';
  };
  console.log(`| stage (${customers.toLocaleString('en')} customers) | seglab s | Python s |`);
  console.log('| --- | ---: | ---: |');
  for (const [label, names] of GROUPS) console.log(`| ${label} | ${secs(seglab, names)} | ${python ? secs(python, label.startsWith('profile') ? ['profile'] : names) : '–'} |`);
  console.log(`| **total wall (process, /usr/bin/time)** | **${seglab?.wallSeconds.toFixed(1) ?? '–'}** | **${python?.wallSeconds.toFixed(1) ?? '–'}** |`);
  console.log(`| **CPU user + system s** | **${seglab?.cpuSeconds.toFixed(1) ?? '–'}** | **${python?.cpuSeconds.toFixed(1) ?? '–'}** |`);
  console.log(`| **peak RSS MiB** | **${seglab?.peakRssMb ?? '–'}** | **${python?.peakRssMb ?? '–'}** |`);
  if (seglab) console.log(`\nseglab load: ${seglab.uptime}`);
  if (python) console.log(`Python load: ${python.uptime}`);
  if (seglab && python) console.log(`ratio seglab / Python wall: ${(seglab.wallSeconds / python.wallSeconds).toFixed(2)} (target <= 0.5)`);
}

/** Output hashes of two run folders, from their manifests (manifest.json itself holds timings). */
function same(customers: number, tagA: string, tagB: string): void {
  const outputs = (tag: string): Record<string, string> =>
    (JSON.parse(fs.readFileSync(path.join(runDir(customers, tag), 'manifest.json'), 'utf8')) as { outputs: Record<string, string> }).outputs;
  const a = outputs(tagA);
  const b = outputs(tagB);
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const differ = names.filter((n) => a[n] !== b[n]);
  // The report prints when the run was made and how long each stage took: those (and only those)
  // may differ; everything else in it must be identical.
  const untimed = (tag: string): string =>
    fs
      .readFileSync(path.join(runDir(customers, tag), 'report.html'), 'utf8')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>')
      .replace(/Wall time by stage \(total [^)]*\)[\s\S]*?<\/table>/g, '<stage times>');
  const reportOnlyTimes = differ.length === 1 && differ[0] === 'report.html' && untimed(tagA) === untimed(tagB);
  if (!differ.length) console.log(`byte-identical: ${names.length} output files (sha256 from both manifests)`);
  else if (reportOnlyTimes) console.log(`byte-identical: ${names.length - 1} of ${names.length} output files; report.html differs only in the run's time stamp and its stage-time table`);
  else console.log(`DIFFERENT: ${differ.join(', ')}`);
}

function quality(customers: number, tag: string): void {
  const dir = dataDir(customers);
  const csv = (file: string): string[][] => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const truth = new Map(csv(path.join(dir, 'truth.csv')).map((r) => [r[0], r[1]]));
  const segments = csv(path.join(runDir(customers, tag), 'segments.csv'));
  const header = fs.readFileSync(path.join(runDir(customers, tag), 'segments.csv'), 'utf8').split('\n')[0];
  // segments.csv holds pseudonymous ids when personal data are protected; the bench config keeps raw ids.
  const rows = segments.filter((r) => truth.has(r[0]));
  const ari = adjustedRandIndex(rows.map((r) => truth.get(r[0]) as string), rows.map((r) => r[r.length - 1]));
  const k = new Set(segments.map((r) => r[r.length - 1])).size;
  console.log(`${tag}: ${rows.length} of ${segments.length} customers matched to truth (header "${header}"); k = ${k} (true 6); ARI ${ari.toFixed(4)}`);
}

function main(): void {
  const [part, size, a = 'after', b = 'after2'] = process.argv.slice(2);
  const customers = Number(size ?? 200_000);
  switch (part) {
    case 'data':
      return generate(customers);
    case 'seglab':
      return runSeglab(customers, a);
    case 'python':
      return runPython(customers);
    case 'table':
      return table(customers, a);
    case 'same':
      return same(customers, a, b);
    case 'quality':
      return quality(customers, a);
    default:
      throw new Error(`unknown part "${part}": data | seglab | python | table | same | quality`);
  }
}

main();
