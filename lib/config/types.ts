/**
 * The run config: one typed object describes a run. Every field is declared once, with its
 * default, bounds and doc, in fields.ts; these types are derived from that declaration.
 * `validateConfig` (validate.ts) checks a config once at the edge and fills every default there;
 * after that, stages trust these types.
 */
import type { Input, Resolved, Section } from './declare';
import type { BEHAVIOURAL_FEATURES, DATE_FORMATS, EXTRA_SOURCE_ROLES, FEATURE_FAMILIES, RUN_CONFIG, SECTIONS, SOURCE_ENGINES, SOURCE_FORMATS } from './fields';

export { BEHAVIOURAL_FEATURES, EXTRA_SOURCE_ROLES } from './fields';
export type { MissingRule, WinsorRule } from './rules';

type FieldsOf<S> = S extends Section<infer F, boolean> ? F : never;
type Of<K extends keyof typeof SECTIONS> = Resolved<FieldsOf<(typeof SECTIONS)[K]>>;

/** File formats a source may have. "auto" picks by extension (.csv .tsv .txt .gz .json .ndjson .jsonl .parquet .xlsx). */
export type SourceFormat = (typeof SOURCE_FORMATS)[number];
/** How a file is read: in Node (exact, every row in memory) or through DuckDB (large files, Parquet). */
export type SourceEngine = (typeof SOURCE_ENGINES)[number];
/** An input file. */
export type SourceSpec = Of<'source'>;
/** Optional sources joined to customers on the customer id. */
export type ExtraSourceRole = (typeof EXTRA_SOURCE_ROLES)[number];
/** Every source of a run: customers required, the rest optional. */
export type Sources = Of<'sources'>;
/** How day/month order is read in dates that are not ISO. */
export type DateFormat = (typeof DATE_FORMATS)[number];
/** Which columns play which role. Names are the file's header names. */
export type ColumnRoles = Of<'columns'>;
export type MissingStrategy = CleanConfig['numericMissing'];
/** What to do with returns / cancellations (negative quantity or amount, invoice starting "C"). */
export type ReturnsRule = CleanConfig['returns'];
export type CleanConfig = Of<'clean'>;
/** Privacy at ingest. */
export type PrivacyConfig = Of<'privacy'>;
/** Feature families: which of the segmentation criteria feed the model. */
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];
/** Behavioural features computed from transactions. */
export type BehaviouralFeature = (typeof BEHAVIOURAL_FEATURES)[number];
export type FeatureConfig = Of<'features'>;
/** Geographic features of the customers file, one-hot encoded like features.categoricalColumns. */
export type GeographicConfig = Of<'geographic'>;
export type EmbedConfig = Of<'embed'>;
/**
 * The cluster section, plus the k rule of direct chooseK calls (not a config field: runs always use
 * "finest-stable"; "borda" is the default of a direct chooseK call). `workers` may be left out of
 * a direct call's settings (1 thread); a resolved config always has it.
 */
export type ClusterConfig = Omit<Of<'cluster'>, 'workers' | 'startSample'> & { kRule?: 'finest-stable' | 'borda'; workers?: number; startSample?: number };
export type FairnessConfig = Of<'fairness'>;
/** Customer lifetime value (BG/NBD + Gamma-Gamma). */
export type ClvConfig = Of<'clv'>;
/** Campaign effectiveness and selection per segment. */
export type CampaignConfig = Of<'campaigns'>;
/** Column names of the campaign log (sources.campaigns). */
export type CampaignColumns = CampaignConfig['columns'];
/** Segment profiles and personas. */
export type ProfileConfig = Of<'profile'>;

/** A fully resolved run config (every default filled in). */
export type RunConfig = Resolved<FieldsOf<typeof RUN_CONFIG>>;

/** What a user writes: any part may be left out and gets its default. */
export type RunConfigInput = Input<FieldsOf<typeof RUN_CONFIG>> & {
  /** Path or URL of this JSON Schema, for editors (ignored by seglab). */
  $schema?: string;
};
