import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfTypes from '@tensorflow/tfjs';
import { flatAdam } from '../../lib/embed/adam';
import { fitAutoencoder } from '../../lib/embed/autoencoder';
import { encode, encodeAndMeasure, ENCODE_BATCH_ROWS, reconstructionError } from '../../lib/embed/encode';
import { selectBackend, type Tf } from '../../lib/embed/backend';
import { forward } from '../../lib/embed/network';
import { stepConstants, trainStep } from '../../lib/embed/train-step';
import { createRng } from '../../lib/random/rng';
import { makeLayers as makeFixtureLayers, noise, type VariableLayer } from './fixtures';

type Layer = VariableLayer;

/** The stack these tests train: [5, 7, 3, 7, 5]. */
const makeLayers = (tf: Tf, seed: number): Layer[] => makeFixtureLayers(tf, seed, [5, 7, 3, 7, 5]);

/** Trains one copy with tf.train.adam + minimize and one with flatAdam + trainStep; every weight and loss must be equal to the bit. */
function compare(tf: Tf): { steps: number } {
  const data = noise(37, 5, 3);
  const reference = makeLayers(tf, 9);
  const written = makeLayers(tf, 9);
  const variables = (layers: Layer[]): tfTypes.Variable[] => layers.flatMap((l) => [l.kernel, l.bias]);
  const optimizer = tf.train.adam(0.05);
  const adam = flatAdam(tf, 0.05, variables(written));
  const constants = stepConstants(tf);
  // tf.train.adam makes its moments and the step its batch-size scalars on first use: count from the end of epoch 1.
  let before = -1;
  let steps = 0;
  try {
    for (let epoch = 0; epoch < 3; epoch++) {
      // Batches of 16, 16 and a short one of 5, as the last batch of an epoch can be.
      for (let start = 0; start < data.length; start += 16) {
        const rows = data.slice(start, start + 16);
        const [lossA, lossB] = tf.tidy(() => {
          const batch = tf.tensor2d(rows);
          const a = optimizer.minimize(() => tf.losses.meanSquaredError(batch, forward(tf, reference, batch)) as tfTypes.Scalar, true, variables(reference)) as tfTypes.Scalar;
          const b = trainStep(tf, written, batch, adam, constants);
          return [a.dataSync()[0], b.dataSync()[0]];
        });
        assert.ok(Object.is(lossB, lossA), `loss of step ${steps}: ${lossB} vs ${lossA}`);
        steps++;
      }
      if (before < 0) before = tf.memory().numTensors;
      else assert.equal(tf.memory().numTensors, before, 'a step leaves no tensors behind');
    }
    variables(reference).forEach((v, i) => {
      const got = variables(written)[i].dataSync();
      const want = v.dataSync();
      assert.deepStrictEqual(Array.from(got), Array.from(want), `variable ${i} after ${steps} steps`);
    });
    // The weights did move (the comparison is not of untouched initial values).
    assert.notDeepStrictEqual(Array.from(written[0].kernel.dataSync()), Array.from(makeLayers(tf, 9)[0].kernel.dataSync()));
  } finally {
    optimizer.dispose();
    adam.dispose();
    constants.dispose();
  }
  return { steps };
}

describe('trainStep + flatAdam', () => {
  it('give the weights and losses of tf.train.adam().minimize bit for bit (wasm)', async () => {
    const choice = await selectBackend('wasm');
    assert.equal(choice.backend, 'wasm');
    assert.equal(compare(choice.tf).steps, 9);
  });

  it('give the weights and losses of tf.train.adam().minimize bit for bit (native TensorFlow)', async (t) => {
    const native = await selectBackend('tensorflow');
    if (native.backend !== 'tensorflow') {
      t.skip(`native TensorFlow backend not available: ${native.notes.join(' ')}`);
      return;
    }
    assert.equal(compare(native.tf).steps, 9);
  });
});

describe('encodeAndMeasure', () => {
  it('gives encode() and reconstructionError() in one pass, to the bit, across batches (wasm)', async () => {
    const { tf, backend } = await selectBackend('wasm');
    assert.equal(backend, 'wasm');
    const rows = noise(ENCODE_BATCH_ROWS + 321, 4, 5);
    const names = ['a', 'b', 'c', 'd'];
    const fit = await fitAutoencoder(rows.slice(0, 300), names, { hidden: [6], bottleneck: 2, epochs: 2, batchSize: 32, learningRate: 0.02 }, createRng(3), tf);
    const before = tf.memory().numTensors;
    const both = encodeAndMeasure(fit.artifact, rows, tf, names);
    assert.equal(tf.memory().numTensors, before);
    assert.deepStrictEqual(both.embedding, encode(fit.artifact, rows, tf, names));
    assert.deepStrictEqual(both.reconstructionError, reconstructionError(fit.artifact, rows, tf));
    assert.ok(both.reconstructionError.overall > 0);
  });
});
