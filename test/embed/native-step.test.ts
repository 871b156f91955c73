import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineTrainer } from '../../lib/embed/autoencoder';
import { selectBackend, type Tf } from '../../lib/embed/backend';
import { nativeTrainer, type Trainer } from '../../lib/embed/native-step';
import { packRows } from '../../lib/embed/network';
import { createRng, shuffled } from '../../lib/random/rng';
import { makeLayers as makeFixtureLayers, noise, type VariableLayer } from './fixtures';

type Layer = VariableLayer;

/** The stack these tests train: [6, 9, 3, 9, 6]. */
const makeLayers = (tf: Tf, seed: number): Layer[] => makeFixtureLayers(tf, seed, [6, 9, 3, 9, 6]);

/** Four epochs of shuffled batches of 16 (the last one short) through `trainer`; the epoch losses. */
function train(trainer: Trainer, n: number, seed: number): number[] {
  const rng = createRng(seed);
  const ids = Array.from({ length: n }, (_, i) => i);
  const losses: number[] = [];
  for (let epoch = 0; epoch < 4; epoch++) {
    const order = shuffled(ids, rng);
    for (let start = 0; start < n; start += 16) trainer.step(order.slice(start, start + 16));
    losses.push(trainer.takeEpochLoss());
  }
  trainer.finish();
  return losses;
}

const weights = (layers: Layer[]): number[][] => layers.flatMap((l) => [Array.from(l.kernel.dataSync()), Array.from(l.bias.dataSync())]);

describe('nativeTrainer', () => {
  it('trains to the weights and losses of the engine path bit for bit, and frees every native tensor', async (t) => {
    const native = await selectBackend('tensorflow');
    if (native.backend !== 'tensorflow') {
      t.skip(`native TensorFlow backend not available: ${native.notes.join(' ')}`);
      return;
    }
    const { tf } = native;
    const n = 75;
    const d = 6;
    const packed = packRows(noise(n, d, 4), 0, n, d);
    const viaEngine = makeLayers(tf, 9);
    const viaBinding = makeLayers(tf, 9);
    const initial = weights(viaBinding);
    const binding = (tf.backend() as unknown as { binding: { getNumOfTensors(): number } }).binding;
    const engineLosses = (() => {
      const trainer = engineTrainer(tf, viaEngine, packed, n, d, 0.05);
      try {
        return train(trainer, n, 3);
      } finally {
        trainer.dispose();
      }
    })();
    // Native handles before the trainer (the variables it reads and writes hold theirs throughout).
    const nativeBefore = binding.getNumOfTensors();
    const trainer = nativeTrainer(tf, viaBinding, packed, n, d, 0.05);
    assert.ok(trainer, 'a native trainer on the tensorflow backend');
    let bindingLosses: number[];
    try {
      bindingLosses = train(trainer, n, 3);
    } finally {
      trainer.dispose();
    }
    const nativeLeft = binding.getNumOfTensors() - nativeBefore;
    engineLosses.forEach((loss, i) => assert.ok(Object.is(bindingLosses[i], loss), `epoch ${i + 1} loss: ${bindingLosses[i]} vs ${loss}`));
    assert.deepStrictEqual(weights(viaBinding), weights(viaEngine));
    // The weights moved, so the comparison is not of untouched initial values.
    assert.notDeepStrictEqual(weights(viaBinding), initial);
    assert.ok(engineLosses[3] < engineLosses[0], `the loss fell: ${engineLosses.join(', ')}`);
    // Every handle the trainer made (constants, state, each step's intermediates) is freed.
    assert.equal(nativeLeft, 0, 'native tensors left behind');
    for (const l of [...viaEngine, ...viaBinding]) {
      l.kernel.dispose();
      l.bias.dispose();
    }
  });

  it('is null off the native backend (the engine path trains there)', async () => {
    const { tf, backend } = await selectBackend('wasm');
    assert.equal(backend, 'wasm');
    const layers = makeLayers(tf, 1);
    assert.equal(nativeTrainer(tf, layers, new Float32Array(12), 2, 6, 0.01), null);
    for (const l of layers) {
      l.kernel.dispose();
      l.bias.dispose();
    }
  });
});
