/**
 * The cluster stage as the pipeline runs it:
 *
 *   candidates ──(n > maxFitRows: seeded sample)──> chooseRepresentation (k per space, winner by agreement)
 *              ──> winner's space for every row ──> k-means centroids assign every row
 *              ──(cluster.method ≠ kmeans)──> fitClustering(method) at the chosen k
 *
 * Labels are renumbered so that segment 0 is the largest, whatever the method.
 */
import type { GmmModel } from './gmm';
import type { ClusterConfig } from '../config/types';
import { sampleIndices, type Rng } from '../random/rng';
import { assignToCentroids } from './kmeans';
import { fitClustering, type ClusterMethod } from './methods';
import { applyFeatureWeights, chooseRepresentation, type EarlyScan, type RepresentationCandidate, type RepresentationChoice } from './representation';
import type { ClusteringResult } from './types';

/** The segmentation of every customer, with the evidence behind it. */
export interface Segmentation {
  choice: RepresentationChoice;
  /** Labels and centroids for every row (0 = largest segment), with the k evidence. */
  clustering: ClusteringResult;
  /**
   * The winning space, every row: the winning candidate's own rows (not a copy: at 1M customers x 19
   * features a copy held ~200 MB to the end of the run; issue 15), or the reweighted copy. Read only.
   */
  space: readonly (readonly number[])[];
  method: ClusterMethod;
  /** Soft membership per row (Gaussian mixture only). */
  membership: number[][] | null;
  /** Rows the selection was fitted on, when a sample was drawn (else null: every row). */
  sampledRows: number | null;
}

/** Renumber labels by segment size, largest first (ties: lower old label first). */
function bySize(labels: readonly number[], centroids: readonly (readonly number[])[], k: number): { labels: number[]; centroids: number[][]; order: number[] } {
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l]++;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const newOf = new Array<number>(k);
  order.forEach((old, i) => (newOf[old] = i));
  return { labels: labels.map((l) => newOf[l]), centroids: order.map((old) => centroids[old].slice()), order };
}

/**
 * segmentCustomers' named streams (from `rng`, taken once with split()) and its selection sample:
 * the rows k and the representation are chosen on when n > cfg.maxFitRows, else null (every row).
 */
export function selectionPlan(n: number, cfg: ClusterConfig, rng: Rng): { stream: (name: string) => Rng; rows: number[] | null } {
  const streams = rng.split();
  const stream = (name: string): Rng => streams.fork(name);
  return { stream, rows: n > cfg.maxFitRows ? sampleIndices(n, cfg.maxFitRows, stream('selection-sample')) : null };
}

/**
 * Choose the representation and k, then label every customer (sampling for large n, and the
 * configured method at the chosen k).
 * @example segmentCustomers([{ name: 'standardised features', points, reweight: true }], config.cluster, stageRng(seed, 'cluster'))
 */
export function segmentCustomers(candidates: readonly RepresentationCandidate[], cfg: ClusterConfig, rng: Rng, early?: EarlyScan): Segmentation {
  const n = candidates[0].points.length;
  const { stream, rows } = selectionPlan(n, cfg, rng);
  const fitted = rows ? candidates.map((c) => ({ ...c, points: rows.map((r) => c.points[r]) })) : candidates;
  const choice = chooseRepresentation(fitted, cfg, stream('select'), early);
  const winner = candidates.find((c) => c.name === (choice.weights?.base ?? choice.chosen)) as RepresentationCandidate;
  const space = choice.weights ? applyFeatureWeights(winner.points, choice.weights.weights) : winner.points;
  let labels = rows ? assignToCentroids(space, choice.clustering.centroids) : choice.clustering.labels.slice();
  let centroids = choice.clustering.centroids.map((c) => c.slice());
  let membership: number[][] | null = null;
  let mixture: GmmModel | undefined;
  const warnings = [...choice.clustering.warnings];
  let iterations = choice.clustering.iterations;
  let converged = choice.clustering.converged;
  if (cfg.method !== 'kmeans') {
    const fit = fitClustering(cfg.method, space, choice.clustering.k, { restarts: cfg.restarts, maxIterations: cfg.maxIterations, maxFitRows: cfg.maxFitRows, treeRows: cfg.treeRows }, stream(`method:${cfg.method}`));
    labels = fit.labels;
    centroids = fit.centroids;
    membership = fit.membership ?? null;
    mixture = fit.mixture;
    iterations = fit.iterations;
    converged = fit.converged;
    warnings.push(...fit.warnings);
  }
  const renumbered = bySize(labels, centroids, choice.clustering.k);
  if (membership) membership = membership.map((row) => renumbered.order.map((old) => row[old]));
  const ordered = mixture ? { weights: renumbered.order.map((old) => mixture.weights[old]), means: renumbered.order.map((old) => mixture.means[old].slice()), variances: renumbered.order.map((old) => mixture.variances[old].slice()) } : undefined;
  return {
    choice,
    clustering: { ...choice.clustering, labels: renumbered.labels, centroids: renumbered.centroids, iterations, converged, warnings, ...(ordered ? { mixture: ordered } : {}) },
    space,
    method: cfg.method,
    membership,
    sampledRows: rows ? rows.length : null,
  };
}
