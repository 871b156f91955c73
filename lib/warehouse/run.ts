/**
 * `seglab run --warehouse <url>`: a run whose data stays in the database.
 *
 *   deterministic hash sample (sample.ts) ──pull──> ordinary run on the sample (fit, report)
 *     ──model.json──> scoring SQL (score-sql.ts) ──CREATE TABLE──> segments table in the engine
 *     ──> aggregates in the engine (segment sizes, order value, segment x group counts of each
 *         protected attribute, outcome rate) ──> warehouse.json + manifest.json "warehouse"
 *
 * The sample is written to a temporary folder for the run and removed afterwards (it is the
 * user's data; the run folder never holds a copy). Only the aggregates leave the engine.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunConfig } from '../config/types';
import { validateConfig } from '../config/validate';
import { fail, msg } from '../errors/messages';
import { writeFileAtomic } from '../io/atomic';
import { csvField } from '../io/csv';
import { loadModel } from '../model/artifact';
import { runPipeline } from '../pipeline/run';
import { writeRunOutputs } from '../pipeline/outputs';
import { dialect as dialectOf, tableName } from './dialects';
import { openWarehouse, type Row, type Warehouse } from './engines';
import { checkSampleSize, rowsToRawTable, SAMPLE_BUCKETS, sampleBuckets, sampleQueries } from './sample';
import { scoringSql } from './score-sql';

/** Parsed flags of `seglab run --warehouse`. */
export interface WarehouseRunFlags {
  config: string;
  warehouse: string;
  orders: string;
  customers: string;
  segmentsTable: string;
  out: string | null;
  minSample: number;
  asOf: string | null;
}

/** A connection URL without its password, for the record. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}

/** Rows of a table's sample as CSV text (header from the first row's keys, or the given header). */
function csvOf(rows: readonly Row[], header: readonly string[]): string {
  const table = rowsToRawTable('sample', rows, header);
  return `${[table.header, ...table.rows].map((r) => r.map((v) => csvField(v)).join(',')).join('\n')}\n`;
}

async function columnsOf(wh: Warehouse, table: string): Promise<string[]> {
  const d = dialectOf(wh.dialect);
  const rows = await wh.query(`SELECT * FROM ${tableName(d, table)} LIMIT 1`);
  if (rows.length === 0) fail('warehouse', msg.warehouseFailed(wh.engine, `the table ${table} is empty`));
  return Object.keys(rows[0]);
}

/** What the engine computed for the report, per segment (1..k). */
export interface WarehouseAggregates {
  sizes: { segment: number; customers: number }[];
  /** Sum of order amounts (net of returns) of the segment's customers, up to the as-of day. */
  value: { segment: number; amount: number }[];
  /** Customers per segment and group of each protected attribute (the fairness card's counts). */
  groups: Record<string, { segment: number; group: string | null; customers: number }[]>;
  /** Mean of columns.label per segment (the outcome rate), when the config names one. */
  outcome: { segment: number; rate: number | null }[] | null;
}

async function aggregates(wh: Warehouse, config: RunConfig, flags: WarehouseRunFlags, asOf: string): Promise<WarehouseAggregates> {
  const d = dialectOf(wh.dialect);
  const seg = tableName(d, flags.segmentsTable);
  const id = (col: string): string => d.trim(d.text(d.ident(col)));
  const segs = `(SELECT ${d.ident('customer_id')} AS v_cid, ${d.ident('segment')} AS v_seg FROM ${seg}) AS scored`;
  const sizes = await wh.query(`SELECT ${d.ident('segment')} AS segment, count(*) AS customers FROM ${seg} GROUP BY ${d.ident('segment')} ORDER BY segment`);
  const c = config.columns;
  const cut = Date.parse(`${asOf}T00:00:00Z`) + 86_400_000 - 1;
  const value = asOf
    ? await wh.query(
        `SELECT v_seg AS segment, sum(v_amt) AS amount FROM ${segs} ${d.innerJoin} (SELECT ${id(c.customerId)} AS v_cid, ${d.double(d.ident(c.amount))} AS v_amt FROM ${tableName(d, flags.orders)} WHERE ${d.epochMs(d.ident(c.orderDate))} <= ${cut}) AS lines USING (v_cid) GROUP BY v_seg ORDER BY segment`,
      )
    : [];
  const groups: WarehouseAggregates['groups'] = {};
  for (const p of config.fairness.protected) {
    const rows = await wh.query(
      `SELECT v_seg AS segment, v_grp AS grp, count(*) AS customers FROM ${segs} ${d.innerJoin} (SELECT ${id(c.customerId)} AS v_cid, ${d.text(d.ident(p))} AS v_grp FROM ${tableName(d, flags.customers)}) AS people USING (v_cid) GROUP BY v_seg, v_grp ORDER BY segment, grp`,
    );
    groups[p] = rows.map((r) => ({ segment: Number(r.segment), group: r.grp === null || r.grp === undefined ? null : String(r.grp), customers: Number(r.customers) }));
  }
  const outcome = c.label
    ? (
        await wh.query(
          `SELECT v_seg AS segment, avg(v_y) AS rate FROM ${segs} ${d.innerJoin} (SELECT ${id(c.customerId)} AS v_cid, ${d.double(d.ident(c.label))} AS v_y FROM ${tableName(d, flags.customers)}) AS outcomes USING (v_cid) GROUP BY v_seg ORDER BY segment`,
        )
      ).map((r) => ({ segment: Number(r.segment), rate: r.rate === null ? null : Number(r.rate) }))
    : null;
  return {
    sizes: sizes.map((r) => ({ segment: Number(r.segment), customers: Number(r.customers) })),
    value: value.map((r) => ({ segment: Number(r.segment), amount: Number(r.amount) })),
    groups,
    outcome,
  };
}

/** The record of a warehouse run (warehouse.json, and "warehouse" in manifest.json). */
export interface WarehouseRecord {
  engine: Warehouse['engine'];
  dialect: string;
  url: string;
  tables: { orders: string; customers: string; segments: string };
  sample: { rule: string; buckets: number; keep: number; customersInTable: number; customers: number; lines: number; smallestSegment: number; enough: boolean; keepToReachRule: number };
  asOf: string;
  sql: string;
  aggregates: WarehouseAggregates;
}

/**
 * The body of `seglab run --warehouse` on parsed flags (lib/cli/warehouse.ts parses them); returns the exit code (0).
 * @example await runWarehouse(parseWarehouseFlags(['--warehouse', 'shop.duckdb', '--config', 'seglab.config.json']), console)
 */
export async function runWarehouse(flags: WarehouseRunFlags, out: { log: (s: string) => void }): Promise<number> {
  if (!fs.existsSync(flags.config)) fail('cli', msg.warehouseRunUsage(`the config file ${flags.config} does not exist`));
  const json = JSON.parse(fs.readFileSync(flags.config, 'utf8')) as Record<string, unknown>;
  const wh = await openWarehouse(flags.warehouse);
  const sampleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-warehouse-sample-'));
  try {
    const d = dialectOf(wh.dialect);
    // The tables replace the config's sources: placeholders until the sample files exist.
    const placeholder = { customers: { path: path.join(sampleDir, 'customers.csv') }, transactions: { path: path.join(sampleDir, 'orders.csv') } };
    const base = validateConfig({ ...json, sources: placeholder, ...(flags.out ? { outDir: flags.out } : {}) }, path.dirname(flags.config));
    const total = Number((await wh.query(`SELECT count(*) AS n FROM ${tableName(d, flags.customers)}`))[0].n);
    const keep = sampleBuckets(total, flags.minSample);
    const q = sampleQueries(wh.dialect, base.columns.customerId, keep, { customers: flags.customers, orders: flags.orders });
    const customerRows = await wh.query(q.customers);
    const orderRows = await wh.query(q.orders as string);
    const customersFile = path.join(sampleDir, 'customers.csv');
    const ordersFile = path.join(sampleDir, 'orders.csv');
    fs.writeFileSync(customersFile, csvOf(customerRows, await columnsOf(wh, flags.customers)));
    fs.writeFileSync(ordersFile, csvOf(orderRows, await columnsOf(wh, flags.orders)));
    // The ordinary run, on the sample: the same cleaning, features, model and report as for files.
    const asOf = flags.asOf ?? base.features.asOf ?? new Date().toISOString().slice(0, 10);
    const config = validateConfig(
      {
        ...json,
        outDir: base.outDir,
        sources: { customers: { path: customersFile }, transactions: { path: ordersFile } },
        features: { ...((json.features as Record<string, unknown>) ?? {}), asOf },
      },
      path.dirname(flags.config),
    );
    const run = await runPipeline(config);
    const manifest = await writeRunOutputs(run, run.inputs);
    const model = loadModel(JSON.parse(fs.readFileSync(path.join(config.outDir, 'model.json'), 'utf8')));
    const { sql } = scoringSql(model, wh.dialect, { orders: flags.orders, customers: flags.customers, asOf });
    const target = tableName(d, flags.segmentsTable);
    await wh.exec(`DROP TABLE IF EXISTS ${target}`);
    await wh.exec(wh.engine === 'clickhouse' ? `CREATE TABLE ${target} ENGINE = MergeTree ORDER BY tuple() AS ${sql}` : `CREATE TABLE ${target} AS ${sql}`);
    const agg = await aggregates(wh, config, flags, asOf);
    const sampleSizes = model.segments.map((s) => run.clustering.labels.filter((l) => l === s.index).length);
    const check = checkSampleSize(sampleSizes, keep);
    const record: WarehouseRecord = {
      engine: wh.engine,
      dialect: wh.dialect,
      url: redactUrl(flags.warehouse),
      tables: { orders: flags.orders, customers: flags.customers, segments: flags.segmentsTable },
      sample: {
        rule: `customers whose ${wh.dialect} hash bucket of the trimmed id (of ${SAMPLE_BUCKETS}) is below keep; keep = enough buckets for ${flags.minSample} customers (all when fewer); the smallest segment should have >= 1,000 sampled customers`,
        buckets: SAMPLE_BUCKETS,
        keep,
        customersInTable: total,
        customers: customerRows.length,
        lines: orderRows.length,
        smallestSegment: Math.min(...sampleSizes),
        enough: check.enough,
        keepToReachRule: check.keep,
      },
      asOf,
      sql,
      aggregates: agg,
    };
    writeFileAtomic(path.join(config.outDir, 'warehouse.json'), `${JSON.stringify(record, null, 2)}\n`);
    writeFileAtomic(path.join(config.outDir, 'manifest.json'), `${JSON.stringify({ ...manifest, warehouse: { ...record, aggregates: undefined } }, null, 2)}\n`);
    const scored = agg.sizes.reduce((a, s) => a + s.customers, 0);
    out.log(
      `seglab run --warehouse: model fitted on ${customerRows.length} sampled customers (${keep} of ${SAMPLE_BUCKETS} hash buckets); ${scored} customers scored into ${flags.segmentsTable} in ${wh.engine}. Wrote ${path.relative(process.cwd(), config.outDir) || '.'}`,
    );
    if (!check.enough) out.log(`note: the smallest segment has ${Math.min(...sampleSizes)} sampled customers (fewer than 1,000); rerun with --min-sample ${Math.ceil((check.keep * Math.max(total, 1)) / SAMPLE_BUCKETS)} for a steadier fit.`);
    return 0;
  } finally {
    fs.rmSync(sampleDir, { recursive: true, force: true });
    await wh.close();
  }
}
