/**
 * Choosing the number of segments from several kinds of evidence, because no single index is
 * reliable: silhouette and Davies–Bouldin favour the coarsest clear split (often k = 2, one
 * distinct group against the rest), the inertia elbow favours the middle of the range, and
 * Calinski–Harabasz and the gap statistic lean towards finer structure.
 *
 * The rule, in one paragraph (it is also what `ClusteringResult.rule` says for a run):
 * fit k-means for every k in cluster.kMin..kMax. A k can be chosen only if (1) every segment holds
 * at least cluster.minSegmentShare of the customers, and (2) its segments reproduce when customers
 * are resampled: stability, the mean pairwise ARI of k-means fits on four seeded 80% subsamples
 * (Ben-Hur et al. 2002; Lange et al. 2004), is at least 0.8. Each of five separation measures
 * ranks the k that pass gate (1) (silhouette on the seeded sample, higher better;
 * Calinski–Harabasz, higher better; Davies–Bouldin, lower better; the kneedle elbow score of the
 * inertia curve, higher better; Tibshirani's gap statistic, higher better), and of the k that also
 * pass gate (2) the one with the best mean rank wins (a Borda count); ties go to the more stable
 * k, then the smaller. When no k passes
 * both gates, the gates are relaxed in that order (stability first) and a warning says so.
 */
import { PCA } from 'ml-pca';
import type { ClusterConfig } from '../config/types';
import { fail, msg } from '../errors/messages';
import { calinskiHarabasz, daviesBouldin, silhouetteWithError } from '../evaluate/metrics';
import { checkPoints, squaredDistance } from '../evaluate/points';
import { createRng, sampleIndices, type Rng } from '../random/rng';
import { fitKMeans, type KMeansFit, type KMeansOptions } from './kmeans';
import { fromRowMatrix, type RowMatrix } from './lloyd';
import { runTasks, sharedMatrix } from '../parallel/pool';
import { clusteringStability, clusterwiseJaccard } from './stability';
import type { ClusteringResult, KCandidate } from './types';

const STAGE = 'cluster';

/**
 * The cluster settings chooseK reads, plus the size floor the run derives from the fairness
 * settings: a k is eligible only if every segment holds at least max(minSegmentShare × n,
 * minSegmentSize) customers (fairness.minCellSize: a smaller segment could not be described
 * without suppression). Not a config field: automaticSegmentation sets it.
 */
export type KChoiceConfig = ClusterConfig & {
  minSegmentSize?: number;
  /**
   * Starts for the fit at the chosen k (the best of these and the scan's fit is kept). On mixed
   * customer data k-means has near-equal local optima that label 20% of customers differently;
   * the scan's 10 starts miss the best one often enough that one changed row flips the answer
   * (issue #10), so the segments everyone sees get many more.
   */
  finalRestarts?: number;
  /** Told after each k of the scan is done (the progress display); not a config field. */
  onProgress?: (detail: string) => void;
};

/** Customers each segment of `n` must hold to make a k eligible. */
export function segmentFloor(n: number, cfg: KChoiceConfig): number {
  return Math.max(1, Math.ceil(cfg.minSegmentShare * n - 1e-9), cfg.minSegmentSize ?? 0);
}

/** Stability (mean pairwise ARI) a k needs to be chosen. Lange et al. and Ben-Hur et al. read ~0.8+ as "reproducible". */
export const STABILITY_THRESHOLD = 0.8;
/**
 * Stability a k needs under the "finest-stable" rule: of the k whose segments reproduce this well
 * on resampled customers, the largest is chosen. Stability means the same in every space (it
 * compares labels), while silhouette-like indices favour the coarsest clear split; a coarser k
 * that is also stable is usually real structure merged, not a better answer (issue #10).
 */
export const FINEST_STABILITY = 0.95;
/** Subsample replicates per k for stability. */
const STABILITY_REPLICATES = 4;
/**
 * Uniform reference data sets per k for the gap statistic, each fitted once from one k-means++
 * start, as Tibshirani et al. and R's cluster::clusGap (kmeans, nstart = 1) do: on uniform data the
 * local optima differ little in inertia, so ten single fits estimate the reference mean log W
 * better than five best-of-five fits, at 40% of the k-means runs (issue 15).
 */
const GAP_REFERENCES = 10;
/** Starts per gap reference fit. */
const GAP_RESTARTS = 1;

/**
 * Silhouette of `fit` on the sampled rows with the standard error of that mean, or NaN for both
 * when the sample holds too few segments. The mean is silhouetteScore's, to the bit.
 */
function sampledSilhouette(
  fit: KMeansFit,
  sample: readonly number[],
  samplePoints: readonly (readonly number[])[],
  warnings: string[],
): { mean: number; standardError: number } {
  const sampleLabels = sample.map((row) => fit.labels[row]);
  const segments = new Set(sampleLabels).size;
  if (segments < 2 || segments > sample.length - 1) {
    warnings.push(msg.silhouetteUndefined(fit.k, segments, sample.length));
    return { mean: Number.NaN, standardError: Number.NaN };
  }
  return silhouetteWithError(samplePoints, sampleLabels);
}

/** An internal index on all rows, or NaN when the fit has fewer than 2 or more than n - 1 segments. */
function indexOrNaN(
  index: (points: readonly (readonly number[])[], labels: readonly number[]) => number,
  points: readonly (readonly number[])[],
  fit: KMeansFit,
): number {
  const segments = fit.clusterSizes.filter((size) => size > 0).length;
  return segments < 2 || segments > points.length - 1 ? Number.NaN : index(points, fit.labels);
}

/**
 * Kneedle (Satopää et al. 2011) for a decreasing inertia curve: with k and inertia both scaled to
 * 0..1 over the range tried, the score is how far the curve lies below the straight line from its
 * first to its last point. The elbow is the k with the largest score; the ends score 0.
 * @example elbowScores([2, 3, 4], [100, 20, 10]) // [0, 0.389, 0]
 */
export function elbowScores(ks: readonly number[], inertias: readonly number[]): number[] {
  const kFirst = ks[0];
  const kLast = ks[ks.length - 1];
  const high = Math.max(...inertias);
  const low = Math.min(...inertias);
  if (kLast === kFirst || !(high > low)) return ks.map(() => 0);
  return ks.map((k, i) => 1 - (inertias[i] - low) / (high - low) - (k - kFirst) / (kLast - kFirst));
}

/**
 * Uniform reference data for the gap statistic (Tibshirani, Walther & Hastie 2001, method "b"):
 * rotate the sample onto its principal axes and draw uniformly in the bounding box there.
 * Within-cluster sums of squares do not change under rotation, so the references stay rotated.
 */
function gapReferences(samplePoints: readonly (readonly number[])[], count: number, rng: Rng): number[][][] {
  if (samplePoints.length < 2) return [];
  const rotated = new PCA(samplePoints as number[][], { method: 'SVD', center: true, scale: false })
    .predict(samplePoints as number[][])
    .to2DArray();
  const dim = rotated[0].length;
  const low = Array.from({ length: dim }, (_, j) => Math.min(...rotated.map((row) => row[j])));
  const high = Array.from({ length: dim }, (_, j) => Math.max(...rotated.map((row) => row[j])));
  return Array.from({ length: count }, () => rotated.map(() => low.map((lo, j) => lo + rng.next() * (high[j] - lo))));
}

/**
 * Gap statistic at k: mean log within-cluster sum of squares of k-means on the reference sets minus
 * the log within-cluster sum of squares of `fit` restricted to the sample rows (distances to the
 * full-data centroids). NaN when the sample has <= k rows.
 */
function gapAt(
  fit: KMeansFit,
  sample: readonly number[],
  samplePoints: readonly (readonly number[])[],
  references: readonly (readonly (readonly number[])[])[],
  options: KMeansOptions,
  rng: Rng,
): number {
  if (samplePoints.length <= fit.k || references.length === 0) return Number.NaN;
  let within = 0;
  sample.forEach((row, i) => (within += squaredDistance(samplePoints[i], fit.centroids[fit.labels[row]])));
  const referenceLogs = references.map((reference) => Math.log(fitKMeans(reference, fit.k, options, rng).inertia));
  return referenceLogs.reduce((sum, value) => sum + value, 0) / referenceLogs.length - Math.log(within);
}

const EMPTY: RowMatrix = { data: new Float64Array(0), rows: 0, dim: 0 };

/** The evidence for one k of the scan, as a task a worker thread can run (lib/parallel/pool.ts). */
export interface KEvidenceTask {
  module: 'cluster/select-k';
  fn: 'kEvidenceTask';
  /** The points (shared memory) and the gap references, for a worker; empty on the main thread. */
  points: RowMatrix;
  references: RowMatrix[];
  k: number;
  /** Seed of chooseK's streams: k's own streams are forked from it by name. */
  streamsSeed: number;
  sample: number[];
  options: KMeansOptions;
  evidenceOptions: KMeansOptions;
  floor: number;
}

/** One k's fit, its row of the k table and the warnings it raised (in the order a loop raises them). */
export interface KEvidence {
  fit: KMeansFit;
  candidate: KCandidate;
  warnings: string[];
}

/**
 * The fit and evidence at one k: k-means on every row, stability on resampled subsamples,
 * silhouette, Calinski–Harabasz, Davies–Bouldin and the gap statistic. Draws only from k's own
 * named streams, so it gives the same result on any thread and in any order.
 */
export function kEvidence(
  points: readonly (readonly number[])[],
  samplePoints: readonly (readonly number[])[],
  references: readonly (readonly (readonly number[])[])[],
  task: KEvidenceTask,
): KEvidence {
  const { k, sample, options, evidenceOptions, floor } = task;
  const streams = createRng(task.streamsSeed);
  const n = points.length;
  const warnings: string[] = [];
  const fit = fitKMeans(points, k, options, streams.fork(`k=${k}`));
  const smallest = Math.min(...fit.clusterSizes);
  if (smallest === 0) warnings.push(msg.emptyCluster(k));
  const minShare = smallest / n;
  // As many starts as the main fit: with fewer, a replicate's local optimum at the true k reads
  // as instability and pushes the choice to another k (issue #10).
  const resampled = clusteringStability(points, k, options, streams.fork(`stability k=${k}`), sample, {
    replicates: STABILITY_REPLICATES,
  });
  const stability = resampled.stability;
  const jaccards = clusterwiseJaccard(sample.map((row) => fit.labels[row]), resampled.replicateLabels, k).filter((j) => !Number.isNaN(j));
  const minJaccard = jaccards.length > 0 ? Math.min(...jaccards) : Number.NaN;
  if (Number.isNaN(stability)) warnings.push(msg.kStabilityUndefined(k, n));
  const silhouette = sampledSilhouette(fit, sample, samplePoints, warnings);
  const candidate: KCandidate = {
    k,
    silhouette: silhouette.mean,
    silhouetteError: silhouette.standardError,
    inertia: fit.inertia,
    minShare,
    eligible: smallest > 0 && smallest >= floor,
    calinskiHarabasz: indexOrNaN(calinskiHarabasz, points, fit),
    daviesBouldin: indexOrNaN(daviesBouldin, points, fit),
    elbow: 0,
    gap: gapAt(fit, sample, samplePoints, references, evidenceOptions, streams.fork(`gap k=${k}`)),
    stability,
    minJaccard,
    stable: stability >= STABILITY_THRESHOLD,
    meanRank: null,
  };
  return { fit, candidate, warnings };
}

/** kEvidence on a worker thread: the points and references come as shared row-major buffers. */
export function kEvidenceTask(task: KEvidenceTask): KEvidence {
  const points = rowsOf(task.points);
  return kEvidence(points, task.sample.map((row) => points[row]), task.references.map(rowsOf), task);
}

/** A worker converts a shared buffer to rows once per batch (the tasks of a batch share it). */
const rowCache = new WeakMap<ArrayBufferLike, number[][]>();
function rowsOf(matrix: RowMatrix): number[][] {
  const cached = rowCache.get(matrix.data.buffer);
  if (cached) return cached;
  const rows = fromRowMatrix(matrix);
  rowCache.set(matrix.data.buffer, rows);
  return rows;
}

/**
 * Ranks 1..m (1 = best) with ties sharing their average rank; NaN scores rank last.
 * @example rankScores([0.2, 0.5, 0.5, NaN], true) // [3, 1.5, 1.5, 4]
 */
export function rankScores(scores: readonly number[], higherIsBetter: boolean): number[] {
  const key = (value: number): number => (Number.isNaN(value) ? -Infinity : higherIsBetter ? value : -value);
  const order = scores.map((_, i) => i).sort((a, b) => key(scores[b]) - key(scores[a]) || a - b);
  const ranks = new Array<number>(scores.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && key(scores[order[end + 1]]) === key(scores[order[start]])) end++;
    for (let i = start; i <= end; i++) ranks[order[i]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/**
 * Borda count over the five separation measures: every candidate in `ranked` gets its mean rank
 * among `ranked`; the winner is the member of `pool` (a subset of `ranked`) with the best mean
 * rank, then the higher stability, then the smaller k. Ranking on the wider set keeps one k's
 * borderline stability from reshuffling the others' ranks.
 */
function bestByMeanRank(ranked: KCandidate[], pool: readonly KCandidate[]): KCandidate {
  const measures: [number[], boolean][] = [
    [ranked.map((c) => c.silhouette), true],
    [ranked.map((c) => c.calinskiHarabasz ?? Number.NaN), true],
    [ranked.map((c) => c.daviesBouldin ?? Number.NaN), false],
    [ranked.map((c) => c.elbow ?? Number.NaN), true],
    [ranked.map((c) => c.gap ?? Number.NaN), true],
  ];
  const ranks = measures.map(([scores, higher]) => rankScores(scores, higher));
  ranked.forEach((candidate, i) => (candidate.meanRank = ranks.reduce((sum, r) => sum + r[i], 0) / ranks.length));
  const stabilityKey = (c: KCandidate): number => (Number.isNaN(c.stability ?? Number.NaN) ? -Infinity : (c.stability as number));
  return pool
    .slice()
    .sort((a, b) => (a.meanRank as number) - (b.meanRank as number) || stabilityKey(b) - stabilityKey(a) || a.k - b.k)[0];
}

/**
 * The words for a tie in the mean rank between `chosen` and other members of `pool` ("" without one):
 * which k it tied with and how bestByMeanRank broke it (the higher stability, else the smaller k).
 * @example rankTie(k3, [k3, k6]) // "; tied with k = 6, and the tie went to the smaller k"
 */
export function rankTie(chosen: KCandidate, pool: readonly KCandidate[]): string {
  const tied = pool.filter((c) => c !== chosen && c.meanRank === chosen.meanRank);
  if (tied.length === 0) return '';
  const stability = (c: KCandidate): number => (Number.isNaN(c.stability ?? Number.NaN) ? -Infinity : (c.stability as number));
  const byStability = tied.every((c) => stability(c) < stability(chosen));
  return msg.kRankTie(tied.map((c) => c.k).sort((a, b) => a - b), byStability ? 'stability' : 'smaller k');
}

/** The candidate with the best silhouette (NaN counts as worst); ties go to the smaller k. */
function bestBySilhouette(candidates: readonly KCandidate[]): KCandidate {
  return candidates.reduce((best, c) => {
    const score = Number.isNaN(c.silhouette) ? -Infinity : c.silhouette;
    const bestScore = Number.isNaN(best.silhouette) ? -Infinity : best.silhouette;
    return score > bestScore || (score === bestScore && c.k < best.k) ? c : best;
  });
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

/** Applies the two gates, relaxing them in order, and returns the pool to rank plus the rule text. */
function chooseFromCandidates(
  candidates: KCandidate[],
  cfg: KChoiceConfig,
  kTop: number,
  warnings: string[],
  n: number,
): { chosen: KCandidate; rule: string } {
  const range = `${cfg.kMin}..${kTop}`;
  const eligible = candidates.filter((c) => c.eligible);
  const stable = eligible.filter((c) => c.stable);
  const reproducible = eligible.filter((c) => (c.stability ?? Number.NaN) >= FINEST_STABILITY);
  if (cfg.kRule === 'finest-stable' && reproducible.length > 0) {
    bestByMeanRank(eligible, eligible); // fills meanRank for the report
    const chosen = reproducible.reduce((best, c) => (c.k > best.k ? c : best));
    return { chosen, rule: msg.kRuleFinestStable(chosen.k, reproducible.map((c) => c.k), range, FINEST_STABILITY, chosen.stability as number, bestBySilhouette(eligible).k) };
  }
  if (stable.length > 0) {
    const chosen = bestByMeanRank(eligible, stable);
    const rule = msg.kRuleChosen(chosen.k, stable.map((c) => c.k), range, STABILITY_THRESHOLD, chosen.meanRank as number, bestBySilhouette(stable).k, rankTie(chosen, stable));
    return { chosen, rule };
  }
  if (eligible.length > 0) {
    const mostStable = eligible.reduce((best, c) => ((c.stability ?? -Infinity) > (best.stability ?? -Infinity) ? c : best));
    warnings.push(msg.kNoStable(STABILITY_THRESHOLD, mostStable.k, mostStable.stability ?? Number.NaN));
    const chosen = bestByMeanRank(eligible, eligible);
    const reason = `no k in ${range} reached stability ${STABILITY_THRESHOLD} (best: k = ${mostStable.k}, ${(mostStable.stability ?? Number.NaN).toFixed(2)})`;
    return { chosen, rule: msg.kRuleFallback(chosen.k, eligible.map((c) => c.k), reason, chosen.meanRank as number, rankTie(chosen, eligible)) };
  }
  const floor = segmentFloor(n, cfg);
  if (floor > Math.ceil(cfg.minSegmentShare * n - 1e-9)) {
    // The floor comes from fairness.minCellSize: the k whose smallest segment comes closest to it
    // (ties: the smaller k), so the segments are as describable as the data allow, and say so.
    warnings.push(msg.kNoEligibleSize(cfg.kMin, kTop, floor, n));
    bestByMeanRank(candidates, candidates);
    const largestSmallest = Math.max(...candidates.map((c) => c.minShare));
    const chosen = candidates.filter((c) => c.minShare === largestSmallest).reduce((best, c) => (c.k < best.k ? c : best));
    return { chosen, rule: msg.kRuleSizeFallback(chosen.k, range, floor, Math.round(chosen.minShare * n)) };
  }
  warnings.push(msg.kNoEligible(cfg.kMin, kTop, cfg.minSegmentShare));
  const nonEmpty = candidates.filter((c) => c.minShare > 0);
  const pool = nonEmpty.length > 0 ? nonEmpty : candidates;
  const chosen = bestByMeanRank(pool, pool);
  const reason = `no k in ${range} gives segments that are all at least ${(cfg.minSegmentShare * 100).toFixed(1)}% of customers`;
  return { chosen, rule: msg.kRuleFallback(chosen.k, pool.map((c) => c.k), reason, chosen.meanRank as number, rankTie(chosen, pool)) };
}

/**
 * Fits k-means for each k in cfg.kMin..min(cfg.kMax, n) and chooses k by the rule in this file's
 * header: gates on segment share and stability (>= 0.8), then the best mean rank over silhouette,
 * Calinski–Harabasz, Davies–Bouldin, elbow and gap. Silhouette, gap and the stability comparison
 * use one seeded sample of cfg.silhouetteSample rows shared by every k; stability subsamples hold
 * 80% of the rows, at most 5,000. Labels are renumbered so segment 0 is the largest. Each k draws
 * from its own streams derived from one draw of `rng`, so a k's fit and scores do not depend on
 * which other k are tried (its elbow score and mean rank do, being relative to the range).
 * `result.rule` explains the choice in one paragraph. Never mutates `points`.
 * Throws a SeglabError for an invalid k range or fewer points than cfg.kMin.
 * @example chooseK(scaledFeatures, config.cluster, stageRng(config.seed, 'cluster')).k // e.g. 6
 */
export function chooseK(points: readonly (readonly number[])[], cfg: KChoiceConfig, rng: Rng): ClusteringResult {
  const scan = prepareKScan(points, cfg, rng);
  const onDone = cfg.onProgress ? (done: number, total: number): void => cfg.onProgress?.(`k scan: ${done} of ${total} values of k`) : undefined;
  const evidence = runTasks(scan.tasks, scan.threads, (task) => kEvidence(points, scan.samplePoints, scan.references, task), { onDone });
  return finishKScan(scan, evidence);
}

/** What chooseK has prepared before its k scan runs: the scan's tasks and what finishing it needs. */
export interface KScan {
  points: readonly (readonly number[])[];
  cfg: KChoiceConfig;
  kTop: number;
  warnings: string[];
  streams: Rng;
  samplePoints: readonly (readonly number[])[];
  references: readonly (readonly (readonly number[])[])[];
  options: KMeansOptions;
  threads: number;
  /** One task per k, in k order. */
  tasks: KEvidenceTask[];
}

/**
 * chooseK up to its k scan: checks, the shared sample, the gap references and one task per k.
 * `shareAlways` puts the points in shared memory even for a single k (a caller that runs several
 * scans' tasks in one batch, lib/cluster/representation.ts).
 */
export function prepareKScan(points: readonly (readonly number[])[], cfg: KChoiceConfig, rng: Rng, shareAlways = false): KScan {
  if (!Number.isInteger(cfg.kMin) || !Number.isInteger(cfg.kMax) || cfg.kMin < 2 || cfg.kMin > cfg.kMax) {
    fail(STAGE, msg.kRangeBad(cfg.kMin, cfg.kMax));
  }
  checkPoints(points, STAGE, 'chooseK');
  const n = points.length;
  if (n < cfg.kMin) fail(STAGE, msg.kTooLarge(n, cfg.kMin));
  const warnings: string[] = [];
  const kTop = Math.min(cfg.kMax, n);
  if (kTop < cfg.kMax) warnings.push(msg.kRangeCapped(cfg.kMax, n));

  const streams = rng.split();
  const sample = sampleIndices(n, cfg.silhouetteSample, streams.fork('silhouette-sample'));
  const samplePoints = sample.map((row) => points[row]);
  const options: KMeansOptions = { restarts: cfg.restarts, maxIterations: cfg.maxIterations, ...(cfg.startSample !== undefined ? { startSample: cfg.startSample } : {}) };
  const evidenceOptions = { restarts: GAP_RESTARTS, maxIterations: cfg.maxIterations };
  const references = gapReferences(samplePoints, GAP_REFERENCES, streams.fork('gap-references'));

  const floor = segmentFloor(n, cfg);
  const ks = Array.from({ length: kTop - cfg.kMin + 1 }, (_, i) => cfg.kMin + i);
  const threads = cfg.workers ?? 1;
  const shared = threads > 1 && (ks.length > 1 || shareAlways) ? { points: sharedMatrix(points), references: references.map((r) => sharedMatrix(r)) } : null;
  const tasks: KEvidenceTask[] = ks.map((k) => ({
    module: 'cluster/select-k',
    fn: 'kEvidenceTask',
    // Only a worker reads these shared copies; the main thread runs its tasks on the inputs themselves.
    points: shared?.points ?? EMPTY,
    references: shared?.references ?? [],
    k,
    streamsSeed: streams.seed,
    sample,
    options,
    evidenceOptions,
    floor,
  }));
  return { points, cfg, kTop, warnings, streams, samplePoints, references, options, threads, tasks };
}

/** chooseK after its k scan: the k table, the choice, the final fit at the chosen k. `evidence` is in task order. */
export function finishKScan(scan: KScan, evidence: readonly KEvidence[]): ClusteringResult {
  const { points, cfg, kTop, warnings, streams, options, threads } = scan;
  const n = points.length;
  const fits: KMeansFit[] = evidence.map((e) => e.fit);
  const candidates: KCandidate[] = evidence.map((e) => e.candidate);
  for (const e of evidence) warnings.push(...e.warnings);
  const elbows = elbowScores(
    candidates.map((c) => c.k),
    candidates.map((c) => c.inertia),
  );
  candidates.forEach((c, i) => (c.elbow = elbows[i]));

  const { chosen, rule } = chooseFromCandidates(candidates, cfg, kTop, warnings, n);
  let fit = fits[chosen.k - cfg.kMin];
  const extra = (cfg.finalRestarts ?? 0) - cfg.restarts;
  if (extra > 0) {
    const refit = fitKMeans(points, chosen.k, { ...options, restarts: extra, workers: threads }, streams.fork(`final k=${chosen.k}`));
    if (refit.inertia < fit.inertia) fit = refit;
  }
  if (!fit.converged) warnings.push(msg.notConverged(fit.k, cfg.maxIterations));
  const { labels, centroids } = renumberBySize(fit);
  return { k: fit.k, labels, centroids, iterations: fit.iterations, converged: fit.converged, candidates, warnings, rule };
}
