import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import { bool, isObject, num, numList, oneOf, str, strList, type Problems } from './values';
import { GEOGRAPHIC_DEFAULTS, GEOGRAPHIC_KEYS, geographicSection } from './geographic';
import { ANALYSIS_KEYS, CAMPAIGN_DEFAULTS, CLV_DEFAULTS, FAIRNESS_DEFAULTS, campaignsSection, clvSection, fairnessSection, profileSection } from './analysis';
import {
  BEHAVIOURAL_FEATURES,
  EXTRA_SOURCE_ROLES,
  type MissingRule,
  type RunConfig,
  type RunConfigInput,
  type SourceSpec,
  type Sources,
  type WinsorRule,
} from './types';
import { dict } from '../io/dict';
import { realPathOf } from '../io/run-folder';

/** Every default, in one place. */
export const DEFAULTS: Omit<RunConfig, 'sources' | 'outDir'> = {
  name: 'run',
  seed: 42,
  columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', pii: [], dateFormat: 'auto' },
  clean: {
    missingTokens: ['', 'na', 'n/a', 'nan', 'null', 'none', '?', 'unknown', '-'],
    numericMissing: 'median',
    ranges: {},
    maxUnreadableShare: 0.02,
    missing: {},
    winsorise: {},
    recode: {},
    allowedValues: {},
    returns: 'net',
    excludeWithoutConsent: true,
  },
  privacy: { pseudonymise: false, saltEnv: 'SEGLAB_SALT' },
  features: {
    customerColumns: [],
    logTransform: true,
    logColumns: [],
    allowProtected: false,
    behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days'],
    categoricalColumns: [],
    rareShare: 0.01,
    bands: {},
    families: ['behavioural'],
    geographic: GEOGRAPHIC_DEFAULTS,
  },
  embed: {
    enabled: true,
    hidden: [16],
    bottleneck: 4,
    epochs: 40,
    batchSize: 128,
    learningRate: 0.01,
    maxTrainRows: 50000,
    backend: 'auto',
  },
  cluster: { kMin: 2, kMax: 8, restarts: 5, maxIterations: 300, silhouetteSample: 2000, minSegmentShare: 0.02, method: 'kmeans', maxFitRows: 50000, treeRows: 3000 },
  fairness: FAIRNESS_DEFAULTS,
  profile: { names: {} },
  clv: CLV_DEFAULTS,
  campaigns: { ...CAMPAIGN_DEFAULTS, columns: { customerId: 'customer_id', ...CAMPAIGN_DEFAULTS.columns } },
};


const SOURCE_KEYS = ['path', 'delimiter', 'format', 'header', 'columnNames', 'skipLines', 'trimFields', 'idColumn', 'engine'];
const SOURCE_NAMES = ['customers', 'transactions', ...EXTRA_SOURCE_ROLES] as const;
const OPTIONAL_ROLES = ['quantity', 'price', 'invoice', 'category', 'discount', 'updatedAt', 'consent', 'label'] as const;

const SECTION_KEYS: Record<string, readonly string[]> = {
  '': ['$schema', 'name', 'seed', 'outDir', 'sources', 'columns', 'clean', 'privacy', 'features', 'embed', 'cluster', 'fairness', 'profile', 'clv', 'campaigns'],
  ...ANALYSIS_KEYS,
  ...GEOGRAPHIC_KEYS,
  sources: SOURCE_NAMES,
  ...Object.fromEntries(SOURCE_NAMES.map((s) => [`sources.${s}`, SOURCE_KEYS])),
  columns: [...Object.keys(DEFAULTS.columns), ...OPTIONAL_ROLES, 'decimal'],
  privacy: Object.keys(DEFAULTS.privacy),
  clean: Object.keys(DEFAULTS.clean),
  features: [...Object.keys(DEFAULTS.features), 'asOf', 'labels'],
  embed: Object.keys(DEFAULTS.embed),
  cluster: Object.keys(DEFAULTS.cluster),
  fairness: Object.keys(DEFAULTS.fairness),
};

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

function ranges(v: unknown, where: string, problems: Problems): Record<string, [number, number]> {
  if (v === undefined) return dict();
  const out: Record<string, [number, number]> = dict();
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

function source(v: unknown, where: string, baseDir: string, problems: Problems): SourceSpec {
  const o = isObject(v) ? v : {};
  if (!isObject(v) || typeof o.path !== 'string' || o.path.length === 0) {
    problems.push(msg.missingConfigValue(`${where}.path`, 'the path of a data file (CSV, TSV, JSON, NDJSON, Parquet or XLSX)'));
    return { path: '' };
  }
  const spec: SourceSpec = { path: path.resolve(baseDir, o.path) };
  if (o.delimiter !== undefined) {
    spec.delimiter = str(o.delimiter, `${where}.delimiter`, ',', problems);
    if (spec.delimiter.length !== 1) problems.push(msg.badConfigValue(`${where}.delimiter`, spec.delimiter, 'one character (use trimFields for ", ")'));
  }
  if (o.format !== undefined) spec.format = oneOf(o.format, `${where}.format`, ['auto', 'csv', 'json', 'ndjson', 'parquet', 'xlsx'] as const, 'auto', problems);
  if (o.header !== undefined) spec.header = bool(o.header, `${where}.header`, true, problems);
  if (o.columnNames !== undefined) spec.columnNames = strList(o.columnNames, `${where}.columnNames`, [], problems);
  if (o.skipLines !== undefined) spec.skipLines = num(o.skipLines, `${where}.skipLines`, 0, problems, { min: 0, max: 1000, integer: true });
  if (o.trimFields !== undefined) spec.trimFields = bool(o.trimFields, `${where}.trimFields`, false, problems);
  if (o.idColumn !== undefined) spec.idColumn = str(o.idColumn, `${where}.idColumn`, '', problems);
  if (o.engine !== undefined) spec.engine = oneOf(o.engine, `${where}.engine`, ['auto', 'js', 'duckdb'] as const, 'auto', problems);
  if (spec.columnNames && spec.header === true) problems.push(msg.badConfigValue(`${where}.header`, true, 'false (or left out) when columnNames is given'));
  return spec;
}

function sourcesOf(v: Record<string, unknown>, baseDir: string, problems: Problems): Sources {
  const out: Sources = { customers: source(v.customers, 'sources.customers', baseDir, problems) };
  for (const role of ['transactions', ...EXTRA_SOURCE_ROLES] as const) {
    if (v[role] !== undefined) out[role] = source(v[role], `sources.${role}`, baseDir, problems);
  }
  return out;
}

function objectOf<T>(v: unknown, where: string, problems: Problems, item: (x: unknown, at: string) => T | null, expected: string): Record<string, T> {
  const out: Record<string, T> = dict();
  if (v === undefined) return out;
  if (!isObject(v)) {
    problems.push(msg.badConfigValue(where, v, expected));
    return out;
  }
  for (const [key, x] of Object.entries(v)) {
    const parsed = item(x, `${where}.${key}`);
    if (parsed !== null) out[key] = parsed;
  }
  return out;
}

function missingRule(problems: Problems) {
  return (x: unknown, at: string): MissingRule | null => {
    if (x === 'median' || x === 'mode' || x === 'indicator' || x === 'drop') return x;
    if (isObject(x) && Object.keys(x).length === 1 && (typeof x.constant === 'number' || typeof x.constant === 'string')) return { constant: x.constant };
    problems.push(msg.badConfigValue(at, x, '"median", "mode", "indicator", "drop" or {"constant": value}'));
    return null;
  };
}

function winsorRule(problems: Problems) {
  return (x: unknown, at: string): WinsorRule | null => {
    if (isObject(x) && Array.isArray(x.quantiles) && x.quantiles.length === 2) {
      const [lo, hi] = x.quantiles as unknown[];
      if (typeof lo === 'number' && typeof hi === 'number' && lo >= 0 && lo < hi && hi <= 1) return { quantiles: [lo, hi] };
    }
    if (isObject(x) && typeof x.iqr === 'number' && x.iqr > 0) return { iqr: x.iqr };
    problems.push(msg.badConfigValue(at, x, '{"quantiles": [lo, hi]} with 0 <= lo < hi <= 1, or {"iqr": k} with k > 0'));
    return null;
  };
}

function stringMap(problems: Problems) {
  return (x: unknown, at: string): Record<string, string> | null => {
    if (isObject(x) && Object.values(x).every((y) => typeof y === 'string')) return { ...(x as Record<string, string>) };
    problems.push(msg.badConfigValue(at, x, 'an object of value -> replacement (strings)'));
    return null;
  };
}

function listOf(problems: Problems, numbers: boolean) {
  return (x: unknown, at: string): (string[] & number[]) | null => {
    if (Array.isArray(x) && x.every((y) => (numbers ? typeof y === 'number' && Number.isFinite(y) : typeof y === 'string'))) return x.slice() as string[] & number[];
    problems.push(msg.badConfigValue(at, x, numbers ? 'a list of numbers' : 'a list of strings'));
    return null;
  };
}

function stringValue(problems: Problems) {
  return (x: unknown, at: string): string | null => {
    if (typeof x === 'string' && x.trim()) return x.trim();
    problems.push(msg.badConfigValue(at, x, 'a non-empty text'));
    return null;
  };
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
  if (c.$schema !== undefined && typeof c.$schema !== 'string') problems.push(msg.badConfigValue('$schema', c.$schema, 'the path or URL of the JSON Schema, as text'));
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) problems.push(msg.nameNotSlug(name));
  const sources = sec('sources');
  const cols = sec('columns');
  const clean = sec('clean');
  const priv = sec('privacy');
  const feat = sec('features');
  const emb = sec('embed');
  const clu = sec('cluster');
  const columnsCustomerId = typeof cols.customerId === 'string' && cols.customerId ? cols.customerId : DEFAULTS.columns.customerId;

  const config: RunConfig = {
    name,
    seed: num(c.seed, 'seed', DEFAULTS.seed, problems, { min: 0, max: 2 ** 32 - 1, integer: true }),
    outDir: path.resolve(baseDir, str(c.outDir, 'outDir', path.join('reports', name), problems)),
    sources: sourcesOf(sources, baseDir, problems),
    columns: {
      customerId: str(cols.customerId, 'columns.customerId', DEFAULTS.columns.customerId, problems),
      orderDate: str(cols.orderDate, 'columns.orderDate', DEFAULTS.columns.orderDate, problems),
      amount: str(cols.amount, 'columns.amount', DEFAULTS.columns.amount, problems),
      pii: strList(cols.pii, 'columns.pii', DEFAULTS.columns.pii, problems),
      dateFormat: oneOf(cols.dateFormat, 'columns.dateFormat', ['auto', 'ymd', 'dmy', 'mdy'] as const, DEFAULTS.columns.dateFormat, problems),
      ...(cols.decimal !== undefined ? { decimal: oneOf(cols.decimal, 'columns.decimal', ['.', ','] as const, '.', problems) } : {}),
      ...Object.fromEntries(
        OPTIONAL_ROLES.filter((r) => cols[r] !== undefined).map((r) => [r, str(cols[r], `columns.${r}`, '', problems)]),
      ),
    },
    clean: {
      missingTokens: strList(clean.missingTokens, 'clean.missingTokens', DEFAULTS.clean.missingTokens, problems),
      numericMissing: oneOf(clean.numericMissing, 'clean.numericMissing', ['median', 'drop'] as const, DEFAULTS.clean.numericMissing, problems),
      ranges: ranges(clean.ranges, 'clean.ranges', problems),
      maxUnreadableShare: num(clean.maxUnreadableShare, 'clean.maxUnreadableShare', DEFAULTS.clean.maxUnreadableShare, problems, { min: 0, max: 1 }),
      missing: objectOf(clean.missing, 'clean.missing', problems, missingRule(problems), 'an object of column -> rule'),
      winsorise: objectOf(clean.winsorise, 'clean.winsorise', problems, winsorRule(problems), 'an object of column -> rule'),
      recode: objectOf(clean.recode, 'clean.recode', problems, stringMap(problems), 'an object of column -> {value: replacement}'),
      allowedValues: objectOf(clean.allowedValues, 'clean.allowedValues', problems, listOf(problems, false), 'an object of column -> [values]'),
      returns: oneOf(clean.returns, 'clean.returns', ['net', 'drop'] as const, DEFAULTS.clean.returns, problems),
      excludeWithoutConsent: bool(clean.excludeWithoutConsent, 'clean.excludeWithoutConsent', DEFAULTS.clean.excludeWithoutConsent, problems),
    },
    privacy: {
      pseudonymise: bool(priv.pseudonymise, 'privacy.pseudonymise', DEFAULTS.privacy.pseudonymise, problems),
      saltEnv: str(priv.saltEnv, 'privacy.saltEnv', DEFAULTS.privacy.saltEnv, problems),
    },
    features: {
      customerColumns: strList(feat.customerColumns, 'features.customerColumns', DEFAULTS.features.customerColumns, problems),
      logTransform: bool(feat.logTransform, 'features.logTransform', DEFAULTS.features.logTransform, problems),
      logColumns: strList(feat.logColumns, 'features.logColumns', DEFAULTS.features.logColumns, problems),
      allowProtected: bool(feat.allowProtected, 'features.allowProtected', DEFAULTS.features.allowProtected, problems),
      ...(feat.asOf !== undefined ? { asOf: str(feat.asOf, 'features.asOf', '', problems) } : {}),
      behavioural: strList(feat.behavioural, 'features.behavioural', DEFAULTS.features.behavioural, problems) as RunConfig['features']['behavioural'],
      categoricalColumns: strList(feat.categoricalColumns, 'features.categoricalColumns', DEFAULTS.features.categoricalColumns, problems),
      rareShare: num(feat.rareShare, 'features.rareShare', DEFAULTS.features.rareShare, problems, { min: 0, max: 0.5 }),
      bands: objectOf(feat.bands, 'features.bands', problems, listOf(problems, true), 'an object of column -> [edges]') as Record<string, number[]>,
      families: strList(feat.families, 'features.families', DEFAULTS.features.families, problems) as RunConfig['features']['families'],
      geographic: geographicSection(feat.geographic, problems),
      ...(feat.labels !== undefined ? { labels: objectOf(feat.labels, 'features.labels', problems, stringValue(problems), 'an object of feature -> readable name') } : {}),
    },
    embed: {
      enabled: bool(emb.enabled, 'embed.enabled', DEFAULTS.embed.enabled, problems),
      hidden: numList(emb.hidden, 'embed.hidden', DEFAULTS.embed.hidden, problems, 1),
      bottleneck: num(emb.bottleneck, 'embed.bottleneck', DEFAULTS.embed.bottleneck, problems, { min: 1, max: 256, integer: true }),
      epochs: num(emb.epochs, 'embed.epochs', DEFAULTS.embed.epochs, problems, { min: 1, max: 1000, integer: true }),
      batchSize: num(emb.batchSize, 'embed.batchSize', DEFAULTS.embed.batchSize, problems, { min: 1, max: 65536, integer: true }),
      learningRate: num(emb.learningRate, 'embed.learningRate', DEFAULTS.embed.learningRate, problems, { min: 1e-6, max: 1 }),
      maxTrainRows: num(emb.maxTrainRows, 'embed.maxTrainRows', DEFAULTS.embed.maxTrainRows, problems, { min: 100, integer: true }),
      backend: oneOf(emb.backend, 'embed.backend', ['auto', 'tensorflow', 'wasm', 'cpu'] as const, DEFAULTS.embed.backend, problems),
    },
    cluster: {
      kMin: num(clu.kMin, 'cluster.kMin', DEFAULTS.cluster.kMin, problems, { min: 2, max: 100, integer: true }),
      kMax: num(clu.kMax, 'cluster.kMax', DEFAULTS.cluster.kMax, problems, { min: 2, max: 100, integer: true }),
      restarts: num(clu.restarts, 'cluster.restarts', DEFAULTS.cluster.restarts, problems, { min: 1, max: 100, integer: true }),
      maxIterations: num(clu.maxIterations, 'cluster.maxIterations', DEFAULTS.cluster.maxIterations, problems, { min: 1, max: 10000, integer: true }),
      silhouetteSample: num(clu.silhouetteSample, 'cluster.silhouetteSample', DEFAULTS.cluster.silhouetteSample, problems, { min: 50, max: 100000, integer: true }),
      minSegmentShare: num(clu.minSegmentShare, 'cluster.minSegmentShare', DEFAULTS.cluster.minSegmentShare, problems, { min: 0, max: 0.5 }),
      method: oneOf(clu.method, 'cluster.method', ['kmeans', 'gmm', 'agglomerative'] as const, DEFAULTS.cluster.method, problems),
      maxFitRows: num(clu.maxFitRows, 'cluster.maxFitRows', DEFAULTS.cluster.maxFitRows, problems, { min: 100, integer: true }),
      treeRows: num(clu.treeRows, 'cluster.treeRows', DEFAULTS.cluster.treeRows, problems, { min: 2, max: 10000, integer: true }),
    },
    fairness: fairnessSection(c.fairness, problems),
    profile: profileSection(c.profile, problems),
    clv: clvSection(c.clv, problems),
    campaigns: campaignsSection(c.campaigns, columnsCustomerId, problems),
  };
  // Real paths: an outDir that is a symbolic link to an input folder is caught too. (The stricter
  // rule, nothing inside an input's or the config's folder, applies where a run folder is written:
  // config/load.ts for the CLI and pipeline/outputs.ts.)
  const outReal = realPathOf(config.outDir);
  for (const src of Object.values(config.sources) as SourceSpec[]) {
    if (src?.path && path.dirname(realPathOf(src.path)) === outReal) problems.push(msg.outDirIsInputFolder(config.outDir));
  }
  for (const f of config.features.behavioural) {
    if (!BEHAVIOURAL_FEATURES.includes(f)) problems.push(msg.badConfigValue('features.behavioural', f, `one of ${BEHAVIOURAL_FEATURES.map((b) => `"${b}"`).join(', ')}`));
  }
  const families = ['behavioural', 'demographic', 'psychographic', 'firmographic', 'engagement', 'benefit', 'geographic'];
  for (const f of config.features.families) {
    if (!families.includes(f)) problems.push(msg.badConfigValue('features.families', f, `one of ${families.map((b) => `"${b}"`).join(', ')}`));
  }
  if (config.clean.excludeWithoutConsent && clean.excludeWithoutConsent === true && !config.columns.consent)
    problems.push(msg.badConfigValue('clean.excludeWithoutConsent', true, 'false unless columns.consent names the consent column'));
  if (!config.features.allowProtected) {
    for (const col of [...config.features.categoricalColumns, ...Object.keys(config.features.bands)]) {
      if (config.fairness.protected.includes(col)) problems.push(msg.featureIsProtected(col));
    }
  }
  if (!config.features.allowProtected) {
    const geo = config.features.geographic;
    for (const col of [...geo.columns, ...(geo.postcode ? [geo.postcode] : []), ...Object.keys(geo.distanceBands)]) {
      if (config.fairness.protected.includes(col)) problems.push(msg.featureIsProtected(col));
    }
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
  const outcome = config.columns.label;
  if (outcome && [...config.features.customerColumns, ...config.features.categoricalColumns, ...Object.keys(config.features.bands)].includes(outcome))
    problems.push(msg.featureIsOutcome(outcome));
  if (problems.length) throw new SeglabError('config', msg.configInvalid([...new Set(problems)]));
  return config;
}
