/**
 * One training step of the autoencoder with the backward pass written out (issue 15).
 *
 * `optimizer.minimize` records every forward op on tf.js's gradient tape (cloning each saved input)
 * and then runs each op's registered gradient. For a stack of dense layers the backward pass is
 * short, so it is written here with the same kernels in the same order as tf.js's gradient
 * functions (matMul, Add, Tanh, SquaredDifference, Sum, RealDiv in tfjs-core 4.x): the gradients,
 * and so every weight after every step, are the ones `optimizer.minimize` gives, bit for bit
 * (test/embed/train-step.test.ts compares the two), with about half the kernel calls per step.
 *
 * Loss: `tf.losses.meanSquaredError(batch, output)` = Σ (batch − output)² / (rows × columns).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { FlatAdam } from './adam';
import type { Tf } from './backend';
import type { DenseTensors } from './network';

/**
 * Mean squared reconstruction error of `batch` and one Adam step on the layers' kernels and biases
 * (gradients in the order kernel, bias of each layer, as the optimizer's variables).
 * Call inside `tf.tidy`: the returned loss and the intermediates belong to the caller's scope.
 * @returns the batch's loss before the update (a scalar tensor).
 */
export function trainStep(tf: Tf, layers: readonly DenseTensors[], batch: tfTypes.Tensor2D, adam: FlatAdam, constants?: StepConstants): tfTypes.Scalar {
  const c = constants ?? stepConstants(tf);
  // Forward, keeping each layer's input and (for tanh) output.
  const inputs: tfTypes.Tensor2D[] = [];
  const outputs: tfTypes.Tensor2D[] = [];
  let h = batch;
  for (const layer of layers) {
    inputs.push(h);
    const z = tf.add(tf.matMul(h, layer.kernel), layer.bias) as tfTypes.Tensor2D;
    h = layer.activation === 'tanh' ? tf.tanh(z) : z;
    outputs.push(h);
  }
  const count = c.count(batch.size);
  const loss = tf.div(tf.sum(tf.squaredDifference(batch, h)), count) as tfTypes.Scalar;

  // Backward. d loss / d sum = 1 / count (RealDiv's gradient of a with dy = 1); Sum's gradient
  // spreads it over every cell (times ones: the same value); SquaredDifference's gradient for its
  // second input is dy · (2 · (output − batch)).
  const perCell = tf.div(c.one, count);
  let dy = tf.mul(perCell, tf.mul(c.two, tf.sub(h, batch))) as tfTypes.Tensor2D;
  const gradients: tfTypes.Tensor[] = new Array<tfTypes.Tensor>(layers.length * 2);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    // Tanh's gradient: (1 − y²) · dy; a linear layer passes dy on.
    const dz = layer.activation === 'tanh' ? (tf.mul(tf.sub(c.one, tf.square(outputs[i])), dy) as tfTypes.Tensor2D) : dy;
    // Add's gradient for the bias: summed over the rows; matMul's for the kernel: inputᵀ · dz.
    gradients[2 * i + 1] = tf.sum(dz, 0);
    gradients[2 * i] = tf.matMul(inputs[i], dz, true, false);
    if (i > 0) dy = tf.matMul(dz, layer.kernel, false, true);
  }
  adam.apply(gradients);
  return loss;
}

/** The scalars a step uses, made once per fit instead of once per use (the same float32 values). */
export interface StepConstants {
  one: tfTypes.Scalar;
  two: tfTypes.Scalar;
  /** The number of cells of a batch as a scalar (one per batch size: the last batch can be shorter). */
  count(cells: number): tfTypes.Scalar;
  dispose(): void;
}

/** Scalars for `trainStep`, kept out of any tidy scope; dispose them after training. */
export function stepConstants(tf: Tf): StepConstants {
  const made = tf.tidy(() => ({ one: tf.keep(tf.scalar(1)), two: tf.keep(tf.scalar(2)) }));
  const counts = new Map<number, tfTypes.Scalar>();
  return {
    ...made,
    count(cells) {
      let scalar = counts.get(cells);
      if (!scalar) counts.set(cells, (scalar = tf.keep(tf.scalar(cells))));
      return scalar;
    },
    dispose() {
      made.one.dispose();
      made.two.dispose();
      for (const s of counts.values()) s.dispose();
    },
  };
}
