import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { openWarehouse } from '../../lib/warehouse/engines';
import type { WarehouseRecord } from '../../lib/warehouse/run';
import { tempDir } from '../helpers/paths';
import { makeShop, shopColumns, AS_OF } from './fixture';

test('seglab run --warehouse (DuckDB file): sample pulled, model fitted, every customer scored into a table, aggregates from the engine', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'shop.duckdb');
  const shop = makeShop(300, 31);
  const customers = shop.customers.map((c, i) => ({ ...c, gender: i % 3 === 0 ? 'F' : 'M', churned: i % 4 === 0 ? 1 : 0 }));
  let wh = await openWarehouse(file);
  const cols = shopColumns('duckdb');
  await wh.exec(`CREATE TABLE customers (${cols.customers}, gender VARCHAR, churned DOUBLE)`);
  await wh.exec(`CREATE TABLE orders (${cols.orders})`);
  await wh.insert('customers', customers);
  await wh.insert('orders', shop.orders);
  await wh.close();
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
  const code = await main(['run', '--warehouse', file, '--config', path.join(dir, 'config.json'), '--out', out], { log: (s) => logs.push(s), error: (s) => errors.push(s) });
  assert.equal(code, 0, errors.join('\n'));
  const record = JSON.parse(fs.readFileSync(path.join(out, 'warehouse.json'), 'utf8')) as WarehouseRecord;
  assert.equal(record.engine, 'duckdb');
  assert.equal(record.sample.customersInTable, 300);
  assert.equal(record.sample.customers, 300, 'fewer customers than the minimum sample: everyone is sampled');
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  assert.equal(manifest.warehouse.dialect, 'duckdb');
  assert.equal(manifest.warehouse.sql, record.sql);
  // The segments table holds every scorable customer; its sizes equal the run's own segments.csv
  // (k-means labels are the nearest centroids, so the SQL reproduces them).
  wh = await openWarehouse(file);
  try {
    const rows = await wh.query('SELECT customer_id, segment FROM seglab_segments');
    const csv = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const runSegment = new Map(csv.map(([id, s]) => [id, Number(s)]));
    assert.equal(rows.length, runSegment.size);
    for (const r of rows) assert.equal(Number(r.segment), runSegment.get(String(r.customer_id)), String(r.customer_id));
    const sizes = record.aggregates.sizes.map((s) => s.customers);
    assert.equal(sizes.reduce((a, b) => a + b, 0), rows.length);
    // Segment x gender counts add up to the sizes; value and outcome per segment exist.
    const byGender = record.aggregates.groups.gender;
    for (const s of record.aggregates.sizes) assert.equal(byGender.filter((g) => g.segment === s.segment).reduce((a, g) => a + g.customers, 0), s.customers);
    assert.equal(record.aggregates.value.length, 3);
    assert.ok((record.aggregates.outcome ?? []).every((o) => o.rate !== null && o.rate >= 0 && o.rate <= 1));
    // Reruns sample the same customers (hash of the id, no random draw).
    assert.equal(record.sample.keep, 10_000);
  } finally {
    await wh.close();
  }
  assert.match(logs.join('\n'), /300 sampled customers/);
});
