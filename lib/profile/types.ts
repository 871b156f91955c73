
/** Statistics of one feature within one segment (raw units, before scaling). */
export interface FeatureSummary {
  feature: string;
  mean: number;
  median: number;
  /** Mean of the standardised feature in this segment minus its mean over all customers (0 = population average, also after clipping); for a 0/1 column, (share − p) / sqrt(p (1 − p)) with p the share over all customers. */
  zMean: number;
  /** True when the feature is a 0/1 column over all customers: its mean is the share of 1s, worded as a share. */
  flag?: boolean;
  /**
   * "log" when the feature was logged before clustering (features.logColumns, features.logTransform, or
   * a skewed column the scaler logged): zMean is then in standard deviations of sign(x)·ln(1 + |x|),
   * while mean and median stay in raw units. Absent: zMean is on the feature's own scale.
   */
  scale?: 'log';
  /** True when mean and zMean are withheld (NaN): a 0/1 column whose 1s or 0s here number fewer than minCellSize (lib/profile/flag-cells.ts). */
  withheld?: boolean;
}

/** Who a segment is, in numbers. */
export interface SegmentProfile {
  /** Segment number, 0-based, ordered by size (0 = largest). */
  segment: number;
  /** Human label, e.g. "Segment 1". */
  label: string;
  size: number;
  /** size / all customers segmented. */
  share: number;
  /** Share of total value held by this segment: the sum of the "monetary" feature, or of profile.valueColumns when given. */
  valueShare: number;
  /** Mean value per customer of the segment when the value is profile.valueColumns (absent when it is the "monetary" feature, whose mean is in `features`). */
  valuePerCustomer?: number;
  features: FeatureSummary[];
  /** Name, portrait and traits (describePersonas in personas.ts); absent before that step. */
  persona?: Persona;
}

/**
 * One distinguishing trait of a segment: how far its customers are from the rest on one feature.
 * `effect` is the standardised mean difference vs the rest of the customers, in population
 * standard deviations of the (scaled) feature: effect = zMean / (1 − share), because the scaled
 * feature averages 0 over all customers, so the rest average −share·zMean / (1 − share).
 */
export interface PersonaTrait {
  feature: string;
  /** Segment mean of the scaled feature (0 = the average customer). */
  zMean: number;
  /** Standardised difference vs the rest of the customers (|effect| 0.2 small, 0.5 medium, 0.8 large). */
  effect: number;
  /** Segment mean and median in raw units. */
  mean: number;
  median: number;
  /** Plain words for the trait, e.g. "buy often". */
  phrase: string;
  /** A 0/1 column (FeatureSummary.flag): `mean` is the segment's share of 1s. */
  flag?: boolean;
  /** "log": `effect` is measured on the log scale (FeatureSummary.scale), `mean` and `median` in raw units. */
  scale?: 'log';
}

/** A segment described for marketers: a name, a one-paragraph portrait and the traits behind it. */
export interface Persona {
  /** Unique within the run; from profile.names, a classic RFM name, or the strongest traits. */
  name: string;
  /** Where the name came from. */
  nameSource: 'override' | 'rfm' | 'traits' | 'label' | 'evidence';
  /** The classic RFM name the rules matched ("Champions", "At risk"...), or null. */
  rfmName: string | null;
  /** Short headline, e.g. "Frequent, high-spend, recent, long-standing". Empty when suppressed. */
  tagline: string;
  /** One paragraph in plain words, with the numbers. */
  summary: string;
  /** The same portrait without numbers, for cards beside a list of the traits. */
  portrait: string;
  /** Strongest traits above (positive) and below (negative) the rest, strongest first. Empty when suppressed. */
  positive: PersonaTrait[];
  negative: PersonaTrait[];
  /** True when the segment is smaller than the minimum cell size: no statistics are given. */
  suppressed: boolean;
  /** The lifecycle reading behind the name (P(alive), purchase cycle, recency); only when named from behavioural evidence. */
  lifecycle?: LifecycleReading;
  /** "high-value", "low-spend"... or null; only when named from behavioural evidence. */
  valueWord?: string | null;
}

/**
 * Quantiles of one feature within one segment (raw units), for the report's distribution chart.
 * Null quantiles when the segment is below the minimum cell size (suppressed).
 */
export interface FeatureDistribution {
  feature: string;
  /** Segment number, 0-based (as SegmentProfile.segment). */
  segment: number;
  customers: number;
  q05: number | null;
  q25: number | null;
  q50: number | null;
  q75: number | null;
  q95: number | null;
  mean: number | null;
}

export type Lifecycle = 'new' | 'active' | 'at risk' | 'lapsed';

/** The lifecycle reading of one segment, with the numbers it rests on. */
export interface LifecycleReading {
  lifecycle: Lifecycle | null;
  /** Typical days between purchases; null when unknown. */
  cycleDays: number | null;
  /** Median days since the last purchase; null when unknown. */
  recencyDays: number | null;
  probabilityAlive: number | null;
  baseProbabilityAlive: number | null;
}
