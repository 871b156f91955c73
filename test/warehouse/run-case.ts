/**
 * One `seglab run --warehouse` case, shared by the DuckDB test and the live PostgreSQL / ClickHouse
 * tests: the shop (plus a protected attribute and an outcome) in the engine's tables, a run, and
 * the checks on what it wrote and what it left in the engine.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { openWarehouse, type Row, type Warehouse } from '../../lib/warehouse/engines';
import type { WarehouseRecord } from '../../lib/warehouse/run';
import { tempDir } from '../helpers/paths';
import { makeShop, shopColumns, AS_OF } from './fixture';

/** The shop's customers with a protected attribute (gender) and an outcome (churned). */
export function runShop(): { customers: Row[]; orders: Row[] } {
  const shop = makeShop(300, 31);
  return { customers: shop.customers.map((c, i) => ({ ...c, gender: i % 3 === 0 ? 'F' : 'M', churned: i % 4 === 0 ? 1 : 0 })), orders: shop.orders };
}

/**
 * The shop of runShop written to a new DuckDB file (tables customers and orders).
 * @example const { file } = await duckdbShopFile()
 */
export async function duckdbShopFile(): Promise<{ dir: string; file: string; shop: ReturnType<typeof runShop> }> {
  const dir = tempDir();
  const file = path.join(dir, 'shop.duckdb');
  const shop = runShop();
  const wh = await openWarehouse(file);
  const cols = shopColumns('duckdb');
  await wh.exec(`CREATE TABLE customers (${cols.customers}, gender VARCHAR, churned DOUBLE)`);
  await wh.exec(`CREATE TABLE orders (${cols.orders})`);
  await wh.insert('customers', shop.customers);
  await wh.insert('orders', shop.orders);
  await wh.close();
  return { dir, file, shop };
}

/**
 * Run `seglab run --warehouse url` on tables the caller filled, and check the result.
 * @param tables the table names to pass (schema-qualified where needed)
 */
export async function checkWarehouseRun(url: string, tables: { customers: string; orders: string; segments: string }): Promise<WarehouseRecord> {
  const dir = tempDir();
  const config = {
    name: 'warehouse-run',
    seed: 5,
    columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', invoice: 'invoice', category: 'category', discount: 'discount', label: 'churned' },
    features: { behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'return_rate'], customerColumns: ['income'], categoricalColumns: ['plan'], asOf: AS_OF },
    embed: { enabled: false },
    cluster: { kMin: 3, kMax: 3, restarts: 2 },
    fairness: { protected: ['gender'] },
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const out = path.join(dir, 'run');
  const logs: string[] = [];
  const errors: string[] = [];
  const args = ['run', '--warehouse', url, '--config', path.join(dir, 'config.json'), '--out', out, '--customers', tables.customers, '--orders', tables.orders, '--segments-table', tables.segments];
  const code = await main(args, { log: (s) => logs.push(s), error: (s) => errors.push(s) });
  assert.equal(code, 0, errors.join('\n'));
  const record = JSON.parse(fs.readFileSync(path.join(out, 'warehouse.json'), 'utf8')) as WarehouseRecord;
  assert.equal(record.sample.customersInTable, 300);
  assert.equal(record.sample.customers, 300, 'fewer customers than the minimum sample: everyone is sampled');
  assert.equal(record.sample.keep, 10_000);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  assert.equal(manifest.warehouse.dialect, record.dialect);
  assert.equal(manifest.warehouse.sql, record.sql);
  assert.equal(fs.readdirSync(path.dirname(out)).filter((f) => f !== 'run' && f !== 'config.json').length, 0, 'no copy of the sample left behind');
  // The segments table holds every scorable customer, each in the run's own segment (k-means labels are nearest centroids).
  const wh: Warehouse = await openWarehouse(url.split(',')[0]);
  try {
    const rows = await wh.query(`SELECT customer_id, segment FROM ${tables.segments}`);
    const csv = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const runSegment = new Map(csv.map(([id, s]) => [id, Number(s)]));
    assert.equal(rows.length, runSegment.size);
    for (const r of rows) assert.equal(Number(r.segment), runSegment.get(String(r.customer_id)), String(r.customer_id));
  } finally {
    await wh.close();
  }
  const sizes = record.aggregates.sizes;
  assert.equal(sizes.length, 3);
  const csvSizes = [1, 2, 3].map((s) => fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').split('\n').filter((l) => l.split(',')[1] === String(s)).length);
  assert.deepEqual(sizes.map((s) => s.customers), csvSizes);
  // Segment x gender counts as published (fairness.minCellSize 50): a shown cell is 0 or at least 50, a row
  // never has exactly one withheld cell (the segment size would give it back), and the shown ones add up.
  const MIN = 50;
  for (const s of sizes) {
    const cells = record.aggregates.groups.gender.filter((g) => g.segment === s.segment);
    const shown = cells.filter((g) => g.customers !== null).map((g) => g.customers as number);
    for (const c of shown) assert.ok(c === 0 || c >= MIN, `segment ${s.segment}: a cell of ${c} published`);
    const hidden = cells.length - shown.length;
    assert.notEqual(hidden, 1, `segment ${s.segment}: one withheld cell is the size minus the others`);
    const sum = shown.reduce((a, b) => a + b, 0);
    if (hidden === 0) assert.equal(sum, s.customers);
    else assert.ok(sum < s.customers);
  }
  assert.equal(record.aggregates.value.length, 3);
  // Churn (0/1) rates: withheld, or standing for at least 50 churners and 50 others.
  const outcome = record.aggregates.outcome ?? [];
  assert.equal(outcome.length, 3);
  for (const o of outcome) {
    if (o.rate === null) assert.equal(o.withheld, true);
    else assert.ok(o.rate >= 0 && o.rate <= 1 && ((o.ones as number) === 0 || (o.ones as number) >= MIN) && ((o.zeros as number) === 0 || (o.zeros as number) >= MIN), JSON.stringify(o));
  }
  assert.match(logs.join('\n'), /300 sampled customers/);
  return record;
}
