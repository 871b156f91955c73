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
import { cleanSources, type CleanedSources } from '../clean/sources';
import { type RepresentationCandidate } from '../cluster/representation';
import { segmentCustomers } from '../cluster/segment';
import { automaticSegmentation } from '../cluster/automatic';
import { outcomeProfile } from '../profile/outcome';
import { describePersonas } from '../profile/personas';
import { featureDistributions } from '../profile/distributions';
import { fitKMeans } from '../cluster/kmeans';
import { customerLifetimeValue, type ClvResult } from '../clv/stage';
import { campaignLogFromTable } from '../campaigns/from-table';
import { evaluateCampaigns } from '../campaigns/evaluate';
import { allocateBudget } from '../campaigns/budget';
import type { RunResult as Run } from './types';
import { selectBackend } from '../embed/backend';
import { fitAutoencoder } from '../embed/autoencoder';
import type { EmbeddingResult } from '../embed/types';
import type { AutoencoderArtifact } from '../embed/artifact';
import { SeglabError, isSeglabError, msg } from '../errors/messages';
import { pca2d } from '../evaluate/project';
import { fairnessCard } from '../fairness/card';
import { type ProtectedValues } from '../fairness/representation';
import { buildFeatures, type FeatureTable } from '../features/build';
import { loadSources, isDuckSource, type LoadedSources } from '../load/source';
import { profileSegments } from '../profile/profile';
import { sampleIndices, stageRng } from '../random/rng';
import type { MapPoint, RunResult } from './types';

/** Customers drawn (seeded) for the 2-D map in the report. */
const MAP_SAMPLE = 3000;

/** Every source of a run, as read (customers, transactions, surveys, web, campaigns, consent). */
export type LoadedInputs = LoadedSources;

/** Stage 1: read every source declared in the config (large files stay in DuckDB). */
export function loadInputs(config: RunConfig): Promise<LoadedInputs> {
  return loadSources(config);
}

/** Stage 2: clean every source; the ledger counts every row. */
export function cleanInputs(inputs: LoadedInputs, config: RunConfig): Promise<CleanedSources> {
  return cleanSources(inputs, config);
}

/** Each input file with its row count (a DuckDB source counts its rows when it is aggregated). */
export function inputFiles(inputs: LoadedInputs): { role: string; file: string; rows: number }[] {
  const tables = [inputs.customers, inputs.transactions, ...Object.values(inputs.extras)];
  return tables.flatMap((t) => (t ? [{ role: t.role, file: t.file, rows: isDuckSource(t) ? t.rowCount : t.rows.length }] : []));
}

/** The protected attributes' values for the customers kept in the feature table. */
export function protectedValues(customers: CleanCustomers, features: FeatureTable, config: RunConfig): Record<string, ProtectedValues> {
  const out: Record<string, ProtectedValues> = {};
  for (const col of config.fairness.protected) {
    if (col in customers.numeric) out[col] = { kind: 'numeric', values: features.rowIndex.map((i) => customers.numeric[col][i]) };
    else out[col] = { kind: 'text', values: features.rowIndex.map((i) => customers.text[col]?.[i] ?? null) };
  }
  return out;
}

/** Time a synchronous or asynchronous stage. */
async function timed<T>(timings: Record<string, number>, stage: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  timings[stage] = Math.round(performance.now() - t0);
  return out;
}

/**
 * Run every stage on a validated config and return what the report and outputs need.
 * @example const run = await runPipeline(validateConfig(json, dir));
 */
export async function runPipeline(
  config: RunConfig,
): Promise<RunResult & { features: FeatureTable; cleaned: CleanedSources; inputs: LoadedInputs; autoencoder: AutoencoderArtifact | null }> {
  const timings: Record<string, number> = {};
  const inputs = await timed(timings, 'load', () => loadInputs(config));
  const cleaned = await timed(timings, 'clean', () => cleanInputs(inputs, config));
  const features = await timed(timings, 'features', () => buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config));
  const minCustomers = Math.max(config.cluster.kMax, 10);
  if (features.customerIds.length < minCustomers) throw new SeglabError('features', msg.tooFewCustomers(features.customerIds.length, minCustomers));

  const { tf, backend } = await timed(timings, 'backend', () => selectBackend(config.embed.backend));
  let embedding: EmbeddingResult | null = null;
  let autoencoder: AutoencoderArtifact | null = null;
  if (config.embed.enabled) {
    const fit = await timed(timings, 'embed', () => fitAutoencoder(features.scaled, features.names, config.embed, stageRng(config.seed, 'embed'), tf));
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
  const segmentation = await timed(timings, 'cluster', () => automaticSegmentation(candidates, features.standardised, config.cluster, stageRng(config.seed, 'cluster')));
  const { choice, clustering, space } = segmentation;
  const warnings: string[] = [];
  if (features.extremes.length) warnings.push(msg.extremeValuesClipped(features.clipped, features.extremes));
  const labelValues = cleaned.customers.label;
  const outcome =
    config.columns.label && labelValues
      ? outcomeProfile(config.columns.label, features.rowIndex.map((i) => labelValues[i]), clustering.labels, clustering.k, config.fairness.minCellSize)
      : null;
  const { profiles, distributions } = await timed(timings, 'profile', () => {
    const profiled = profileSegments(features.names, features.raw, features.scaled, clustering.labels, clustering.k);
    const personas = describePersonas(profiled, { minCellSize: config.fairness.minCellSize, names: config.profile.names });
    warnings.push(...personas.warnings);
    return {
      profiles: personas.profiles,
      distributions: featureDistributions(features.names, features.raw, clustering.labels, clustering.k, { minCellSize: config.fairness.minCellSize }),
    };
  });
  // CLV works on the order lines, keyed by the input's own customer ids (not pseudonyms).
  const rawIds = features.rowIndex.map((i) => cleaned.customers.ids[i]);
  const segmentOf = new Map(rawIds.map((id, i) => [id, profiles[clustering.labels[i]].label]));
  const transactions = cleaned.transactions;
  const clv = await timed(timings, 'clv', (): ClvResult | null => {
    if (!config.clv.enabled) return null;
    if (!transactions) {
      warnings.push(msg.clvUnavailable(cleaned.behaviour ? 'the transactions were aggregated in DuckDB, so order lines are not in memory' : 'there are no transactions'));
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
      });
    } catch (e) {
      // CLV is an estimate on top of the segmentation: when the data cannot support the models
      // (too few repeat buyers...), the segmentation stands and the report says why CLV is missing.
      if (!isSeglabError(e)) throw e;
      warnings.push(msg.clvUnavailable(e.message));
      return null;
    }
  });
  const campaignTable = inputs.extras.campaigns;
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
  const card = await timed(timings, 'fairness', () =>
    fairnessCard(
      {
        labels: clustering.labels,
        k: clustering.k,
        protected: protectedValues(cleaned.customers, features, config),
        features: { names: features.names, matrix: features.scaled },
        points: space,
        centroids: clustering.centroids,
        recluster: (points) =>
          fitKMeans(points, clustering.k, { restarts: config.cluster.restarts, maxIterations: config.cluster.maxIterations }, stageRng(config.seed, 'fairness:recluster'))
            .labels,
        model: {
          sources: inputFiles(inputs),
          featuresUsed: features.names,
          excluded: features.excluded,
          protectedUsedAsFeature: features.names.filter((n) => config.fairness.protected.includes(n)),
        },
        ...(targeted.length ? { targeting: { segments: targeted } } : {}),
        config: {
          lower: config.fairness.lower,
          upper: config.fairness.upper,
          numericBins: config.fairness.numericBins,
          minCellSize: config.fairness.minCellSize,
          reference: config.fairness.reference,
          mitigation: config.fairness.mitigation,
          maxMoveShare: config.fairness.maxMoveShare,
          ...(config.fairness.mitigationAttribute ? { mitigationAttribute: config.fairness.mitigationAttribute } : {}),
        },
      },
      stageRng(config.seed, 'fairness'),
    ),
  );
  const fairness = card.representation;
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
    profiles,
    distributions,
    fairness,
    fairnessCard: card,
    clv,
    campaigns,
    dataQuality: cleaned.profiles,
    warnings,
    map,
    customerIds: features.customerIds,
    backend,
    timings,
    outcome,
    plainComparison: { k: segmentation.plain.k, agreement: segmentation.plain.agreement, silhouette: segmentation.plain.silhouette, plainSilhouette: segmentation.plain.plainSilhouette, sentence: segmentation.plain.sentence },
    extremes: features.extremes,
    clipped: features.clipped,
    kScans: choice.evidence.map((e) => ({ name: e.name, chosen: e.chosen, k: choice.clusterings[e.name].k, candidates: choice.clusterings[e.name].candidates })),
    features,
    cleaned,
    inputs,
    autoencoder,
  };
}
