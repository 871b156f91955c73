/**
 * Choosing the number of segments: fit k-means for every k in cluster.kMin..kMax, score each fit
 * on one seeded silhouette sample, and keep the best-scoring k whose smallest segment is large
 * enough to act on (cluster.minSegmentShare).
 */
import type { ClusterConfig } from '../config/types';
import { fail, msg } from '../errors/messages';
import { silhouetteScore } from '../evaluate/metrics';
import { checkPoints } from '../evaluate/points';
import { createRng, deriveSeed, sampleIndices, type Rng } from '../random/rng';
import { fitKMeans, type KMeansFit } from './kmeans';
import type { ClusteringResult, KCandidate } from './types';

const STAGE = 'cluster';

/** Silhouette of `fit` on the sampled rows, or NaN when the sample holds too few segments. */
function sampledSilhouette(
  fit: KMeansFit,
  sample: readonly number[],
  samplePoints: readonly (readonly number[])[],
  warnings: string[],
): number {
  const sampleLabels = sample.map((row) => fit.labels[row]);
  const segments = new Set(sampleLabels).size;
  if (segments < 2 || segments > sample.length - 1) {
    warnings.push(msg.silhouetteUndefined(fit.k, segments, sample.length));
    return Number.NaN;
  }
  return silhouetteScore(samplePoints, sampleLabels);
}

/** The candidate with the best silhouette (NaN counts as worst); ties go to the smaller k. */
function bestBySilhouette(candidates: readonly KCandidate[]): KCandidate {
  let best = candidates[0];
  for (const candidate of candidates) {
    const score = Number.isNaN(candidate.silhouette) ? -Infinity : candidate.silhouette;
    const bestScore = Number.isNaN(best.silhouette) ? -Infinity : best.silhouette;
    if (score > bestScore || (score === bestScore && candidate.k < best.k)) best = candidate;
  }
  return best;
}

/**
 * Relabels a fit so that segment 0 is the largest, then 1, ...; equal sizes are ordered by the
 * centroid's first coordinate, then by the old label, so the numbering is deterministic.
 */
function renumberBySize(fit: KMeansFit): { labels: number[]; centroids: number[][] } {
  const order = fit.centroids
    .map((centroid, label) => ({ label, size: fit.clusterSizes[label], first: centroid[0] }))
    .sort((x, y) => y.size - x.size || x.first - y.first || x.label - y.label)
    .map(({ label }) => label);
  const newLabel = new Array<number>(order.length);
  order.forEach((oldLabel, position) => (newLabel[oldLabel] = position));
  return {
    labels: fit.labels.map((label) => newLabel[label]),
    centroids: order.map((oldLabel) => fit.centroids[oldLabel].slice()),
  };
}

/**
 * Fits k-means for each k in cfg.kMin..min(cfg.kMax, n) and chooses k: the eligible k (smallest
 * segment >= cfg.minSegmentShare, no empty segment) with the best mean silhouette on one seeded
 * sample of cfg.silhouetteSample rows shared by every k; ties go to the smaller k. When no k is
 * eligible, the best silhouette wins and a warning says so. Labels are renumbered so segment 0 is
 * the largest. Each k draws from its own stream derived from one draw of `rng`, so a k's fit does
 * not depend on which other k are tried. Never mutates `points`.
 * Throws a SeglabError for an invalid k range or fewer points than cfg.kMin.
 * @example chooseK(scaledFeatures, config.cluster, stageRng(config.seed, 'cluster')).k // e.g. 4
 */
export function chooseK(points: readonly (readonly number[])[], cfg: ClusterConfig, rng: Rng): ClusteringResult {
  if (!Number.isInteger(cfg.kMin) || !Number.isInteger(cfg.kMax) || cfg.kMin < 2 || cfg.kMin > cfg.kMax) {
    fail(STAGE, msg.kRangeBad(cfg.kMin, cfg.kMax));
  }
  checkPoints(points, STAGE, 'chooseK');
  const n = points.length;
  if (n < cfg.kMin) fail(STAGE, msg.kTooLarge(n, cfg.kMin));
  const warnings: string[] = [];
  const kTop = Math.min(cfg.kMax, n);
  if (kTop < cfg.kMax) warnings.push(msg.kRangeCapped(cfg.kMax, n));

  const base = rng.int(0x100000000);
  const sample = sampleIndices(n, cfg.silhouetteSample, createRng(deriveSeed(base, 'silhouette-sample')));
  const samplePoints = sample.map((row) => points[row]);
  const options = { restarts: cfg.restarts, maxIterations: cfg.maxIterations };

  const fits: KMeansFit[] = [];
  const candidates: KCandidate[] = [];
  const nonEmpty = new Set<number>();
  for (let k = cfg.kMin; k <= kTop; k++) {
    const fit = fitKMeans(points, k, options, createRng(deriveSeed(base, `k=${k}`)));
    fits.push(fit);
    const smallest = Math.min(...fit.clusterSizes);
    if (smallest === 0) warnings.push(msg.emptyCluster(k));
    else nonEmpty.add(k);
    const minShare = smallest / n;
    candidates.push({
      k,
      silhouette: sampledSilhouette(fit, sample, samplePoints, warnings),
      inertia: fit.inertia,
      minShare,
      eligible: smallest > 0 && minShare >= cfg.minSegmentShare,
    });
  }

  const eligible = candidates.filter((c) => c.eligible && !Number.isNaN(c.silhouette));
  let chosen: KCandidate;
  if (eligible.length > 0) {
    chosen = bestBySilhouette(eligible);
  } else {
    warnings.push(msg.noValidK(cfg.kMin, kTop, cfg.minSegmentShare));
    const withSegments = candidates.filter((c) => nonEmpty.has(c.k));
    chosen = bestBySilhouette(withSegments.length > 0 ? withSegments : candidates);
  }
  const fit = fits[chosen.k - cfg.kMin];
  if (!fit.converged) warnings.push(msg.notConverged(fit.k, cfg.maxIterations));
  const { labels, centroids } = renumberBySize(fit);
  return { k: fit.k, labels, centroids, iterations: fit.iterations, converged: fit.converged, candidates, warnings };
}
