/**
 * Warehouse benchmark (issue 17): features and segments computed by the generated SQL inside the
 * engine, the data never in Node. Steps, each its own process (run each under the CPU lock; the
 * generation is split into parts so no locked job runs long):
 *
 *   node dist/bench/warehouse.js gen   <file.duckdb> <customers> <lines> <part> <parts>
 *   node dist/bench/warehouse.js fit   <file.duckdb> <sample customers>   -> <file>.model.json
 *   node dist/bench/warehouse.js score <file.duckdb> [slice] [slices]     -> table segments in the file
 *   node dist/bench/warehouse.js staged <file.duckdb> <step> [parts]     -> the staged form, one statement per process:
 *        steps 0..parts-1: segments_daily (order lines GROUP BY customer, day; one hash part of the customers each),
 *        step parts: segments_aggregates (GROUP BY customer), step parts+1: segments (scoring; work tables then dropped)
 *   node dist/bench/warehouse.js ch-gen   <http url> <customers> <lines>  (2-shard cluster of scripts/services.sh)
 *   node dist/bench/warehouse.js ch-score <http url> <model.json> [slices]
 *
 * The generator is SQL with the shapes of test/warehouse/fixture.ts (skewed spend and lines per
 * customer, returns, "C" invoices, discounts, 6 categories and missing ones, a missing region block,
 * an age band, a 0/1 flag), deterministic (hash of the row number, no random()). Each step prints
 * one JSON line: wall seconds and the process's peak RSS in MiB (DuckDB runs inside this process,
 * with memory_limit 500MB and spilling to disk, so its memory is counted).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanCustomers } from '../lib/clean/customers';
import { cleanTransactions } from '../lib/clean/transactions';
import { fitKMeans } from '../lib/cluster/kmeans';
import { validateConfig } from '../lib/config/validate';
import { buildFeatures } from '../lib/features/build';
import { buildModel, FEATURES_SPACE, loadModel } from '../lib/model/artifact';
import { createRng } from '../lib/random/rng';
import { openWarehouse, type Warehouse } from '../lib/warehouse/engines';
import { pullTable, sampleBuckets, sampleQueries, SAMPLE_BUCKETS } from '../lib/warehouse/sample';
import { scoringSql, stagedScoringSql } from '../lib/warehouse/score-sql';
import { createTableAs, stageTablesOf } from '../lib/warehouse/stages';

const AS_OF = '2025-06-30';
const peakMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const report = (step: string, t0: number, extra: Record<string, unknown> = {}): void =>
  console.log(JSON.stringify({ step, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)), peakRssMiB: peakMiB(), ...extra }));

async function duck(file: string): Promise<Warehouse> {
  const wh = await openWarehouse(file, { threads: 2 });
  fs.mkdirSync('/tmp/seglab-bench/duckdb-tmp', { recursive: true });
  await wh.exec(`SET memory_limit = '500MB'; SET preserve_insertion_order = false; SET temp_directory = '/tmp/seglab-bench/duckdb-tmp'`);
  return wh;
}

/** A uniform in (0, 1) and a standard normal from hashes of the row number (DuckDB `hash`, ClickHouse `cityHash64`). */
// 1e9 distinct values: the customer of an order line is drawn from up to 10M ids (1e6 values reached only 1M of them).
const uniform = (h: (salt: number) => string, salt: number): string => `((${h(salt)} % 1000000000 + 1) / 1000000001.0)`;
const normal = (h: (salt: number) => string, s1: number, s2: number): string => `(sqrt(-2 * ln(${uniform(h, s1)})) * cos(2 * pi() * ${uniform(h, s2)}))`;

/** How the generator's SQL is spelled in one engine: row hash, cast to text, natural log. */
interface Spelling {
  h: (salt: number) => string;
  text: (e: string) => string;
  /** An array subscript (DuckDB wants a signed integer). */
  index: (e: string) => string;
  ln: string;
}

function customersSelect(sp: Spelling, i: string): string {
  const h = sp.h;
  return `SELECT concat('K', ${sp.text(`100000000 + ${i}`)}) AS customer_id,
    CASE WHEN ${i} % 23 = 0 THEN NULL WHEN ${i} % 100003 = 7 THEN 'Islands' ELSE ['North', 'South', 'East', 'West'][${sp.index(`1 + ${h(1)} % 4`)}] END AS region,
    CASE WHEN ${h(2)} % 10 < 3 THEN 'pro' ELSE 'basic' END AS plan,
    1.0 * (18 + ${h(3)} % 60) AS age,
    round(exp(10 + 0.6 * ${normal(h, 4, 5)})) AS income,
    1.0 * (CASE WHEN ${h(6)} % 10 < 2 THEN 1 ELSE 0 END) AS newsletter,
    'note' AS unused_notes`.replace(/\bln\(/g, `${sp.ln}(`);
}

function ordersSelect(sp: Spelling, j: string, customers: number, dateExpr: (seconds: string) => string): string {
  const h = sp.h;
  const c = `floor(${customers} * pow(${uniform(h, 7)}, 1.3))`;
  return `SELECT CASE WHEN ${h(9)} % 100 < 5 THEN concat('C', ${sp.text(j)}) ELSE ${sp.text(j)} END AS invoice,
    concat('K', ${sp.text(`CAST(100000000 + ${c} AS BIGINT)`)}) AS customer_id,
    ${dateExpr(`${h(8)} % ${700 * 86400}`)} AS order_date,
    (CASE WHEN ${h(9)} % 100 >= 5 AND ${h(9)} % 100 < 9 THEN -1 ELSE 1 END) * round(exp(3 + ${normal(h, 10, 11)}) * 100) / 100 AS amount,
    CASE WHEN ${h(12)} % 100 < 7 THEN NULL ELSE ['books', 'garden', 'toys', 'food', 'tech', 'music'][${sp.index(`1 + ${h(13)} % 6`)}] END AS category,
    CASE WHEN ${h(14)} % 4 = 0 THEN (${h(15)} % 20) / 100.0 ELSE 0 END AS discount`.replace(/\bln\(/g, `${sp.ln}(`);
}

const duckSpelling = (row: string): Spelling => ({ h: (salt) => `hash(${row}, ${salt})`, text: (e) => `CAST(${e} AS VARCHAR)`, index: (e) => `CAST(${e} AS INTEGER)`, ln: 'ln' });
const chSpelling = (row: string): Spelling => ({ h: (salt) => `cityHash64(${row}, ${salt})`, text: (e) => `toString(${e})`, index: (e) => e, ln: 'log' });

async function gen(file: string, customers: number, lines: number, part: number, parts: number): Promise<void> {
  const t0 = performance.now();
  const wh = await duck(file);
  if (part === 0) {
    await wh.exec(`CREATE OR REPLACE TABLE customers AS ${customersSelect(duckSpelling('i'), 'i')} FROM range(${customers}) t(i)`);
    await wh.exec(`CREATE OR REPLACE TABLE orders (invoice VARCHAR, customer_id VARCHAR, order_date TIMESTAMP, amount DOUBLE, category VARCHAR, discount DOUBLE)`);
  }
  const per = Math.ceil(lines / parts);
  const from = part * per;
  const to = Math.min(lines, from + per);
  await wh.exec(`INSERT INTO orders ${ordersSelect(duckSpelling('j'), 'j', customers, (sec) => `TIMESTAMP '${AS_OF} 00:00:00' - to_seconds(CAST(${sec} AS BIGINT))`)} FROM range(${from}, ${to}) t(j)`);
  const n = (await wh.query('SELECT count(*) AS n FROM orders'))[0].n;
  await wh.close();
  report('gen', t0, { part, parts, linesInTable: Number(n), fileMiB: Math.round(fs.statSync(file).size / 2 ** 20) });
}

function benchConfig() {
  return validateConfig(
    {
      name: 'warehouse-bench',
      seed: 11,
      sources: { customers: { path: 'bench/customers.csv' }, transactions: { path: 'bench/orders.csv' } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', invoice: 'invoice', category: 'category', discount: 'discount' },
      clean: { ranges: { age: [16, 110] } },
      features: {
        behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days', 'return_rate', 'discount_share', 'trend_90d', 'category_shares', 'rfm_scores'],
        customerColumns: ['income', 'newsletter'],
        categoricalColumns: ['region', 'plan'],
        bands: { age: [30, 50] },
        logColumns: ['income'],
        asOf: AS_OF,
      },
      fairness: { protected: [] },
    },
    '/tmp/seglab-bench',
  );
}

async function fit(file: string, sampleCustomers: number): Promise<void> {
  const t0 = performance.now();
  const wh = await duck(file);
  // The pull is a filtered scan: DuckDB needs little memory for it, but caches the scanned file's blocks up to its limit.
  await wh.exec(`SET memory_limit = '${process.env.BENCH_PULL_MEMORY ?? '200MB'}'`);
  const total = Number((await wh.query('SELECT count(*) AS n FROM customers'))[0].n);
  const keep = sampleBuckets(total, sampleCustomers);
  const q = sampleQueries('duckdb', 'customer_id', keep, { customers: 'customers', orders: 'orders' });
  // Streamed chunk by chunk into text cells (pullTable), as run --warehouse streams them into its sample files.
  const customerTable = await pullTable(wh, q.customers, 'customers', ['customer_id', 'region', 'plan', 'age', 'income', 'newsletter', 'unused_notes']);
  const orderTable = await pullTable(wh, q.orders as string, 'transactions', ['invoice', 'customer_id', 'order_date', 'amount', 'category', 'discount']);
  await wh.close();
  const tPull = performance.now();
  const pullRss = peakMiB();
  const config = benchConfig();
  const customers = cleanCustomers(customerTable, config, {}, {});
  const allIds = new Set(customers.ids);
  const tx = cleanTransactions(orderTable, config, allIds, allIds);
  const features = buildFeatures(customers, tx, config);
  const k = 4;
  const km = fitKMeans(features.scaled, k, { restarts: 3, maxIterations: 100 }, createRng(5));
  const model = buildModel(
    {
      config,
      features,
      representation: FEATURES_SPACE,
      selection: { weights: null, method: 'kmeans' },
      clustering: { k, centroids: km.centroids },
      profiles: km.centroids.map((_, s) => ({ segment: s, label: `Segment ${s + 1}` })),
    },
    null,
  );
  fs.writeFileSync(`${file}.model.json`, JSON.stringify(model));
  const sizes = km.centroids.map((_, s) => km.labels.filter((l) => l === s).length);
  report('fit', t0, { customersInTable: total, keepBuckets: `${keep} of ${SAMPLE_BUCKETS}`, sampledCustomers: customerTable.rows.length, sampledLines: orderTable.rows.length, peakRssAfterPullMiB: pullRss, pullSeconds: Number(((tPull - t0) / 1000).toFixed(1)), features: features.names.length, sampleSegmentSizes: sizes });
}

async function score(file: string, index: number, count: number): Promise<void> {
  const t0 = performance.now();
  const model = loadModel(JSON.parse(fs.readFileSync(`${file}.model.json`, 'utf8')));
  const wh = await duck(file);
  // One slice of the customers per process (hash bucket of the id): shorter locked jobs, less memory.
  const { sql } = scoringSql(model, 'duckdb', { asOf: AS_OF, slice: { index, count } });
  await wh.exec(index === 0 ? `CREATE OR REPLACE TABLE segments AS ${sql}` : `INSERT INTO segments ${sql}`);
  const tScore = performance.now();
  if (index < count - 1) {
    await wh.close();
    report('score', t0, { slice: `${index + 1} of ${count}`, scoreSeconds: Number(((tScore - t0) / 1000).toFixed(1)) });
    return;
  }
  const sizes = await wh.query('SELECT segment, count(*) AS customers, avg(distance) AS mean_distance FROM segments GROUP BY segment ORDER BY segment');
  const lines = Number((await wh.query('SELECT count(*) AS n FROM orders'))[0].n);
  await wh.close();
  report('score', t0, {
    slice: `${index + 1} of ${count}`,
    lines,
    scoreSeconds: Number(((tScore - t0) / 1000).toFixed(1)),
    segments: sizes.map((r) => ({ segment: Number(r.segment), customers: Number(r.customers), meanDistance: Number(Number(r.mean_distance).toFixed(3)) })),
  });
}

async function staged(file: string, step: number, parts: number): Promise<void> {
  const t0 = performance.now();
  const model = loadModel(JSON.parse(fs.readFileSync(`${file}.model.json`, 'utf8')));
  const wh = await duck(file);
  // One thread: DuckDB's out-of-core aggregation then holds one thread's hash table and partitions
  // at a time (at 2 threads the first GROUP BY ran out of its 500 MB after spilling 7.6 GB).
  await wh.exec(`SET threads = ${process.env.BENCH_THREADS ?? '1'}`);
  // The staged form of lib/warehouse/stages.ts, one statement per process (each its own short locked job).
  const plan = stagedScoringSql(model, 'duckdb', { asOf: AS_OF }, { ...stageTablesOf('segments'), dailyParts: parts });
  const all = [...plan.steps, { table: 'segments', sql: plan.scoring.sql, insert: false }];
  const { table, sql, insert } = all[step];
  if (!insert) await wh.exec(`DROP TABLE IF EXISTS ${table}`);
  await wh.exec(insert ? `INSERT INTO ${table} ${sql}` : createTableAs('duckdb', table, sql));
  const engineSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  const rows = Number((await wh.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  let extra: Record<string, unknown> = {};
  if (step === all.length - 1) {
    for (const s of plan.steps) if (!s.insert) await wh.exec(`DROP TABLE IF EXISTS ${s.table}`);
    await wh.exec('CHECKPOINT');
    const sizes = await wh.query('SELECT segment, count(*) AS customers, avg(distance) AS mean_distance FROM segments GROUP BY segment ORDER BY segment');
    extra = { segments: sizes.map((r) => ({ segment: Number(r.segment), customers: Number(r.customers), meanDistance: Number(Number(r.mean_distance).toFixed(3)) })) };
  }
  await wh.close();
  report('staged', t0, { step: `${step + 1} of ${all.length}`, table, rows, engineSeconds, fileMiB: Math.round(fs.statSync(file).size / 2 ** 20), ...extra });
}

const CH_COLUMNS = `invoice String, customer_id String, order_date DateTime('UTC'), amount Float64, category Nullable(String), discount Float64`;
const CH_CUSTOMERS = `customer_id String, region Nullable(String), plan String, age Float64, income Float64, newsletter Float64, unused_notes String`;

async function chGen(url: string, customers: number, lines: number): Promise<void> {
  const t0 = performance.now();
  const urls = url.split(',');
  const shards = await Promise.all(urls.map((u) => openWarehouse(u)));
  for (let s = 0; s < shards.length; s++) {
    const wh = shards[s];
    for (const t of ['bench_orders', 'bench_customers']) await wh.exec(`DROP TABLE IF EXISTS ${t}_local`);
    await wh.exec(`CREATE TABLE bench_orders_local (${CH_COLUMNS}) ENGINE = MergeTree ORDER BY customer_id`);
    await wh.exec(`CREATE TABLE bench_customers_local (${CH_CUSTOMERS}) ENGINE = MergeTree ORDER BY customer_id`);
    // Rows split between the shards by row number: shard s holds the rows n with n % shards = s.
    await wh.exec(`INSERT INTO bench_customers_local ${customersSelect(chSpelling('number'), 'number')} FROM numbers(${customers}) WHERE number % ${shards.length} = ${s}`);
    await wh.exec(`INSERT INTO bench_orders_local ${ordersSelect(chSpelling('number'), 'number', customers, (sec) => `toDateTime('${AS_OF} 00:00:00', 'UTC') - ${sec}`)} FROM numbers(${lines}) WHERE number % ${shards.length} = ${s}`);
  }
  for (const t of ['bench_orders', 'bench_customers']) {
    await shards[0].exec(`DROP TABLE IF EXISTS ${t}`);
    await shards[0].exec(`CREATE TABLE ${t} AS ${t}_local ENGINE = Distributed(seglab_2shards, default, ${t}_local, rand())`);
  }
  const n = Number((await shards[0].query('SELECT count() AS n FROM bench_orders'))[0].n);
  await Promise.all(shards.map((w) => w.close()));
  report('ch-gen', t0, { linesInTable: n, shards: urls.length });
}

async function chScore(url: string, modelFile: string, slices: number): Promise<void> {
  const t0 = performance.now();
  const model = loadModel(JSON.parse(fs.readFileSync(modelFile, 'utf8')));
  const wh = await openWarehouse(url.split(',')[0]);
  await wh.exec('DROP TABLE IF EXISTS bench_segments');
  for (let index = 0; index < slices; index++) {
    const { sql } = scoringSql(model, 'clickhouse', { orders: 'bench_orders', customers: 'bench_customers', asOf: AS_OF, slice: { index, count: slices } });
    await wh.exec(index === 0 ? `CREATE TABLE bench_segments ENGINE = MergeTree ORDER BY tuple() AS ${sql}` : `INSERT INTO bench_segments ${sql}`);
  }
  const tScore = performance.now();
  const sizes = await wh.query('SELECT segment, count() AS customers, avg(distance) AS mean_distance FROM bench_segments GROUP BY segment ORDER BY segment');
  await wh.close();
  report('ch-score', t0, {
    slices,
    scoreSeconds: Number(((tScore - t0) / 1000).toFixed(1)),
    segments: sizes.map((r) => ({ segment: Number(r.segment), customers: Number(r.customers), meanDistance: Number(Number(r.mean_distance).toFixed(3)) })),
  });
}

async function mainBench(argv: string[]): Promise<void> {
  const [step, a, b, c, d, e] = argv;
  switch (step) {
    case 'gen':
      return gen(path.resolve(a), Number(b), Number(c), Number(d), Number(e));
    case 'fit':
      return fit(path.resolve(a), Number(b));
    case 'score':
      return score(path.resolve(a), Number(b ?? 0), Number(c ?? 1));
    case 'staged':
      return staged(path.resolve(a), Number(b), Number(c ?? 1));
    case 'ch-gen':
      return chGen(a, Number(b), Number(c));
    case 'ch-score':
      return chScore(a, path.resolve(b), Number(c ?? 1));
    default:
      console.error('usage: node dist/bench/warehouse.js gen|fit|score|staged|ch-gen|ch-score ... (see the comment at the top of bench/warehouse.ts)');
      process.exitCode = 2;
  }
}

mainBench(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
