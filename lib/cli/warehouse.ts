/**
 * `seglab run --warehouse <url> --config <file> [--orders t] [--customers t] [--segments-table t]
 * [--out dir] [--min-sample n] [--as-of date] [--staged] [--daily-parts n]`: the flags of a run whose data stays in the database,
 * parsed with util.parseArgs (lib/io/args.ts); the run itself is lib/warehouse/run.ts (runWarehouse).
 */
import * as path from 'node:path';
import { fail, msg } from '../errors/messages';
import { parseCommandArgs } from '../io/args';
import { runWarehouse, type WarehouseRunFlags } from '../warehouse/run';
import { MIN_SAMPLE_CUSTOMERS } from '../warehouse/sample';

const TABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/;

/**
 * Parse `seglab run --warehouse ...` arguments (`--flag value` or `--flag=value`).
 * @example parseWarehouseFlags(['--warehouse', 'shop.duckdb', '--config', 'c.json']).orders // 'orders'
 */
export function parseWarehouseFlags(args: readonly string[]): WarehouseRunFlags {
  const text = { type: 'string' } as const;
  const spec = { warehouse: text, config: text, orders: text, customers: text, 'segments-table': text, out: text, 'min-sample': text, 'as-of': text, staged: { type: 'boolean' }, 'daily-parts': text } as const;
  const known = Object.keys(spec).map((k) => `--${k}`);
  const { values } = parseCommandArgs(args, spec, (problem, detail) =>
    fail('cli', msg.warehouseRunUsage(detail.kind === 'unknown' ? `${problem} (with --warehouse, these options are known: ${known.join(', ')})` : problem)),
  );
  const found: Record<string, string | undefined> = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'staged').map(([k, v]) => [`--${k}`, v as string]));
  for (const required of ['--warehouse', '--config']) if (!found[required]) fail('cli', msg.warehouseRunUsage(`${required} is required`));
  for (const t of ['--orders', '--customers', '--segments-table']) if (found[t] !== undefined && !TABLE.test(found[t] as string)) fail('cli', msg.warehouseRunUsage(`${t} "${found[t]}" is not a table name`));
  const minSample = found['--min-sample'] === undefined ? MIN_SAMPLE_CUSTOMERS : Number(found['--min-sample']);
  if (!Number.isInteger(minSample) || minSample < 1) fail('cli', msg.warehouseRunUsage(`--min-sample "${found['--min-sample']}" is not a positive whole number`));
  const dailyParts = found['--daily-parts'] === undefined ? 1 : Number(found['--daily-parts']);
  if (!Number.isInteger(dailyParts) || dailyParts < 1 || dailyParts > 1024) fail('cli', msg.warehouseRunUsage(`--daily-parts "${found['--daily-parts']}" is not a whole number from 1 to 1024`));
  const asOf = found['--as-of'] ?? null;
  if (asOf !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) fail('cli', msg.warehouseRunUsage(`--as-of "${asOf}" is not a date YYYY-MM-DD`));
  const warehouse = found['--warehouse'] as string;
  const local = !/^[a-z]+:\/\//i.test(warehouse) && warehouse !== ':memory:';
  return {
    config: path.resolve(found['--config'] as string),
    warehouse: local ? path.resolve(warehouse) : warehouse,
    orders: found['--orders'] ?? 'orders',
    customers: found['--customers'] ?? 'customers',
    segmentsTable: found['--segments-table'] ?? 'seglab_segments',
    out: found['--out'] ? path.resolve(found['--out']) : null,
    minSample,
    asOf,
    // More than one part only makes sense staged: --daily-parts implies --staged.
    staged: values.staged === true || found['--daily-parts'] !== undefined,
    dailyParts,
  };
}

/**
 * The body of `seglab run --warehouse`; returns the exit code (0).
 * @example await runWarehouseCommand(['--warehouse', 'shop.duckdb', '--config', 'seglab.config.json'], console)
 */
export async function runWarehouseCommand(args: readonly string[], out: { log: (s: string) => void }): Promise<number> {
  return runWarehouse(parseWarehouseFlags(args), out);
}
