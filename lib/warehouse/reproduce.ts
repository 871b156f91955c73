/**
 * `seglab reproduce` of a `seglab run --warehouse`: the run's inputs were a hash sample pulled into
 * a temporary folder and removed, so the sample is pulled again from the engine the manifest names
 * (same tables, same buckets, sorted by every column), and the ordinary reproduction reruns the
 * pipeline on it and compares every stage's fingerprint. A changed table shows as a changed input.
 *
 *   manifest.warehouse (engine, url, tables, keep) ──pullSample──> temp files ──reproduceRun──> report
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fail, msg } from '../errors/messages';
import { readManifest, reproduceRun, type ReproduceReport } from '../pipeline/reproduce';
import { openWarehouse } from './engines';
import type { WarehouseRecord } from './run';
import { pullSample } from './sample';

/** The environment variable with the full URL when the recorded one had its password removed. */
export const WAREHOUSE_URL_ENV = 'SEGLAB_WAREHOUSE_URL';

/** The warehouse record of a run folder's manifest, or null for an ordinary run. */
export function warehouseOf(runDir: string): Omit<WarehouseRecord, 'aggregates'> | null {
  const manifest = readManifest(runDir) as { warehouse?: Omit<WarehouseRecord, 'aggregates'> };
  return manifest.warehouse ?? null;
}

/**
 * Pull the recorded sample again and reproduce the run on it.
 * @example const report = await reproduceWarehouseRun('reports/shop', process.env);
 */
export async function reproduceWarehouseRun(runDir: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<ReproduceReport> {
  const record = warehouseOf(runDir);
  if (!record) return reproduceRun(runDir);
  const manifest = readManifest(runDir);
  const url = env[WAREHOUSE_URL_ENV] || record.url;
  if (url.includes(':***@')) {
    fail('reproduce', msg.warehouseReproduceNeeds(runDir, `its recorded URL ${record.url} has the password removed; set ${WAREHOUSE_URL_ENV} to the full URL and rerun.`));
  }
  if (record.engine === 'duckdb' && url !== ':memory:' && !fs.existsSync(url)) {
    fail('reproduce', msg.warehouseReproduceNeeds(runDir, `its DuckDB file ${url} does not exist; set ${WAREHOUSE_URL_ENV} to where the file is now and rerun.`));
  }
  if (url === ':memory:') fail('reproduce', msg.warehouseReproduceNeeds(runDir, 'it read an in-memory DuckDB database, which is gone; it cannot be pulled again.'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-warehouse-reproduce-'));
  try {
    const wh = await openWarehouse(url);
    let pulled;
    try {
      pulled = await pullSample(wh, manifest.config.columns.customerId, record.sample.keep, { customers: record.tables.customers, orders: record.tables.orders }, dir);
    } finally {
      await wh.close();
    }
    return await reproduceRun(runDir, { inputs: { customers: pulled.customersFile, transactions: pulled.ordersFile } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
