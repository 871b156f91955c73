/**
 * `seglab sql`: print the SQL statement that computes a saved model's features and segments inside
 * a database (lib/warehouse/score-sql.ts).
 *
 *   seglab sql --model reports/demo/model.json --dialect postgres [--orders shop.orders]
 *              [--customers shop.customers] [--as-of 2026-01-01] [--no-encoder]
 *
 * Prints one statement on stdout (nothing else), so `seglab sql ... | psql` works. The result has
 * one row per scorable customer: customer_id, segment (1..k), segment_name, distance,
 * second_distance and the model's features in standardised units.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, msg } from '../errors/messages';
import { loadModel } from '../model/artifact';
import { DIALECT_NAMES, type DialectName } from '../warehouse/dialects';
import { scoringSql, type ScoringSqlOptions } from '../warehouse/score-sql';

/** Parsed `seglab sql` flags. */
export interface SqlFlags {
  model: string;
  dialect: DialectName;
  options: ScoringSqlOptions;
}

const VALUE_FLAGS = ['--model', '--dialect', '--orders', '--customers', '--as-of'];

/**
 * Parse `seglab sql` arguments (`--flag value` or `--flag=value`).
 * @example parseSqlFlags(['--model', 'm.json', '--dialect', 'duckdb']).options // {}
 */
export function parseSqlFlags(args: readonly string[]): SqlFlags {
  const found: Record<string, string> = {};
  let encoder = true;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag === '--no-encoder' && inline === undefined) {
      encoder = false;
      continue;
    }
    if (!VALUE_FLAGS.includes(flag)) fail('cli', msg.sqlUsage(`unknown argument "${args[i]}"`));
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || value.startsWith('--')) fail('cli', msg.sqlUsage(`${flag} needs a value`));
    found[flag] = value;
  }
  for (const required of ['--model', '--dialect']) if (!found[required]) fail('cli', msg.sqlUsage(`${required} is required`));
  const dialect = found['--dialect'] as DialectName;
  if (!DIALECT_NAMES.includes(dialect)) fail('cli', msg.sqlUsage(`--dialect "${found['--dialect']}" is not one of ${DIALECT_NAMES.join(', ')}`));
  const asOf = found['--as-of'];
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) fail('cli', msg.sqlUsage(`--as-of "${asOf}" is not a date YYYY-MM-DD`));
  for (const t of ['--orders', '--customers']) {
    if (found[t] !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/.test(found[t])) fail('cli', msg.sqlUsage(`${t} "${found[t]}" is not a table name (letters, digits, "_", optionally "schema.table")`));
  }
  return {
    model: path.resolve(found['--model']),
    dialect,
    options: {
      ...(found['--orders'] ? { orders: found['--orders'] } : {}),
      ...(found['--customers'] ? { customers: found['--customers'] } : {}),
      ...(asOf ? { asOf } : {}),
      ...(encoder ? {} : { encoder: false }),
    },
  };
}

/** Read and check a model.json; a problem is one sentence. */
export function readModelFile(file: string): ReturnType<typeof loadModel> {
  if (!fs.existsSync(file)) fail('cli', msg.sqlUsage(`the model file ${file} does not exist`));
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return fail('model', msg.modelInvalid(`${file} is not JSON (${(e as Error).message})`));
  }
  return loadModel(json);
}

/**
 * The body of `seglab sql`; prints the statement and returns the exit code (0).
 * @example await runSqlCommand(['--model', 'reports/demo/model.json', '--dialect', 'duckdb', '--as-of', '2026-01-01'], console)
 */
export async function runSqlCommand(args: readonly string[], out: { log: (s: string) => void }): Promise<number> {
  const flags = parseSqlFlags(args);
  const model = readModelFile(flags.model);
  out.log(`${scoringSql(model, flags.dialect, flags.options).sql};`);
  return 0;
}
