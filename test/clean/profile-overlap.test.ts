/**
 * On the DuckDB path the customers' data-quality profile is made while DuckDB builds the order-line
 * table (issue 15): the profiles must be those of the JavaScript path, in its order (customers,
 * order lines, then the optional sources), and cleanSourceTables' deferred profile must equal the
 * one it makes at once, for a customers file with missing values, text in a numeric column and a
 * personal column.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { loadSources } from '../../lib/load/source';
import { cleanSourceTables } from '../../lib/clean/sources';
import { cleanSources } from '../../lib/pipeline/sources';
import { tempDir } from '../helpers/paths';

function setUp(): string {
  const dir = tempDir('seglab-profile-overlap-');
  const customers = ['customer_id,age,income,email,region'];
  const lines = ['customer_id,order_date,amount'];
  for (let i = 0; i < 300; i++) {
    const income = i % 7 === 0 ? '' : i % 11 === 0 ? 'n/a' : String(20000 + i * 137);
    customers.push(`C${i},${18 + (i % 60)},${income},user${i}@example.com,${['north', 'south', '', 'east'][i % 4]}`);
    for (let j = 0; j < 1 + (i % 4); j++) lines.push(`C${i},2025-0${1 + ((i + j) % 9)}-1${j},${(5 + ((i * j) % 40)).toFixed(2)}`);
  }
  lines.push('Z1,2025-01-01,5', 'C1,bad date,3');
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${lines.join('\n')}\n`);
  return dir;
}

const configFor = (dir: string, engine: 'js' | 'duckdb') =>
  validateConfig(
    {
      outDir: tempDir('seglab-profile-overlap-out-'),
      features: { asOf: '2025-12-31' },
      columns: { pii: ['email'] },
      sources: { customers: { path: path.join(dir, 'customers.csv') }, transactions: { path: path.join(dir, 'transactions.csv'), engine } },
    },
    dir,
  );

test('DuckDB path: the profile made while the order lines are built equals the JavaScript path, same order', async () => {
  const dir = setUp();
  const profilesOf = async (engine: 'js' | 'duckdb') => {
    const config = configFor(dir, engine);
    const cleaned = await cleanSources(await loadSources(config), config, {});
    assert.equal(cleaned.behaviour !== null, engine === 'duckdb');
    assert.ok(!('customerProfile' in cleaned), 'no deferred profile left in the result');
    return cleaned.profiles;
  };
  const [js, duck] = [await profilesOf('js'), await profilesOf('duckdb')];
  assert.deepEqual(duck.map((p) => p.source ?? p.file), js.map((p) => p.source ?? p.file));
  assert.deepStrictEqual(duck[0], js[0]);
  assert.equal(duck.length, 2);
});

test('cleanSourceTables: the deferred customers profile equals the one made at once', async () => {
  const dir = setUp();
  const config = configFor(dir, 'duckdb');
  const loaded = await loadSources(config);
  const now = cleanSourceTables(loaded, config, {});
  const later = cleanSourceTables(loaded, config, {}, {}, { customerProfile: true });
  assert.equal(later.profiles.length, now.profiles.length - 1);
  assert.ok(later.customerProfile);
  assert.deepStrictEqual(later.customerProfile(), now.profiles[0]);
  assert.ok(now.profiles[0].columns.some((c) => c.missingShare > 0), 'the profile saw the missing incomes');
});
