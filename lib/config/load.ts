import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import type { RunConfig, RunConfigInput } from './types';
import { validateConfig } from './validate';
import { checkOutputPlace } from '../io/run-folder';

/** Options given on the command line; each overrides the config file's value. */
export interface RunFlags {
  config?: string;
  customers?: string;
  transactions?: string;
  /** A campaign log (sources.campaigns). */
  campaigns?: string;
  /** Survey answers, one row per customer (sources.surveys). */
  surveys?: string;
  /** Web analytics, per session or per customer (sources.web). */
  web?: string;
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
 * Looks at the input files of a run started from flags and returns the config input with the column
 * roles it found (lib/inspect/inputs.ts: `inspectInputs`), and what it found, for the CLI to print.
 */
export type InspectStep<D> = (first: RunConfig, input: RunConfigInput) => { input: RunConfigInput; detected: D };

/**
 * Resolve the run config from a config file and/or flags, validated once. When files come from
 * flags and an `inspect` step is given (the CLI passes `inspectInputs`), column roles the config does
 * not set are detected from names and contents, and returned so the CLI can print them for the user
 * to copy into a config. The config stage itself never reads data files.
 */
export function resolveRunConfig<D = never>(flags: RunFlags, cwd = process.cwd(), inspect?: InspectStep<D>): { config: RunConfig; detected: D | null } {
  // --customers alone is a customers-only run (features from its columns); --transactions needs the customers.
  if (!flags.config && flags.transactions && !flags.customers) throw new SeglabError('cli', msg.inputFlagMissing('--transactions', '--customers'));
  if (!flags.config && !flags.customers) throw new SeglabError('config', msg.noInputs());
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
      ...(flags.surveys ? { surveys: { ...base.sources?.surveys, path: abs(flags.surveys) } } : {}),
      ...(flags.web ? { web: { ...base.sources?.web, path: abs(flags.web) } } : {}),
    },
    ...(flags.k ? { cluster: { ...base.cluster, kMin: flags.k.min, kMax: flags.k.max } } : {}),
  };
  let detected: D | null = null;
  let resolvedInput = input;
  if (!flags.config && inspect) {
    // Runs started from flags: the inspect step (lib/inspect/inputs.ts) reads a sample of the files
    // and proposes the column roles the flags do not give.
    ({ input: resolvedInput, detected } = inspect(validateConfig(input, baseDir), input));
  }
  return { config: withOutputChecked(validateConfig(resolvedInput, baseDir), resolvedInput, flags, cwd), detected };
}

/**
 * The default run folder is `reports/<name>` under the working directory (a run never writes into
 * its config's folder), and the output folder is checked against the inputs' and the config's
 * folders by real path (lib/io/run-folder.ts).
 */
function withOutputChecked(config: RunConfig, input: RunConfigInput, flags: RunFlags, cwd: string): RunConfig {
  const outDir = input.outDir === undefined ? path.resolve(cwd, 'reports', config.name) : config.outDir;
  const inputs = (Object.values(config.sources) as ({ path?: string } | undefined)[]).flatMap((s) => (s?.path ? [s.path] : []));
  checkOutputPlace(outDir, inputs, flags.config ? path.dirname(path.resolve(cwd, flags.config)) : null, 'config');
  return { ...config, outDir };
}
