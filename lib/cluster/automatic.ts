/**
 * The automatic segmentation as the pipeline runs it, in one function the benchmark can call too:
 * the representation and k are chosen (segmentCustomers), then the result is checked against
 * plain standardised k-means at the same k, and its silhouette is measured in the plain
 * standardised feature space, so the numbers the report prints mean the same in every run
 * whatever space won.
 *
 * The within-segment reweighting of lib/cluster/representation.ts is no longer a candidate: it
 * gave every column that is constant inside the segments (one-hot and 0/1 columns) the largest
 * weight and then won the tie-break, splitting customers by region or card ownership (issue #10).
 */
import type { ClusterConfig } from '../config/types';
import { adjustedRandIndex, silhouetteScore } from '../evaluate/metrics';
import { sampleIndices, type Rng } from '../random/rng';
import { assignToCentroids, fitKMeans } from './kmeans';
import type { RepresentationCandidate } from './representation';
import { segmentCustomers, type Segmentation } from './segment';

/** Fewest k-means starts per k in the automatic run. */
export const MIN_RESTARTS = 10;

/** How the chosen segments compare with plain standardised k-means at the same k. */
export interface PlainComparison {
  k: number;
  /** ARI between the chosen segments and plain standardised k-means at the same k (every row). */
  agreement: number;
  /** Silhouette of the chosen segments in the plain standardised space (seeded sample). */
  silhouette: number;
  /** Silhouette of plain k-means at the same k, same sample. */
  plainSilhouette: number;
  /** Plain k-means labels at the chosen k, every row. */
  plainLabels: number[];
  /** One sentence for the report. */
  sentence: string;
}

export interface AutomaticSegmentation extends Segmentation {
  plain: PlainComparison;
}

/**
 * Plain k-means on `standardised` at k (fitted on at most cfg.maxFitRows seeded rows, every row
 * assigned), its agreement with `labels` and both silhouettes on one seeded sample.
 */
export function compareWithPlain(standardised: readonly (readonly number[])[], labels: readonly number[], k: number, cfg: ClusterConfig, rng: Rng): PlainComparison {
  const streams = rng.split();
  const n = standardised.length;
  const rows = n > cfg.maxFitRows ? sampleIndices(n, cfg.maxFitRows, streams.fork('plain-sample')) : null;
  const fitPoints = rows ? rows.map((r) => standardised[r]) : standardised;
  const fit = fitKMeans(fitPoints, k, { restarts: cfg.restarts, maxIterations: cfg.maxIterations }, streams.fork('plain-kmeans'));
  const plainLabels = rows ? assignToCentroids(standardised, fit.centroids) : fit.labels;
  const agreement = adjustedRandIndex(labels, plainLabels);
  const sample = sampleIndices(n, cfg.silhouetteSample, streams.fork('plain-silhouette'));
  const pts = sample.map((r) => standardised[r]);
  const sil = (ls: readonly number[]): number => {
    const s = sample.map((r) => ls[r]);
    const groups = new Set(s).size;
    return groups < 2 || groups > s.length - 1 ? Number.NaN : silhouetteScore(pts, s);
  };
  const silhouette = sil(labels);
  const plainSilhouette = sil(plainLabels);
  const sentence =
    `These segments agree with plain k-means on the standardised features at the same k (${k}) at ARI ${agreement.toFixed(2)}` +
    `${agreement < 0.5 ? ' (low: the two disagree on much of the base)' : ''}; ` +
    `measured in the standardised feature space their silhouette is ${Number.isNaN(silhouette) ? 'undefined' : silhouette.toFixed(2)} (plain k-means: ${Number.isNaN(plainSilhouette) ? 'undefined' : plainSilhouette.toFixed(2)}).`;
  return { k, agreement, silhouette, plainSilhouette, plainLabels, sentence };
}

/**
 * Chooses representation and k (no within-segment reweighting), labels every customer, and
 * compares with plain standardised k-means at the chosen k.
 * @example automaticSegmentation([{ name: 'standardised features', points: f.scaled }], f.standardised, config.cluster, stageRng(seed, 'cluster')).plain.sentence
 */
export function automaticSegmentation(
  candidates: readonly RepresentationCandidate[],
  standardised: readonly (readonly number[])[],
  cfg: ClusterConfig,
  rng: Rng,
): AutomaticSegmentation {
  const plainRng = rng.fork('plain comparison');
  const segmentation = segmentCustomers(
    candidates.map((c) => ({ ...c, reweight: false })),
    // At least 10 k-means++ starts per k: a segment told apart by one categorical is easily missed
    // by a local optimum with fewer (the stability subsamples keep their own, smaller cap).
    { ...cfg, restarts: Math.max(cfg.restarts, MIN_RESTARTS), kRule: cfg.kRule ?? 'finest-stable' },
    rng,
  );
  const plain = compareWithPlain(standardised, segmentation.clustering.labels, segmentation.clustering.k, cfg, plainRng);
  return { ...segmentation, plain };
}
