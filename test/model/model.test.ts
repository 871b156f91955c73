import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { segmentCustomers } from '../../lib/cluster/segment';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { loadAutoencoder } from '../../lib/embed/artifact';
import { fitAutoencoder } from '../../lib/embed/autoencoder';
import { selectBackend, type Tf } from '../../lib/embed/backend';
import { encode } from '../../lib/embed/encode';
import { SeglabError, msg } from '../../lib/errors/messages';
import { buildFeatures, type FeatureTable } from '../../lib/features/build';
import { readDelimited } from '../../lib/load/csv';
import { buildModel, EMBEDDING_SPACE, FEATURES_SPACE, loadModel, type ModelSource, type SegmentationModel } from '../../lib/model/artifact';
import { scoreCustomers } from '../../lib/model/score';
import { cleanInputs, loadInputs } from '../../lib/pipeline/run';
import { createRng, stageRng } from '../../lib/random/rng';
import { fitKMeans } from '../../lib/cluster/kmeans';
import { reweightWithinSegments } from '../../lib/cluster/representation';
import type { RepresentationCandidate } from '../../lib/cluster/representation';
import type { Segmentation } from '../../lib/cluster/segment';
import { repoRoot } from '../helpers/paths';

const demoDir = path.join(repoRoot, 'data', 'demo');

function demoConfig(): RunConfig {
  const json = JSON.parse(fs.readFileSync(path.join(demoDir, 'seglab.config.json'), 'utf8'));
  // Fewer epochs and a narrower k range keep the test quick; the stages are the runner's own.
  return validateConfig({ ...json, embed: { ...json.embed, epochs: 5 }, cluster: { ...json.cluster, kMax: 5, restarts: 3 } }, demoDir);
}

interface Stages {
  config: RunConfig;
  features: FeatureTable;
  tf: Tf;
  fit: Awaited<ReturnType<typeof fitAutoencoder>>;
}

let stages: Promise<Stages> | null = null;
/** The runner's stages up to the embedding, once for every test in this file. */
function demoStages(): Promise<Stages> {
  stages ??= (async () => {
    const config = demoConfig();
    const cleaned = await cleanInputs(await loadInputs(config), config);
    const features = buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config);
    const { tf } = await selectBackend('cpu');
    const fit = await fitAutoencoder(features.scaled, features.names, config.embed, stageRng(config.seed, 'embed'), tf);
    return { config, features, tf, fit };
  })();
  return stages;
}

/** What buildModel reads, as runPipeline returns it (profiles reduced to their labels here). */
function source(config: RunConfig, features: FeatureTable, seg: Segmentation): ModelSource {
  return {
    config,
    features,
    representation: seg.choice.chosen,
    selection: { weights: seg.choice.weights, method: seg.method },
    clustering: seg.clustering,
    profiles: seg.clustering.centroids.map((_, i) => ({ segment: i, label: `Segment ${i + 1}` })),
  };
}

const roundTrip = (model: SegmentationModel): SegmentationModel => loadModel(JSON.parse(JSON.stringify(model)));
const demoTables = () => ({
  customers: readDelimited(path.join(demoDir, 'customers.csv'), 'customers'),
  transactions: readDelimited(path.join(demoDir, 'transactions.csv'), 'transactions'),
});

test('save/load round trip with feature weights: scoring the same customers gives the fitted labels', async () => {
  const { config, features } = await demoStages();
  const plain = segmentCustomers([{ name: FEATURES_SPACE, points: features.scaled }], config.cluster, stageRng(config.seed, 'cluster'));
  const k = plain.clustering.k;
  const { weights, points } = reweightWithinSegments(features.scaled, plain.clustering.labels, k, config.cluster, createRng(5), FEATURES_SPACE);
  const weighted = fitKMeans(points, k, { restarts: 3, maxIterations: 300 }, createRng(6));
  const run: ModelSource = {
    config,
    features,
    representation: `${FEATURES_SPACE}, reweighted within segments`,
    selection: { weights, method: 'kmeans' },
    clustering: { k, centroids: weighted.centroids },
    profiles: weighted.centroids.map((_, i) => ({ segment: i, label: `Segment ${i + 1}` })),
  };
  const model = roundTrip(buildModel(run, null));
  assert.equal(model.space, 'features');
  assert.deepEqual(model.weights, weights.weights);
  assert.ok(weights.weights.some((w) => Math.abs(w - 1) > 0.05), 'the weights should not all be 1, else they are not tested');
  const { customers, transactions } = demoTables();
  const scored = scoreCustomers(model, customers, transactions, null);
  assert.deepEqual(scored.customerIds, features.customerIds);
  assert.deepEqual(scored.labels, weighted.labels);
  assert.equal(scored.segmentNames[0], model.segments[scored.labels[0]].name);
  assert.equal(scored.ledger[0].rowsKept, features.customerIds.length);
});

test('save/load round trip with the runner\'s candidates (whichever wins): scoring gives the run\'s labels', async () => {
  const { config, features, tf, fit } = await demoStages();
  const candidates: RepresentationCandidate[] = [
    { name: FEATURES_SPACE, points: features.scaled, reweight: true },
    { name: EMBEDDING_SPACE, points: fit.result.embedding },
  ];
  const seg = segmentCustomers(candidates, config.cluster, stageRng(config.seed, 'cluster'));
  const model = roundTrip(buildModel(source(config, features, seg), fit.artifact));
  const { customers, transactions } = demoTables();
  const scored = scoreCustomers(model, customers, transactions, tf);
  assert.deepEqual(scored.customerIds, features.customerIds);
  assert.deepEqual(scored.labels, seg.clustering.labels);
});

test('save/load round trip (embedding won): the loaded encoder gives bit-identical embeddings and the run\'s labels', async () => {
  const { config, features, tf, fit } = await demoStages();
  const seg = segmentCustomers([{ name: EMBEDDING_SPACE, points: fit.result.embedding }], config.cluster, stageRng(config.seed, 'cluster'));
  const model = roundTrip(buildModel(source(config, features, seg), fit.artifact));
  assert.equal(model.space, 'embedding');
  assert.equal(model.weights, null);
  const again = encode(loadAutoencoder(JSON.parse(JSON.stringify(model.autoencoder))), features.scaled, tf, features.names);
  assert.deepEqual(again, fit.result.embedding);
  const { customers, transactions } = demoTables();
  assert.throws(() => scoreCustomers(model, customers, transactions, null), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.modelNeedsBackend()));
  const scored = scoreCustomers(model, customers, transactions, tf);
  assert.deepEqual(scored.labels, seg.clustering.labels);
  assert.throws(() => buildModel(source(config, features, seg), null), (e: unknown) => e instanceof SeglabError && e.message.includes('no autoencoder artifact'));
});

test('a new customers file with an unseen category level is scored, the level mapped to "other"', async () => {
  const { config, features } = await demoStages();
  const withRegion = { ...config, features: { ...config.features, categoricalColumns: ['region'], rareShare: 0.16 } };
  const regional = buildFeatures((await cleanInputs(await loadInputs(withRegion), withRegion)).customers, (await cleanInputs(await loadInputs(withRegion), withRegion)).transactions, withRegion);
  assert.ok(regional.names.includes('region=other') && regional.names.length > features.names.length);
  const seg = segmentCustomers([{ name: FEATURES_SPACE, points: regional.scaled }], withRegion.cluster, stageRng(config.seed, 'cluster'));
  const model = roundTrip(buildModel(source(withRegion, regional, seg), null));
  const { customers, transactions } = demoTables();
  const regionIdx = customers.header.indexOf('region');
  const first = customers.rows[0];
  const moved = { ...customers, rows: [first.map((v, j) => (j === regionIdx ? 'Atlantis' : v)), ...customers.rows.slice(1)] };
  const scored = scoreCustomers(model, moved, transactions, null);
  assert.equal(scored.customerIds.length, regional.customerIds.length);
  // The first customer's features are now those of any "other" region; only it may change segment.
  const changed = scored.labels.map((l, i) => (l !== seg.clustering.labels[i] ? i : -1)).filter((i) => i >= 0);
  assert.ok(changed.every((i) => i === 0));
  // "Central" (about 15% of customers) was grouped into "other" at fit time: an unseen level must score exactly like it.
  assert.ok(!model.featureNames.includes('region=Central'));
  const asCentral = { ...customers, rows: [first.map((v, j) => (j === regionIdx ? 'Central' : v)), ...customers.rows.slice(1)] };
  assert.deepEqual(scoreCustomers(model, asCentral, transactions, null).labels, scored.labels);
  const asNorth = { ...customers, rows: [first.map((v, j) => (j === regionIdx ? 'North' : v)), ...customers.rows.slice(1)] };
  assert.ok(model.featureNames.includes('region=North'));
  assert.deepEqual(scoreCustomers(model, asNorth, transactions, null).labels.slice(1), scored.labels.slice(1));
});

test('loadModel refuses a tampered feature list, a wrong version and a missing field, with clear messages', async () => {
  const { config, features } = await demoStages();
  const seg = segmentCustomers([{ name: FEATURES_SPACE, points: features.scaled }], config.cluster, stageRng(config.seed, 'cluster'));
  const json = JSON.parse(JSON.stringify(buildModel(source(config, features, seg), null)));
  const tampered = { ...json, featureNames: [...json.featureNames.slice(1), json.featureNames[0]] };
  assert.throws(() => loadModel(tampered), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.modelFeatureMismatch('model "transform.scaler"', tampered.featureNames, json.featureNames)));
  assert.throws(() => loadModel({ ...json, version: 2 }), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.modelVersion(2, 1)));
  const { k: _k, ...missing } = json;
  assert.throws(() => loadModel(missing), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.modelInvalid('the field "k" is missing')));
  assert.throws(() => loadModel({ ...json, centroids: json.centroids.slice(1) }), (e: unknown) => e instanceof SeglabError && e.message.includes('"centroids"'));
  assert.doesNotThrow(() => loadModel(json));
});
