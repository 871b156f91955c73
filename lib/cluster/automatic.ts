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
import { representationStreams, type EarlyScan, type RepresentationCandidate } from './representation';
import { segmentCustomers, selectionPlan, type Segmentation } from './segment';
import { latentClassModel } from './latent-class';
import type { ColumnKind } from '../features/mixed';
import { prepareKScan, segmentFloor, type KChoiceConfig, type KScan } from './select-k';
import { startEarlyBatch } from '../parallel/pool';
import { msg } from '../errors/messages';

/** Fewest k-means starts per k in the automatic run. */
export const MIN_RESTARTS = 10;
/** Fewest k-means starts for the fit at the chosen k (see KChoiceConfig.finalRestarts). */
export const FINAL_RESTARTS = 50;

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

/** The latent-class model (lib/cluster/latent-class.ts) as a second opinion on k and the segments. */
export interface LatentClassComparison {
  /** k with the lowest BIC. */
  k: number;
  /** BIC per k tried. */
  scan: { k: number; bic: number }[];
  /** ARI between its classes and the chosen segments (every row). */
  agreement: number;
  /** BIC was lowest at the top of the range (still falling): no usable k from BIC. */
  atRangeEnd: boolean;
  /** One sentence for the report. */
  sentence: string;
  /** Its most probable class per row (0 = largest). */
  labels: number[];
}

export interface AutomaticSegmentation extends Segmentation {
  plain: PlainComparison;
  /** Set when the feature columns' kinds were given. */
  latentClass?: LatentClassComparison;
}

/** What the latent-class model needs besides the scaled points: the columns' names, raw values and kinds. */
export interface MixedColumns {
  names: readonly string[];
  raw: readonly (readonly number[])[];
  kinds: readonly ColumnKind[];
}

/**
 * Fits the latent-class model over kMin..kTop and states its BIC choice and its agreement with
 * `labels`; says so when BIC is still falling at the top of the range.
 */
export function compareWithLatentClass(columns: MixedColumns, scaled: readonly (readonly number[])[], labels: readonly number[], k: number, kMin: number, kTop: number, rng: Rng, threads = 1): LatentClassComparison {
  const model = latentClassModel(columns.names, columns.raw, scaled, columns.kinds, kMin, kTop, rng, { threads });
  const agreement = adjustedRandIndex(labels, model.labels);
  const atRangeEnd = model.k === kTop && kTop > kMin;
  const spikes = model.categorical.filter((c) => c.why === 'spike').map((c) => c.name);
  const parts =
    `A latent-class model (Gaussian on ${model.gaussian.length} continuous column${model.gaussian.length === 1 ? '' : 's'}, categorical on ${model.categorical.length} others` +
    `${spikes.length ? `, including ${spikes.join(', ')}, whose values pile up on one value` : ''}) has its lowest BIC at k = ${model.k}`;
  const sentence = atRangeEnd
    ? `${parts}, the top of the range: BIC was still falling, so it gives no usable k here (its classes agree with these ${k} segments at ARI ${agreement.toFixed(2)}).`
    : `${parts}; its classes agree with these ${k} segments at ARI ${agreement.toFixed(2)}${model.k === k ? ' (the same k)' : ''}.`;
  return { k: model.k, scan: model.scan.map((f) => ({ k: f.k, bic: f.bic })), agreement, atRangeEnd, sentence, labels: model.labels };
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
  // As many starts as the chosen fit, so the comparison is with plain k-means at its best.
  const fit = fitKMeans(fitPoints, k, { restarts: Math.max(cfg.restarts, FINAL_RESTARTS), maxIterations: cfg.maxIterations, workers: cfg.workers, ...(cfg.startSample !== undefined ? { startSample: cfg.startSample } : {}) }, streams.fork('plain-kmeans'));
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
    `These segments agree with plain k-means on plain z-scores of the features (no automatic log-scaling, no clipping) at the same k (${k}) at ARI ${agreement.toFixed(2)}` +
    `${agreement < 0.5 ? ' (low: the two disagree on much of the base)' : ''}; ` +
    `measured on those plain z-scores their silhouette is ${Number.isNaN(silhouette) ? 'undefined' : silhouette.toFixed(2)} (plain k-means: ${Number.isNaN(plainSilhouette) ? 'undefined' : plainSilhouette.toFixed(2)}).`;
  return { k, agreement, silhouette, plainSilhouette, plainLabels, sentence };
}

/**
 * The k configuration automaticSegmentation scans with, for n customers: every segment must hold
 * max(minSegmentShare × n, fairness.minCellSize) customers; a k range the customers cannot fill is
 * trimmed (and said so), so small tables get a k whose segments can all be described. On a
 * selection sample the floor is scaled to the sample.
 */
function automaticKConfig(n: number, cfg: ClusterConfig, minCellSize: number, onProgress?: (detail: string) => void): { kcfg: KChoiceConfig; kTop: number; floor: number } {
  const floor = segmentFloor(n, { ...cfg, minSegmentSize: minCellSize });
  const kTop = Math.max(cfg.kMin, Math.min(cfg.kMax, Math.floor(n / floor)));
  const fitRows = Math.min(n, cfg.maxFitRows);
  const kcfg = {
    ...cfg,
    kMax: kTop,
    // At least 10 k-means++ starts per k: a segment told apart by one categorical is easily missed
    // by a local optimum with fewer (the stability subsamples use as many).
    restarts: Math.max(cfg.restarts, MIN_RESTARTS),
    finalRestarts: Math.max(FINAL_RESTARTS, 4 * cfg.restarts),
    kRule: cfg.kRule ?? 'finest-stable',
    minSegmentSize: n > 0 ? Math.ceil((minCellSize * fitRows) / n - 1e-9) : 0,
    ...(onProgress ? { onProgress } : {}),
  } as KChoiceConfig;
  return { kcfg, kTop, floor };
}

/**
 * Starts the k scan of `first` (the candidate automaticSegmentation will be given first, e.g. the
 * standardised features) on a dedicated worker thread before the other candidates exist (issue 15:
 * the pipeline starts it when the features are built, and the autoencoder trains meanwhile). Pass
 * the result to automaticSegmentation with the same candidates' rows, cfg, rng (a fresh
 * `stageRng(seed, 'cluster')`: only its first draw is read) and minCellSize: the scan is prepared
 * from the very streams automaticSegmentation would use, so the segmentation is the same as without
 * it. Returns null when there is nothing to gain (one thread) or the scan cannot be prepared (bad
 * points, a k range the rows cannot fill: automaticSegmentation then fails as it always did).
 * Call `batch.cancel()` when the segmentation will not run.
 * @example const early = startEarlyKScan({ name: 'standardised features', points: f.scaled }, config.cluster, stageRng(seed, 'cluster'), 50)
 */
export function startEarlyKScan(first: RepresentationCandidate, cfg: ClusterConfig, rng: Rng, minCellSize = 0, onProgress?: (detail: string) => void): EarlyScan | null {
  const n = first.points.length;
  if ((cfg.workers ?? 1) < 2 || n < cfg.kMin) return null;
  const { kcfg } = automaticKConfig(n, cfg, minCellSize, onProgress);
  // segmentCustomers' streams and sample, then chooseRepresentation's stream for this candidate.
  const { stream, rows } = selectionPlan(n, kcfg, rng);
  const points = rows ? rows.map((r) => first.points[r]) : first.points;
  let scan: KScan;
  try {
    scan = prepareKScan(points, kcfg, representationStreams(stream('select'))(first.name), true);
  } catch {
    return null;
  }
  return { name: first.name, scan, batch: startEarlyBatch(scan.tasks) };
}

/**
 * Chooses representation and k (no within-segment reweighting), labels every customer, and
 * compares with plain standardised k-means at the chosen k. `minCellSize` (fairness.minCellSize)
 * is a floor on every segment's size, with cluster.minSegmentShare. With `columns` (the feature
 * table's names, raw values and kinds; candidates[0] must be its scaled matrix) a latent-class
 * model is fitted too and its BIC k and agreement are stated.
 * @example automaticSegmentation([{ name: 'standardised features', points: f.scaled }], f.standardised, config.cluster, stageRng(seed, 'cluster')).plain.sentence
 */
export function automaticSegmentation(
  candidates: readonly RepresentationCandidate[],
  standardised: readonly (readonly number[])[],
  cfg: ClusterConfig,
  rng: Rng,
  minCellSize = 0,
  columns?: MixedColumns,
  onProgress?: (detail: string) => void,
  early?: EarlyScan,
): AutomaticSegmentation {
  const plainRng = rng.fork('plain comparison');
  const n = candidates[0]?.points.length ?? 0;
  const { kcfg, kTop, floor } = automaticKConfig(n, cfg, minCellSize, onProgress);
  const segmentation = segmentCustomers(
    candidates.map((c) => ({ ...c, reweight: false })),
    kcfg,
    rng,
    early,
  );
  if (kTop < cfg.kMax) segmentation.clustering.warnings.unshift(msg.kRangeTrimmedBySize(cfg.kMax, kTop, n, floor));
  const plain = compareWithPlain(standardised, segmentation.clustering.labels, segmentation.clustering.k, cfg, plainRng);
  if (!columns) return { ...segmentation, plain };
  const scaled = candidates[0].points;
  const latentClass = compareWithLatentClass(columns, scaled, segmentation.clustering.labels, segmentation.clustering.k, cfg.kMin, kTop, rng.fork('latent class'), cfg.workers ?? 1);
  return { ...segmentation, plain, latentClass };
}
