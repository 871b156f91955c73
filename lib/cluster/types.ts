/**
 * The evidence for one candidate k (see select-k.ts for how the rule uses it). chooseK sets every
 * field; the fields added with the evidence rule are optional only so that hand-built candidates
 * (report fixtures, older saved runs) stay valid.
 */
import type { GmmModel } from './gmm';
export interface KCandidate {
  k: number;
  /** Mean silhouette on the seeded sample (-1..1, higher is better). */
  silhouette: number;
  /** Standard error of that sample mean (sd / √n of the sampled customers' silhouettes); NaN when the silhouette is. */
  silhouetteError?: number;
  /** Within-cluster sum of squares of the best restart. */
  inertia: number;
  /** Smallest segment's share of customers. */
  minShare: number;
  /** False when a segment is empty or smaller than cluster.minSegmentShare. */
  eligible: boolean;
  /** Calinski–Harabasz index on all rows (higher is better); NaN when undefined. */
  calinskiHarabasz?: number;
  /** Davies–Bouldin index on all rows (lower is better, >= 0); NaN when undefined. */
  daviesBouldin?: number;
  /** Kneedle elbow score: how far the normalised inertia curve lies below its chord at this k (0 at the ends of the range, higher = more elbow-like). */
  elbow?: number;
  /** Gap statistic (Tibshirani et al. 2001) on the sample: mean log inertia of uniform reference data minus log inertia here (higher is better). */
  gap?: number;
  /** Mean pairwise ARI of k-means on seeded subsamples (about 0..1); NaN when the data are too small to resample. */
  stability?: number;
  /** Smallest clusterwise stability (Hennig 2007: mean best Jaccard over the subsample replicates) of this k's segments; NaN when not computable. */
  minJaccard?: number;
  /** stability >= the stability threshold (0.8). */
  stable?: boolean;
  /** Mean rank over silhouette, Calinski–Harabasz, Davies–Bouldin, elbow and gap among the eligible k (1 = best); null for k that were not ranked. */
  meanRank?: number | null;
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
  /** Plain-language account of why this k was chosen (for the report). Always set by chooseK. */
  rule?: string;
  /** cluster.method "gmm": the fitted mixture, components in segment order (saved in model.json to score by posterior). */
  mixture?: GmmModel;
}
