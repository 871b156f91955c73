import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCustomers } from '../../lib/clean/customers';
import { fitKMeans } from '../../lib/cluster/kmeans';
import { validateConfig } from '../../lib/config/validate';
import { loadAutoencoder } from '../../lib/embed/artifact';
import { buildFeatures } from '../../lib/features/build';
import { selectBackend } from '../../lib/embed/backend';
import { buildModel, EMBEDDING_SPACE, FEATURES_SPACE, loadModel } from '../../lib/model/artifact';
import { scoreCustomers } from '../../lib/model/score';
import { createRng } from '../../lib/random/rng';
import { openWarehouse } from '../../lib/warehouse/engines';
import { scoringSql } from '../../lib/warehouse/score-sql';
import { scoreIntoTable } from '../../lib/warehouse/stages';
import { compareWithScore, fitShopModel, makeShop, relDiff, scoreShop, shopColumns, shopConfig, shopTables, AS_OF } from './fixture';

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

test('DuckDB: a model in the autoencoder embedding is scored with its encoder layers as SQL arithmetic (float32 network: 1e-5)', async () => {
  const shop = makeShop(250, 41);
  const fitted = fitShopModel(shop, shopConfig());
  const d = fitted.featureNames.length;
  const rng = createRng(9);
  const dense = (rows: number, units: number, activation: 'tanh' | 'linear') => ({
    kernel: Array.from({ length: rows }, () => Array.from({ length: units }, () => Math.fround((rng.next() - 0.5) * 0.8))),
    bias: Array.from({ length: units }, () => Math.fround((rng.next() - 0.5) * 0.2)),
    activation,
  });
  const autoencoder = loadAutoencoder({
    format: 'seglab.autoencoder',
    version: 1,
    featureNames: fitted.featureNames,
    hidden: [6],
    bottleneck: 3,
    encoder: [dense(d, 6, 'tanh'), dense(6, 3, 'linear')],
    decoder: [dense(3, 6, 'tanh'), dense(6, d, 'linear')],
    training: { seed: 1, epochs: 1, batchSize: 32, learningRate: 0.01, backend: 'cpu' },
  });
  const model = loadModel({
    ...JSON.parse(JSON.stringify(fitted)),
    space: 'embedding',
    representation: EMBEDDING_SPACE,
    autoencoder,
    weights: [1.5, 0.5, 1],
    k: 3,
    centroids: [[0.3, -0.2, 0.1], [-0.4, 0.1, 0.2], [0.1, 0.5, -0.3]],
    segments: fitted.segments.slice(0, 3),
  });
  const { tf } = await selectBackend('cpu');
  const reference = scoreCustomers(model, shop.customersTable, shop.ordersTable, tf, { asOf: AS_OF, env: {} });
  const wh = await duckShop(shop);
  try {
    const { sql } = scoringSql(model, 'duckdb', { asOf: AS_OF });
    assert.match(sql, /AS layer0/);
    assert.match(sql, /AS layer1/);
    const rows = await wh.query(sql);
    const c = compareWithScore(rows, reference);
    assert.deepEqual(c.missing, []);
    assert.ok(c.maxFeatureDiff <= 1e-9, c.worst);
    // TensorFlow computes the network in float32, the SQL in double: distances agree to float32 precision,
    // and every customer not within that precision of a tie has the same segment.
    assert.ok(c.maxDistanceDiff <= 1e-5, `distances differ by ${c.maxDistanceDiff}`);
    const byId = new Map(rows.map((r) => [String(r.customer_id), r]));
    reference.customerIds.forEach((id, i) => {
      const tie = reference.distances.second[i] - reference.distances.nearest[i] < 1e-4;
      if (!tie) assert.equal(Number(byId.get(id)?.segment), reference.labels[i] + 1, id);
    });
    assert.ok(new Set(reference.labels).size > 1);
    assert.throws(() => scoringSql(model, 'duckdb', { asOf: AS_OF, encoder: false }), /--no-encoder/);
  } finally {
    await wh.close();
  }
});

test('DuckDB: scoring in 3 slices by hash bucket gives every customer once, with the same result as one statement', async () => {
  const shop = makeShop(200, 5);
  const model = fitShopModel(shop, shopConfig(), 3);
  const wh = await duckShop(shop);
  try {
    const whole = await wh.query(scoringSql(model, 'duckdb', { asOf: AS_OF }).sql);
    const parts = [];
    for (let index = 0; index < 3; index++) parts.push(await wh.query(scoringSql(model, 'duckdb', { asOf: AS_OF, slice: { index, count: 3 } }).sql));
    assert.ok(parts.every((p) => p.length > 0));
    const sliced = parts.flat();
    assert.equal(sliced.length, whole.length);
    const byId = new Map(whole.map((r) => [String(r.customer_id), r]));
    // Equal up to the order in which the engine sums (parallel aggregation): 1e-12.
    for (const r of sliced) {
      const w = byId.get(String(r.customer_id)) as Record<string, unknown>;
      assert.ok(w, String(r.customer_id));
      for (const [key, value] of Object.entries(r)) {
        if (typeof value === 'number') assert.ok(relDiff(value, Number(w[key])) <= 1e-12, `${key} of ${String(r.customer_id)}`);
        else assert.equal(value, w[key]);
      }
    }
    assert.throws(() => scoringSql(model, 'duckdb', { asOf: AS_OF, slice: { index: 3, count: 3 } }), /slice 3 of 3/);
  } finally {
    await wh.close();
  }
});

test('DuckDB: a model without order lines (customer columns only) is scored from the customers table alone', async () => {
  const shop = makeShop(300, 13);
  const config = validateConfig(
    {
      name: 'customers-only',
      seed: 1,
      sources: { customers: { path: 'shop/customers.csv' } },
      columns: { customerId: 'customer_id' },
      features: { behavioural: [], customerColumns: ['income', 'newsletter'], categoricalColumns: ['region', 'plan'], bands: { age: [30, 50] } },
      fairness: { protected: [] },
    },
    '/tmp/seglab-warehouse-test',
  );
  const features = buildFeatures(cleanCustomers(shop.customersTable, config, {}, {}), null, config);
  const km = fitKMeans(features.scaled, 3, { restarts: 2, maxIterations: 100 }, createRng(2));
  const model = buildModel(
    { config, features, representation: FEATURES_SPACE, selection: { weights: null, method: 'kmeans' }, clustering: { k: 3, centroids: km.centroids }, profiles: [0, 1, 2].map((s) => ({ segment: s, label: `Segment ${s + 1}` })) },
    null,
  );
  const reference = scoreCustomers(model, shop.customersTable, null, null, { env: {} });
  const wh = await duckShop(shop);
  try {
    const { sql, asOf } = scoringSql(model, 'duckdb');
    assert.equal(asOf, '');
    assert.doesNotMatch(sql, /"orders"/);
    const c = compareWithScore(await wh.query(sql), reference);
    assert.equal(c.customers, 300);
    assert.equal(c.sameSegment, 300);
    assert.ok(c.maxFeatureDiff <= 1e-9, c.worst);
  } finally {
    await wh.close();
  }
});

test('DuckDB: staged scoring (work tables per GROUP BY) writes the same segments table as the one statement, and removes its work tables', async () => {
  const shop = makeShop(300, 23);
  const model = fitShopModel(shop, shopConfig());
  const reference = scoreShop(model, shop);
  const wh = await duckShop(shop);
  try {
    const one = await scoreIntoTable(wh, model, { asOf: AS_OF }, 'one_statement', false);
    const staged = await scoreIntoTable(wh, model, { asOf: AS_OF }, 'staged', true);
    // The daily work table filled in 3 parts by hash bucket (smaller GROUP BYs): the same table again.
    const parted = await scoreIntoTable(wh, model, { asOf: AS_OF }, 'parted', true, 3);
    assert.deepEqual(parted.statements.map((s) => s.table), ['parted_daily', 'parted_daily', 'parted_daily', 'parted_aggregates', 'parted']);
    assert.equal(one.staged, false);
    assert.equal(staged.staged, true);
    assert.deepEqual(staged.statements.map((s) => s.table), ['staged_daily', 'staged_aggregates', 'staged']);
    // The scoring statement is the one statement with its two GROUP BY layers replaced by the work table.
    assert.equal(staged.sql.split('GROUP BY').length, 1);
    assert.equal(one.sql.split('GROUP BY').length, 3);
    const tables = (await wh.query('SELECT table_name FROM information_schema.tables')).map((r) => String(r.table_name));
    assert.ok(!tables.includes('staged_daily') && !tables.includes('staged_aggregates'), tables.join(', '));
    const a = await wh.query('SELECT * FROM one_statement ORDER BY customer_id');
    const b = await wh.query('SELECT * FROM staged ORDER BY customer_id');
    const p = await wh.query('SELECT * FROM parted ORDER BY customer_id');
    assert.ok(a.length > 250);
    for (const other of [b, p]) {
      assert.equal(other.length, a.length);
      a.forEach((row, i) => {
        for (const [key, value] of Object.entries(row)) {
          if (typeof value === 'number') assert.ok(relDiff(value, Number(other[i][key])) <= 1e-12, `${key} of ${String(row.customer_id)}: ${value} vs ${String(other[i][key])}`);
          else assert.equal(other[i][key], value, `${key} of ${String(row.customer_id)}`);
        }
      });
    }
    const c = compareWithScore(b, reference);
    assert.deepEqual(c.missing, []);
    assert.equal(c.sameSegment, c.customers);
    assert.ok(c.maxFeatureDiff <= 1e-9, c.worst);
  } finally {
    await wh.close();
  }
});

for (const rules of ['clean.numericMissing median', 'clean.missing: income constant, newsletter drop'] as const) {
  test(`DuckDB: customers with gaps in numeric columns (missing block, scattered, implausible ages) are filled or dropped as seglab score does (${rules})`, async () => {
    const shop = makeShop(400, 29, { gaps: true });
    const missingIncome = shop.customers.filter((c) => c.income === null).length;
    const badAge = shop.customers.filter((c) => c.age === null || Number(c.age) > 110).length;
    assert.ok(missingIncome >= 30 && badAge >= 10, `${missingIncome} incomes, ${badAge} ages missing`);
    const base = shopConfig();
    const config = rules.startsWith('clean.missing') ? { ...base, clean: { ...base.clean, missing: { income: { constant: 40000 }, newsletter: 'drop' as const } } } : base;
    const model = fitShopModel(shop, config);
    // Score a shop whose gaps differ from the training file's: the fill must be the training one, not this file's.
    const other = makeShop(400, 29, { gaps: true });
    other.customers.forEach((c, i) => {
      if (i < 60) c.income = null;
    });
    const otherShop = { ...other, ...shopTables(other.customers, other.orders) };
    const reference = scoreShop(model, otherShop);
    if (rules.startsWith('clean.missing')) assert.ok(reference.customerIds.length < 380, `${reference.customerIds.length} scored: the drop rule should leave customers out`);
    const wh = await duckShop(otherShop);
    try {
      for (const staged of [false, true]) {
        await scoreIntoTable(wh, model, { asOf: AS_OF }, 'gaps', staged);
        const c = compareWithScore(await wh.query('SELECT * FROM gaps'), reference);
        assert.deepEqual(c.missing, []);
        assert.deepEqual(c.extra, []);
        assert.equal(c.sameSegment, c.customers);
        assert.ok(c.maxFeatureDiff <= 1e-9, c.worst);
        assert.ok(c.maxDistanceDiff <= 1e-9, `distances differ by ${c.maxDistanceDiff}`);
      }
    } finally {
      await wh.close();
    }
  });
}
