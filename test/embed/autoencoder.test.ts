import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitAutoencoder, type AutoencoderSettings } from '../../lib/embed/autoencoder';
import { loadAutoencoder, saveAutoencoder } from '../../lib/embed/artifact';
import { selectBackend, type Tf } from '../../lib/embed/backend';
import { encode, ENCODE_BATCH_ROWS } from '../../lib/embed/encode';
import { msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { centroid, distance, maxAbsDiff, noise, twoGroups } from './fixtures';

const settings: AutoencoderSettings = { hidden: [8], bottleneck: 2, epochs: 12, batchSize: 16, learningRate: 0.02 };

describe('fitAutoencoder (wasm)', () => {
  let tf: Tf;
  const data = twoGroups(60, 6);

  before(async () => {
    const choice = await selectBackend('wasm');
    assert.equal(choice.backend, 'wasm');
    tf = choice.tf;
  });

  it('gives bit-identical results for the same seed, and different ones for another seed', async () => {
    const a = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(42), tf);
    const b = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(42), tf);
    const c = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(43), tf);
    assert.deepEqual(b.result.embedding, a.result.embedding);
    assert.deepEqual(b.result.lossHistory, a.result.lossHistory);
    assert.deepEqual(b.artifact, a.artifact);
    assert.ok(maxAbsDiff(a.result.embedding, c.result.embedding) > 1e-3, 'another seed should give another embedding');
    assert.notDeepEqual(c.artifact.encoder, a.artifact.encoder);
  });

  it('leaks no tensors over fit and encode', async () => {
    const before = tf.memory().numTensors;
    const fit = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(1), tf);
    encode(fit.artifact, data.matrix, tf, data.featureNames);
    assert.equal(tf.memory().numTensors, before);
  });

  it('lowers the training loss and reports reconstruction error per feature', async () => {
    const { result } = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(5), tf);
    assert.equal(result.lossHistory.length, settings.epochs);
    assert.equal(result.backend, 'wasm');
    const first = result.lossHistory[0];
    const last = result.lossHistory[result.lossHistory.length - 1];
    assert.ok(last < 0.5 * first, `loss should at least halve: ${first} -> ${last}`);
    const { overall, perFeature } = result.reconstructionError;
    assert.deepEqual(perFeature.map((p) => p.feature), data.featureNames);
    const meanOfFeatures = perFeature.reduce((s, p) => s + p.mse, 0) / perFeature.length;
    assert.ok(Math.abs(overall - meanOfFeatures) < 1e-9);
    // Evaluated after the last update, so close to (not equal to) the last epoch's running mean.
    assert.ok(overall > 0 && overall < 2 * last, `reconstruction MSE ${overall} vs last epoch loss ${last}`);
  });

  it('separates two obvious groups in the embedding', async () => {
    const { result } = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(9), tf);
    const emb = result.embedding;
    assert.equal(emb.length, data.matrix.length);
    assert.ok(emb.every((row) => row.length === settings.bottleneck));
    const centres = [0, 1].map((g) => centroid(emb.filter((_, i) => data.group[i] === g)));
    const misplaced = emb.filter((row, i) => distance(row, centres[data.group[i]]) >= distance(row, centres[1 - data.group[i]]));
    assert.equal(misplaced.length, 0, 'every row should be nearer its own group centre');
    const spread = emb.reduce((s, row, i) => s + distance(row, centres[data.group[i]]), 0) / emb.length;
    assert.ok(distance(centres[0], centres[1]) > 3 * spread);
  });

  it('does not modify its input', async () => {
    const frozen = Object.freeze(data.matrix.map((row) => Object.freeze(row.slice())));
    const copy = JSON.stringify(frozen);
    const { artifact } = await fitAutoencoder(frozen, Object.freeze(data.featureNames.slice()), { ...settings, epochs: 2 }, createRng(3), tf);
    encode(artifact, frozen, tf);
    assert.equal(JSON.stringify(frozen), copy);
  });

  it('round-trips through JSON to identical embeddings, also for rows it never saw', async () => {
    const { artifact, result } = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(21), tf);
    const restored = loadAutoencoder(JSON.parse(JSON.stringify(saveAutoencoder(artifact))));
    assert.deepEqual(restored, artifact);
    assert.deepEqual(encode(restored, data.matrix, tf, data.featureNames), result.embedding);
    const newCustomers = noise(30, data.featureNames.length);
    assert.deepEqual(encode(restored, newCustomers, tf), encode(artifact, newCustomers, tf));
  });

  it('encodes a row the same alone as inside a large batch', async () => {
    const { artifact } = await fitAutoencoder(data.matrix, data.featureNames, { ...settings, epochs: 1 }, createRng(8), tf);
    const many = noise(ENCODE_BATCH_ROWS + 7, data.featureNames.length);
    const together = encode(artifact, many, tf);
    for (const i of [0, 1, ENCODE_BATCH_ROWS - 1, ENCODE_BATCH_ROWS, ENCODE_BATCH_ROWS + 6]) {
      const alone = encode(artifact, [many[i]], tf)[0];
      assert.ok(maxAbsDiff([alone], [together[i]]) < 1e-5, `row ${i}`);
    }
  });

  it('names the feature and rows of non-finite values, and the row of a short row', async () => {
    const bad = data.matrix.map((row) => row.slice());
    bad[4][2] = Number.NaN;
    bad[9][2] = Number.POSITIVE_INFINITY;
    await assert.rejects(fitAutoencoder(bad, data.featureNames, settings, createRng(1), tf), {
      name: 'SeglabError',
      message: `embed: ${msg.embedNonFinite('feature_2', 2, [4, 9])}`,
    });
    const ragged = data.matrix.map((row, i) => (i === 3 ? row.slice(0, 5) : row));
    await assert.rejects(fitAutoencoder(ragged, data.featureNames, settings, createRng(1), tf), {
      message: `embed: ${msg.embedShapeMismatch(3, 5, 6)}`,
    });
    await assert.rejects(fitAutoencoder([], data.featureNames, settings, createRng(1), tf), { message: `embed: ${msg.embedNoRows()}` });
  });

  it('refuses to encode other features or a tampered artifact', async () => {
    const { artifact } = await fitAutoencoder(data.matrix, data.featureNames, { ...settings, epochs: 1 }, createRng(2), tf);
    const renamed = data.featureNames.map((f, i) => (i === 0 ? 'income' : f));
    assert.throws(() => encode(artifact, data.matrix, tf, renamed), { message: `embed: ${msg.embedFeatureMismatch(data.featureNames, renamed)}` });
    const tampered = saveAutoencoder(artifact);
    tampered.encoder[0].kernel[0].pop();
    assert.throws(() => loadAutoencoder(tampered), (e: Error) => e.name === 'SeglabError' && e.message.includes('encoder layer 0'));
    assert.throws(() => loadAutoencoder({ ...tampered, format: 'other' }), {
      message: `embed: ${msg.embedArtifactInvalid('"format" is not "seglab.autoencoder"')}`,
    });
  });
});
