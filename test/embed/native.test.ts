import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitAutoencoder, type AutoencoderSettings } from '../../lib/embed/autoencoder';
import { selectBackend } from '../../lib/embed/backend';
import { encode } from '../../lib/embed/encode';
import { createRng } from '../../lib/random/rng';
import { maxAbsDiff, twoGroups } from './fixtures';

const settings: AutoencoderSettings = { hidden: [8], bottleneck: 2, epochs: 5, batchSize: 16, learningRate: 0.01 };

describe('native backend', () => {
  it('gives the same embedding as wasm for the same seed, within float tolerance', async (t) => {
    const native = await selectBackend('tensorflow');
    if (native.backend !== 'tensorflow') {
      t.skip(`native TensorFlow backend not available: ${native.notes.join(' ')}`);
      return;
    }
    const { tf } = native;
    const data = twoGroups(50, 6);
    const onNative = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(42), tf);
    assert.equal(onNative.result.backend, 'tensorflow');
    assert.equal((await selectBackend('wasm')).backend, 'wasm');
    const onWasm = await fitAutoencoder(data.matrix, data.featureNames, settings, createRng(42), tf);
    assert.equal(onWasm.result.backend, 'wasm');
    const diff = maxAbsDiff(onNative.result.embedding, onWasm.result.embedding);
    t.diagnostic(`max |native - wasm| embedding difference: ${diff.toExponential(2)}`);
    assert.ok(diff < 1e-3, `embeddings differ by ${diff}`);
    onNative.result.lossHistory.forEach((loss, i) => assert.ok(Math.abs(loss - onWasm.result.lossHistory[i]) < 1e-4 * Math.max(1, loss)));
    // Encoding a saved artifact on the other backend agrees as well.
    const crossEncoded = encode(onNative.artifact, data.matrix, tf);
    assert.ok(maxAbsDiff(crossEncoded, onNative.result.embedding) < 1e-4);
  });
});
