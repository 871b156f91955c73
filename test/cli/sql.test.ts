import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { msg } from '../../lib/errors/messages';
import { openWarehouse } from '../../lib/warehouse/engines';
import { scoringSql } from '../../lib/warehouse/score-sql';
import { tempDir } from '../helpers/paths';
import { compareWithScore, fitShopModel, makeShop, scoreShop, shopColumns, shopConfig, AS_OF } from '../warehouse/fixture';

function capture(): { out: { log: (s: string) => void; error: (s: string) => void }; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: { log: (s) => stdout.push(s), error: (s) => stderr.push(s) }, stdout, stderr };
}

test('seglab sql prints one statement that DuckDB runs to the scoring of seglab score', async () => {
  const shop = makeShop(150, 23);
  const model = fitShopModel(shop, shopConfig(), 3);
  const dir = tempDir();
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, JSON.stringify(model));
  const c = capture();
  const code = await main(['sql', '--model', file, '--dialect', 'duckdb', `--as-of=${AS_OF}`, '--orders', 'main.orders'], c.out);
  assert.equal(code, 0, c.stderr.join('\n'));
  assert.equal(c.stdout.length, 1);
  assert.equal(c.stdout[0], `${scoringSql(model, 'duckdb', { asOf: AS_OF, orders: 'main.orders' }).sql};`);
  const wh = await openWarehouse(':memory:');
  try {
    const cols = shopColumns('duckdb');
    await wh.exec(`CREATE TABLE customers (${cols.customers})`);
    await wh.exec(`CREATE TABLE orders (${cols.orders})`);
    await wh.insert('customers', shop.customers);
    await wh.insert('orders', shop.orders);
    const result = compareWithScore(await wh.query(c.stdout[0]), scoreShop(model, shop));
    assert.equal(result.sameSegment, result.customers);
    assert.ok(result.maxFeatureDiff <= 1e-9, result.worst);
  } finally {
    await wh.close();
  }
});

test('seglab sql: usage errors are one sentence and exit 2', async () => {
  for (const [args, problem] of [
    [['--model', 'm.json'], '--dialect is required'],
    [['--model', 'm.json', '--dialect', 'oracle'], '--dialect "oracle" is not one of duckdb, postgres, clickhouse, bigquery, snowflake, spark'],
    [['--model', 'm.json', '--dialect', 'duckdb', '--as-of', '2025-13-01'], '--as-of "2025-13-01" is not a date YYYY-MM-DD'],
    [['--model', 'm.json', '--dialect', 'duckdb', '--orders', 'x; DROP TABLE y'], '--orders "x; DROP TABLE y" is not a table name (letters, digits, "_", optionally "schema.table")'],
  ] as const) {
    const c = capture();
    assert.equal(await main(['sql', ...args], c.out), 2);
    assert.equal(c.stderr[0], `seglab cli: ${msg.sqlUsage(problem)}`);
    assert.equal(c.stdout.length, 0);
  }
});
