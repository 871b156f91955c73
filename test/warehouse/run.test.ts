import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from '../../lib/warehouse/run';
import { parseWarehouseFlags } from '../../lib/cli/warehouse';
import { SeglabError, msg } from '../../lib/errors/messages';
import { checkWarehouseRun, duckdbShopFile } from './run-case';

test('seglab run --warehouse (DuckDB file): sample pulled, model fitted, every customer scored into a table, aggregates from the engine', async () => {
  const { file } = await duckdbShopFile();
  const record = await checkWarehouseRun(file, { customers: 'customers', orders: 'orders', segments: 'seglab_segments' });
  assert.equal(record.engine, 'duckdb');
});

test('seglab run --warehouse: flags checked, passwords never recorded', () => {
  assert.throws(() => parseWarehouseFlags(['--warehouse', 'x.duckdb']), (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.warehouseRunUsage('--config is required')));
  assert.throws(() => parseWarehouseFlags(['--warehouse', 'x.duckdb', '--config', 'c.json', '--orders', 'a b']), /--orders "a b" is not a table name/);
  assert.equal(redactUrl('postgres://ana:s3cret@db:5432/shop'), 'postgres://ana:***@db:5432/shop');
  assert.equal(parseWarehouseFlags(['--warehouse', 'postgres://db/shop', '--config', 'c.json']).segmentsTable, 'seglab_segments');
});
