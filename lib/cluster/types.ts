/** The evidence for one candidate k. */
export interface KCandidate {
  k: number;
  /** Mean silhouette on the seeded sample (-1..1, higher is better). */
  silhouette: number;
  /** Within-cluster sum of squares of the best restart. */
  inertia: number;
  /** Smallest segment's share of customers. */
  minShare: number;
  /** False when a segment is smaller than cluster.minSegmentShare. */
  eligible: boolean;
}

/** A clustering: labels for every row, with the evidence behind the chosen k. */
export interface ClusteringResult {
  k: number;
  /** Segment per row, 0-based, renumbered so that 0 is the largest segment. */
  labels: number[];
  /** Centroids in the clustered space, in the renumbered order. */
  centroids: number[][];
  iterations: number;
  converged: boolean;
  candidates: KCandidate[];
  warnings: string[];
}
