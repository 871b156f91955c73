/**
 * The run config: one typed object describes a run. `validateConfig` (validate.ts) checks it once
 * at the edge and fills every default there; after that, stages trust these types.
 */

/** File formats a source may have. "auto" picks by extension (.csv .tsv .txt .gz .json .ndjson .jsonl .parquet .xlsx). */
export type SourceFormat = 'auto' | 'csv' | 'json' | 'ndjson' | 'parquet' | 'xlsx';

/** How a file is read: in Node (exact, every row in memory) or through DuckDB (large files, Parquet). */
export type SourceEngine = 'auto' | 'js' | 'duckdb';

/** An input file. */
export interface SourceSpec {
  /** Path to the file, relative to the config file's folder (or the working directory for flags). */
  path: string;
  /** Field delimiter (one character). Default: sniffed from the first lines (`,` `;` tab `|`). */
  delimiter?: string;
  /** File format. Default "auto" (by extension; a `.gz` file is gunzipped first). */
  format?: SourceFormat;
  /** Does the first (non-skipped) line hold column names? Default: sniffed. */
  header?: boolean;
  /** Column names for a file without a header line (e.g. UCI Adult). Default: none. */
  columnNames?: string[];
  /** Lines to skip before the header / first row (e.g. adult.test's "|1x3 Cross validator"). Default 0. */
  skipLines?: number;
  /** Trim spaces around every field (e.g. Adult's ", " separators). Default false. */
  trimFields?: boolean;
  /** Name of the customer-id column in this file when it differs from columns.customerId. */
  idColumn?: string;
  /** "duckdb" reads through DuckDB (Parquet, large CSV); "auto" uses DuckDB for Parquet and files over 256 MB. Default "auto". */
  engine?: SourceEngine;
}

/** Optional sources joined to customers on the customer id. */
export type ExtraSourceRole = 'surveys' | 'web' | 'campaigns' | 'consent';
export const EXTRA_SOURCE_ROLES: readonly ExtraSourceRole[] = ['surveys', 'web', 'campaigns', 'consent'];

/** Every source of a run: customers required, the rest optional. */
export interface Sources {
  customers: SourceSpec;
  /** Order lines (purchases, returns, cancellations). Without it, only customer-level features exist. */
  transactions?: SourceSpec;
  /** Psychographic and benefit-sought answers, one row per customer (the latest kept). */
  surveys?: SourceSpec;
  /** Web analytics: one row per session/visit (or per customer); counted and summed per customer. */
  web?: SourceSpec;
  /** Campaign logs: one row per customer and campaign; counted and summed per customer. */
  campaigns?: SourceSpec;
  /** Marketing consent flags, one row per customer (the latest kept). */
  consent?: SourceSpec;
}

/** How day/month order is read in dates that are not ISO. */
export type DateFormat = 'auto' | 'ymd' | 'dmy' | 'mdy';

/** Which columns play which role. Names are the file's header names. */
export interface ColumnRoles {
  /** Customer id column, in both files. Default "customer_id". */
  customerId: string;
  /** Transaction date column (ISO yyyy-mm-dd or yyyy-mm-ddThh:mm). Default "order_date". */
  orderDate: string;
  /** Transaction amount column (currency units; "$1,200" style values are read). Default "amount". */
  amount: string;
  /** Customer columns holding personal data (never features, never in outputs). Default []. */
  pii: string[];
  /** Quantity per order line (negative for returns). Default: none. */
  quantity?: string;
  /** Unit price; amount = quantity x price when columns.amount is not in the file. Default: none. */
  price?: string;
  /** Invoice number; one starting with "C" is a cancellation. Default: none. */
  invoice?: string;
  /** Product category of an order line (category shares). Default: none. */
  category?: string;
  /** Discount per order line (amount or flag > 0; discount usage). Default: none. */
  discount?: string;
  /** Timestamp of a customer-level row (duplicates keep the latest). Default: none (the last row in the file wins). */
  updatedAt?: string;
  /** Marketing consent column (in customers or the consent source): yes/true/1/y opt in. Default: none. */
  consent?: string;
  /** Optional ground-truth label column (kept aside, never a feature). Default: none. */
  label?: string;
  /** Day/month order of non-ISO dates. "auto" errors when the file is ambiguous. Default "auto". */
  dateFormat: DateFormat;
  /**
   * Decimal separator of amounts: "." (1,200.50) or "," (1.200,50). Default: read from the values;
   * a column that mixes readings ("1.200" beside "1.200,50") is an error until this is declared.
   */
  decimal?: '.' | ',';
}

export type MissingStrategy = 'median' | 'drop';

/** Per-column missing-value rule: fill with median / mode / a constant, add a 0/1 indicator (and fill with the median), or drop the row. */
export type MissingRule = 'median' | 'mode' | 'indicator' | 'drop' | { constant: number | string };

/** Outlier rule: clip to the given quantiles, or to [Q1 - k IQR, Q3 + k IQR]. */
export type WinsorRule = { quantiles: [number, number] } | { iqr: number };

/** What to do with returns / cancellations (negative quantity or amount, invoice starting "C"). */
export type ReturnsRule = 'net' | 'drop';

export interface CleanConfig {
  /** Strings read as missing, compared case-insensitively after trimming. */
  missingTokens: string[];
  /** What to do with a missing value in a numeric feature column. Default "median". */
  numericMissing: MissingStrategy;
  /** Plausible [min, max] per numeric column; values outside are set to missing and counted. Default {}. */
  ranges: Record<string, [number, number]>;
  /** Largest share of unreadable (non-missing, non-numeric) values tolerated in a numeric column; they become missing. Default 0.02. */
  maxUnreadableShare: number;
  /** Per-column missing-value rules (override numericMissing for that column). Default {}. */
  missing: Record<string, MissingRule>;
  /** Per-column outlier clipping, counted in the ledger. Default {}. */
  winsorise: Record<string, WinsorRule>;
  /** Per-column recoding of text values (e.g. {"marital_status": {"YOLO": "other"}}, {"income": {"<=50K.": "<=50K"}}). Default {}. */
  recode: Record<string, Record<string, string>>;
  /** Per-column allowed values; anything else becomes "other" (junk categories). Default {}. */
  allowedValues: Record<string, string[]>;
  /** Returns and cancellations: "net" keeps them as negative amounts, "drop" removes them (return rate is counted either way). Default "net". */
  returns: ReturnsRule;
  /** Exclude customers without marketing consent (needs columns.consent). Default true when columns.consent is set. */
  excludeWithoutConsent: boolean;
}

/** Privacy at ingest. */
export interface PrivacyConfig {
  /** Replace customer ids in every output with a salted SHA-256 pseudonym. Default false. */
  pseudonymise: boolean;
  /** Environment variable holding the salt (never written anywhere). Default "SEGLAB_SALT". */
  saltEnv: string;
}

/** Feature families: which of the six segmentation criteria feed the model. */
export type FeatureFamily = 'behavioural' | 'demographic' | 'psychographic' | 'firmographic' | 'engagement' | 'benefit' | 'geographic';

/** Behavioural features computed from transactions. */
export type BehaviouralFeature =
  | 'recency_days'
  | 'frequency'
  | 'monetary'
  | 'tenure_days'
  | 'avg_basket'
  | 'interpurchase_days'
  | 'return_rate'
  | 'discount_share'
  | 'trend_90d'
  | 'category_shares'
  | 'rfm_scores';
export const BEHAVIOURAL_FEATURES: readonly BehaviouralFeature[] = [
  'recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days',
  'return_rate', 'discount_share', 'trend_90d', 'category_shares', 'rfm_scores',
];

export interface FeatureConfig {
  /** Numeric customer columns to use as features besides recency/frequency/monetary. Default []. */
  customerColumns: string[];
  /** Use log1p on the behavioural features (recency, frequency, monetary, tenure: heavy tails). Default true. */
  logTransform: boolean;
  /** Customer columns to log1p before standardising (e.g. income). Default []. */
  logColumns: string[];
  /** Allow a protected attribute as a feature (the report then says so up front). Default false. */
  allowProtected: boolean;
  /** Reference date for recency, ISO yyyy-mm-dd. Default: the day after the last transaction. */
  asOf?: string;
  /** Behavioural features from transactions. Default ["recency_days", "frequency", "monetary", "tenure_days"]. */
  behavioural: BehaviouralFeature[];
  /** Text columns one-hot encoded (demographic, geographic, firmographic, benefit sought). Default []. */
  categoricalColumns: string[];
  /** Levels rarer than this share are grouped into "other" when one-hot encoding. Default 0.01. */
  rareShare: number;
  /** Numeric columns cut into bands at these edges, then one-hot encoded (e.g. {"age": [25, 35, 45, 55, 65]}). Default {}. */
  bands: Record<string, number[]>;
  /** Feature families, for the report: which criteria the chosen columns stand for. Default ["behavioural"]. */
  families: FeatureFamily[];
  /** The geographic criterion: region/country columns, postcode area, distance bands (lib/features/geographic.ts). */
  geographic: GeographicConfig;
  /** Readable names of features for personas and the report, e.g. {"tenure_months": "months as a customer", "PhoneService=Yes": "phone service"}. Default {}: names are humanised automatically. */
  labels?: Record<string, string>;
}

/** Geographic features of the customers file, one-hot encoded like features.categoricalColumns. */
export interface GeographicConfig {
  /** Region, country, state or city columns (one level per value; rare levels grouped). Default []. */
  columns: string[];
  /**
   * A postcode column, reduced to its area: the leading letters of a UK-style postcode
   * ("SW1A 1AA" -> "SW"), else the first `postcodeDigits` digits ("75008" -> "75"). Default null.
   */
  postcode: string | null;
  /** Digits kept of a numeric postcode. Default 2. */
  postcodeDigits: number;
  /** Distance columns (e.g. km to the nearest store) cut into bands at these edges. Default {}. */
  distanceBands: Record<string, number[]>;
}

export interface EmbedConfig {
  /** Train the autoencoder and cluster its embedding (true), or cluster the scaled features. Default true. */
  enabled: boolean;
  /** Hidden layer widths of the encoder; the decoder mirrors them. Default [16]. */
  hidden: number[];
  /** Width of the bottleneck (embedding dimension). Default 4. */
  bottleneck: number;
  /** Training epochs. Default 40 (1..1000). */
  epochs: number;
  /** Mini-batch size. Default 128. */
  batchSize: number;
  /** Adam learning rate. Default 0.01. */
  learningRate: number;
  /** The autoencoder trains on a seeded sample of at most this many customers, then encodes all. Default 50000. */
  maxTrainRows: number;
  /** TensorFlow.js backend preference. Default "auto" (native 'tensorflow', then 'wasm', then 'cpu'). */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
}

export interface ClusterConfig {
  /** Smallest k tried. Default 2. */
  kMin: number;
  /** Largest k tried. Default 8. */
  kMax: number;
  /** k-means++ restarts per k; the best inertia is kept. Default 5. */
  restarts: number;
  /** Maximum k-means iterations. Default 300. */
  maxIterations: number;
  /** Customers sampled (seeded) for the silhouette score. Default 2000. */
  silhouetteSample: number;
  /** A k whose smallest segment is below this share of customers is not chosen. Default 0.02. */
  minSegmentShare: number;
  /** The method that labels customers at the chosen k (k itself is chosen with k-means). Default "kmeans". */
  method: 'kmeans' | 'gmm' | 'agglomerative';
  /** Above this many customers, k and the representation are chosen on a seeded sample and every customer is then assigned. Default 50000. */
  maxFitRows: number;
  /** Rows the agglomerative tree is grown on (the rest are assigned). Default 3000 (2..10000). */
  treeRows: number;
  /** How k is chosen among the k that pass the gates: "finest-stable" (the largest k whose segments reproduce at stability >= 0.95; what runs use) or "borda" (best mean rank of five separation measures). Default "borda" for direct chooseK calls. */
  kRule?: 'finest-stable' | 'borda';
}

export interface FairnessConfig {
  /** Protected attribute columns of the customers file (never features by default). */
  protected: string[];
  /** Representation ratio lower bound. Default 0.8 (four-fifths rule). */
  lower: number;
  /** Representation ratio upper bound. Default 1.25. */
  upper: number;
  /** Numeric protected attributes are binned at these edges (e.g. age). Default [25, 35, 45, 55, 65]. */
  numericBins: number[];
  /** k-anonymity threshold: any reported cell (segment × group, persona statistic) with fewer customers is suppressed. Default 50. */
  minCellSize: number;
  /** Reference group per attribute for disparate impact, e.g. { "gender": "M" }. Default: the group with the highest selection rate. */
  reference: Record<string, string>;
  /** Segments (numbered 1..k as in the report) a campaign plan targets, for the targeting-parity check. Default []: the segments that get a campaign recommendation, if any. */
  targetSegments: number[];
  /** The mitigation measured before/after. Default "fair-assignment". */
  mitigation: 'none' | 'fair-assignment' | 'drop-proxies' | 'both';
  /** Largest share of customers fair assignment may move. Default 0.25. */
  maxMoveShare: number;
  /** The protected attribute the mitigation targets. Default null: the one with the lowest proportional balance. */
  mitigationAttribute: string | null;
  /** Bin edges per numeric protected attribute, e.g. { "income": [20000, 50000] }; without, 0/1 and low-cardinality numbers are categories, birth years become ages, other numbers are cut at their quartiles. Default {}. */
  bins: Record<string, number[]>;
}

/** Customer lifetime value (BG/NBD + Gamma-Gamma). */
export interface ClvConfig {
  /** Estimate CLV when there are order lines. Default true. */
  enabled: boolean;
  /** Share of revenue that is profit, 0..1. Default 1. */
  margin: number;
  /** Predictive horizon in days. Default 365. */
  horizonDays: number;
  /** Model time unit in days. Default 7 (weeks, as in the BTYD literature). */
  unitDays: number;
  /** Annual discount rate (0.1 = 10%). Default 0.1. */
  annualDiscountRate: number;
  /** Days held out at the end to validate predicted vs actual purchases; 0 = none. Default null: a third of the observed span. */
  holdoutDays: number | null;
}

/** Column names of the campaign log (sources.campaigns). */
export interface CampaignColumns {
  /** Default: columns.customerId. */
  customerId: string;
  /** Campaign / arm name. Default "campaign". */
  arm: string;
  /** 0/1 conversion. Default "converted". */
  converted: string;
  /** Revenue attributed to the row. Default null (none). */
  revenue: string | null;
  /** Cost of the row. Default null (no cost). */
  cost: string | null;
  /** A 0/1 column marking control rows, instead of campaigns.controlArm. Default null. */
  control: string | null;
  /** 0/1 engagement columns (opened, clicked, visit...). Default []. */
  engagement: string[];
}

/** Campaign effectiveness and selection per segment. */
export interface CampaignConfig {
  columns: CampaignColumns;
  /** Name of the control (no-campaign) arm. Default null: campaigns.columns.control marks control rows, or there is no control. */
  controlArm: string | null;
  /** Share of revenue that is profit. Default 1. */
  margin: number;
  /** Two-sided confidence of every interval. Default 0.95. */
  confidence: number;
  /** Recommend a campaign only when P(best) >= this. Default 0.9. */
  probabilityBest: number;
  /** Monte Carlo draws from the Beta posteriors. Default 20000. */
  posteriorDraws: number;
  /** Bootstrap resamples for the ROI interval. Default 1000. */
  bootstrap: number;
  /** Significance and power for the next test's sample size. Defaults 0.05 and 0.8. */
  alpha: number;
  power: number;
  /** Smallest conversion uplift worth detecting in the next test. Default 0.01. */
  minDetectableUplift: number;
  /** Budget to allocate across segments (greedy on incremental profit per cost). Default null (no allocation). */
  budget: number | null;
}

/** Segment profiles and personas. */
export interface ProfileConfig {
  /** Persona names chosen by the user, by segment number (1..k as in the report), e.g. { "1": "Weekend shoppers" }. Default {}. */
  names: Record<string, string>;
  /** ISO 4217 currency code of the amounts (e.g. "USD", "EUR", "GBP"), shown with every money value. Default none: values read "currency units". */
  currency?: string;
}

/** A fully resolved run config (every default filled in). */
export interface RunConfig {
  /** Run name: the output folder is `<outDir>`, default `reports/<name>`. */
  name: string;
  /** The one seed of the run; stages derive their streams from it. Default 42. */
  seed: number;
  /** Output folder for this run. Default `reports/<name>`. */
  outDir: string;
  sources: Sources;
  columns: ColumnRoles;
  clean: CleanConfig;
  privacy: PrivacyConfig;
  features: FeatureConfig;
  embed: EmbedConfig;
  cluster: ClusterConfig;
  fairness: FairnessConfig;
  profile: ProfileConfig;
  clv: ClvConfig;
  campaigns: CampaignConfig;
}

/** What a user writes: any part may be left out and gets its default. */
export type RunConfigInput = {
  /** Path or URL of this JSON Schema, for editors (ignored by seglab). */
  $schema?: string;
  /** Run name: the output folder is `<outDir>`, default `reports/<name>`. Letters, digits, ".", "_" or "-". */
  name?: string;
  /** The one seed of the run; stages derive their streams from it. Default 42. */
  seed?: number;
  /** Output folder for this run, relative to the config file. Default `reports/<name>`. */
  outDir?: string;
  /** Input files: customers (required), transactions and the optional surveys, web, campaigns and consent. */
  sources?: { [K in keyof Sources]?: Partial<SourceSpec> };
  columns?: Partial<ColumnRoles>;
  clean?: Partial<CleanConfig>;
  privacy?: Partial<PrivacyConfig>;
  features?: Partial<Omit<FeatureConfig, 'geographic'>> & { geographic?: Partial<GeographicConfig> };
  embed?: Partial<EmbedConfig>;
  cluster?: Partial<ClusterConfig>;
  fairness?: Partial<FairnessConfig>;
  profile?: Partial<ProfileConfig>;
  clv?: Partial<ClvConfig>;
  campaigns?: Partial<Omit<CampaignConfig, 'columns'>> & { columns?: Partial<CampaignColumns> };
};
