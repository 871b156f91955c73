/** Statistics of one feature within one segment (raw units, before scaling). */
export interface FeatureSummary {
  feature: string;
  mean: number;
  median: number;
  /** Mean of the standardised feature in this segment (0 = population average). */
  zMean: number;
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
  /** Share of total monetary value (sum of the "monetary" feature) held by this segment. */
  valueShare: number;
  features: FeatureSummary[];
}
