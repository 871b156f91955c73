// danfojs-node is loaded FIRST in this file on purpose: it requires its own "@tensorflow/tfjs-node",
// which package.json overrides to @tensorflow/tfjs, so it must share tfjs-core's one engine with
// seglab and must not stop selectBackend from choosing.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const danfo = require('danfojs-node') as { tensorflow: typeof import('@tensorflow/tfjs'); DataFrame: new (data: unknown) => { tensor: { dispose(): void; shape: number[] } } };
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../lib/embed/backend';

describe('danfojs-node and selectBackend', () => {
  it('share one tfjs-core engine and backend registry', () => {
    assert.equal(danfo.tensorflow.engine(), tf.engine());
    assert.equal(danfo.tensorflow.findBackendFactory('cpu'), tf.findBackendFactory('cpu'));
  });

  it('loading danfo first does not prevent the backend choice, and danfo tensors use it', async () => {
    const choice = await selectBackend('auto');
    assert.notEqual(choice.backend, 'cpu', `expected native or wasm, got cpu (${choice.notes.join(' ')})`);
    assert.equal(danfo.tensorflow.getBackend(), choice.backend);
    const before = tf.memory().numTensors;
    const df = new danfo.DataFrame({ a: [1, 2, 3], b: [4, 5, 6] });
    const t = df.tensor;
    assert.deepEqual(t.shape, [3, 2]);
    assert.ok(tf.memory().numTensors > before, 'the DataFrame tensor lives in the shared engine');
    assert.equal(tf.engine().backendName, choice.backend);
  });
});
