/**
 * One interface over the clustering methods, so the cluster stage (and a notebook) can swap
 * k-means for a Gaussian mixture or Ward's agglomerative clustering by name:
 *
 *   fitClustering('kmeans' | 'gmm' | 'agglomerative', points, k, opts, rng) -> ClusteringFit
 *
 * Every method returns labels for every row, centroids (component means for the mixture) in the
 * points' space, and the inertia against those centroids, so k-means' internal indices and the
 * report work on any of them. The mixture adds soft membership, log-likelihood and BIC.
 */
import { fitAgglomerative } from './agglomerative';
import { fitGmm, type GmmModel } from './gmm';
import { fitKMeans } from './kmeans';
import type { Rng } from '../random/rng';

/** The clustering methods seglab offers (config cluster.method, default "kmeans"). */
export type ClusterMethod = 'kmeans' | 'gmm' | 'agglomerative';

/** Every method, in the order the report lists them. */
export const CLUSTER_METHODS: readonly ClusterMethod[] = ['kmeans', 'gmm', 'agglomerative'];

/** Options shared by the methods; each reads the ones that apply to it. */
export interface MethodOptions {
  /** Starts per fit, best kept (k-means: lowest inertia; GMM: highest likelihood). Config cluster.restarts, default 5. */
  restarts: number;
  /** Iterations per start (Lloyd or EM). Config cluster.maxIterations, default 300. */
  maxIterations: number;
  /** k-means and GMM fit on a seeded sample of at most this many rows, then assign every row. Config cluster.maxFitRows, default 50,000; undefined = all rows. */
  maxFitRows?: number;
  /** Agglomerative: rows the Ward tree is grown on. Config cluster.treeRows, default 3000. */
  treeRows?: number;
  /** k-means: threads for the restarts (config cluster.workers); the fit is the same for any value. Default 1. */
  workers?: number;
}

/** A clustering of every row, whatever the method. */
export interface ClusteringFit {
  method: ClusterMethod;
  k: number;
  /** Segment per row, 0..k-1 (numbered as the method numbered them). */
  labels: number[];
  /** One point per segment in the points' space (k-means centroids, mixture means, tree-segment means). */
  centroids: number[][];
  /** Sum of squared Euclidean distances of rows to their segment's centroid. */
  inertia: number;
  /** Lloyd or EM iterations of the winning start; merges for agglomerative. */
  iterations: number;
  converged: boolean;
  /** Rows per segment (0 marks an empty one). */
  clusterSizes: number[];
  /** Rows the method fitted on before assigning the rest (n when no sample was taken). */
  fitRows: number;
  /** Soft membership P(segment | row), `membership[i][c]` (GMM only). */
  membership?: number[][];
  /** The fitted mixture (weights, means, variances), to score new rows by their posterior (GMM only). */
  mixture?: GmmModel;
  /** Total log-likelihood, nats (GMM only). */
  logLikelihood?: number;
  /** Bayesian information criterion, lower is better (GMM only). */
  bic?: number;
  /** Degraded-but-valid outcomes to show in the report. */
  warnings: string[];
}

/**
 * Fits `method` with k segments. Deterministic for a seed; never mutates `points`. Throws a
 * SeglabError for n < k, bad options, or ragged / non-finite points.
 * @example fitClustering('gmm', scaled, 6, { restarts: 5, maxIterations: 300 }, stageRng(42, 'cluster')).membership?.[0]
 */
export function fitClustering(
  method: ClusterMethod,
  points: readonly (readonly number[])[],
  k: number,
  opts: MethodOptions,
  rng: Rng,
): ClusteringFit {
  switch (method) {
    case 'kmeans': {
      const fit = fitKMeans(points, k, { restarts: opts.restarts, maxIterations: opts.maxIterations, maxFitRows: opts.maxFitRows, workers: opts.workers }, rng);
      return {
        method,
        k,
        labels: fit.labels,
        centroids: fit.centroids,
        inertia: fit.inertia,
        iterations: fit.iterations,
        converged: fit.converged,
        clusterSizes: fit.clusterSizes,
        fitRows: fit.fitRows ?? points.length,
        warnings: [],
      };
    }
    case 'gmm': {
      const fit = fitGmm(points, k, { restarts: opts.restarts, maxIterations: opts.maxIterations, maxFitRows: opts.maxFitRows }, rng);
      let inertia = 0;
      points.forEach((row, i) => row.forEach((value, j) => (inertia += (value - fit.means[fit.labels[i]][j]) ** 2)));
      return {
        method,
        k,
        labels: fit.labels,
        centroids: fit.means,
        inertia,
        iterations: fit.iterations,
        converged: fit.converged,
        clusterSizes: fit.clusterSizes,
        fitRows: fit.fitRows,
        membership: fit.membership,
        mixture: { weights: fit.weights.slice(), means: fit.means.map((m) => m.slice()), variances: fit.variances.map((v) => v.slice()) },
        logLikelihood: fit.logLikelihood,
        bic: fit.bic,
        warnings: fit.warnings,
      };
    }
    case 'agglomerative': {
      const fit = fitAgglomerative(points, k, { treeRows: opts.treeRows }, rng);
      return {
        method,
        k,
        labels: fit.labels,
        centroids: fit.centroids,
        inertia: fit.inertia,
        iterations: fit.merges.length === 0 ? 0 : fit.treeRows.length - k,
        converged: true,
        clusterSizes: fit.clusterSizes,
        fitRows: fit.treeRows.length,
        warnings: [],
      };
    }
    default: {
      const unhandled: never = method;
      throw new Error(`unhandled clustering method ${String(unhandled)}`);
    }
  }
}
