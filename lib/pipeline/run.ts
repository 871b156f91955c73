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
import { cleanCustomers, type CleanCustomers } from '../clean/customers';
import { cleanTransactions, type CleanTransactions } from '../clean/transactions';
import { chooseRepresentation, type RepresentationCandidate } from '../cluster/representation';
import { selectBackend } from '../embed/backend';
import { fitAutoencoder } from '../embed/autoencoder';
import type { EmbeddingResult } from '../embed/types';
import { pca2d } from '../evaluate/project';
import { type ProtectedValues } from '../fairness/representation';
import { fairnessCard } from '../fairness/card';
import { fitKMeans } from '../cluster/kmeans';
import { customerLifetimeValue, type ClvResult } from '../clv/stage';
import { isSeglabError } from '../errors/messages';
import { buildFeatures, type FeatureTable } from '../features/build';
import { readDelimited, type RawTable } from '../load/csv';
import { profileSegments } from '../profile/profile';
import { sampleIndices, stageRng } from '../random/rng';
import { SeglabError, msg } from '../errors/messages';
import type { MapPoint, RunResult } from './types';

/** Customers drawn (seeded) for the 2-D map in the report. */
const MAP_SAMPLE = 3000;

/** Raw inputs of a run, as read. */
export interface LoadedInputs {
  customers: RawTable;
  transactions: RawTable;
}

/** Stage 1: read the input files. */
export function loadInputs(config: RunConfig): LoadedInputs {
  return {
    customers: readDelimited(config.sources.customers.path, 'customers', config.sources.customers.delimiter),
    transactions: readDelimited(config.sources.transactions.path, 'transactions', config.sources.transactions.delimiter),
  };
}

/** Stage 2: clean customers, then transactions against the kept customers. */
export function cleanInputs(inputs: LoadedInputs, config: RunConfig): { customers: CleanCustomers; transactions: CleanTransactions } {
  const customers = cleanCustomers(inputs.customers, config);
  const idIdx = inputs.customers.header.indexOf(config.columns.customerId);
  const allIds = new Set(inputs.customers.rows.map((r) => r[idIdx].trim()));
  const transactions = cleanTransactions(inputs.transactions, config, new Set(customers.ids), allIds);
  return { customers, transactions };
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
export async function runPipeline(config: RunConfig): Promise<RunResult & { features: FeatureTable; cleaned: { customers: CleanCustomers; transactions: CleanTransactions }; inputs: LoadedInputs }> {
  const timings: Record<string, number> = {};
  const inputs = await timed(timings, 'load', () => loadInputs(config));
  const cleaned = await timed(timings, 'clean', () => cleanInputs(inputs, config));
  const features = await timed(timings, 'features', () => buildFeatures(cleaned.customers, cleaned.transactions, config));
  const minCustomers = Math.max(config.cluster.kMax, 10);
  if (features.customerIds.length < minCustomers) throw new SeglabError('features', msg.tooFewCustomers(features.customerIds.length, minCustomers));

  const { tf, backend } = await timed(timings, 'backend', () => selectBackend(config.embed.backend));
  let embedding: EmbeddingResult | null = null;
  if (config.embed.enabled) {
    embedding = await timed(timings, 'embed', async () =>
      (await fitAutoencoder(features.scaled, features.names, config.embed, stageRng(config.seed, 'embed'), tf)).result,
    );
  }
  // Every representation gets its own k; the winner is the one whose segments the others agree
  // with most (lib/cluster/representation.ts). Features first: ties go to the earlier candidate.
  const candidates: RepresentationCandidate[] = [{ name: 'standardised features', points: features.scaled, reweight: true }];
  if (embedding) candidates.push({ name: 'autoencoder embedding', points: embedding.embedding });
  const choice = await timed(timings, 'cluster', () => chooseRepresentation(candidates, config.cluster, stageRng(config.seed, 'cluster')));
  const clustering = choice.clustering;
  const space = choice.points;
  const profiles = await timed(timings, 'profile', () =>
    profileSegments(features.names, features.raw, features.scaled, clustering.labels, clustering.k),
  );
  const warnings: string[] = [];
  const segmentOf = new Map(features.customerIds.map((id, i) => [id, profiles[clustering.labels[i]].label]));
  const clv = await timed(timings, 'clv', (): ClvResult | null => {
    try {
      return customerLifetimeValue(features.customerIds, cleaned.transactions, segmentOf, {});
    } catch (e) {
      // CLV is an estimate on top of the segmentation: when the data cannot support the models
      // (too few repeat buyers...), the segmentation stands and the report says why CLV is missing.
      if (!isSeglabError(e)) throw e;
      warnings.push(msg.clvUnavailable(e.message));
      return null;
    }
  });
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
          sources: [inputs.customers, inputs.transactions].map((t) => ({ role: t.role, file: t.file, rows: t.rows.length })),
          featuresUsed: features.names,
          excluded: features.excluded,
          protectedUsedAsFeature: features.names.filter((n) => config.fairness.protected.includes(n)),
        },
        config: { lower: config.fairness.lower, upper: config.fairness.upper, numericBins: config.fairness.numericBins, minCellSize: config.fairness.minCellSize },
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
    ledger: [features.ledger, cleaned.transactions.ledger],
    featureNames: features.names,
    excluded: features.excluded,
    representation: choice.chosen,
    selection: { evidence: choice.evidence, reason: choice.reason, weights: choice.weights },
    embedding,
    clustering,
    profiles,
    fairness,
    fairnessCard: card,
    clv,
    campaigns: null,
    warnings,
    map,
    customerIds: features.customerIds,
    backend,
    timings,
    features,
    cleaned,
    inputs,
  };
}
