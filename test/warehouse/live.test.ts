import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWarehouse, type Row, type Warehouse } from '../../lib/warehouse/engines';
import { scoringSql } from '../../lib/warehouse/score-sql';
import { scoreIntoTable } from '../../lib/warehouse/stages';
import { compareWithScore, fitShopModel, makeShop, scoreShop, shopColumns, shopConfig, AS_OF } from './fixture';
import { localServices } from './services';
import { checkWarehouseRun, runShop } from './run-case';

const services = localServices();
// With gaps in the numeric customer columns: the SQL must fill them with the saved training fill, as seglab score does.
const shop = makeShop(400, 17, { gaps: true });
const model = fitShopModel(shop, shopConfig());
const reference = scoreShop(model, shop);

function assertSame(rows: readonly Row[]): void {
  const c = compareWithScore(rows, reference);
  assert.deepEqual(c.missing, []);
  assert.deepEqual(c.extra, []);
  assert.equal(c.sameSegment, c.customers, `${c.customers - c.sameSegment} of ${c.customers} customers in another segment (features differ by up to ${c.maxFeatureDiff}: ${c.worst})`);
  assert.ok(c.maxFeatureDiff <= 1e-9, `features differ by ${c.maxFeatureDiff}: ${c.worst}`);
  assert.ok(c.maxDistanceDiff <= 1e-9, `distances differ by ${c.maxDistanceDiff}`);
}

test('PostgreSQL: the generated SQL reproduces seglab score (every customer the same segment, features within 1e-9)', { skip: services.postgres ? false : `PostgreSQL ${services.why}` }, async () => {
  const wh = await openWarehouse(services.postgres as string);
  const schema = `seglab_test_${process.pid}`;
  try {
    await wh.exec(`CREATE SCHEMA ${schema}`);
    const cols = shopColumns('postgres');
    await wh.exec(`CREATE TABLE ${schema}.customers (${cols.customers})`);
    await wh.exec(`CREATE TABLE ${schema}.orders (${cols.orders})`);
    await wh.insert(`${schema}.customers`, shop.customers);
    await wh.insert(`${schema}.orders`, shop.orders);
    const options = { orders: `${schema}.orders`, customers: `${schema}.customers`, asOf: AS_OF };
    const { sql } = scoringSql(model, 'postgres', options);
    assertSame(await wh.query(sql));
    // Staged through work tables: the same result, work tables removed.
    await scoreIntoTable(wh, model, options, `${schema}.staged`, true);
    assertSame(await wh.query(`SELECT * FROM ${schema}.staged`));
    assert.deepEqual((await wh.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY table_name`)).map((r) => r.table_name), ['customers', 'orders', 'staged']);
  } finally {
    await wh.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await wh.close();
  }
});

/** Create a table on both shards and a Distributed table over them on the first. */
async function distributed(shards: Warehouse[], cluster: string, name: string, columns: string, rows: readonly Row[]): Promise<void> {
  for (const s of shards) {
    await s.exec(`DROP TABLE IF EXISTS ${name}_local`);
    await s.exec(`CREATE TABLE ${name}_local (${columns}) ENGINE = MergeTree ORDER BY customer_id`);
  }
  // Alternate rows between the shards: a customer's order lines sit on both, so the GROUP BY must merge across shards.
  for (let s = 0; s < shards.length; s++) await shards[s].insert(`${name}_local`, rows.filter((_, i) => i % shards.length === s));
  await shards[0].exec(`DROP TABLE IF EXISTS ${name}`);
  await shards[0].exec(`CREATE TABLE ${name} AS ${name}_local ENGINE = Distributed(${cluster}, default, ${name}_local, rand())`);
}

test('ClickHouse 2-shard Distributed tables: the generated SQL reproduces seglab score (every customer the same segment, features within 1e-9)', { skip: services.clickhouse && services.cluster ? false : `ClickHouse ${services.why}` }, async () => {
  const urls = services.clickhouse as string[];
  const shards = await Promise.all(urls.map((u) => openWarehouse(u)));
  try {
    const cols = shopColumns('clickhouse');
    const tag = `seglab_test_${process.pid}`;
    await distributed(shards, services.cluster as string, `${tag}_customers`, cols.customers, shop.customers);
    await distributed(shards, services.cluster as string, `${tag}_orders`, cols.orders, shop.orders);
    // Both shards hold rows, and the Distributed table sees all of them.
    for (const s of shards) assert.ok(Number((await s.query(`SELECT count() AS n FROM ${tag}_orders_local`))[0].n) > 0);
    assert.equal(Number((await shards[0].query(`SELECT count() AS n FROM ${tag}_orders`))[0].n), shop.orders.length);
    const options = { orders: `${tag}_orders`, customers: `${tag}_customers`, asOf: AS_OF };
    const { sql } = scoringSql(model, 'clickhouse', options);
    assertSame(await shards[0].query(sql));
    // Staged: the first GROUP BY runs on the Distributed table, the work tables live on the first server.
    await scoreIntoTable(shards[0], model, options, `${tag}_staged`, true);
    assertSame(await shards[0].query(`SELECT * FROM ${tag}_staged`));
    assert.equal((await shards[0].query(`SELECT name FROM system.tables WHERE database = 'default' AND name LIKE '${tag}_staged_%'`)).length, 0);
    await shards[0].exec(`DROP TABLE IF EXISTS ${tag}_staged`);
    for (const s of shards) for (const t of ['orders', 'customers']) await s.exec(`DROP TABLE IF EXISTS ${tag}_${t}_local`);
    for (const t of ['orders', 'customers']) await shards[0].exec(`DROP TABLE IF EXISTS ${tag}_${t}`);
  } finally {
    await Promise.all(shards.map((s) => s.close()));
  }
});

test('seglab run --warehouse on PostgreSQL: segments table and aggregates in the engine', { skip: services.postgres ? false : `PostgreSQL ${services.why}` }, async () => {
  const wh = await openWarehouse(services.postgres as string);
  const schema = `seglab_run_${process.pid}`;
  try {
    const shopRows = runShop();
    const cols = shopColumns('postgres');
    await wh.exec(`CREATE SCHEMA ${schema}`);
    await wh.exec(`CREATE TABLE ${schema}.customers (${cols.customers}, gender TEXT, churned DOUBLE PRECISION)`);
    await wh.exec(`CREATE TABLE ${schema}.orders (${cols.orders})`);
    await wh.insert(`${schema}.customers`, shopRows.customers);
    await wh.insert(`${schema}.orders`, shopRows.orders);
    const record = await checkWarehouseRun(services.postgres as string, { customers: `${schema}.customers`, orders: `${schema}.orders`, segments: `${schema}.segments` });
    assert.equal(record.engine, 'postgres');
  } finally {
    await wh.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await wh.close();
  }
});

test('seglab run --warehouse on 2-shard ClickHouse: segments table and aggregates in the engine', { skip: services.clickhouse && services.cluster ? false : `ClickHouse ${services.why}` }, async () => {
  const urls = services.clickhouse as string[];
  const shards = await Promise.all(urls.map((u) => openWarehouse(u)));
  const tag = `seglab_run_${process.pid}`;
  try {
    const shopRows = runShop();
    const cols = shopColumns('clickhouse');
    await distributed(shards, services.cluster as string, `${tag}_customers`, `${cols.customers}, gender String, churned Float64`, shopRows.customers);
    await distributed(shards, services.cluster as string, `${tag}_orders`, cols.orders, shopRows.orders);
    const record = await checkWarehouseRun(urls[0], { customers: `${tag}_customers`, orders: `${tag}_orders`, segments: `${tag}_segments` });
    assert.equal(record.engine, 'clickhouse');
  } finally {
    for (const s of shards) for (const t of ['orders', 'customers']) await s.exec(`DROP TABLE IF EXISTS ${tag}_${t}_local`).catch(() => undefined);
    for (const t of ['orders', 'customers', 'segments']) await shards[0].exec(`DROP TABLE IF EXISTS ${tag}_${t}`).catch(() => undefined);
    await Promise.all(shards.map((s) => s.close()));
  }
});
