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
import { buildModel, loadModel } from '../model/artifact';
import { runPipeline } from '../pipeline/run';
import { writeRunOutputs } from '../pipeline/outputs';
import { dialect as dialectOf, tableName } from './dialects';
import { openWarehouse, type Row, type Warehouse } from './engines';
import { checkSampleSize, pullSample, SAMPLE_BUCKETS, sampleBuckets } from './sample';
import { scoreIntoTable } from './stages';
import { publishedAggregates, warehouseReport, type WarehouseAggregates } from './report-section';

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
  /** Score in stages through work tables (stages.ts): one scan of the order lines, one blocking operator per statement. */
  staged: boolean;
  /** Hash parts the customer-day work table is filled in (staged only; 1 = one GROUP BY). */
  dailyParts: number;
}

/** A connection URL without its password, for the record. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}

export type { WarehouseAggregates } from './report-section';

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
          `SELECT v_seg AS segment, avg(v_y) AS rate, count(v_y) AS known, sum(CASE WHEN v_y = 1 THEN 1 ELSE 0 END) AS ones, sum(CASE WHEN v_y = 0 THEN 1 ELSE 0 END) AS zeros FROM ${segs} ${d.innerJoin} (SELECT ${id(c.customerId)} AS v_cid, ${d.double(d.ident(c.label))} AS v_y FROM ${tableName(d, flags.customers)}) AS outcomes USING (v_cid) GROUP BY v_seg ORDER BY segment`,
        )
      ).map((r) => ({ segment: Number(r.segment), rate: r.rate === null ? null : Number(r.rate), known: Number(r.known), ones: Number(r.ones), zeros: Number(r.zeros) }))
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
  /** Staged scoring: the work-table statements run before `sql` (removed afterwards). */
  stages?: { table: string; sql: string }[];
  aggregates: WarehouseAggregates;
}

/**
 * The body of `seglab run --warehouse` on parsed flags (lib/cli/warehouse.ts parses them); returns the exit code (0).
 * @example await runWarehouse(parseWarehouseFlags(['--warehouse', 'shop.duckdb', '--config', 'seglab.config.json']), console)
 */
export async function runWarehouse(flags: WarehouseRunFlags, out: { log: (s: string) => void }): Promise<number> {
  if (!fs.existsSync(flags.config)) fail('cli', msg.warehouseRunUsage(`the config file ${flags.config} does not exist`));
  const json = JSON.parse(fs.readFileSync(flags.config, 'utf8')) as Record<string, unknown>;
  let wh = await openWarehouse(flags.warehouse);
  const sampleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-warehouse-sample-'));
  try {
    const d = dialectOf(wh.dialect);
    // The tables replace the config's sources: placeholders until the sample files exist.
    const placeholder = { customers: { path: path.join(sampleDir, 'customers.csv') }, transactions: { path: path.join(sampleDir, 'orders.csv') } };
    const base = validateConfig({ ...json, sources: placeholder, ...(flags.out ? { outDir: flags.out } : {}) }, path.dirname(flags.config));
    const total = Number((await wh.query(`SELECT count(*) AS n FROM ${tableName(d, flags.customers)}`))[0].n);
    const keep = sampleBuckets(total, flags.minSample);
    // Streamed into the files chunk by chunk: the sample is never held whole in this process.
    const pulled = await pullSample(wh, base.columns.customerId, keep, { customers: flags.customers, orders: flags.orders }, sampleDir);
    const { customersFile, ordersFile, customers: sampledCustomers, lines: sampledLines } = pulled;
    // Closed while the model is fitted: an embedded engine's buffers (the scanned table) are given back first.
    await wh.close();
    wh = await openWarehouse(flags.warehouse);
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
    // The model as model.json will hold it: scored in the engine before the run folder is written,
    // so the report can show the engine's figures for all customers beside the sample's.
    const model = loadModel(JSON.parse(JSON.stringify(buildModel(run, run.autoencoder))));
    const scored = await scoreIntoTable(wh, model, { orders: flags.orders, customers: flags.customers, asOf }, flags.segmentsTable, flags.staged, flags.dailyParts);
    const sql = scored.sql;
    // Small cells never leave the run: group counts and 0/1 outcome rates under fairness.minCellSize are
    // withheld (with the cells that would give them back) before the record and the report see them.
    const agg = publishedAggregates(await aggregates(wh, config, flags, asOf), config.fairness.minCellSize);
    const sampleSizes = Array.from({ length: model.k }, (_, s) => run.clustering.labels.filter((l) => l === s).length);
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
        customers: sampledCustomers,
        lines: sampledLines,
        smallestSegment: Math.min(...sampleSizes),
        enough: check.enough,
        keepToReachRule: check.keep,
      },
      asOf,
      sql,
      ...(scored.staged ? { stages: scored.statements.slice(0, -1).map(({ table, sql: stepSql }) => ({ table, sql: stepSql })) } : {}),
      aggregates: agg,
    };
    const { notice, section } = warehouseReport({
      engine: wh.engine,
      tables: record.tables,
      asOf,
      sample: record.sample,
      sampleSizes,
      names: [...model.segments].sort((a, b) => a.index - b.index).map((sg) => sg.name),
      label: config.columns.label ?? null,
      usesOrders: model.transform.rfm !== undefined,
      aggregates: agg,
      minCellSize: config.fairness.minCellSize,
    });
    await writeRunOutputs(run, run.inputs, {}, {
      notices: [notice],
      sections: [section],
      files: { 'warehouse.json': `${JSON.stringify(record, null, 2)}\n` },
      manifest: { warehouse: { ...record, aggregates: undefined } },
    });
    const scoredCount = agg.sizes.reduce((a, s) => a + s.customers, 0);
    out.log(
      `seglab run --warehouse: model fitted on ${sampledCustomers} sampled customers (${keep} of ${SAMPLE_BUCKETS} hash buckets); ${scoredCount} customers scored into ${flags.segmentsTable} in ${wh.engine}. Wrote ${path.relative(process.cwd(), config.outDir) || '.'}`,
    );
    if (!check.enough) out.log(`note: the smallest segment has ${Math.min(...sampleSizes)} sampled customers (fewer than 1,000); rerun with --min-sample ${Math.ceil((check.keep * Math.max(total, 1)) / SAMPLE_BUCKETS)} for a steadier fit.`);
    return 0;
  } finally {
    fs.rmSync(sampleDir, { recursive: true, force: true });
    await wh.close();
  }
}
