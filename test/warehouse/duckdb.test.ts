import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWarehouse } from '../../lib/warehouse/engines';
import { scoringSql } from '../../lib/warehouse/score-sql';
import { compareWithScore, fitShopModel, makeShop, scoreShop, shopColumns, shopConfig, AS_OF } from './fixture';

/** The shop in an in-memory DuckDB: typed tables, order dates cast to TIMESTAMP. */
async function duckShop(shop: ReturnType<typeof makeShop>) {
  const wh = await openWarehouse(':memory:');
  const cols = shopColumns('duckdb');
  await wh.exec(`CREATE TABLE customers (${cols.customers})`);
  await wh.exec(`CREATE TABLE orders_text (${cols.orders})`);
  await wh.insert('customers', shop.customers);
  await wh.insert('orders_text', shop.orders);
  await wh.exec(`CREATE TABLE orders AS SELECT invoice, customer_id, CAST(order_date AS TIMESTAMP) AS order_date, amount, category, discount FROM orders_text`);
  return wh;
}

for (const returns of ['net', 'drop'] as const) {
  test(`DuckDB: the generated SQL reproduces seglab score (features, distances, segments; clean.returns ${returns})`, async () => {
    const shop = makeShop();
    const model = fitShopModel(shop, shopConfig({ returns }));
    const reference = scoreShop(model, shop);
    const wh = await duckShop(shop);
    try {
      const { sql, columns } = scoringSql(model, 'duckdb', { asOf: AS_OF });
      const rows = await wh.query(sql);
      assert.deepEqual(Object.keys(rows[0]), columns);
      const c = compareWithScore(rows, reference);
      assert.deepEqual(c.missing, []);
      assert.deepEqual(c.extra, []);
      assert.equal(c.sameSegment, c.customers);
      assert.ok(c.maxFeatureDiff <= 1e-9, `features differ by ${c.maxFeatureDiff}`);
      assert.ok(c.maxDistanceDiff <= 1e-9, `distances differ by ${c.maxDistanceDiff}`);
      // The fixture exercises what it claims: customers dropped, several segments used, one-hot other/missing.
      assert.ok(reference.customerIds.length < shop.customers.length);
      assert.ok(new Set(reference.labels).size > 1);
      assert.ok(model.featureNames.includes('region=other') && model.featureNames.includes('region=missing'), model.featureNames.join(', '));
    } finally {
      await wh.close();
    }
  });
}
