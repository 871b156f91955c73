/**
 * Choosing the space to segment in: the standardised features, the same features reweighted by
 * their within-segment spread, the autoencoder embedding, ... Each candidate gets its own k from
 * `chooseK`; then one candidate is chosen by a criterion that means the same thing in every space.
 *
 * Silhouette, Calinski–Harabasz and the like are NOT compared across candidates: their values
 * depend on the dimension and scale of the space (an autoencoder that squeezes the data into 4
 * dimensions inflates them). Labels, however, are comparable. The criterion is consensus
 * (Strehl & Ghosh 2002): each candidate's segmentation is compared with every other candidate's
 * by the adjusted Rand index, and the candidate that agrees best on average (the medoid of the
 * segmentations) wins, since a split that only one representation sees is more likely to be an
 * artefact of that representation than of the customers. Candidates whose k failed the
 * stability gate rank behind the others. Mean agreements within 0.02 of the best count as tied
 * (ARI moves about that much between resamples), and a tie goes to the candidate listed first:
 * callers list the more interpretable spaces first (features before an embedding), and a
 * reweighted copy goes just before its base. With two candidates agreement is symmetric, so the
 * first listed stable one wins.
 *
 * Within-segment reweighting: k-means assumes every feature has the same spread inside a
 * segment. Standardising makes the total spread equal instead, which over-weights a feature that
 * is mostly noise (e.g. income on the demo data). Dividing each feature by its pooled
 * within-segment standard deviation and refitting, until the weights settle, is the classification
 * EM of a Gaussian mixture with one shared diagonal covariance (Art, Gnanadesikan & Kettenring
 * 1982 use the same within-cluster standardisation); the resulting weights are a plain fit the
 * runner can save and re-apply.
 */
import type { ClusterConfig } from '../config/types';
import { fail, msg } from '../errors/messages';
import { adjustedRandIndex } from '../evaluate/metrics';
import { checkPoints } from '../evaluate/points';
import { type Rng } from '../random/rng';
import { fitKMeans } from './kmeans';
import { chooseK, finishKScan, kEvidence, prepareKScan, type KEvidence, type KEvidenceTask, type KScan } from './select-k';
import { joinEarlyBatch, runTasks, type EarlyBatch } from '../parallel/pool';
import type { ClusteringResult } from './types';

const STAGE = 'cluster';
/** Rounds of reweight-and-refit before the weights are taken as settled. */
const REWEIGHT_ROUNDS = 5;
/** Largest change of any weight that counts as settled. */
const REWEIGHT_TOLERANCE = 1e-3;
/** Mean-agreement difference below which two candidates count as tied (about the resampling noise of ARI). */
const AGREEMENT_MARGIN = 0.02;

/**
 * A candidate's k scan prepared and started before chooseRepresentation is called (issue 15: the
 * standardised features' scan runs on the idle core while the autoencoder trains). `scan` must be
 * what chooseRepresentation would prepare for that candidate (see `startEarlyKScan` in
 * lib/cluster/automatic.ts, which uses the same streams); the results are then the same.
 */
export interface EarlyScan {
  name: string;
  scan: KScan;
  batch: EarlyBatch<KEvidenceTask>;
}

/**
 * The named stream each candidate's k scan draws from, given chooseRepresentation's `rng` (taken
 * once with split(), as every stage that hands out named streams does).
 */
export function representationStreams(rng: Rng): (name: string) => Rng {
  const streams = rng.split();
  return (name: string): Rng => streams.fork(`representation:${name}`);
}

/** One space to try. */
export interface RepresentationCandidate {
  /** Shown in the report, e.g. "standardised features"; unique among the candidates. */
  name: string;
  /** One row per customer, the same customers in the same order for every candidate. */
  points: readonly (readonly number[])[];
  /** Also try this space reweighted within segments (for feature tables, not embeddings); the reweighted copy is listed just before this one. Default false. */
  reweight?: boolean;
}

/** Per-feature multipliers of a reweighted space: `x'[j] = x[j] * sqrt(weights[j])`. */
export interface FeatureWeights {
  /** Name of the candidate the weights apply to. */
  base: string;
  /** 1 / pooled within-segment variance of each column, scaled to average 1. */
  weights: number[];
  /** Reweight-and-refit rounds run, and whether the weights settled within them. */
  rounds: number;
  settled: boolean;
}

/** One row of the evidence table. */
export interface RepresentationEvidence {
  name: string;
  k: number;
  /** Silhouette at the chosen k, in this candidate's own space (not comparable across rows). */
  silhouette: number;
  /** Stability at the chosen k (comparable across rows). */
  stability: number;
  /** The chosen k passed the stability gate. */
  stable: boolean;
  /** Mean ARI between this candidate's segments and each other candidate's (NaN with one candidate). */
  agreement: number;
  /** ARI with each other candidate, by name. */
  agreementWith: Record<string, number>;
  chosen: boolean;
}

/** What `chooseRepresentation` decided, with everything the report needs. */
export interface RepresentationChoice {
  /** Name of the winning candidate. */
  chosen: string;
  /** The winner's clustering (labels for every customer, centroids in `points`' space). */
  clustering: ClusteringResult;
  /** The winner's space (for the 2-D map), a new array when reweighted. */
  points: readonly (readonly number[])[];
  /** The weights to re-apply when the winner is a reweighted space; else null. */
  weights: FeatureWeights | null;
  /** One row per candidate tried, in tie-break order (a reweighted variant comes just before its base). */
  evidence: RepresentationEvidence[];
  /** Every candidate's clustering, by name. */
  clusterings: Record<string, ClusteringResult>;
  /** One plain sentence: which won and why. */
  reason: string;
}

/**
 * Multiplies column j by sqrt(weights[j]); returns new rows.
 * @example applyFeatureWeights([[1, 2]], [4, 1]) // [[2, 2]]
 */
export function applyFeatureWeights(points: readonly (readonly number[])[], weights: readonly number[]): number[][] {
  const factors = weights.map(Math.sqrt);
  return points.map((row) => row.map((value, j) => value * factors[j]));
}

/** A weight is at most this many times the median weight, and at least the median over it. */
export const MAX_WEIGHT_RATIO = 10;

/**
 * Weights 1 / (pooled within-segment variance) per column, bounded to within MAX_WEIGHT_RATIO of
 * the median weight, scaled to average 1. A column that is constant within every segment gets the
 * upper bound.
 * @example withinSegmentWeights([[0, 0], [2, 1], [10, 0], [12, 1]], [0, 0, 1, 1]) // [0.4, 1.6]
 */
export function withinSegmentWeights(points: readonly (readonly number[])[], labels: readonly number[]): number[] {
  const dim = points[0].length;
  const sums = new Map<number, { count: number; sum: number[] }>();
  points.forEach((row, i) => {
    const entry = sums.get(labels[i]) ?? { count: 0, sum: new Array<number>(dim).fill(0) };
    entry.count += 1;
    row.forEach((value, j) => (entry.sum[j] += value));
    sums.set(labels[i], entry);
  });
  const within = new Array<number>(dim).fill(0);
  points.forEach((row, i) => {
    const entry = sums.get(labels[i]) as { count: number; sum: number[] };
    row.forEach((value, j) => (within[j] += (value - entry.sum[j] / entry.count) ** 2));
  });
  // 1 / within-segment variance, bounded to [median / MAX_WEIGHT_RATIO, median * MAX_WEIGHT_RATIO]:
  // a column that is (almost) constant inside every segment would otherwise take all the weight
  // and the space would collapse onto it (every other feature weighted ~0).
  const total = within.reduce((a, b) => a + b, 0);
  const raw = within.map((w) => (w > total * 1e-12 ? 1 / w : Number.POSITIVE_INFINITY));
  const finite = raw.filter(Number.isFinite).sort((a, b) => a - b);
  const median = finite.length > 0 ? finite[Math.floor((finite.length - 1) / 2)] : 1;
  const filled = raw.map((w) => Math.min(median * MAX_WEIGHT_RATIO, Math.max(median / MAX_WEIGHT_RATIO, w)));
  const mean = filled.reduce((sum, w) => sum + w, 0) / dim;
  return filled.map((w) => w / mean);
}

/**
 * Reweights `points` within the segments `labels` and refits k-means at the same k, repeating
 * until no weight moves by more than 1e-3 (at most 5 rounds). Never mutates `points`.
 * @example reweightWithinSegments(scaled, result.labels, result.k, config.cluster, rng, 'standardised features').weights
 */
export function reweightWithinSegments(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  k: number,
  cfg: ClusterConfig,
  rng: Rng,
  base: string,
): { weights: FeatureWeights; points: number[][] } {
  let weights = withinSegmentWeights(points, labels);
  let rounds = 1;
  let settled = false;
  for (; rounds < REWEIGHT_ROUNDS && !settled; rounds++) {
    const fit = fitKMeans(applyFeatureWeights(points, weights), k, { restarts: cfg.restarts, maxIterations: cfg.maxIterations }, rng);
    const next = withinSegmentWeights(points, fit.labels);
    settled = next.every((w, j) => Math.abs(w - weights[j]) <= REWEIGHT_TOLERANCE);
    weights = next;
  }
  return { weights: { base, weights, rounds, settled }, points: applyFeatureWeights(points, weights) };
}

/** Candidate names and row counts are checked once, up front. */
function checkCandidates(candidates: readonly RepresentationCandidate[]): void {
  if (candidates.length === 0) fail(STAGE, msg.representationNoCandidates());
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.name.trim() === '' || seen.has(candidate.name)) fail(STAGE, msg.representationBadName(candidate.name));
    seen.add(candidate.name);
    checkPoints(candidate.points, STAGE, `chooseRepresentation (${candidate.name})`);
    if (candidate.points.length !== candidates[0].points.length) {
      fail(STAGE, msg.representationRowMismatch(candidate.name, candidate.points.length, candidates[0].points.length));
    }
  }
}

/**
 * Runs chooseK on every candidate (and on a within-segment reweighted copy of each candidate with
 * `reweight: true`, keeping the k chosen for that candidate), then picks the candidate whose segments agree best with
 * the others' (mean ARI); candidates whose k is not stable rank last; with two candidates the more
 * stable wins. Each candidate draws from a stream derived from its name, so adding a candidate
 * does not change another's clustering. Never mutates the candidates' points.
 * @example chooseRepresentation([{ name: 'standardised features', points: f.scaled, reweight: true }, { name: 'autoencoder embedding', points: emb }], config.cluster, stageRng(config.seed, 'cluster')).reason
 */
export function chooseRepresentation(
  candidates: readonly RepresentationCandidate[],
  cfg: ClusterConfig,
  rng: Rng,
  early?: EarlyScan,
): RepresentationChoice {
  checkCandidates(candidates);
  const stream = representationStreams(rng);
  const tried: { name: string; points: readonly (readonly number[])[]; clustering: ClusteringResult; weights: FeatureWeights | null }[] = [];
  // Every candidate's k scan in one batch of tasks (each task draws only from its own named
  // streams, so the results are chooseK's), the costliest first so both cores stay busy to the end.
  // A scan started early (the caller prepared it from the same stream) is joined, not prepared again.
  const started = early && candidates.some((c) => c.name === early.name) ? early : undefined;
  if (early && !started) early.batch.cancel();
  if (started && started.scan.points.length !== candidates[0].points.length) fail(STAGE, msg.representationRowMismatch(started.name, started.scan.points.length, candidates[0].points.length));
  const scans = candidates.map((candidate) => (started && candidate.name === started.name ? started.scan : prepareKScan(candidate.points, cfg, stream(candidate.name), candidates.length > 1)));
  const scanned = scanAll(scans, cfg, started ? scans.indexOf(started.scan) : -1, started?.batch);
  for (const [index, candidate] of candidates.entries()) {
    const clustering = finishKScan(scans[index], scanned[index]);
    const plain = { name: candidate.name, points: candidate.points, clustering, weights: null };
    if (!candidate.reweight) {
      tried.push(plain);
    } else {
      const name = `${candidate.name}, reweighted within segments`;
      const reweighted = reweightWithinSegments(candidate.points, clustering.labels, clustering.k, cfg, stream(`${name}/weights`), candidate.name);
      // The weights are fitted for clustering.k segments, so k is carried over, not chosen again:
      // re-choosing k in a space tuned to one k would be circular.
      const atK = chooseK(reweighted.points, { ...cfg, kMin: clustering.k, kMax: clustering.k }, stream(name));
      const rule = msg.representationReweightedRule(clustering.k, candidate.name);
      // Listed before its base, so a tie goes to it: it nests the plain space (one more fitted
      // scale per feature) and fits k-means' equal-spread assumption better.
      tried.push({ name, points: reweighted.points, clustering: { ...atK, rule }, weights: reweighted.weights }, plain);
    }
  }

  const evidence: RepresentationEvidence[] = tried.map((entry) => {
    const atK = entry.clustering.candidates.find((c) => c.k === entry.clustering.k);
    const agreementWith: Record<string, number> = {};
    for (const other of tried) {
      if (other !== entry) agreementWith[other.name] = adjustedRandIndex(entry.clustering.labels, other.clustering.labels);
    }
    const values = Object.values(agreementWith);
    return {
      name: entry.name,
      k: entry.clustering.k,
      silhouette: atK?.silhouette ?? Number.NaN,
      stability: atK?.stability ?? Number.NaN,
      stable: atK?.stable ?? false,
      agreement: values.length > 0 ? values.reduce((sum, v) => sum + v, 0) / values.length : Number.NaN,
      agreementWith,
      chosen: false,
    };
  });

  const winner = pickWinner(evidence);
  winner.chosen = true;
  const entry = tried[evidence.indexOf(winner)];
  const clusterings: Record<string, ClusteringResult> = {};
  tried.forEach((t) => (clusterings[t.name] = t.clustering));
  return { chosen: winner.name, clustering: entry.clustering, points: entry.points, weights: entry.weights, evidence, clusterings, reason: explain(winner, evidence) };
}

/**
 * The tasks of several k scans in one batch (lib/parallel/pool.ts), claimed in the order of their
 * estimated cost (k x dimension, largest first; ties in scan and k order) so that no thread is left
 * with one long task at the end; the evidence comes back per scan, in k order. The order tasks run
 * in does not change their results.
 */
function scanAll(scans: readonly KScan[], cfg: ClusterConfig & { onProgress?: (detail: string) => void }, earlyIndex = -1, earlyBatch?: EarlyBatch<KEvidenceTask>): KEvidence[][] {
  const owner = new Map<KEvidenceTask, KScan>();
  const entries: { task: KEvidenceTask; scan: number; index: number; cost: number }[] = [];
  scans.forEach((scan, s) =>
    scan.tasks.forEach((task, index) => {
      if (s === earlyIndex) return;
      owner.set(task, scan);
      entries.push({ task, scan: s, index, cost: task.k * (scan.points[0]?.length ?? 0) });
    }),
  );
  entries.sort((a, b) => b.cost - a.cost || a.scan - b.scan || a.index - b.index);
  const total = entries.length + (earlyIndex >= 0 ? scans[earlyIndex].tasks.length : 0);
  const progress = (done: number): void => cfg.onProgress?.(`k scan: ${done} of ${total} values of k${scans.length > 1 ? ` (${scans.length} representations)` : ''}`);
  const threads = Math.max(1, ...scans.map((scan) => scan.threads));
  const results = runTasks(
    entries.map((e) => e.task),
    threads,
    (task) => {
      const scan = owner.get(task) as KScan;
      return kEvidence(scan.points, scan.samplePoints, scan.references, task);
    },
    cfg.onProgress ? { onDone: (done) => progress(done) } : {},
  );
  const out = scans.map((scan) => new Array<KEvidence>(scan.tasks.length));
  entries.forEach((e, i) => (out[e.scan][e.index] = results[i]));
  if (earlyIndex >= 0 && earlyBatch) {
    // The early scan's tasks: those its worker has not claimed yet are shared out now; results by index.
    const scan = scans[earlyIndex];
    out[earlyIndex] = joinEarlyBatch(earlyBatch, threads, (task) => kEvidence(scan.points, scan.samplePoints, scan.references, task), cfg.onProgress ? { onDone: (done) => progress(entries.length + done) } : {});
  }
  return out;
}

/**
 * Stable before unstable; then the best mean agreement, where candidates within 0.02 of the best
 * count as tied (ARI moves that much between resamples) and a tie goes to the first listed.
 */
function pickWinner(evidence: RepresentationEvidence[]): RepresentationEvidence {
  const stable = evidence.filter((e) => e.stable);
  const pool = stable.length > 0 ? stable : evidence;
  const agreements = pool.map((e) => e.agreement).filter((a) => !Number.isNaN(a));
  if (agreements.length === 0) return pool[0];
  const best = Math.max(...agreements);
  return pool.find((e) => e.agreement >= best - AGREEMENT_MARGIN) as RepresentationEvidence;
}

/** The sentence for the report. */
function explain(winner: RepresentationEvidence, evidence: readonly RepresentationEvidence[]): string {
  const others = Object.entries(winner.agreementWith)
    .map(([name, ari]) => `${name} ${ari.toFixed(2)}`)
    .join(', ');
  const tied = evidence.filter((e) => e !== winner && e.stable === winner.stable && Math.abs(e.agreement - winner.agreement) <= AGREEMENT_MARGIN);
  let reason: string;
  if (evidence.length === 1) {
    reason = 'it was the only representation tried.';
  } else if (tied.length === 0) {
    reason = `its segments are the consensus of the ${evidence.length} representations tried: they agree best with the others' (silhouette is not compared because its scale depends on the space).`;
  } else {
    reason = `its segments agree with the others' about as well as those of the ${tied.map((e) => e.name).join(' and ')} (mean ARI within ${AGREEMENT_MARGIN}), and such a tie goes to the representation tried first (${evidence.map((e) => e.name).join(', then ')}).`;
  }
  if (!winner.stable) reason += ' No representation gave a stable k, so treat the segments with caution.';
  return evidence.length === 1
    ? `The ${winner.name} won (k = ${winner.k}): ${reason}`
    : msg.representationChosen(winner.name, winner.k, winner.agreement, others, reason);
}
