import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import type { RunConfig, RunConfigInput } from './types';

/** Every default, in one place. */
export const DEFAULTS: Omit<RunConfig, 'sources' | 'outDir'> = {
  name: 'run',
  seed: 42,
  columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', pii: [] },
  clean: {
    missingTokens: ['', 'na', 'n/a', 'nan', 'null', 'none', '?', 'unknown', '-'],
    numericMissing: 'median',
    ranges: {},
    maxUnreadableShare: 0.02,
  },
  features: { customerColumns: [], logTransform: true, logColumns: [], allowProtected: false },
  embed: {
    enabled: true,
    hidden: [16],
    bottleneck: 4,
    epochs: 40,
    batchSize: 128,
    learningRate: 0.01,
    backend: 'auto',
  },
  cluster: { kMin: 2, kMax: 8, restarts: 5, maxIterations: 300, silhouetteSample: 2000, minSegmentShare: 0.02 },
  fairness: { protected: [], lower: 0.8, upper: 1.25, numericBins: [25, 35, 45, 55, 65], minCellSize: 10 },
};

type Problems = string[];

const SECTION_KEYS: Record<string, readonly string[]> = {
  '': ['name', 'seed', 'outDir', 'sources', 'columns', 'clean', 'features', 'embed', 'cluster', 'fairness'],
  sources: ['customers', 'transactions'],
  'sources.customers': ['path', 'delimiter'],
  'sources.transactions': ['path', 'delimiter'],
  columns: Object.keys(DEFAULTS.columns),
  clean: Object.keys(DEFAULTS.clean),
  features: [...Object.keys(DEFAULTS.features), 'asOf'],
  embed: Object.keys(DEFAULTS.embed),
  cluster: Object.keys(DEFAULTS.cluster),
  fairness: Object.keys(DEFAULTS.fairness),
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(obj: unknown, at: string, problems: Problems): void {
  if (obj === undefined) return;
  if (!isObject(obj)) {
    problems.push(msg.badConfigValue(at || '(root)', obj, 'an object'));
    return;
  }
  const known = SECTION_KEYS[at] ?? [];
  for (const key of Object.keys(obj)) {
    const where = at ? `${at}.${key}` : key;
    if (!known.includes(key)) problems.push(msg.unknownConfigKey(where, known));
    else if (SECTION_KEYS[where]) checkKeys(obj[key], where, problems);
  }
}

function num(
  v: unknown,
  where: string,
  fallback: number,
  problems: Problems,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number {
  if (v === undefined) return fallback;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!opts.integer || Number.isInteger(v)) &&
    (opts.min === undefined || v >= opts.min) &&
    (opts.max === undefined || v <= opts.max);
  if (!ok) {
    const range = [opts.min !== undefined ? `>= ${opts.min}` : '', opts.max !== undefined ? `<= ${opts.max}` : '']
      .filter(Boolean)
      .join(' and ');
    problems.push(msg.badConfigValue(where, v, `${opts.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`));
    return fallback;
  }
  return v as number;
}

function str(v: unknown, where: string, fallback: string, problems: Problems): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || v.length === 0) {
    problems.push(msg.badConfigValue(where, v, 'a non-empty string'));
    return fallback;
  }
  return v;
}

function bool(v: unknown, where: string, fallback: boolean, problems: Problems): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') {
    problems.push(msg.badConfigValue(where, v, 'true or false'));
    return fallback;
  }
  return v;
}

function strList(v: unknown, where: string, fallback: string[], problems: Problems): string[] {
  if (v === undefined) return fallback.slice();
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    problems.push(msg.badConfigValue(where, v, 'a list of strings'));
    return fallback.slice();
  }
  return v.slice() as string[];
}

function numList(v: unknown, where: string, fallback: number[], problems: Problems, min = -Infinity): number[] {
  if (v === undefined) return fallback.slice();
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x < min)) {
    problems.push(msg.badConfigValue(where, v, `a list of numbers${min > -Infinity ? ` >= ${min}` : ''}`));
    return fallback.slice();
  }
  return v.slice() as number[];
}

function ranges(v: unknown, where: string, problems: Problems): Record<string, [number, number]> {
  if (v === undefined) return {};
  const out: Record<string, [number, number]> = {};
  if (!isObject(v)) {
    problems.push(msg.badConfigValue(where, v, 'an object of column -> [min, max]'));
    return out;
  }
  for (const [col, r] of Object.entries(v)) {
    if (!Array.isArray(r) || r.length !== 2 || r.some((x) => typeof x !== 'number' || !Number.isFinite(x)) || r[0] > r[1]) {
      problems.push(msg.badConfigValue(`${where}.${col}`, r, '[min, max] with min <= max'));
    } else out[col] = [r[0], r[1]];
  }
  return out;
}

function oneOf<T extends string>(v: unknown, where: string, allowed: readonly T[], fallback: T, problems: Problems): T {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    problems.push(msg.badConfigValue(where, v, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`));
    return fallback;
  }
  return v as T;
}

function source(v: unknown, where: string, baseDir: string, problems: Problems): { path: string; delimiter?: string } {
  const o = isObject(v) ? v : {};
  if (!isObject(v) || typeof o.path !== 'string' || o.path.length === 0) {
    problems.push(msg.missingConfigValue(`${where}.path`, 'the path of a CSV file'));
    return { path: '' };
  }
  const delimiter = o.delimiter === undefined ? undefined : str(o.delimiter, `${where}.delimiter`, ',', problems);
  if (delimiter !== undefined && delimiter.length !== 1) problems.push(msg.badConfigValue(`${where}.delimiter`, delimiter, 'one character'));
  return { path: path.resolve(baseDir, o.path), ...(delimiter !== undefined ? { delimiter } : {}) };
}

/**
 * Validate a user's config once and fill every default. Relative paths resolve against `baseDir`
 * (the config file's folder). Throws one SeglabError listing every problem found.
 * @example validateConfig({ sources: { customers: { path: 'c.csv' }, transactions: { path: 't.csv' } } }, process.cwd())
 */
export function validateConfig(input: unknown, baseDir: string): RunConfig {
  const problems: Problems = [];
  checkKeys(input, '', problems);
  const c = (isObject(input) ? input : {}) as RunConfigInput & Record<string, unknown>;
  const sec = <K extends keyof RunConfigInput>(k: K): Record<string, unknown> =>
    isObject(c[k]) ? (c[k] as Record<string, unknown>) : {};

  const name = str(c.name, 'name', DEFAULTS.name, problems);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) problems.push(msg.badConfigValue('name', name, 'letters, digits, ".", "_" or "-" only'));
  const sources = sec('sources');
  const cols = sec('columns');
  const clean = sec('clean');
  const feat = sec('features');
  const emb = sec('embed');
  const clu = sec('cluster');
  const fair = sec('fairness');

  const config: RunConfig = {
    name,
    seed: num(c.seed, 'seed', DEFAULTS.seed, problems, { min: 0, max: 2 ** 32 - 1, integer: true }),
    outDir: path.resolve(baseDir, str(c.outDir, 'outDir', path.join('reports', name), problems)),
    sources: {
      customers: source(sources.customers, 'sources.customers', baseDir, problems),
      transactions: source(sources.transactions, 'sources.transactions', baseDir, problems),
    },
    columns: {
      customerId: str(cols.customerId, 'columns.customerId', DEFAULTS.columns.customerId, problems),
      orderDate: str(cols.orderDate, 'columns.orderDate', DEFAULTS.columns.orderDate, problems),
      amount: str(cols.amount, 'columns.amount', DEFAULTS.columns.amount, problems),
      pii: strList(cols.pii, 'columns.pii', DEFAULTS.columns.pii, problems),
    },
    clean: {
      missingTokens: strList(clean.missingTokens, 'clean.missingTokens', DEFAULTS.clean.missingTokens, problems),
      numericMissing: oneOf(clean.numericMissing, 'clean.numericMissing', ['median', 'drop'] as const, DEFAULTS.clean.numericMissing, problems),
      ranges: ranges(clean.ranges, 'clean.ranges', problems),
      maxUnreadableShare: num(clean.maxUnreadableShare, 'clean.maxUnreadableShare', DEFAULTS.clean.maxUnreadableShare, problems, { min: 0, max: 1 }),
    },
    features: {
      customerColumns: strList(feat.customerColumns, 'features.customerColumns', DEFAULTS.features.customerColumns, problems),
      logTransform: bool(feat.logTransform, 'features.logTransform', DEFAULTS.features.logTransform, problems),
      logColumns: strList(feat.logColumns, 'features.logColumns', DEFAULTS.features.logColumns, problems),
      allowProtected: bool(feat.allowProtected, 'features.allowProtected', DEFAULTS.features.allowProtected, problems),
      ...(feat.asOf !== undefined ? { asOf: str(feat.asOf, 'features.asOf', '', problems) } : {}),
    },
    embed: {
      enabled: bool(emb.enabled, 'embed.enabled', DEFAULTS.embed.enabled, problems),
      hidden: numList(emb.hidden, 'embed.hidden', DEFAULTS.embed.hidden, problems, 1),
      bottleneck: num(emb.bottleneck, 'embed.bottleneck', DEFAULTS.embed.bottleneck, problems, { min: 1, max: 256, integer: true }),
      epochs: num(emb.epochs, 'embed.epochs', DEFAULTS.embed.epochs, problems, { min: 1, max: 1000, integer: true }),
      batchSize: num(emb.batchSize, 'embed.batchSize', DEFAULTS.embed.batchSize, problems, { min: 1, max: 65536, integer: true }),
      learningRate: num(emb.learningRate, 'embed.learningRate', DEFAULTS.embed.learningRate, problems, { min: 1e-6, max: 1 }),
      backend: oneOf(emb.backend, 'embed.backend', ['auto', 'tensorflow', 'wasm', 'cpu'] as const, DEFAULTS.embed.backend, problems),
    },
    cluster: {
      kMin: num(clu.kMin, 'cluster.kMin', DEFAULTS.cluster.kMin, problems, { min: 2, max: 100, integer: true }),
      kMax: num(clu.kMax, 'cluster.kMax', DEFAULTS.cluster.kMax, problems, { min: 2, max: 100, integer: true }),
      restarts: num(clu.restarts, 'cluster.restarts', DEFAULTS.cluster.restarts, problems, { min: 1, max: 100, integer: true }),
      maxIterations: num(clu.maxIterations, 'cluster.maxIterations', DEFAULTS.cluster.maxIterations, problems, { min: 1, max: 10000, integer: true }),
      silhouetteSample: num(clu.silhouetteSample, 'cluster.silhouetteSample', DEFAULTS.cluster.silhouetteSample, problems, { min: 50, max: 100000, integer: true }),
      minSegmentShare: num(clu.minSegmentShare, 'cluster.minSegmentShare', DEFAULTS.cluster.minSegmentShare, problems, { min: 0, max: 0.5 }),
    },
    fairness: {
      protected: strList(fair.protected, 'fairness.protected', DEFAULTS.fairness.protected, problems),
      lower: num(fair.lower, 'fairness.lower', DEFAULTS.fairness.lower, problems, { min: 0, max: 1 }),
      upper: num(fair.upper, 'fairness.upper', DEFAULTS.fairness.upper, problems, { min: 1 }),
      numericBins: numList(fair.numericBins, 'fairness.numericBins', DEFAULTS.fairness.numericBins, problems),
      minCellSize: num(fair.minCellSize, 'fairness.minCellSize', DEFAULTS.fairness.minCellSize, problems, { min: 1, integer: true }),
    },
  };
  for (const src of [config.sources.customers, config.sources.transactions]) {
    if (src.path && path.dirname(src.path) === config.outDir) problems.push(msg.outDirIsInputFolder(config.outDir));
  }
  if (config.cluster.kMin > config.cluster.kMax) problems.push(msg.kRangeBad(config.cluster.kMin, config.cluster.kMax));
  if (config.features.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(config.features.asOf))
    problems.push(msg.badConfigValue('features.asOf', config.features.asOf, 'a date yyyy-mm-dd'));
  for (const col of config.features.logColumns) {
    if (!config.features.customerColumns.includes(col))
      problems.push(msg.badConfigValue('features.logColumns', col, `a column listed in features.customerColumns (${config.features.customerColumns.join(', ') || 'none'})`));
  }
  if (!config.features.allowProtected) {
    for (const col of config.features.customerColumns) {
      if (config.fairness.protected.includes(col)) problems.push(msg.featureIsProtected(col));
    }
  }
  if (problems.length) throw new SeglabError('config', msg.configInvalid([...new Set(problems)]));
  return config;
}
