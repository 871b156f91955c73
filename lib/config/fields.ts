/**
 * Every field of the run config, declared once: type, default, bounds and doc. The types
 * (types.ts), the validator (validate.ts), the defaults, the key check and the JSON Schema
 * (scripts/generate-schema.ts) all come from this declaration.
 *
 * To add a field: one entry in its section, e.g.
 *   tolerance: number({ default: 1e-4, min: 0, max: 1, doc: 'Stop when the inertia improves by less than this share.' }),
 * Stages then read it from the resolved config (`config.cluster.tolerance`); nothing else to edit.
 * Checks that span sections (kMin <= kMax, a protected column used as a feature) live in validate.ts.
 */
import * as path from 'node:path';
import { msg } from '../errors/messages';
import { dict } from '../io/dict';
import { custom, flag, int, nullable, number, numbers, oneOf, oneOfList, optional, optionalSection, section, text, texts, type Field } from './declare';
import { binsRecord, distanceBands, listOf, missingRule, objectOf, ranges, stringMap, stringRecord, stringValue, winsorRule, type MissingRule, type WinsorRule } from './rules';
import type { Problems } from './values';

export type { MissingRule, WinsorRule } from './rules';

/** File formats a source may have. "auto" picks by extension (.csv .tsv .txt .gz .json .ndjson .jsonl .parquet .xlsx). */
export const SOURCE_FORMATS = ['auto', 'csv', 'json', 'ndjson', 'parquet', 'xlsx'] as const;
/** How a file is read: in Node (exact, every row in memory) or through DuckDB (large files, Parquet). */
export const SOURCE_ENGINES = ['auto', 'js', 'duckdb'] as const;
/** Optional sources joined to customers on the customer id. */
export const EXTRA_SOURCE_ROLES = ['surveys', 'web', 'campaigns', 'consent'] as const;
/** How day/month order is read in dates that are not ISO. */
export const DATE_FORMATS = ['auto', 'ymd', 'dmy', 'mdy'] as const;
/** Feature families: which of the segmentation criteria feed the model. */
export const FEATURE_FAMILIES = ['behavioural', 'demographic', 'psychographic', 'firmographic', 'engagement', 'benefit', 'geographic'] as const;
/** Behavioural features computed from transactions. */
export const BEHAVIOURAL_FEATURES = [
  'recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days',
  'return_rate', 'discount_share', 'trend_90d', 'category_shares', 'rfm_scores',
] as const;

const columnMap = (expected: string) => ({ type: 'object', additionalProperties: expected === 'strings' ? { type: 'array', items: { type: 'string' } } : expected === 'numbers' ? { type: 'array', items: { type: 'number' } } : { type: 'string' } });

/** An input file. */
const SOURCE = section('', {
  path: {
    ...text({ doc: "Path to the file, relative to the config file's folder (or the working directory for flags).", default: '', finish: (v, ctx) => (v ? path.resolve(ctx.baseDir, v) : v) }),
    defaultText: undefined,
    required: 'the path of a data file (CSV, TSV, JSON, NDJSON, Parquet or XLSX)',
  } satisfies Field<string>,
  delimiter: optional(text({ doc: 'Field delimiter (one character). Default: sniffed from the first lines (`,` `;` tab `|`).', default: ',' })),
  format: optional(oneOf(SOURCE_FORMATS, { doc: 'File format. Default "auto" (by extension; a `.gz` file is gunzipped first).', default: 'auto' })),
  header: optional(flag({ doc: 'Does the first (non-skipped) line hold column names? Default: sniffed.', default: true })),
  columnNames: optional(texts({ doc: 'Column names for a file without a header line (e.g. UCI Adult). Default: none.', default: [] })),
  skipLines: optional(int({ doc: 'Lines to skip before the header / first row (e.g. adult.test\'s "|1x3 Cross validator"). Default 0.', default: 0, min: 0, max: 1000 })),
  trimFields: optional(flag({ doc: 'Trim spaces around every field (e.g. Adult\'s ", " separators). Default false.', default: false })),
  idColumn: optional(text({ doc: 'Name of the customer-id column in this file when it differs from columns.customerId.', default: '' })),
  engine: optional(oneOf(SOURCE_ENGINES, { doc: '"duckdb" reads through DuckDB (Parquet, large CSV); "auto" uses DuckDB for Parquet, files over 256 MB, and order-line CSV files from 16 MB whose sampled dates and amounts are plain (ISO dates or a declared dateFormat, plain numbers). Default "auto".', default: 'auto' })),
}, (spec, where, problems) => {
  if (typeof spec.delimiter === 'string' && spec.delimiter.length !== 1) problems.push(msg.badConfigValue(`${where}.delimiter`, spec.delimiter, 'one character (use trimFields for ", ")'));
  if (spec.columnNames && spec.header === true) problems.push(msg.badConfigValue(`${where}.header`, true, 'false (or left out) when columnNames is given'));
});

const extraSource = (doc: string) => optionalSection({ ...SOURCE, doc });

const SOURCES = section('Input files: customers (required), transactions and the optional surveys, web, campaigns and consent.', {
  customers: SOURCE,
  transactions: extraSource('Order lines (purchases, returns, cancellations). Without it, only customer-level features exist.'),
  surveys: extraSource('Psychographic and benefit-sought answers, one row per customer (the latest kept).'),
  web: extraSource('Web analytics: one row per session/visit (or per customer); counted and summed per customer.'),
  campaigns: extraSource('Campaign logs: one row per customer and campaign; counted and summed per customer.'),
  consent: extraSource('Marketing consent flags, one row per customer (the latest kept).'),
});

const role = (doc: string) => optional(text({ doc, default: '' }));

const COLUMNS = section('Which columns play which role. Names are the file\'s header names.', {
  customerId: text({ doc: 'Customer id column, in both files.', default: 'customer_id' }),
  orderDate: text({ doc: 'Transaction date column (ISO yyyy-mm-dd or yyyy-mm-ddThh:mm).', default: 'order_date' }),
  amount: text({ doc: 'Transaction amount column (currency units; "$1,200" style values are read).', default: 'amount' }),
  pii: texts({ doc: 'Customer columns holding personal data (never features, never in outputs).', default: [] }),
  dateFormat: oneOf(DATE_FORMATS, { doc: 'Day/month order of non-ISO dates. "auto" errors when the file is ambiguous.', default: 'auto' }),
  decimal: optional(oneOf(['.', ','] as const, {
    doc: 'Decimal separator of amounts: "." (1,200.50) or "," (1.200,50). Default: read from the values; a column that mixes readings ("1.200" beside "1.200,50") is an error until this is declared.',
    default: '.',
  })),
  quantity: role('Quantity per order line (negative for returns). Default: none.'),
  price: role('Unit price; amount = quantity x price when columns.amount is not in the file. Default: none.'),
  invoice: role('Invoice number; one starting with "C" is a cancellation. Default: none.'),
  category: role('Product category of an order line (category shares). Default: none.'),
  discount: role('Discount per order line (amount or flag > 0; discount usage). Default: none.'),
  updatedAt: role('Timestamp of a customer-level row (duplicates keep the latest). Default: none (the last row in the file wins).'),
  consent: role('Marketing consent column (in customers or the consent source): yes/true/1/y opt in. Default: none.'),
  label: role('Optional ground-truth label column (kept aside, never a feature). Default: none.'),
});

const CLEAN = section('Cleaning rules.', {
  missingTokens: texts({ doc: 'Strings read as missing, compared case-insensitively after trimming.', default: ['', 'na', 'n/a', 'nan', 'null', 'none', '?', 'unknown', '-'] }),
  numericMissing: oneOf(['median', 'drop'] as const, { doc: 'What to do with a missing value in a numeric feature column.', default: 'median' }),
  ranges: custom<Record<string, [number, number]>>({
    doc: 'Plausible [min, max] per numeric column; values outside are set to missing and counted.', default: () => dict(), defaultText: '{}', parse: ranges,
    schema: { type: 'object', additionalProperties: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], minItems: 2, maxItems: 2 } },
  }),
  maxUnreadableShare: number({ doc: 'Largest share of unreadable (non-missing, non-numeric) values tolerated in a numeric column; they become missing.', default: 0.02, min: 0, max: 1 }),
  missing: custom<Record<string, MissingRule>>({
    doc: 'Per-column missing-value rules (override numericMissing for that column): "median", "mode", "indicator" (a 0/1 column, filled with the median), "drop" or {"constant": value}.',
    default: () => dict(), defaultText: '{}', parse: objectOf(missingRule, 'an object of column -> rule'),
    schema: { type: 'object', additionalProperties: { anyOf: [{ enum: ['median', 'mode', 'indicator', 'drop'] }, { type: 'object', properties: { constant: { anyOf: [{ type: 'number' }, { type: 'string' }] } }, required: ['constant'], additionalProperties: false }] } },
  }),
  winsorise: custom<Record<string, WinsorRule>>({
    doc: 'Per-column outlier clipping, counted in the ledger: {"quantiles": [lo, hi]} or {"iqr": k}.', default: () => dict(), defaultText: '{}', parse: objectOf(winsorRule, 'an object of column -> rule'),
    schema: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'object', properties: { quantiles: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], minItems: 2, maxItems: 2 } }, required: ['quantiles'], additionalProperties: false },
          { type: 'object', properties: { iqr: { type: 'number' } }, required: ['iqr'], additionalProperties: false },
        ],
      },
    },
  }),
  recode: custom<Record<string, Record<string, string>>>({
    doc: 'Per-column recoding of text values (e.g. {"marital_status": {"YOLO": "other"}}, {"income": {"<=50K.": "<=50K"}}).', default: () => dict(), defaultText: '{}',
    parse: objectOf(stringMap, 'an object of column -> {value: replacement}'), schema: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
  }),
  allowedValues: custom<Record<string, string[]>>({
    doc: 'Per-column allowed values; anything else becomes "other" (junk categories).', default: () => dict(), defaultText: '{}',
    parse: objectOf(listOf(false), 'an object of column -> [values]'), schema: columnMap('strings'),
  }),
  returns: oneOf(['net', 'drop'] as const, { doc: 'Returns and cancellations: "net" keeps them as negative amounts, "drop" removes them (return rate is counted either way).', default: 'net' }),
  excludeWithoutConsent: flag({ doc: 'Exclude customers without marketing consent (needs columns.consent); without columns.consent it has no effect.', default: true }),
});

const PRIVACY = section('Privacy at ingest.', {
  pseudonymise: flag({ doc: 'Replace customer ids in every output with a salted SHA-256 pseudonym.', default: false }),
  saltEnv: text({ doc: 'Environment variable holding the salt (never written anywhere).', default: 'SEGLAB_SALT' }),
});

const GEOGRAPHIC = section('The geographic criterion: region/country columns, postcode area, distance bands (lib/features/geographic.ts), one-hot encoded like features.categoricalColumns.', {
  columns: texts({ doc: 'Region, country, state or city columns (one level per value; rare levels grouped).', default: [] }),
  postcode: custom<string | null>({
    doc: 'A postcode column, reduced to its area: the leading letters of a UK-style postcode ("SW1A 1AA" -> "SW"), else the first `postcodeDigits` digits ("75008" -> "75").',
    default: null, defaultText: 'null',
    parse(v, where, problems) {
      if (v === null) return null;
      if (typeof v === 'string' && v.trim()) return v;
      problems.push(msg.badConfigValue(where, v, 'a column name or null'));
      return null;
    },
    schema: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  }),
  postcodeDigits: int({ doc: 'Digits kept of a numeric postcode.', default: 2, min: 1, max: 5 }),
  distanceBands: custom<Record<string, number[]>>({
    doc: 'Distance columns (e.g. km to the nearest store) cut into bands at these edges.', default: () => ({}), defaultText: '{}', parse: distanceBands, schema: columnMap('numbers'),
  }),
});

const FEATURES = section('Features: behavioural from transactions, customer columns, categories and bands.', {
  customerColumns: texts({ doc: 'Numeric customer columns to use as features besides recency/frequency/monetary.', default: [] }),
  logTransform: flag({ doc: 'Use log1p on the behavioural features (recency, frequency, monetary, tenure: heavy tails).', default: true }),
  logColumns: texts({ doc: 'Customer columns to log1p before standardising (e.g. income).', default: [] }),
  allowProtected: flag({ doc: 'Allow a protected attribute as a feature (the report then says so up front).', default: false }),
  asOf: optional(text({ doc: 'Reference date for recency, ISO yyyy-mm-dd. Default: the day after the last transaction.', default: '' })),
  behavioural: oneOfList(BEHAVIOURAL_FEATURES, { doc: 'Behavioural features from transactions.', default: ['recency_days', 'frequency', 'monetary', 'tenure_days'] }),
  categoricalColumns: texts({ doc: 'Text columns one-hot encoded (demographic, geographic, firmographic, benefit sought).', default: [] }),
  rareShare: number({ doc: 'Levels rarer than this share are grouped into "other" when one-hot encoding.', default: 0.01, min: 0, max: 0.5 }),
  bands: custom<Record<string, number[]>>({
    doc: 'Numeric columns cut into bands at these edges, then one-hot encoded (e.g. {"age": [25, 35, 45, 55, 65]}).', default: () => dict(), defaultText: '{}',
    parse: objectOf(listOf(true), 'an object of column -> [edges]') as (v: unknown, where: string, problems: Problems) => Record<string, number[]>, schema: columnMap('numbers'),
  }),
  families: oneOfList(FEATURE_FAMILIES, { doc: 'Feature families, for the report: which criteria the chosen columns stand for.', default: ['behavioural'] }),
  geographic: GEOGRAPHIC,
  labels: optional(custom<Record<string, string>>({
    doc: 'Readable names of features for personas and the report, e.g. {"tenure_months": "months as a customer", "PhoneService=Yes": "phone service"}. Default {}: names are humanised automatically.',
    default: () => dict(), parse: objectOf(stringValue, 'an object of feature -> readable name'), schema: columnMap('text'),
  })),
});

const EMBED = section('The autoencoder embedding.', {
  enabled: flag({ doc: 'Train the autoencoder and cluster its embedding (true), or cluster the scaled features.', default: true }),
  hidden: numbers({ doc: 'Hidden layer widths of the encoder; the decoder mirrors them.', default: [16], min: 1 }),
  bottleneck: int({ doc: 'Width of the bottleneck (embedding dimension).', default: 4, min: 1, max: 256 }),
  epochs: int({ doc: 'Training epochs.', default: 40, min: 1, max: 1000 }),
  batchSize: int({ doc: 'Mini-batch size.', default: 128, min: 1, max: 65536 }),
  learningRate: number({ doc: 'Adam learning rate.', default: 0.01, min: 1e-6, max: 1 }),
  maxTrainRows: int({ doc: 'The autoencoder trains on a seeded sample of at most this many customers, then encodes all.', default: 50000, min: 100 }),
  backend: oneOf(['auto', 'tensorflow', 'wasm', 'cpu'] as const, { doc: 'TensorFlow.js backend preference ("auto": native \'tensorflow\', then \'wasm\', then \'cpu\').', default: 'auto' }),
});

const CLUSTER = section('Clustering: the k range, k-means settings and the labelling method.', {
  kMin: int({ doc: 'Smallest k tried.', default: 2, min: 2, max: 100 }),
  kMax: int({ doc: 'Largest k tried.', default: 8, min: 2, max: 100 }),
  restarts: int({ doc: 'k-means++ restarts per k; the best inertia is kept.', default: 5, min: 1, max: 10_000 }),
  maxIterations: int({ doc: 'Maximum k-means iterations.', default: 300, min: 1, max: 10_000 }),
  silhouetteSample: int({ doc: 'Customers sampled (seeded) for the silhouette score.', default: 2000, min: 50, max: 100_000 }),
  minSegmentShare: number({ doc: 'A k whose smallest segment is below this share of customers is not chosen.', default: 0.02, min: 0, max: 0.5 }),
  method: oneOf(['kmeans', 'gmm', 'agglomerative'] as const, { doc: 'The method that labels customers at the chosen k (k itself is chosen with k-means).', default: 'kmeans' }),
  maxFitRows: int({ doc: 'Above this many customers, k and the representation are chosen on a seeded sample and every customer is then assigned.', default: 50000, min: 100 }),
  treeRows: int({ doc: 'Rows the agglomerative tree is grown on (the rest are assigned).', default: 3000, min: 2, max: 10_000 }),
  startSample: int({ doc: 'Customers in the seeded subsample that the k-means restarts run on when more customers are fitted (all of them, or the maxFitRows sample); the best start is then refined by Lloyd on all fitted customers. At maxFitRows or more, every restart runs on all of them.', default: 10000, min: 100 }),
  workers: int({ doc: 'Threads for independent fits: the k scan and k-means restarts here, and the two BG/NBD fits of the CLV stage; 1 runs them all in-process. Results are the same for any value.', default: 2, min: 1, max: 64 }),
});

const FAIRNESS = section('Fairness and privacy checks of the segments.', {
  protected: texts({ doc: 'Protected attribute columns of the customers file (never features by default).', default: [] }),
  lower: number({ doc: 'Representation ratio lower bound (four-fifths rule).', default: 0.8, min: 0, max: 1 }),
  upper: number({ doc: 'Representation ratio upper bound.', default: 1.25, min: 1 }),
  numericBins: numbers({ doc: 'Numeric protected attributes are binned at these edges (e.g. age).', default: [25, 35, 45, 55, 65] }),
  minCellSize: int({ doc: 'k-anonymity threshold: any reported cell (segment × group, persona statistic) with fewer customers is suppressed.', default: 50, min: 1 }),
  reference: custom<Record<string, string>>({
    doc: 'Reference group per attribute for disparate impact, e.g. { "gender": "M" }. Default: the group with the highest selection rate.',
    default: () => ({}), parse: stringRecord, schema: columnMap('text'),
  }),
  targetSegments: numbers({ doc: 'Segments (numbered 1..k as in the report) a campaign plan targets, for the targeting-parity check. Default []: the segments that get a campaign recommendation, if any.', default: [], min: 1, integer: true, expected: 'segment numbers 1..k' }),
  mitigation: oneOf(['none', 'fair-assignment', 'drop-proxies', 'both'] as const, { doc: 'The mitigation measured before/after.', default: 'fair-assignment' }),
  maxMoveShare: number({ doc: 'Largest share of customers fair assignment may move.', default: 0.25, min: 0, max: 1 }),
  writeMitigatedSegments: flag({
    doc: 'Write the fair-assignment mitigation\'s segment of every customer as segments-mitigated-fair-assignment.csv. Default false: which customers it moves, and between which segments, gives away their protected group (it moves customers by their group), so only the before/after figures are published unless you ask for the file and handle it as protected data.',
    default: false,
  }),
  mitigationAttribute: nullable(text({ doc: 'The protected attribute the mitigation targets. Default null: the one with the lowest proportional balance.', default: '' }), null),
  bins: custom<Record<string, number[]>>({
    doc: 'Bin edges per numeric protected attribute, e.g. { "income": [20000, 50000] }; without, 0/1 and low-cardinality numbers are categories, birth years become ages, other numbers are cut at their quartiles.',
    default: () => ({}), defaultText: '{}', parse: binsRecord, schema: columnMap('numbers'),
  }),
}, (f, _where, problems) => {
  const protectedCols = f.protected as string[];
  if (typeof f.mitigationAttribute === 'string' && !protectedCols.includes(f.mitigationAttribute))
    problems.push(msg.badConfigValue('fairness.mitigationAttribute', f.mitigationAttribute, `one of fairness.protected (${protectedCols.join(', ') || 'none declared'})`));
});

const CURRENCY = /^[A-Z]{3}$/;

const PROFILE = section('Segment profiles and personas.', {
  names: custom<Record<string, string>>({
    doc: 'Persona names chosen by the user, by segment number (1..k as in the report), e.g. { "1": "Weekend shoppers" }.', default: () => ({}), defaultText: '{}',
    parse(v, where, problems) {
      const names = stringRecord(v, where, problems);
      for (const key of Object.keys(names)) if (!/^[1-9]\d*$/.test(key)) problems.push(msg.badConfigValue(`${where}.${key}`, key, 'a segment number 1..k as the key'));
      return names;
    },
    schema: columnMap('text'),
  }),
  valueColumns: texts({
    doc: 'Numeric columns of the customers file whose sum per customer is the value measure when there are no order lines (e.g. yearly spend per product group, in profile.currency): segments get a share of value and a value index. Missing or negative amounts count as 0 (the report says how many). With order lines, value is their spend and this must stay empty.',
    default: [],
  }),
  currency: optional(custom<string>({
    doc: 'ISO 4217 currency code of the amounts (e.g. "USD", "EUR", "GBP"), shown with every money value. Default none: values read "currency units".',
    default: '',
    parse(v, where, problems) {
      if (typeof v === 'string' && CURRENCY.test(v)) return v;
      problems.push(msg.badConfigValue(where, v, 'a three-letter ISO 4217 code such as "USD", "EUR" or "GBP"'));
      return '';
    },
    schema: { type: 'string' },
  })),
});

const CLV = section('Customer lifetime value (BG/NBD + Gamma-Gamma).', {
  enabled: flag({ doc: 'Estimate CLV when there are order lines.', default: true }),
  margin: number({ doc: 'Share of revenue that is profit, 0..1.', default: 1, min: 0, max: 1 }),
  horizonDays: number({ doc: 'Predictive horizon in days.', default: 365, min: 1, max: 3650 }),
  unitDays: number({ doc: 'Model time unit in days (7: weeks, as in the BTYD literature).', default: 7, min: 1, max: 365 }),
  annualDiscountRate: number({ doc: 'Annual discount rate (0.1 = 10%).', default: 0.1, min: 0, max: 1 }),
  holdoutDays: nullable(int({ doc: 'Days held out at the end to validate predicted vs actual purchases; 0 = none. Default null: a third of the observed span.', default: 0, min: 0 }), null),
});

const column = (doc: string) => nullable(text({ doc, default: '' }), null);

/**
 * Campaign options: the config's campaigns section, and the options of evaluateCampaigns
 * (lib/campaigns/validate.ts checks direct calls with these same bounds).
 */
export const CAMPAIGN_OPTIONS = {
  controlArm: column('Name of the control (no-campaign) arm. Default null: campaigns.columns.control marks control rows, or there is no control.'),
  margin: number({ doc: 'Share of revenue that is profit.', default: 1, min: 0, max: 1 }),
  confidence: number({ doc: 'Two-sided confidence of every interval.', default: 0.95, min: 0.5, max: 0.9999 }),
  probabilityBest: number({ doc: 'Recommend a campaign only when P(best) >= this.', default: 0.9, min: 0.5, max: 1 }),
  posteriorDraws: int({ doc: 'Monte Carlo draws from the Beta posteriors.', default: 20000, min: 100, max: 1_000_000 }),
  bootstrap: int({ doc: 'Bootstrap resamples for the ROI interval.', default: 1000, min: 50, max: 1_000_000 }),
  alpha: number({ doc: "Significance level of the next test's sample size.", default: 0.05, min: 1e-6, max: 0.5 }),
  power: number({ doc: "Power of the next test's sample size.", default: 0.8, min: 0.5, max: 0.9999 }),
  minDetectableUplift: number({ doc: 'Smallest conversion uplift worth detecting in the next test.', default: 0.01, min: 1e-6, max: 1 }),
} as const;

const CAMPAIGNS = section('Campaign effectiveness and selection per segment.', {
  columns: section('Column names of the campaign log (sources.campaigns).', {
    customerId: text({ doc: 'Default: columns.customerId.', default: (ctx) => ((ctx.root.columns as { customerId?: string } | undefined)?.customerId ?? 'customer_id') }),
    arm: text({ doc: 'Campaign / arm name.', default: 'campaign' }),
    converted: text({ doc: '0/1 conversion.', default: 'converted' }),
    revenue: column('Revenue attributed to the row. Default null (none).'),
    cost: column('Cost of the row. Default null (no cost).'),
    control: column('A 0/1 column marking control rows, instead of campaigns.controlArm.'),
    engagement: texts({ doc: '0/1 engagement columns (opened, clicked, visit...).', default: [] }),
  }),
  ...CAMPAIGN_OPTIONS,
  budget: nullable(number({ doc: 'Budget to allocate across segments (greedy on incremental profit per cost). Default null (no allocation).', default: 0, min: 0 }), null),
});

/** The whole run config. */
export const RUN_CONFIG = section('', {
  name: text({ doc: 'Run name: the output folder is `<outDir>`, default `reports/<name>`. Letters, digits, ".", "_" or "-".', default: 'run' }),
  seed: int({ doc: 'The one seed of the run; stages derive their streams from it.', default: 42, min: 0, max: 2 ** 32 - 1 }),
  outDir: {
    ...text({
      doc: 'Output folder for this run, relative to the config file. Default `reports/<name>`.',
      default: (ctx) => path.join('reports', String(ctx.parent.name)),
      finish: (v, ctx) => path.resolve(ctx.baseDir, v),
    }),
  } satisfies Field<string>,
  sources: SOURCES,
  columns: COLUMNS,
  clean: CLEAN,
  privacy: PRIVACY,
  features: FEATURES,
  embed: EMBED,
  cluster: CLUSTER,
  fairness: FAIRNESS,
  profile: PROFILE,
  clv: CLV,
  campaigns: CAMPAIGNS,
});

/** The sections, by name, for code that needs one section's declaration (e.g. its defaults). */
export const SECTIONS = { sources: SOURCES, source: SOURCE, columns: COLUMNS, clean: CLEAN, privacy: PRIVACY, features: FEATURES, geographic: GEOGRAPHIC, embed: EMBED, cluster: CLUSTER, fairness: FAIRNESS, profile: PROFILE, clv: CLV, campaigns: CAMPAIGNS } as const;

/** Keys a config may hold besides the declared ones (checked by validate.ts, not part of the resolved config). */
export const ANNOTATION_KEYS = ['$schema'] as const;
