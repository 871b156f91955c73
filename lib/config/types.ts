/**
 * The run config: one typed object describes a run. `validateConfig` (validate.ts) checks it once
 * at the edge and fills every default there; after that, stages trust these types.
 */

/** A CSV input file. */
export interface SourceSpec {
  /** Path to the file, relative to the config file's folder (or the working directory for flags). */
  path: string;
  /** Field delimiter. Default: sniffed from the header line (`,` `;` tab or `|`). */
  delimiter?: string;
}

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
}

export type MissingStrategy = 'median' | 'drop';

export interface CleanConfig {
  /** Strings read as missing, compared case-insensitively after trimming. */
  missingTokens: string[];
  /** What to do with a missing value in a numeric feature column. Default "median". */
  numericMissing: MissingStrategy;
  /** Plausible [min, max] per numeric column; values outside are set to missing and counted. Default {}. */
  ranges: Record<string, [number, number]>;
  /** Largest share of unreadable (non-missing, non-numeric) values tolerated in a numeric column; they become missing. Default 0.02. */
  maxUnreadableShare: number;
}

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
  /** Cells with fewer customers than this are suppressed in reports. Default 10. */
  minCellSize: number;
}

/** A fully resolved run config (every default filled in). */
export interface RunConfig {
  /** Run name: the output folder is `<outDir>`, default `reports/<name>`. */
  name: string;
  /** The one seed of the run; stages derive their streams from it. Default 42. */
  seed: number;
  /** Output folder for this run. Default `reports/<name>`. */
  outDir: string;
  sources: { customers: SourceSpec; transactions: SourceSpec };
  columns: ColumnRoles;
  clean: CleanConfig;
  features: FeatureConfig;
  embed: EmbedConfig;
  cluster: ClusterConfig;
  fairness: FairnessConfig;
}

/** What a user writes: any part may be left out and gets its default. */
export type RunConfigInput = {
  name?: string;
  seed?: number;
  outDir?: string;
  sources?: { customers?: Partial<SourceSpec>; transactions?: Partial<SourceSpec> };
  columns?: Partial<ColumnRoles>;
  clean?: Partial<CleanConfig>;
  features?: Partial<FeatureConfig>;
  embed?: Partial<EmbedConfig>;
  cluster?: Partial<ClusterConfig>;
  fairness?: Partial<FairnessConfig>;
};
