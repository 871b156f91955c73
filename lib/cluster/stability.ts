/**
 * Clustering stability (Ben-Hur, Elisseeff & Guyon 2002; Lange, Roth, Braun & Buhmann 2004):
 * a number of segments is worth acting on only if k-means finds the same segments again when the
 * customers are resampled. Each replicate fits k-means on a seeded subsample, then labels one
 * common set of evaluation rows by nearest centroid (Lange et al.'s transfer by a classifier);
 * stability is the mean adjusted Rand index over all pairs of replicates. ARI is already
 * corrected for chance, so a random partition scores about 0 whatever k is.
 */
import { adjustedRandIndex } from '../evaluate/metrics';
import { sampleIndices, type Rng } from '../random/rng';
import { assignToCentroids, fitKMeans, type KMeansOptions } from './kmeans';

/** How `clusteringStability` resamples. */
export interface StabilityOptions {
  /** Subsample replicates (>= 2). Default 4. */
  replicates?: number;
  /** Share of the rows in each subsample (0..1]. Default 0.8. */
  fraction?: number;
  /** Cap on subsample rows, to bound the cost on large data. Default 5000. */
  maxRows?: number;
}

/** Stability of one k, with the per-replicate labels it was computed from. */
export interface StabilityResult {
  k: number;
  /** Mean pairwise ARI between replicates on the evaluation rows (about 0..1; 1 = identical). NaN when not computable. */
  stability: number;
  /** Rows in each subsample (0 when a subsample would hold fewer rows than k + 1). */
  subsampleRows: number;
  /** Labels of the evaluation rows under each replicate's centroids. */
  replicateLabels: number[][];
}

/**
 * Mean adjusted Rand index over all pairs of labelings of the same rows. Identical labelings
 * (up to renumbering) give 1. Needs at least two labelings, else NaN.
 * @example meanPairwiseAri([[0, 0, 1, 1], [1, 1, 0, 0]]) // 1
 */
export function meanPairwiseAri(labelings: readonly (readonly number[])[]): number {
  let total = 0;
  let pairs = 0;
  for (let a = 0; a < labelings.length; a++) {
    for (let b = a + 1; b < labelings.length; b++) {
      total += adjustedRandIndex(labelings[a], labelings[b]);
      pairs += 1;
    }
  }
  return pairs === 0 ? Number.NaN : total / pairs;
}

/**
 * Stability of k-means with `k` segments: `replicates` fits (each the best of `kmeans.restarts`
 * starts) on seeded subsamples of round(fraction * n) rows, capped at maxRows; every fit labels
 * the rows `evaluationRows` by nearest centroid; the result is the mean pairwise ARI of those
 * labelings. Replicate r draws from its own stream derived from one draw of `rng`, so results
 * are reproducible for a seed. Returns NaN stability when a subsample would have <= k rows.
 * Never mutates `points`. Inputs are assumed checked (finite, rectangular, 1 <= k <= n).
 * @example clusteringStability(points, 3, { restarts: 3, maxIterations: 100 }, createRng(1), sampleRows).stability // e.g. 0.98
 */
export function clusteringStability(
  points: readonly (readonly number[])[],
  k: number,
  kmeans: KMeansOptions,
  rng: Rng,
  evaluationRows: readonly number[],
  opts: StabilityOptions = {},
): StabilityResult {
  const replicates = opts.replicates ?? 4;
  const fraction = opts.fraction ?? 0.8;
  const maxRows = opts.maxRows ?? 5000;
  const n = points.length;
  const rows = Math.min(Math.round(fraction * n), maxRows);
  if (rows <= k || replicates < 2) return { k, stability: Number.NaN, subsampleRows: 0, replicateLabels: [] };
  const evaluationPoints = evaluationRows.map((row) => points[row]);
  const streams = rng.split();
  const replicateLabels: number[][] = [];
  for (let r = 0; r < replicates; r++) {
    const stream = streams.fork(`replicate=${r}`);
    const subsample = sampleIndices(n, rows, stream).map((row) => points[row]);
    const fit = fitKMeans(subsample, k, kmeans, stream);
    replicateLabels.push(assignToCentroids(evaluationPoints, fit.centroids));
  }
  return { k, stability: meanPairwiseAri(replicateLabels), subsampleRows: rows, replicateLabels };
}

/**
 * Clusterwise stability (Hennig 2007): for each segment of `reference` (labels 0..k-1 of the
 * evaluation rows), the mean over replicates of its best Jaccard overlap with a replicate's
 * segment. A segment that only exists in some resamples scores low even when the mean pairwise
 * ARI, dominated by the large segments, stays high. Segments absent from `reference` score NaN.
 * @example clusterwiseJaccard([0, 0, 1, 1], [[1, 1, 0, 0], [0, 0, 0, 1]]) // [0.833.., 0.75]
 */
export function clusterwiseJaccard(reference: readonly number[], replicateLabels: readonly (readonly number[])[], k: number): number[] {
  const size = new Array<number>(k).fill(0);
  for (const l of reference) size[l] += 1;
  const total = new Array<number>(k).fill(0);
  for (const labels of replicateLabels) {
    const counts = new Map<number, number>();
    const overlap = new Map<string, number>();
    labels.forEach((l, i) => {
      counts.set(l, (counts.get(l) ?? 0) + 1);
      const key = `${reference[i]}:${l}`;
      overlap.set(key, (overlap.get(key) ?? 0) + 1);
    });
    const best = new Array<number>(k).fill(0);
    for (const [key, both] of overlap) {
      const [c, l] = key.split(':').map(Number);
      const jaccard = both / (size[c] + (counts.get(l) as number) - both);
      if (jaccard > best[c]) best[c] = jaccard;
    }
    best.forEach((b, c) => (total[c] += b));
  }
  return total.map((t, c) => (size[c] === 0 || replicateLabels.length === 0 ? Number.NaN : t / replicateLabels.length));
}
