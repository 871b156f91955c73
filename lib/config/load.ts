import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import { readDelimited } from '../load/csv';
import { detectRoles, type DetectedRoles } from './detect';
import type { RunConfig, RunConfigInput } from './types';
import { validateConfig } from './validate';

/** Options given on the command line; each overrides the config file's value. */
export interface RunFlags {
  config?: string;
  customers?: string;
  transactions?: string;
  /** A campaign log (sources.campaigns). */
  campaigns?: string;
  out?: string;
  seed?: number;
  k?: { min: number; max: number };
  name?: string;
}

/** Read a JSON config file (not yet validated). */
export function readConfigFile(file: string): RunConfigInput {
  if (!fs.existsSync(file)) throw new SeglabError('config', msg.configNotFound(file));
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RunConfigInput;
  } catch (e) {
    throw new SeglabError('config', msg.configNotJson(file, (e as Error).message));
  }
}

/** Parse "--k 5" or "--k 3-8". */
export function parseKRange(text: string): { min: number; max: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new SeglabError('config', msg.kRangeInvalid(text));
  const min = Number(m[1]);
  return { min, max: m[2] === undefined ? min : Number(m[2]) };
}

/**
 * Resolve the run config from a config file and/or flags, validated once. When files come from
 * flags, column roles the config does not set are detected from names and contents, and
 * returned so the CLI can print them for the user to copy into a config.
 */
export function resolveRunConfig(flags: RunFlags, cwd = process.cwd()): { config: RunConfig; detected: DetectedRoles | null } {
  if (!flags.config && flags.customers && !flags.transactions) throw new SeglabError('cli', msg.inputFlagMissing('--customers', '--transactions'));
  if (!flags.config && flags.transactions && !flags.customers) throw new SeglabError('cli', msg.inputFlagMissing('--transactions', '--customers'));
  if (!flags.config && !(flags.customers && flags.transactions)) throw new SeglabError('config', msg.noInputs());
  const base: RunConfigInput = flags.config ? readConfigFile(path.resolve(cwd, flags.config)) : {};
  const baseDir = flags.config ? path.dirname(path.resolve(cwd, flags.config)) : cwd;
  // Flag paths are relative to the working directory; make them absolute before merging.
  const abs = (p: string): string => path.resolve(cwd, p);
  const input: RunConfigInput = {
    ...base,
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.out ? { outDir: abs(flags.out) } : {}),
    sources: {
      ...base.sources,
      ...(flags.customers ? { customers: { ...base.sources?.customers, path: abs(flags.customers) } } : {}),
      ...(flags.transactions ? { transactions: { ...base.sources?.transactions, path: abs(flags.transactions) } } : {}),
      ...(flags.campaigns ? { campaigns: { ...base.sources?.campaigns, path: abs(flags.campaigns) } } : {}),
    },
    ...(flags.k ? { cluster: { ...base.cluster, kMin: flags.k.min, kMax: flags.k.max } } : {}),
  };
  let detected: DetectedRoles | null = null;
  if (!flags.config) {
    const first = validateConfig(input, baseDir);
    const customers = readDelimited(first.sources.customers.path, 'customers', first.sources.customers.delimiter);
    // Flags always give both files, so the transactions source is set here.
    const txSpec = first.sources.transactions ?? { path: input.sources?.transactions?.path ?? '' };
    const transactions = readDelimited(txSpec.path, 'transactions', txSpec.delimiter);
    detected = detectRoles(customers, transactions);
    input.columns = {
      ...(detected.customerId ? { customerId: detected.customerId } : {}),
      ...(detected.orderDate ? { orderDate: detected.orderDate } : {}),
      ...(detected.amount ? { amount: detected.amount } : {}),
      pii: detected.pii,
      ...input.columns,
    };
    input.fairness = { protected: detected.protected, ...input.fairness };
  }
  return { config: validateConfig(input, baseDir), detected };
}
