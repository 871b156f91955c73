/**
 * Scoring new customers with a saved segmentation model:
 *
 *   customers (+ transactions) ──clean (model config)──> applyFeatures (saved transform)
 *     ──(space "embedding")──> encode (saved autoencoder) ──> weights ──> nearest centroid
 *
 * Nothing is refitted: the cleaning applies the model's saved cleaning fit (the training file's
 * fill values, winsor limits and recodes; lib/clean/fit.ts), not statistics of the new file. (A
 * model saved before the fit existed has none: its fills are computed on the new file, and the
 * ledger's repair reasons say which.) Optional joined sources (surveys, web, ...) are not read: a model whose features come
 * from them cannot score from a customers file alone.
 */
import * as path from 'node:path';
import { cleanCustomers } from '../clean/customers';
import { cleanTransactions } from '../clean/transactions';
import type { Ledger } from '../clean/types';
import type { RunConfig } from '../config/types';
import { defaultsOf } from '../config/declare';
import { RUN_CONFIG } from '../config/fields';
import { assignToCentroids } from '../cluster/kmeans';
import { gmmMembership } from '../cluster/gmm';
import { applyFeatureWeights } from '../cluster/representation';
import type { Tf } from '../embed/backend';
import { encode } from '../embed/encode';
import { fail, msg } from '../errors/messages';
import { squaredDistance } from '../evaluate/points';
import { applyFeatures } from '../features/apply';
import type { RawTable } from '../load/csv';
import type { SegmentationModel } from './artifact';

/** Segments of the scored customers. */
export interface ScoreResult {
  /** Ids as the run writes them (pseudonyms when the model's privacy.pseudonymise is on). */
  customerIds: string[];
  /** Segment per customer, 0-based, in the model's numbering (0 = the run's largest segment). */
  labels: number[];
  /** Segment name per customer (persona name). */
  segmentNames: string[];
  /** Every row read, kept or dropped with the reason: customers, then transactions. */
  ledger: Ledger;
  /** Reference date used for recency (ISO date); "" without transactions. */
  asOf: string;
  /** Feature names of `scaled`, in the model's order. */
  featureNames: string[];
  /** Each customer's features after the model's log1p and scaler (standardised units). */
  scaled: number[][];
  /** Each customer in the model's (weighted) space, where the centroids live. */
  points: number[][];
  /** Euclidean distance to the nearest and to the second-nearest centroid, in the model's (weighted) space. */
  distances: { nearest: number[]; second: number[] };
}

/** Options of scoreCustomers. */
export interface ScoreOptions {
  /** Reference date for recency (ISO). Default: the new data's own (the day after its last transaction). */
  asOf?: string;
  /** Environment holding the pseudonym salt (privacy.saltEnv). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The run config the cleaning and feature code expect, from the model's saved sections. Protected
 * attributes are not required in new files (they only matter for the fairness checks of a run).
 */
export function scoringConfig(model: SegmentationModel): RunConfig {
  // Every default from the config declaration; the source path is a placeholder (the files come
  // from the score flags).
  const defaults: RunConfig = { ...defaultsOf(RUN_CONFIG, process.cwd()), name: 'score', seed: model.run.seed, outDir: path.resolve('reports', 'score'), sources: { customers: { path: path.resolve('score-input', 'customers') } } };
  return { ...defaults, ...model.config, fairness: { ...defaults.fairness, protected: [] } };
}

/**
 * The segment of each point in the model's space: for a Gaussian mixture ("gmm" with its saved
 * mixture) the component with the highest posterior, as the run assigned them; otherwise the
 * nearest centroid (ties to the lower segment).
 * @example assignSegments([[0.4, 1.2]], model) // [2]
 */
export function assignSegments(points: readonly (readonly number[])[], model: Pick<SegmentationModel, 'method' | 'centroids' | 'mixture'>): number[] {
  if (model.method === 'gmm' && model.mixture) return gmmMembership(points, model.mixture).labels;
  return assignToCentroids(points, model.centroids);
}

/** Euclidean distance of each point to its nearest and second-nearest centroid (second = nearest when k = 1). */
function centroidDistances(points: readonly (readonly number[])[], centroids: readonly (readonly number[])[]): ScoreResult['distances'] {
  const nearest = new Array<number>(points.length);
  const second = new Array<number>(points.length);
  points.forEach((p, i) => {
    let best = Infinity;
    let next = Infinity;
    for (const c of centroids) {
      const d = squaredDistance(p, c);
      if (d < best) [best, next] = [d, best];
      else if (d < next) next = d;
    }
    nearest[i] = Math.sqrt(best);
    second[i] = Math.sqrt(Number.isFinite(next) ? next : best);
  });
  return { nearest, second };
}

/**
 * Assign new customers to the model's segments: clean with the model's config, build features with
 * the saved transform, embed with the saved autoencoder when the model's space is the embedding,
 * apply the saved feature weights, and take the nearest centroid (ties to the lower segment).
 * @param tf a TensorFlow.js instance (selectBackend); only needed when model.space is "embedding"
 * @example const { labels } = scoreCustomers(loadModel(json), readDelimited('new.csv', 'customers'), null, null);
 */
export function scoreCustomers(
  model: SegmentationModel,
  customersTable: RawTable,
  transactionsTable: RawTable | null,
  tf: Tf | null,
  options: ScoreOptions = {},
): ScoreResult {
  const config = scoringConfig(model);
  const customers = cleanCustomers(customersTable, config, {}, options.env ?? process.env, { fit: model.cleanFit ?? null });
  let transactions = null;
  if (transactionsTable) {
    const idIdx = customersTable.header.indexOf(config.columns.customerId);
    const allIds = new Set(customersTable.rows.map((r) => r[idIdx].trim()));
    // Order lines after the scoring date are future-dated: --as-of when given, else today. The
    // model's own features.asOf is its training date and must not cut the new data.
    const { asOf: _trainingAsOf, ...features } = config.features;
    const cleanConfig: RunConfig = { ...config, features: { ...features, ...(options.asOf ? { asOf: options.asOf } : {}) } };
    transactions = cleanTransactions(transactionsTable, cleanConfig, new Set(customers.ids), allIds);
  }
  const features = applyFeatures(customers, transactions, config, model.transform, options.asOf ? { asOf: options.asOf } : {});
  if (features.customerIds.length === 0) fail('score', msg.modelNoCustomersLeft(customersTable.file, customersTable.rows.length));
  let base: number[][];
  switch (model.space) {
    case 'features':
      base = features.scaled;
      break;
    case 'embedding': {
      if (!tf) return fail('score', msg.modelNeedsBackend());
      if (!model.autoencoder) return fail('score', msg.modelInvalid('"space" is "embedding" but "autoencoder" is null'));
      base = encode(model.autoencoder, features.scaled, tf, features.names);
      break;
    }
    default: {
      const never: never = model.space;
      return fail('score', msg.modelInvalid(`"space" is ${JSON.stringify(never)}`));
    }
  }
  const space = model.weights ? applyFeatureWeights(base, model.weights) : base;
  const labels = assignSegments(space, model);
  return {
    featureNames: features.names,
    scaled: features.scaled,
    points: space,
    distances: centroidDistances(space, model.centroids),
    customerIds: features.customerIds,
    labels,
    segmentNames: labels.map((l) => model.segments[l].name),
    ledger: [features.ledger, ...(transactions ? [transactions.ledger] : [])],
    asOf: features.asOf,
  };
}
