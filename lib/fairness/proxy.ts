/**
 * Proxy leakage through the features: can the clustering features (or the embedding) predict a
 * protected attribute better than chance? A seeded, stratified k-fold cross-validated multinomial
 * logistic regression (logistic.ts) gives out-of-fold balanced accuracy (and ROC AUC for two
 * groups); permuting one feature at a time in the test fold (seeded) shows which features carry
 * the information, and the correlation ratio η gives a model-free second opinion.
 *
 * Feature names of the form "column=value" (one-hot columns) are grouped under "column", so the
 * advice reads "drop relationship", not "drop relationship=Husband".
 */
import { runTasks, sharedMatrix } from '../parallel/pool';
import { shuffled, sampleIndices, type Rng } from '../random/rng';
import type { GroupCoding } from './groups';
import { fitSoftmax, fitSoftmaxTask, predictSoftmax, predictSoftmaxPermuted, type SoftmaxFitTask, type SoftmaxModel, type SoftmaxOptions } from './logistic';
import type { ProxyClassifierResult, ProxyFeature } from './types';

/** Settings of the proxy classifier. */
export interface ProxyOptions {
  /** Cross-validation folds. Default 5. */
  folds?: number;
  /** Rows used at most (a seeded sample above this). Default 10000. */
  maxRows?: number;
  /** Groups with fewer customers are left out of the classifier. Default 10. */
  minGroupSize?: number;
  /** Importance (balanced-accuracy drop) from which a feature is named a proxy. Default 0.01. */
  importanceMin?: number;
  /** Proxies are named only when the classifier's lift over chance reaches this (else the drops are noise). Default 0.1. */
  liftMin?: number;
  /** Optimiser settings (see fitSoftmax). */
  model?: SoftmaxOptions;
  /** Threads for the folds' fits (config cluster.workers; the result is the same for any value). Default 1. */
  threads?: number;
}

/** Which folds have test rows, and the worker tasks of their fits (one per such fold, in fold order). */
function foldTasks(matrix: readonly (readonly number[])[], y: Int32Array, classes: number, rows: readonly number[], foldOf: ReadonlyMap<number, number>, folds: number, opts: ProxyOptions): { used: boolean[]; tasks: SoftmaxFitTask[]; taskFold: number[] } {
  const used = Array.from({ length: folds }, (_, fold) => rows.some((i) => foldOf.get(i) === fold));
  const x = sharedMatrix(matrix, rows);
  const yRows = Int32Array.from(rows, (i) => y[i]);
  const tasks: SoftmaxFitTask[] = [];
  const taskFold: number[] = [];
  used.forEach((u, fold) => {
    if (!u) return;
    const train: number[] = [];
    rows.forEach((i, position) => {
      if (foldOf.get(i) !== fold) train.push(position);
    });
    tasks.push({ module: 'fairness/logistic', fn: 'fitSoftmaxTask', x, y: yRows, classes, train, opts: opts.model ?? {} });
    taskFold.push(fold);
  });
  return { used, tasks, taskFold };
}

/** What proxyClassifier has drawn before the fold fits (sample, folds), and what it needs after them. */
export interface PreparedProxy {
  attribute: string;
  features: { names: readonly string[]; matrix: readonly (readonly number[])[] };
  rng: Rng;
  opts: ProxyOptions;
  folds: number;
  importanceMin: number;
  classes: number;
  rows: number[];
  y: Int32Array;
  foldOf: Map<number, number>;
  families: string[];
  familyColumns: number[][];
}

/**
 * The first part of `proxyClassifier`: the seeded sample and the stratified folds (the draws before
 * the fits). null when fewer than two groups are large enough to assess.
 */
export function prepareProxy(
  attribute: string,
  coding: GroupCoding,
  features: { names: readonly string[]; matrix: readonly (readonly number[])[] },
  rng: Rng,
  opts: ProxyOptions = {},
): PreparedProxy | null {
  const folds = opts.folds ?? 5;
  const minGroupSize = Math.max(opts.minGroupSize ?? 10, folds);
  const importanceMin = opts.importanceMin ?? 0.01;
  const keptGroups = coding.groups.map((_, g) => g).filter((g) => coding.counts[g] >= minGroupSize);
  if (keptGroups.length < 2 || features.names.length === 0) return null;
  const classOf = new Map(keptGroups.map((g, c) => [g, c]));
  const eligible: number[] = [];
  for (let i = 0; i < coding.codes.length; i++) if (classOf.has(coding.codes[i])) eligible.push(i);
  const rows = sampleIndices(eligible.length, opts.maxRows ?? 10000, rng).map((p) => eligible[p]);
  const classes = keptGroups.length;
  const y = new Int32Array(coding.codes.length).fill(-1);
  for (const i of rows) y[i] = classOf.get(coding.codes[i]) as number;

  // Stratified folds: each class's rows shuffled, then dealt round-robin.
  const foldOf = new Map<number, number>();
  for (let c = 0; c < classes; c++) {
    shuffled(rows.filter((i) => y[i] === c), rng).forEach((i, position) => foldOf.set(i, position % folds));
  }
  const families = [...new Set(features.names.map(featureFamily))];
  const familyColumns = families.map((f) => features.names.map((name, j) => (featureFamily(name) === f ? j : -1)).filter((j) => j >= 0));
  return { attribute, features, rng, opts, folds, importanceMin, classes, rows, y, foldOf, families, familyColumns };
}

/**
 * Every fold's model for several prepared classifiers. The fits draw nothing from the rng, so all of
 * them (every attribute's folds) can run as one batch on worker threads with threads > 1: each
 * gets the sampled rows in their order and the same training rows, so the same model as in
 * process. null for a fold without test rows.
 */
export function proxyFoldModels(prepared: readonly PreparedProxy[], threads: number): (SoftmaxModel | null)[][] {
  if (threads <= 1) {
    return prepared.map((p) =>
      Array.from({ length: p.folds }, (_, fold) => (p.rows.some((i) => p.foldOf.get(i) === fold) ? fitSoftmax(p.features.matrix, p.y, p.classes, p.rows.filter((i) => p.foldOf.get(i) !== fold), p.opts.model) : null)),
    );
  }
  const plans = prepared.map((p) => foldTasks(p.features.matrix, p.y, p.classes, p.rows, p.foldOf, p.folds, p.opts));
  const fitted = runTasks(
    plans.flatMap((plan) => plan.tasks),
    threads,
    fitSoftmaxTask,
  );
  let at = 0;
  return plans.map((plan) => {
    const out: (SoftmaxModel | null)[] = plan.used.map(() => null);
    for (const fold of plan.taskFold) out[fold] = fitted[at++];
    return out;
  });
}

/** "relationship=Husband" -> "relationship"; other names stay as they are. */
export function featureFamily(name: string): string {
  const at = name.indexOf('=');
  return at > 0 ? name.slice(0, at) : name;
}

/**
 * Mean recall over classes of argmax predictions.
 * @example balancedAccuracy([0, 0, 1, 1], [0, 1, 1, 1], 2) // (0.5 + 1) / 2 = 0.75
 */
export function balancedAccuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  const hits = new Array<number>(classes).fill(0);
  const totals = new Array<number>(classes).fill(0);
  for (let i = 0; i < truth.length; i++) {
    totals[truth[i]] += 1;
    if (truth[i] === predicted[i]) hits[truth[i]] += 1;
  }
  const present = totals.map((t, c) => (t > 0 ? hits[c] / t : -1)).filter((r) => r >= 0);
  return present.reduce((a, b) => a + b, 0) / present.length;
}

/**
 * ROC AUC of `scores` for `positive` (1) vs 0 labels, ties counted half (Mann–Whitney U).
 * @example rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) // 0.75
 */
export function rocAuc(scores: readonly number[], positive: ArrayLike<number>): number {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPositive = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let q = start; q <= end; q++) {
      if (positive[order[q]] === 1) {
        rankSumPositive += rank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Correlation ratio η of a numeric column against class codes: sqrt(between-class sum of squares
 * / total sum of squares), 0..1; 0 for a constant column.
 * @example correlationRatio([1, 1, 5, 5], [0, 0, 1, 1], 2) // 1
 */
export function correlationRatio(values: readonly number[], classes: ArrayLike<number>, classCount: number): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sums = new Array<number>(classCount).fill(0);
  const counts = new Array<number>(classCount).fill(0);
  let total = 0;
  values.forEach((v, i) => {
    sums[classes[i]] += v;
    counts[classes[i]] += 1;
    total += (v - mean) ** 2;
  });
  if (total <= 1e-12 * n) return 0;
  let between = 0;
  for (let c = 0; c < classCount; c++) if (counts[c] > 0) between += counts[c] * (sums[c] / counts[c] - mean) ** 2;
  return Math.sqrt(Math.min(1, between / total));
}

function argmax(p: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
  return best;
}

/**
 * Cross-validated proxy classifier for one protected attribute.
 * @param coding the attribute's group codes (codeGroups).
 * @param features names and row-major matrix (rows aligned with the coding), e.g. the scaled features or the embedding.
 * @param rng a stream for this check, e.g. `stageRng(seed, 'fairness:proxy:sex')`: sample, folds and permutations.
 * @returns null when fewer than two groups are large enough to assess.
 * @example proxyClassifier('sex', codeGroups(sex, []), { names, matrix }, createRng(1)).balancedAccuracy
 */
export function proxyClassifier(
  attribute: string,
  coding: GroupCoding,
  features: { names: readonly string[]; matrix: readonly (readonly number[])[] },
  rng: Rng,
  opts: ProxyOptions = {},
): ProxyClassifierResult | null {
  const prepared = prepareProxy(attribute, coding, features, rng, opts);
  return prepared ? finishProxy(prepared, proxyFoldModels([prepared], opts.threads ?? 1)[0]) : null;
}

/**
 * The last part of `proxyClassifier`: out-of-fold predictions, permutation importance (drawing from
 * the prepared stream in fold order) and the verdict figures, from the folds' models.
 */
export function finishProxy(prepared: PreparedProxy, models: readonly (SoftmaxModel | null)[]): ProxyClassifierResult {
  const { attribute, features, rng, opts, folds, importanceMin, classes, rows, y, foldOf, families, familyColumns } = prepared;
  const outOfFold = new Map<number, number[]>();
  const foldBalancedAccuracy: number[] = [];
  const importanceSum = new Array<number>(families.length).fill(0);
  for (let fold = 0; fold < folds; fold++) {
    const test = rows.filter((i) => foldOf.get(i) === fold);
    if (test.length === 0) continue;
    const model = models[fold] as SoftmaxModel;
    const truth = test.map((i) => y[i]);
    const proba = predictSoftmax(model, features.matrix, test);
    test.forEach((i, position) => outOfFold.set(i, proba[position]));
    const baseline = balancedAccuracy(truth, proba.map(argmax), classes);
    foldBalancedAccuracy.push(baseline);
    familyColumns.forEach((columns, f) => {
      const permutation = shuffled(test, rng);
      const permuted = predictSoftmaxPermuted(model, features.matrix, test, columns, permutation);
      importanceSum[f] += baseline - balancedAccuracy(truth, permuted.map(argmax), classes);
    });
  }
  const truth = rows.map((i) => y[i]);
  const oof = rows.map((i) => outOfFold.get(i) as number[]);
  const ba = balancedAccuracy(truth, oof.map(argmax), classes);
  const chance = 1 / classes;
  const rowClasses = Int32Array.from(truth);
  const lift = Math.max(0, (ba - chance) / (1 - chance));
  const proxyFeatures: ProxyFeature[] = families
    .map((feature, f) => ({
      feature,
      permutationImportance: importanceSum[f] / foldBalancedAccuracy.length,
      correlation: Math.max(...familyColumns[f].map((j) => correlationRatio(rows.map((i) => features.matrix[i][j]), rowClasses, classes))),
    }))
    .sort((a, b) => b.permutationImportance - a.permutationImportance || b.correlation - a.correlation || a.feature.localeCompare(b.feature));
  return {
    attribute,
    rows: rows.length,
    folds: foldBalancedAccuracy.length,
    balancedAccuracy: ba,
    chance,
    lift,
    auc: classes === 2 ? rocAuc(oof.map((p) => p[1]), rowClasses) : null,
    foldBalancedAccuracy,
    features: proxyFeatures,
    proxies: lift < (opts.liftMin ?? 0.1) ? [] : proxyFeatures.filter((f) => f.permutationImportance >= importanceMin).slice(0, 3).map((f) => f.feature),
  };
}
