/** One cell: a protected group within a segment. */
export interface RepresentationCell {
  segment: number;
  group: string;
  /** Customers of this group in this segment; null when suppressed (below the minimum cell size). */
  count: number | null;
  /** Group's share within the segment; null when suppressed. */
  segmentShare: number | null;
  /** Group's share in the whole population. */
  populationShare: number;
  /** segmentShare / populationShare; null when suppressed. */
  ratio: number | null;
  /** pass: within [lower, upper]; flag: outside; suppressed: cell too small to report. */
  verdict: 'pass' | 'flag' | 'suppressed';
}

export interface AttributeRepresentation {
  attribute: string;
  /** How the attribute was grouped: "categorical" or "binned at 25, 35, ...". */
  grouping: string;
  groups: { group: string; count: number; populationShare: number }[];
  cells: RepresentationCell[];
  /** Number of cells with verdict "flag". */
  flagged: number;
}

export interface FairnessResult {
  lower: number;
  upper: number;
  minCellSize: number;
  attributes: AttributeRepresentation[];
  /** Plain sentences about degraded-but-valid results (tiny groups...). */
  warnings: string[];
}
