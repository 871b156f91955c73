import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitAutoencoder, type AutoencoderSettings } from '../../lib/embed/autoencoder';
import { selectBackend, type Tf } from '../../lib/embed/backend';
import { encode } from '../../lib/embed/encode';
import { DEFAULT_MAX_TRAIN_ROWS, trainingSample } from '../../lib/embed/sample';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { twoGroups } from './fixtures';

const settings: AutoencoderSettings = { hidden: [8], bottleneck: 2, epochs: 6, batchSize: 16, learningRate: 0.02 };

describe('trainingSample', () => {
  it('keeps every row up to the cap and draws a seeded sorted sample above it', () => {
    assert.deepEqual(trainingSample(5, 5, createRng(1)), { rows: [0, 1, 2, 3, 4], sampled: false });
    const a = trainingSample(1000, 100, createRng(1));
    assert.equal(a.sampled, true);
    assert.equal(a.rows.length, 100);
    assert.equal(new Set(a.rows).size, 100);
    assert.ok(a.rows.every((r, i) => r >= 0 && r < 1000 && (i === 0 || r > a.rows[i - 1])));
    assert.deepEqual(trainingSample(1000, 100, createRng(1)), a);
    assert.notDeepEqual(trainingSample(1000, 100, createRng(2)).rows, a.rows);
    assert.equal(DEFAULT_MAX_TRAIN_ROWS, 50_000);
  });

  it('does not advance the rng it is given', () => {
    const used = createRng(9);
    trainingSample(1000, 10, used);
    assert.equal(used.next(), createRng(9).next());
  });

  it('rejects a cap that is not a positive integer', () => {
    assert.throws(() => trainingSample(10, 0, createRng(1)), (e: unknown) => e instanceof SeglabError && e.message === `embed: ${msg.badTrainRows(0)}`);
  });
});

describe('fitAutoencoder with maxTrainRows (wasm)', () => {
  let tf: Tf;
  const data = twoGroups(100, 6);

  before(async () => {
    tf = (await selectBackend('wasm')).tf;
  });

  it('trains on the seeded sample, deterministically, and encodes every row', async () => {
    const a = await fitAutoencoder(data.matrix, data.featureNames, { ...settings, maxTrainRows: 50 }, createRng(42), tf);
    const b = await fitAutoencoder(data.matrix, data.featureNames, { ...settings, maxTrainRows: 50 }, createRng(42), tf);
    assert.deepEqual(a.training, { rows: 50, sampled: true });
    assert.equal(a.result.embedding.length, data.matrix.length);
    assert.deepEqual(b.artifact, a.artifact);
    assert.deepEqual(b.result.embedding, a.result.embedding);
    // The embedding of all rows is the artifact applied to all rows.
    assert.deepEqual(encode(a.artifact, data.matrix, tf, data.featureNames), a.result.embedding);
  });

  it('is the same as training on the sampled rows directly (apart from the rows it encodes)', async () => {
    const rng = createRng(42);
    const rows = trainingSample(data.matrix.length, 50, rng).rows;
    const viaCap = await fitAutoencoder(data.matrix, data.featureNames, { ...settings, maxTrainRows: 50 }, createRng(42), tf);
    const direct = await fitAutoencoder(rows.map((r) => data.matrix[r]), data.featureNames, settings, createRng(42), tf);
    assert.deepEqual(viaCap.artifact.encoder, direct.artifact.encoder);
    assert.deepEqual(viaCap.result.lossHistory, direct.result.lossHistory);
    assert.deepEqual(direct.training, { rows: 50, sampled: false });
  });

  it('under the cap trains on every row, as without it', async () => {
    const capped = await fitAutoencoder(data.matrix, data.featureNames, { ...settings, maxTrainRows: 10_000 }, createRng(3), tf);
    const plain = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(3), tf);
    assert.deepEqual(capped.training, { rows: 200, sampled: false });
    assert.deepEqual(capped.artifact, plain.artifact);
  });

  it('leaks no tensors', async () => {
    const count = tf.memory().numTensors;
    await fitAutoencoder(data.matrix, data.featureNames, { ...settings, maxTrainRows: 40 }, createRng(1), tf);
    assert.equal(tf.memory().numTensors, count);
  });
});
