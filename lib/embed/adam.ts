/**
 * Adam over all trainable tensors at once (issue 15): the same update as `tf.train.adam`, value for
 * value, with the per-variable work done once on one flat vector.
 *
 * `tf.train.adam` updates each variable separately: about a dozen kernel calls per variable per step
 * (and a scalar uploaded for every constant), so a 6-layer network (12 variables) spends most of a
 * training step in ~180 tiny native calls. Here the gradients are joined into one vector, the moments
 * are one vector each, the update is the same sequence of element-wise operations (multiply, add,
 * square, divide, square root) with the same constants, and the new values are split back into the
 * layers' variables. Element-wise IEEE operations do not depend on the layout, so every weight is the
 * one `tf.train.adam` would give, bit for bit (test/embed/adam.test.ts compares the two).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from './backend';

/** Adam's defaults in tf.js (`tf.train.adam(learningRate)`). */
const BETA1 = 0.9;
const BETA2 = 0.999;

/** Flat Adam state for a fixed list of variables; `dispose()` when done. */
export interface FlatAdam {
  /** Computes f's value and gradients, applies one Adam update to the variables, returns the value (caller disposes it). */
  minimize(f: () => tfTypes.Scalar): tfTypes.Scalar;
  /** One Adam update from gradients given in the order of the variables (not disposed here). */
  apply(gradients: readonly tfTypes.Tensor[]): void;
  dispose(): void;
}

/**
 * Adam(learningRate) on `variables`, equal to `tf.train.adam(learningRate).minimize(f, true, variables)`.
 * @example const adam = flatAdam(tf, 0.01, trainable); const cost = adam.minimize(() => loss);
 */
export function flatAdam(tf: Tf, learningRate: number, variables: readonly tfTypes.Variable[]): FlatAdam {
  const shapes = variables.map((v) => v.shape);
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  // As tf.train.adam: epsilon from the backend, bias-correction powers start at beta.
  const epsilon = tf.backend().epsilon();
  // tf.tidy disposes the initial values; the variables keep their own reference (as in tf.train.adam).
  const firstMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  const secondMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  const accBeta1 = tf.tidy(() => tf.variable(tf.scalar(BETA1), false));
  const accBeta2 = tf.tidy(() => tf.variable(tf.scalar(BETA2), false));
  // The constants as tensors once (tf.train.adam uploads each of them on every use; same float32 values).
  const constants = {
    one: tf.scalar(1),
    beta1: tf.scalar(BETA1),
    beta2: tf.scalar(BETA2),
    oneMinusBeta1: tf.scalar(1 - BETA1),
    oneMinusBeta2: tf.scalar(1 - BETA2),
    epsilon: tf.scalar(epsilon),
    minusRate: tf.scalar(-learningRate),
  };
  const flat = tf.tidy(() => tf.variable(tf.concat(variables.map((v) => tf.reshape(v, [-1]))), false));
  return {
    minimize(f) {
      const { value, grads } = tf.variableGrads(f, variables as tfTypes.Variable[]);
      this.apply(variables.map((v) => grads[v.name]));
      tf.dispose(grads);
      return value;
    },
    apply(gradients) {
      tf.tidy(() => {
        const c = constants;
        const gradient = tf.concat(gradients.map((g) => (g.rank === 1 ? g : tf.reshape(g, [-1]))));
        const oneMinusAccBeta1 = tf.sub(c.one, accBeta1);
        const oneMinusAccBeta2 = tf.sub(c.one, accBeta2);
        const newFirstMoment = tf.add(tf.mul(firstMoment, c.beta1), tf.mul(gradient, c.oneMinusBeta1));
        const newSecondMoment = tf.add(tf.mul(secondMoment, c.beta2), tf.mul(tf.square(gradient), c.oneMinusBeta2));
        const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
        const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
        firstMoment.assign(newFirstMoment);
        secondMoment.assign(newSecondMoment);
        const newValue = tf.add(tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), c.epsilon)), c.minusRate), flat);
        flat.assign(newValue);
        const parts = tf.split(newValue, sizes);
        variables.forEach((v, i) => v.assign(shapes[i].length === 1 ? parts[i] : tf.reshape(parts[i], shapes[i])));
        accBeta1.assign(tf.mul(accBeta1, c.beta1));
        accBeta2.assign(tf.mul(accBeta2, c.beta2));
      });
    },
    dispose() {
      for (const t of [firstMoment, secondMoment, accBeta1, accBeta2, flat, ...Object.values(constants)]) t.dispose();
    },
  };
}
