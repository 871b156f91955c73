import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  applyFeatureWeights,
  chooseRepresentation,
  withinSegmentWeights,
  MAX_WEIGHT_RATIO,
  type RepresentationCandidate,
} from '../../lib/cluster/representation';
import type { ClusterConfig } from '../../lib/config/types';
import { validateConfig } from '../../lib/config/validate';
import { writeRetailCsv } from '../../lib/data/write';
import { msg, SeglabError } from '../../lib/errors/messages';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { buildFeatures } from '../../lib/features/build';
import { cleanInputs, loadInputs } from '../../lib/pipeline/run';
import { createRng } from '../../lib/random/rng';
import { readDelimited } from '../../lib/load/csv';
import { tempDir } from '../helpers/paths';
import { copyPoints, deepFreeze, gaussianBlobs, clusterConfig } from './fixtures';

const config = (overrides: Partial<ClusterConfig> = {}): ClusterConfig => clusterConfig(overrides);

test('withinSegmentWeights: 1 / pooled within-segment variance, averaging 1 (hand-computed)', () => {
  // Column 0: within-segment squares 1+1+1+1 = 4; column 1: 4 x 0.25 = 1. Raw 1/4 and 1, mean 0.625.
  const weights = withinSegmentWeights([[0, 0], [2, 1], [10, 0], [12, 1]], [0, 0, 1, 1]);
  assert.ok(Math.abs(weights[0] - 0.4) < 1e-12 && Math.abs(weights[1] - 1.6) < 1e-12);
  assert.deepEqual(applyFeatureWeights([[1, 2]], [4, 1]), [[2, 2]]);
});

// Three blobs in x, y (sd 1.2) plus a pure-noise third column (sd 2).
function blobsWithNoise(): { points: number[][]; truth: number[] } {
  const blobs = gaussianBlobs([[0, 0], [7, 0], [0, 7]], [150, 120, 90], 1.2, 21);
  const noise = createRng(8);
  return { points: blobs.points.map((row) => [...row, 2 * noise.normal()]), truth: blobs.truth };
}

test('reweighting suppresses a noise feature; evidence table, winner and sentence are consistent', () => {
  const { points, truth } = blobsWithNoise();
  const candidates: RepresentationCandidate[] = [
    { name: 'features', points, reweight: true },
    { name: 'first two features', points: points.map((row) => row.slice(0, 2)) },
  ];
  const choice = chooseRepresentation(candidates, config(), createRng(4));
  assert.deepEqual(
    choice.evidence.map((e) => e.name),
    ['features, reweighted within segments', 'features', 'first two features'],
  );
  const reweighted = choice.evidence[0];
  assert.equal(reweighted.k, choice.evidence[1].k);
  assert.equal(choice.evidence.filter((e) => e.chosen).length, 1);
  assert.equal(choice.clustering, choice.clusterings[choice.chosen]);
  const weights = choice.clusterings['features, reweighted within segments'];
  assert.ok(weights.rule?.includes('carried over from the features'));
  // All three agree (ARI ~1): a tie, which goes to the reweighted copy, listed first.
  assert.equal(choice.chosen, 'features, reweighted within segments');
  assert.ok(choice.weights !== null && choice.weights.base === 'features');
  const w = (choice.weights as { weights: number[] }).weights;
  assert.ok(w[2] < w[0] && w[2] < w[1], `noise column weight ${w[2]} should be the smallest`);
  assert.ok(Math.abs(w.reduce((sum, x) => sum + x, 0) - 3) < 1e-9);
  // The chosen segments recover the blobs.
  assert.ok(adjustedRandIndex(truth, choice.clustering.labels) > 0.9);
  // Agreement is ARI between the candidates' labels, symmetric.
  const [a, b] = choice.evidence;
  assert.equal(a.agreementWith[b.name], b.agreementWith[a.name]);
  assert.ok(choice.reason.startsWith(`The ${choice.chosen} won (k = ${choice.clustering.k}): `));
});

test('chooseRepresentation is deterministic and does not mutate its (frozen) inputs', () => {
  const { points } = blobsWithNoise();
  const frozen = deepFreeze(copyPoints(points));
  const run = () => chooseRepresentation([{ name: 'features', points: frozen, reweight: true }], config({ kMax: 4 }), createRng(9));
  const first = run();
  assert.deepEqual(run(), first);
  assert.deepEqual(copyPoints(frozen), points);
});

test('chooseRepresentation: errors for no candidates, duplicate names, mismatched rows', () => {
  const isError = (text: string) => (e: unknown) => e instanceof SeglabError && e.message === `cluster: ${text}`;
  const pts = [[0], [1], [5], [6]];
  assert.throws(() => chooseRepresentation([], config(), createRng(1)), isError(msg.representationNoCandidates()));
  assert.throws(
    () => chooseRepresentation([{ name: 'a', points: pts }, { name: 'a', points: pts }], config(), createRng(1)),
    isError(msg.representationBadName('a')),
  );
  assert.throws(
    () => chooseRepresentation([{ name: 'a', points: pts }, { name: 'b', points: pts.slice(1) }], config(), createRng(1)),
    isError(msg.representationRowMismatch('b', 3, 4)),
  );
});

test('planted retail data (1,500 customers, seed 3): chosen k within 6 ± 1, ARI >= 0.8; reweighting does not lose ARI', async () => {
  const dir = tempDir('seglab-planted-');
  writeRetailCsv(dir, { customers: 1500, seed: 3 });
  const runConfig = validateConfig(
    {
      sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv' } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', pii: ['email'] },
      clean: { ranges: { age: [16, 110], income: [0, 10000000] } },
      features: { customerColumns: ['income'], logColumns: ['income'] },
      fairness: { protected: ['gender', 'age'] },
    },
    dir,
  );
  const cleaned = await cleanInputs(await loadInputs(runConfig), runConfig);
  const features = buildFeatures(cleaned.customers, cleaned.transactions, runConfig);
  const truthTable = readDelimited(path.join(dir, 'truth.csv'), 'truth');
  const segmentOf = new Map(truthTable.rows.map((row) => [row[0], row[1]]));
  const truth = features.customerIds.map((id) => segmentOf.get(id) as string);

  const choice = chooseRepresentation([{ name: 'standardised features', points: features.scaled, reweight: true }], runConfig.cluster, createRng(42));
  assert.ok(Math.abs(choice.clustering.k - 6) <= 1, `k = ${choice.clustering.k}`);
  assert.ok(adjustedRandIndex(truth, choice.clustering.labels) >= 0.8);
  const reweighted = choice.clusterings['standardised features, reweighted within segments'];
  const base = choice.clusterings['standardised features'];
  assert.ok(adjustedRandIndex(truth, reweighted.labels) >= adjustedRandIndex(truth, base.labels) - 0.02);
});

test('withinSegmentWeights is bounded: a column pure within every segment cannot take all the weight', () => {
  // Column 0 is constant inside each segment (within variance 0), column 1 almost so, columns 2-3 vary.
  const points = [
    [0, 0, 1, 5],
    [0, 1e-9, 3, 1],
    [1, 1, 2, 2],
    [1, 1 + 1e-9, 4, 6],
  ];
  const weights = withinSegmentWeights(points, [0, 0, 1, 1]);
  const sorted = weights.slice().sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  assert.ok(Math.max(...weights) / Math.min(...weights) <= MAX_WEIGHT_RATIO ** 2 + 1e-9, `weights ${weights}`);
  for (const w of weights) assert.ok(w >= median / MAX_WEIGHT_RATIO - 1e-12 && w <= median * MAX_WEIGHT_RATIO + 1e-12, `weights ${weights}`);
  assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) / weights.length - 1) < 1e-12);
  // The pure columns get the upper bound, the varying ones stay below it.
  assert.equal(weights[0], weights[1]);
  assert.ok(weights[2] < weights[0] && weights[3] < weights[0]);
});
