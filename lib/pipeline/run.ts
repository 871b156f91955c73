/**
 * The pipeline runner: the one module that wires seglab's stages together. Data flows one way:
 *
 *   load ──> clean ──> features ──> embed ──> cluster ──> profile ──> fairness ──> report
 *   (CSV)    (Danfo,   (RFM +       (TF.js    (ml-kmeans, (simple-    (representation
 *            ledger)   scaling)     autoenc.)  k by        statistics) per protected
 *                                              silhouette)             group)
 *
 * Each stage is a function of typed inputs to a typed result; no stage calls the next one or
 * reads global state. Randomness comes from one run seed, with a named stream per stage
 * (`stageRng(seed, 'embed')`), so adding a stage never shifts another stage's numbers.
 * `runPipeline` computes; `writeRunOutputs` (outputs.ts) writes the run folder.
 */
import type { RunConfig } from '../config/types';
import { type CleanCustomers } from '../clean/customers';
import { cleanSources, type CleanedSources } from './sources';
import { type RepresentationCandidate } from '../cluster/representation';
import { segmentCustomers } from '../cluster/segment';
import { automaticSegmentation, startEarlyKScan } from '../cluster/automatic';
import { outcomeProfile } from '../profile/outcome';
import { outcomeLeaks } from '../profile/outcome-leakage';
import { describePersonas } from '../profile/personas';
import { featureDistributions } from '../profile/distributions';
import { withheldFlagCells, withholdDistributionMeans, withholdFlagMeans } from '../profile/flag-cells';
import { fitClustering } from '../cluster/methods';
import { applyFeatureWeights } from '../cluster/representation';
import { customerLifetimeValue, customerLifetimeValueFromInputs, type ClvResult } from '../clv/stage';
import { assembleClv } from '../clv/stage';
import { startClvFit } from '../clv/background-fit';
import { campaignLogFromTable } from '../campaigns/from-table';
import { evaluateCampaigns } from '../campaigns/evaluate';
import { allocateBudget } from '../campaigns/budget';
import type { RunResult as Run } from './types';
import { selectBackend } from '../embed/backend';
import { collectGarbage } from './collect';
import { profilerKernelNote } from '../embed/backend';
import { fitAutoencoder } from '../embed/autoencoder';
import type { EmbeddingResult } from '../embed/types';
import type { Behaviour } from '../features/behaviour';
import type { AutoencoderArtifact } from '../embed/artifact';
import { SeglabError, isSeglabError, msg } from '../errors/messages';
import { zeroedAmounts } from '../clean/value';
import { pca2d } from '../evaluate/project';
import { fairnessCard } from '../fairness/card';
import { mitigatedSegmentsFile, mitigatedSegmentsWritten } from '../fairness/mitigate';
import { type ProtectedValues } from '../fairness/representation';
import type { FairnessCard } from '../fairness/types';
import { cardWithPipelineRerun } from './fairness-rerun';
import { buildFeatures, type FeatureTable } from '../features/build';
import { oneHotNames } from '../features/encode';
import { loadSources, isDuckSource, type LoadedSources } from '../load/source';
import { profileSegments } from '../profile/profile';
import { sampleIndices, stageRng } from '../random/rng';
import type { MapPoint, RunResult } from './types';
import { dict } from '../io/dict';
import { describeFinding } from './pii-guard';
import { checkKFeasible } from '../cluster/k-feasible';
import { personaEvidence } from './persona-evidence';
import { digestInputs, type InputDigest } from './input-digest';
import { hashFilesInBackground } from '../parallel/hash-files';
import { duplicateIdsWarningFor } from '../clean/duplicates';
import { missingByDesignWarnings } from '../clean/missing-by-design';
import { birthYearAlerts, resolveAgeAsOf } from './age-as-of';
import { linearRedundancies } from '../features/redundancy';

/** One stage starting or ending; `result` is the stage's output (the CLI reads row counts from it). */
export interface StageEvent {
  stage: string;
  /** 'step': progress inside a long stage (k scan, autoencoder epochs), described by `detail`. */
  phase: 'start' | 'end' | 'step';
  /** Milliseconds the stage took (end only). */
  ms?: number;
  result?: unknown;
  /** What a 'step' event reports, e.g. "epoch 5 of 20". */
  detail?: string;
}
export type StageListener = (event: StageEvent) => void;

/** Options of runPipeline beyond the config. */
export interface RunOptions {
  /** Called when each stage starts and ends (progress display). Default none. */
  onStage?: StageListener;
  /**
   * The run's clock (epoch ms): order lines dated after the end of this UTC day are future-dated
   * (dropped and counted) unless features.asOf is declared. Default: now; reproduce passes the
   * recorded run's time.
   */
  now?: number;
  /**
   * From this many customers (up to 250,000) the CLV fit runs in a background worker during the
   * embed and cluster stages (DuckDB path, cluster.workers > 1); otherwise in-process in the CLV
   * stage. Default 10,000. The results are the same either way (tests set 0 to use the worker on small data).
   */
  backgroundClvMinCustomers?: number;
}

/** Customers from which the CLV fit runs in a background worker (below, starting a worker costs more than it saves). */
const BACKGROUND_CLV_MIN_CUSTOMERS = 10_000;
/**
 * Customers above which the CLV fit stays in the clv stage (on cluster.workers threads): at 1M its
 * CPU exceeded the idle core time of embed + cluster, so the wait was as long as fitting there
 * (38.8 s against 37.2 s), and the worker's copy of the inputs lifted peak RSS from ~3,200 to 3,672 MiB.
 */
const BACKGROUND_CLV_MAX_CUSTOMERS = 250_000;
/**
 * How much lower the background CLV fit's thread runs (nice value added; Linux). 0: at 200k customers,
 * with the autoencoder's faster training (lib/embed/native-step.ts), a thread at nice 10 got so little
 * of the busy cores that it lived on into the cluster stage, whose worker heaps make the run's peak:
 * peak RSS 1,418-1,437 MiB at nice 10, 1,304-1,362 MiB at 0 (five runs each), wall time the same within noise (issue 15).
 */
const BACKGROUND_CLV_NICE = 0;

/** Customers drawn (seeded) for the 2-D map in the report. */
const MAP_SAMPLE = 3000;

/** Every source of a run, as read (customers, transactions, surveys, web, campaigns, consent). */
export type LoadedInputs = LoadedSources;

/** Stage 1: read every source declared in the config (large files stay in DuckDB). */
export function loadInputs(config: RunConfig): Promise<LoadedInputs> {
  return loadSources(config);
}

/** Stage 2: clean every source; the ledger counts every row. */
export function cleanInputs(inputs: LoadedInputs, config: RunConfig, options: RunOptions = {}): Promise<CleanedSources> {
  return cleanSources(inputs, config, process.env, { notAfter: endOfUtcDay(options.now ?? Date.now()) });
}

function endOfUtcDay(t: number): number {
  return Math.floor(t / 86_400_000) * 86_400_000 + 86_400_000 - 1;
}

/** Each input file with its row count (a DuckDB source counts its rows when it is aggregated). */
export function inputFiles(inputs: LoadedInputs | InputDigest): { role: string; file: string; rows: number }[] {
  if ('kind' in inputs) return inputs.files.map(({ role, file, rows }) => ({ role, file, rows }));
  const tables = [inputs.customers, inputs.transactions, ...Object.values(inputs.extras)];
  return tables.flatMap((t) => (t ? [{ role: t.role, file: t.file, rows: isDuckSource(t) ? t.rowCount : t.rows.length }] : []));
}

/** The protected attributes' values for the customers kept in the feature table. */
export function protectedValues(customers: CleanCustomers, features: FeatureTable, config: RunConfig): Record<string, ProtectedValues> {
  const out: Record<string, ProtectedValues> = dict();
  for (const col of config.fairness.protected) {
    if (col in customers.numeric) out[col] = { kind: 'numeric', values: features.rowIndex.map((i) => customers.numeric[col][i]) };
    else out[col] = { kind: 'text', values: features.rowIndex.map((i) => customers.text[col]?.[i] ?? null) };
  }
  return out;
}

/** Time a synchronous or asynchronous stage; tell the listener, if any, when it starts and ends. */
async function timedStage<T>(timings: Record<string, number>, stage: string, f: () => T | Promise<T>, listener?: StageListener): Promise<T> {
  listener?.({ stage, phase: 'start' });
  const t0 = performance.now();
  const out = await f();
  // The stage's temporaries are garbage now: collected (and timed as the stage's) before the next
  // stage allocates (peak memory).
  collectGarbage();
  timings[stage] = Math.round(performance.now() - t0);
  listener?.({ stage, phase: 'end', ms: timings[stage], result: out });
  return out;
}

/** The feature table a run returns: without `raw` and `standardised`, released after the profile stage. */
export type RunFeatures = Omit<FeatureTable, 'raw' | 'standardised'>;

/** Drop a feature table's raw and standardised matrices (n x d numbers each: ~200 MB apiece at 1M x 19). */
function releaseMatrices(features: FeatureTable): RunFeatures {
  const table: Partial<FeatureTable> = features;
  delete table.raw;
  delete table.standardised;
  return table as RunFeatures;
}

/** The DuckDB path's behaviour as a run keeps it: its ledger and notices, without the per-customer arrays. */
export type BehaviourSummary = Pick<Behaviour, 'asOf' | 'ledger' | 'notes' | 'warnings'>;

/**
 * The cleaned sources a run returns: the behaviour arrays (read by the features stage only) and
 * the CLV inputs (read by the CLV stage only) are released after their stage (issue 15: ~130 and
 * ~140 MB at 1M customers).
 */
export type RunCleaned = Omit<CleanedSources, 'behaviour' | 'clvInputs'> & { behaviour: BehaviourSummary | null; clvInputs?: null };

/** Drop the per-customer arrays of the DuckDB path's behaviour; keep what later stages and readers use. */
function releaseBehaviour(cleaned: CleanedSources): RunCleaned {
  const b = cleaned.behaviour;
  const out = cleaned as unknown as RunCleaned;
  if (b) out.behaviour = { asOf: b.asOf, ledger: b.ledger, notes: b.notes, ...(b.warnings ? { warnings: b.warnings } : {}) };
  return out;
}

/**
 * Numeric features that repeat others (lib/features/redundancy.ts), as data-quality alerts, on the
 * features in their own units with the values filled in for missing ones left out (no data);
 * one-hot columns and category shares, which add up to 1 by construction, are left out too.
 */
function redundancyAlerts(features: FeatureTable, imputed: Readonly<Record<string, readonly boolean[]>>): string[] {
  const oneHot = new Set((features.transform.oneHot ?? []).flatMap((fit) => oneHotNames(fit)));
  const shares = features.transform.categoryShares ? (name: string): boolean => name.startsWith('share_') : (): boolean => false;
  const checked = features.names.map((name, j) => ({ name, j, filled: imputed[name] })).filter((c) => !oneHot.has(c.name) && !shares(c.name));
  const { exact, near } = linearRedundancies(
    checked.map((c) => c.name),
    features.raw.length,
    (k, i) => (checked[k].filled?.[features.rowIndex[i]] ? null : features.raw[i][checked[k].j]),
  );
  return [
    ...exact.map((e) => msg.linearRedundancy(e.column, e.terms, e.intercept, e.maxDeviation, e.rows)),
    ...near.map((p) => msg.nearDuplicateFeatures(p.columns[0], p.columns[1], p.correlation, p.rows)),
  ];
}

/**
 * Run every stage on a validated config and return what the report and outputs need.
 * @example const run = await runPipeline(validateConfig(json, dir));
 */
export async function runPipeline(
  config: RunConfig,
  options: RunOptions = {},
): Promise<RunResult & { features: RunFeatures; cleaned: RunCleaned; inputs: InputDigest; autoencoder: AutoencoderArtifact | null }> {
  // A background fit still running when a stage fails is stopped (its worker never outlives the run).
  const background: { cancel(): void }[] = [];
  try {
    return await runStages(config, options, background);
  } finally {
    for (const task of background) task.cancel();
  }
}

async function runStages(
  config: RunConfig,
  options: RunOptions,
  background: { cancel(): void }[],
): Promise<RunResult & { features: RunFeatures; cleaned: RunCleaned; inputs: InputDigest; autoencoder: AutoencoderArtifact | null }> {
  const timings: Record<string, number> = {};
  // Every stage below reports its start and end to options.onStage (the CLI's progress display).
  const timed = <T>(t: Record<string, number>, stage: string, f: () => T | Promise<T>): Promise<T> => timedStage(t, stage, f, options.onStage);
  const step = (stage: string) => (options.onStage ? (detail: string): void => options.onStage?.({ stage, phase: 'step', detail }) : undefined);
  let loaded: LoadedInputs | null = await timed(timings, 'load', () => loadInputs(config));
  // The input files' sha256 are computed on a worker thread while the cleaning runs (issue 15).
  const fileHashes = hashFilesInBackground(inputFiles(loaded).map((f) => f.file));
  background.push(fileHashes);
  const cleanedAll = await timed(timings, 'clean', () => cleanInputs(loaded as LoadedInputs, config, options));
  // What the outputs need from the raw rows (file hashes, load fingerprint, personal values) is
  // taken now and the rows are released (lib/pipeline/input-digest.ts: ~670 MB at 1M customers).
  const inputs = await timed(timings, 'digest', async () => digestInputs(loaded as LoadedInputs, cleanedAll.personal, config, inputFiles(loaded as LoadedInputs), await fileHashes.result()));
  const campaignTable = loaded.extras.campaigns;
  loaded = null;
  const features = await timed(timings, 'features', () => buildFeatures(cleanedAll.customers, cleanedAll.behaviour ?? cleanedAll.transactions, config));
  // The CLV inputs are read by the CLV stage only (released after it, below); the behaviour arrays by the features stage only.
  let clvInputs = cleanedAll.clvInputs ?? null;
  const cleaned = releaseBehaviour(cleanedAll);
  const minCustomers = Math.max(config.cluster.kMax, 10);
  if (features.customerIds.length < minCustomers) throw new SeglabError('features', msg.tooFewCustomers(features.customerIds.length, minCustomers));
  checkKFeasible(features.customerIds.length, config.cluster, config.fairness.minCellSize);
  // The CLV fit needs no segments (fitClvFromInputs, lib/clv/stage.ts): on the DuckDB path it starts
  // now, in a background worker (lib/clv/background-fit.ts) on idle core time while embed and cluster run (issue 15); the
  // clv stage below waits for it and adds the segments. The worker gets its own copy of the
  // inputs, so this thread's are released here. The result is the same as in-process.
  const clvFit =
    config.clv.enabled && !cleaned.transactions && cleaned.behaviour && clvInputs
      ? startClvFit(features.rowIndex.map((i) => cleaned.customers.ids[i]), clvInputs, {
          inWorker:
            config.cluster.workers > 1 &&
            features.customerIds.length >= (options.backgroundClvMinCustomers ?? BACKGROUND_CLV_MIN_CUSTOMERS) &&
            features.customerIds.length <= BACKGROUND_CLV_MAX_CUSTOMERS,
          threads: config.cluster.workers,
          // Finished during the embed, so its worker's heap is gone before the cluster stage (issue 15).
          nice: BACKGROUND_CLV_NICE,
        })
      : null;
  if (clvFit) {
    background.push(clvFit);
    clvInputs = null;
    delete cleaned.clvInputs;
  }

  // The k scan of the standardised features needs nothing the autoencoder computes: with the embedding
  // on, it starts now on its own worker thread and runs while the autoencoder trains (the training
  // leaves the second core mostly idle); the cluster stage joins it. Same streams, same results (issue 15).
  const earlyScan = config.embed.enabled ? startEarlyKScan({ name: 'standardised features', points: features.scaled }, config.cluster, stageRng(config.seed, 'cluster'), config.fairness.minCellSize, step('cluster')) : null;
  if (earlyScan) background.push(earlyScan.batch);
  const { tf, backend } = await timed(timings, 'backend', () => selectBackend(config.embed.backend));
  let embedding: EmbeddingResult | null = null;
  let autoencoder: AutoencoderArtifact | null = null;
  if (config.embed.enabled) {
    const fit = await timed(timings, 'embed', () => fitAutoencoder(features.scaled, features.names, config.embed, stageRng(config.seed, 'embed'), tf, step('embed')));
    embedding = fit.result;
    autoencoder = fit.artifact;
  }
  // Every representation gets its own k; the winner is the one whose segments the others agree
  // with most (lib/cluster/representation.ts). Features first: ties go to the earlier candidate.
  // The features are scaled for mixed types (lib/features/mixed.ts); the within-segment
  // reweighting is no longer tried (it collapsed onto 0/1 columns, issue #10); every run is also
  // compared with plain standardised k-means at the chosen k (lib/cluster/automatic.ts).
  const candidates: RepresentationCandidate[] = [{ name: 'standardised features', points: features.scaled }];
  if (embedding) candidates.push({ name: 'autoencoder embedding', points: embedding.embedding });
  const segmentation = await timed(timings, 'cluster', () => automaticSegmentation(candidates, features.standardised, config.cluster, stageRng(config.seed, 'cluster'), config.fairness.minCellSize, { names: features.names, raw: features.raw, kinds: features.kinds }, step('cluster'), earlyScan ?? undefined)).finally(() => earlyScan?.batch.cancel());
  const { choice, clustering, space } = segmentation;
  // The plain comparison's and the latent-class model's labels (every customer) are not read after
  // the stage; the segmentation object lives to the end of the run, so they are let go here (issue 15).
  segmentation.plain.plainLabels = [];
  if (segmentation.latentClass) segmentation.latentClass.labels = [];
  // The plain standardised matrix was read by the cluster stage only (the plain comparison): released now (~200 MB at 1M).
  delete (features as Partial<FeatureTable>).standardised;
  const warnings: string[] = [...(cleaned.transactions?.warnings ?? cleaned.behaviour?.warnings ?? [])];
  const personalFound = cleaned.personal.flatMap((p) => p.findings.filter((f) => f.reason !== 'declared').map((f) => describeFinding(p.source, f)));
  if (personalFound.length) warnings.push(msg.personalColumnsExcluded(personalFound));
  const duplicates = duplicateIdsWarningFor(config, cleaned.customers.ledger);
  if (duplicates) warnings.push(duplicates);
  warnings.push(...missingByDesignWarnings(cleaned.customers));
  if (features.extremes.length) warnings.push(msg.extremeValuesClipped(features.clipped, features.extremes));
  // Birth years become ages at this date (features.asOf, the order lines, a customers date column, else the run date).
  const ageAsOf = resolveAgeAsOf(config.features.asOf, features.asOf, cleaned.customers.text, config.columns.dateFormat, options.now ?? Date.now());
  const dataQualityAlerts = birthYearAlerts(cleaned.customers.numeric, ageAsOf, (column) => {
    const j = features.transform.scaler.features.indexOf(column);
    return { feature: j >= 0, clip: j >= 0 ? (features.transform.scaler.clip?.[j] ?? null) : null, protectedAttribute: config.fairness.protected.includes(column) };
  });
  dataQualityAlerts.push(...redundancyAlerts(features, cleaned.customers.imputed ?? {}));
  // Under a V8 profiler the native backend multiplies with Eigen's kernel (lib/embed/backend.ts, oneDNN #4845): say so.
  const kernelNote = profilerKernelNote();
  if (embedding && backend === 'tensorflow' && kernelNote !== undefined) warnings.push(kernelNote);
  const labelValues = cleaned.customers.label;
  const outcome =
    config.columns.label && labelValues
      ? outcomeProfile(config.columns.label, features.rowIndex.map((i) => labelValues[i]), clustering.labels, clustering.k, config.fairness.minCellSize)
      : null;
  // A declared outcome the section cannot show (three or more text levels, or one) is said, not dropped silently (trial: Train.csv's Segmentation A-D).
  if (config.columns.label && labelValues && !outcome) {
    const distinct = new Set(features.rowIndex.map((i) => labelValues[i]?.trim() ?? '').filter((v) => v !== '')).size;
    warnings.push(msg.outcomeNotProfiled(config.columns.label, distinct));
  }
  // The outcome is never a feature, but a feature can be the outcome in disguise (lib/profile/outcome-leakage.ts).
  if (outcome?.positive && labelValues) {
    const leaks = outcomeLeaks(features.names, features.raw, features.rowIndex.map((i) => labelValues[i]), outcome.positive);
    if (leaks.length) warnings.push(msg.outcomeLeakage(outcome.column, outcome.positive, leaks));
  }
  const { profiles, distributions } = await timed(timings, 'profile', () => {
    // A 0/1 column's segment mean is a count: withheld where that count is below minCellSize (lib/profile/flag-cells.ts).
    // profile.valueColumns: the value of each segmented customer, as read from the customers file (lib/clean/value.ts).
    const customerValue = cleaned.customers.value;
    const values = customerValue ? features.rowIndex.map((i) => customerValue.values[i]) : undefined;
    if (customerValue) {
      const zeroed = zeroedAmounts(customerValue, features.rowIndex);
      if (zeroed.length) warnings.push(msg.valueColumnsMissing('customers file', zeroed, features.rowIndex.length));
    }
    const unprotected = profileSegments(features.names, features.raw, features.scaled, clustering.labels, clustering.k, 'monetary', values, features.transform.log1p);
    // The indicator columns of one categorical add up to the segment size, so they are withheld together.
    const oneHotBlocks = (features.transform.oneHot ?? []).map((fit) => oneHotNames(fit));
    const withheldFlags = withheldFlagCells(unprotected, config.fairness.minCellSize, oneHotBlocks);
    const profiled = withholdFlagMeans(unprotected, withheldFlags);
    const personas = describePersonas(profiled, { minCellSize: config.fairness.minCellSize, names: config.profile.names, labels: config.features.labels });
    warnings.push(...personas.warnings);
    return {
      profiles: personas.profiles,
      distributions: withholdDistributionMeans(featureDistributions(features.names, features.raw, clustering.labels, clustering.k, { minCellSize: config.fairness.minCellSize }), withheldFlags),
    };
  });
  // The raw and plain standardised matrices were read by the cluster and profile stages only.
  releaseMatrices(features);
  // CLV works on the order lines, keyed by the input's own customer ids (not pseudonyms).
  const rawIds = features.rowIndex.map((i) => cleaned.customers.ids[i]);
  const segmentOf = new Map(rawIds.map((id, i) => [id, profiles[clustering.labels[i]].label]));
  const transactions = cleaned.transactions;
  const clvStage = (): Promise<ClvResult | null> => timed(timings, 'clv', async (): Promise<ClvResult | null> => {
    if (!config.clv.enabled) return null;
    if (!transactions && cleaned.behaviour) {
      // DuckDB path: the per-customer summaries were computed by SQL while aggregating (clv/summary-sql.ts);
      // the fit started after the features stage (above); here it is awaited and the segments added.
      try {
        if (clvFit?.inWorker) step('clv')?.('waiting for the model fit started after the features stage');
        if (clvFit) return assembleClv(rawIds, segmentOf, await clvFit.result());
        if (clvInputs) return customerLifetimeValueFromInputs(rawIds, clvInputs, segmentOf, config.cluster.workers);
        warnings.push(msg.clvUnavailable(cleaned.clvInputsError ?? 'the per-customer summary was not computed in DuckDB'));
        return null;
      } catch (e) {
        if (!isSeglabError(e)) throw e;
        warnings.push(msg.clvUnavailable(e.message));
        return null;
      }
    }
    if (!transactions) {
      warnings.push(msg.clvUnavailable('there are no transactions'));
      return null;
    }
    try {
      const { margin, horizonDays, unitDays, annualDiscountRate, holdoutDays } = config.clv;
      return customerLifetimeValue(rawIds, transactions, segmentOf, {
        margin,
        horizonDays,
        unitDays,
        annualDiscountRate,
        ...(holdoutDays === null ? {} : { holdoutDays }),
      }, config.cluster.workers);
    } catch (e) {
      // CLV is an estimate on top of the segmentation: when the data cannot support the models
      // (too few repeat buyers...), the segmentation stands and the report says why CLV is missing.
      if (!isSeglabError(e)) throw e;
      warnings.push(msg.clvUnavailable(e.message));
      return null;
    }
  }).finally(() => {
    // The CLV inputs are read by this stage only.
    clvInputs = null;
    delete cleaned.clvInputs;
  });
  const campaignsAndFairness = async () => {
    const campaigns = await timed(timings, 'campaigns', (): Run['campaigns'] => {
      if (!campaignTable) return null;
      const { columns: _unused, budget, ...options } = config.campaigns;
      const result = evaluateCampaigns(campaignLogFromTable(campaignTable, config.campaigns), segmentOf, { ...options, controlArm: options.controlArm ?? undefined }, stageRng(config.seed, 'campaigns'));
      return { ...result, budget: budget === null ? null : allocateBudget(result.decisions, budget) };
    });
    // Targeting parity: the segments a plan targets (config), else those a campaign is recommended for.
    const labelIndex = new Map(profiles.map((p) => [p.label, p.segment]));
    const targeted = config.fairness.targetSegments.length
      ? config.fairness.targetSegments.map((s) => s - 1).filter((s) => s < clustering.k)
      : (campaigns?.decisions ?? []).filter((d) => d.recommendation !== null).map((d) => labelIndex.get(d.segment)).filter((s): s is number => s !== undefined);
    // The drop-proxies rerun repeats the chosen pipeline; when the winner is the autoencoder embedding,
    // the encoder is refitted without the proxies (lib/pipeline/fairness-rerun.ts).
    const embedRerun = embedding !== null && choice.chosen === 'autoencoder embedding' && !choice.weights;
    const { restarts, maxIterations, maxFitRows, treeRows, workers } = config.cluster;
    const reclusterFeatures = (points: number[][], kept: number[]): number[] => {
      const weights = choice.weights && choice.weights.base === 'standardised features' ? kept.map((j) => (choice.weights as { weights: number[] }).weights[j]) : null;
      const space2 = weights ? applyFeatureWeights(points, weights) : points;
      return fitClustering(segmentation.method, space2, clustering.k, { restarts, maxIterations, maxFitRows, treeRows, workers }, stageRng(config.seed, 'fairness:recluster')).labels;
    };
    const refitEmbedding = async (keep: number[]): Promise<number[]> => {
      const refit = await fitAutoencoder(features.scaled.map((row) => keep.map((j) => row[j])), keep.map((j) => features.names[j]), config.embed, stageRng(config.seed, 'embed'), tf);
      return fitClustering(segmentation.method, refit.result.embedding, clustering.k, { restarts, maxIterations, maxFitRows, treeRows, workers }, stageRng(config.seed, 'fairness:recluster')).labels;
    };
    const computeCard = (recluster: (points: number[][], kept: number[]) => number[]): FairnessCard =>
      fairnessCard(
        {
          labels: clustering.labels,
          k: clustering.k,
          protected: protectedValues(cleaned.customers, features, config),
          features: { names: features.names, matrix: features.scaled },
          threads: config.cluster.workers,
          points: space,
          centroids: clustering.centroids,
          // The drop-proxies rerun repeats the chosen pipeline: the same method at the same k, and the
          // chosen feature weights (less the dropped columns) when the winner was the weighted feature space.
          recluster,
          model: {
            sources: inputFiles(inputs),
            featuresUsed: features.names,
            excluded: features.excluded,
            protectedUsedAsFeature: features.names.filter((n) => config.fairness.protected.includes(n)),
          },
          ...(targeted.length ? { targeting: { segments: targeted } } : {}),
          // The resolved fairness section as it is (its field names are the card's), plus the as-of year.
          config: { ...config.fairness, asOfYear: ageAsOf.year, asOfNote: `${ageAsOf.date}, ${ageAsOf.source}` },
        },
        stageRng(config.seed, 'fairness'),
      );
    const card = await timed(timings, 'fairness', () =>
      cardWithPipelineRerun(computeCard, reclusterFeatures, embedRerun ? refitEmbedding : null, clustering.labels, msg.dropProxiesRefitted(segmentation.method, clustering.k)),
    );
    const fairness = card.representation;
    // Listed after the CLV stage's warnings whichever ran first (below).
    const fairnessWarnings: string[] = [];
    for (const m of card.mitigation) {
      if (m.moved === 0) continue;
      fairnessWarnings.push(mitigatedSegmentsWritten(m.method, config.fairness.writeMitigatedSegments)
        ? msg.mitigationNotApplied(m.method, m.moved, mitigatedSegmentsFile(m.method))
        : msg.mitigationNotWritten(m.method, m.moved, m.attribute, mitigatedSegmentsFile(m.method)));
    }
    if (!embedRerun && card.mitigation.some((m) => m.method === 'drop-proxies') && (choice.weights?.base ?? choice.chosen) !== 'standardised features')
      fairnessWarnings.push(msg.dropProxiesWithoutEmbedding(choice.chosen, segmentation.method));
    return { campaigns, card, fairness, fairnessWarnings };
  };
  // With the CLV fit in a background worker, the campaigns and the fairness card (which need the
  // segments, not CLV) run while it finishes, and the clv stage waits after them (issue 15); otherwise
  // in pipeline order. Warnings are listed in pipeline order either way.
  let clv: ClvResult | null;
  let later: Awaited<ReturnType<typeof campaignsAndFairness>>;
  if (clvFit?.inWorker) {
    later = await campaignsAndFairness();
    clv = await clvStage();
  } else {
    clv = await clvStage();
    later = await campaignsAndFairness();
  }
  const { campaigns, card, fairness, fairnessWarnings } = later;
  warnings.push(...fairnessWarnings);
  // Persona names follow the behavioural evidence once P(alive) and CLV are known (lib/profile/lifecycle.ts).
  const named = describePersonas(profiles, {
    minCellSize: config.fairness.minCellSize,
    names: config.profile.names,
    labels: config.features.labels,
    evidence: personaEvidence(profiles, clv),
  }).profiles;
  const map = await timed(timings, 'map', (): MapPoint[] => {
    const idx = sampleIndices(space.length, MAP_SAMPLE, stageRng(config.seed, 'map'));
    const projected = pca2d(space, idx);
    return idx.map((row, i) => ({ x: projected.points[i].x, y: projected.points[i].y, segment: clustering.labels[row] }));
  });
  return {
    config,
    ledger: [features.ledger, ...cleaned.ledger],
    featureNames: features.names,
    excluded: features.excluded,
    representation: choice.chosen,
    selection: {
      evidence: choice.evidence,
      reason: choice.reason,
      weights: choice.weights,
      method: segmentation.method,
      sampledRows: segmentation.sampledRows,
    },
    embedding,
    clustering,
    profiles: named,
    distributions,
    fairness,
    fairnessCard: card,
    clv,
    campaigns,
    dataQuality: cleaned.profiles,
    warnings,
    dataQualityAlerts,
    ageAsOf,
    map,
    customerIds: features.customerIds,
    backend,
    timings,
    ...(clvFit?.inWorker ? { backgroundFits: ['clv'] } : {}),
    outcome,
    latentClass: segmentation.latentClass ? { k: segmentation.latentClass.k, scan: segmentation.latentClass.scan, agreement: segmentation.latentClass.agreement, atRangeEnd: segmentation.latentClass.atRangeEnd, sentence: segmentation.latentClass.sentence } : null,
    plainComparison: { k: segmentation.plain.k, agreement: segmentation.plain.agreement, silhouette: segmentation.plain.silhouette, plainSilhouette: segmentation.plain.plainSilhouette, sentence: segmentation.plain.sentence },
    logScaled: features.transform.log1p,
    extremes: features.extremes,
    clipped: features.clipped,
    kScans: choice.evidence.map((e) => ({ name: e.name, chosen: e.chosen, k: choice.clusterings[e.name].k, candidates: choice.clusterings[e.name].candidates })),
    features,
    cleaned,
    inputs,
    autoencoder,
  };
}
