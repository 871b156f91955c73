import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWarehouseFlags } from '../../lib/cli/warehouse';
import { SeglabError, msg } from '../../lib/errors/messages';
import { repoRoot } from '../helpers/paths';

const libFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? libFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

test('every command parses its flags in lib/cli/ through util.parseArgs (lib/io/args.ts); no stage parses argv', () => {
  const parsers = libFiles(path.join(repoRoot, 'lib'))
    .filter((f) => /parseCommandArgs|process\.argv|from 'node:util'.*parseArgs|\{ parseArgs \}/.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(repoRoot, f).split(path.sep).join('/'))
    .filter((f) => f !== 'lib/io/args.ts');
  assert.ok(parsers.length >= 5, parsers.join(', '));
  // lib/notebook/args.ts reads the notebook runner's own "-p name value" pairs (tooling, not a seglab command).
  assert.deepEqual(parsers.filter((f) => !f.startsWith('lib/cli/') && f !== 'lib/notebook/args.ts'), []);
  for (const gone of ['lib/compare/cli.ts', 'lib/track/cli.ts', 'lib/model/cli.ts']) assert.ok(!fs.existsSync(path.join(repoRoot, gone)), gone);
});

test('seglab run --warehouse flags through util.parseArgs: --flag=value, unknown flags listed, missing values, bad values', () => {
  const usage = (problem: string) => (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.warehouseRunUsage(problem));
  const f = parseWarehouseFlags(['--warehouse=postgres://u:p@db/shop', '--config', 'c.json', '--min-sample=5000', '--as-of', '2025-01-31', '--segments-table', 'mart.segs']);
  assert.deepEqual({ ...f, config: path.basename(f.config) }, {
    config: 'c.json', warehouse: 'postgres://u:p@db/shop', orders: 'orders', customers: 'customers', segmentsTable: 'mart.segs', out: null, minSample: 5000, asOf: '2025-01-31', staged: false, dailyParts: 1,
  });
  assert.equal(parseWarehouseFlags(['--warehouse', 'x.duckdb', '--config', 'c.json', '--staged']).staged, true);
  const parts = parseWarehouseFlags(['--warehouse', 'x.duckdb', '--config', 'c.json', '--daily-parts', '8']);
  assert.deepEqual([parts.staged, parts.dailyParts], [true, 8]);
  assert.throws(() => parseWarehouseFlags(['--warehouse', 'x', '--config', 'c', '--daily-parts', '0']), usage('--daily-parts "0" is not a whole number from 1 to 1024'));
  assert.equal(parseWarehouseFlags(['--warehouse', 'shop.duckdb', '--config', 'c.json']).warehouse, path.resolve('shop.duckdb'));
  assert.throws(() => parseWarehouseFlags(['--warehouse', 'x', '--config', 'c', '--k', '3']), usage('unknown argument "--k" (with --warehouse, these options are known: --warehouse, --config, --orders, --customers, --segments-table, --out, --min-sample, --as-of, --staged, --daily-parts)'));
  assert.throws(() => parseWarehouseFlags(['--warehouse', 'x', '--config']), usage('--config needs a value'));
  assert.throws(() => parseWarehouseFlags(['--warehouse', '--config', 'c']), usage('--warehouse needs a value'));
  assert.throws(() => parseWarehouseFlags(['--warehouse', 'x', '--config', 'c', '--min-sample', '0']), usage('--min-sample "0" is not a positive whole number'));
  assert.throws(() => parseWarehouseFlags(['--warehouse', 'x', '--config', 'c', '--as-of', '2025-13-01']), usage('--as-of "2025-13-01" is not a date YYYY-MM-DD'));
});
