/**
 * The autoencoder's training loop on native TensorFlow, with each kernel called through the
 * tfjs-node binding directly (issue 15).
 *
 * On the native backend a training step is ~100 small kernels (train-step.ts, adam.ts) and the
 * kernels themselves are cheap: most of a step went to tf.js's engine around each call (scope
 * tracking, tensor bookkeeping, kernel lookup: ~30 µs per call against ~10 µs for the binding's
 * own `executeOp`). Here the same TensorFlow ops (BatchMatMulV2, Add, Tanh, SquaredDifference,
 * Sum, RealDiv, Mul, Sub, Square, Sqrt, as tfjs-node's kernels name them) run on the same operands
 * in the same order as `trainStep` + `flatAdam`, on tensor handles this file owns and frees, so
 * every weight and loss is the engine path's, bit for bit (test/embed/native-step.test.ts compares
 * the two). Data moves (gather, concat, split, reshape) copy values and change none.
 *
 * Only for the 'tensorflow' backend; `nativeTrainer` returns null elsewhere (or when the binding
 * is not the one expected), and the caller trains through the engine.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from './backend';
import type { DenseTensors } from './network';

/** Adam's defaults in tf.js (as adam.ts). */
const BETA1 = 0.9;
const BETA2 = 0.999;

/** An op attribute as tfjs-node's binding takes it. */
interface OpAttr {
  name: string;
  type: number;
  value: boolean | number | number[];
}

/** The part of tfjs-node's native binding (tfjs_binding.d.ts) used here. */
interface Binding {
  createTensor(shape: number[], dtype: number, values: Float32Array | Int32Array): number;
  deleteTensor(id: number): void;
  tensorDataSync(id: number): Float32Array | Int32Array | Uint8Array;
  executeOp(name: string, attrs: OpAttr[], inputs: number[], outputs: number): { id: number; shape: number[]; dtype: number }[];
  TF_FLOAT: number;
  TF_INT32: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_INT: number;
}

/** The training loop `fitAutoencoder` drives: one call per mini-batch, the loss read once per epoch. */
export interface Trainer {
  /** One Adam step on the rows `batchRows` of the training data (indices into it). */
  step(batchRows: readonly number[]): void;
  /** Σ over this epoch's batches of (batch loss × batch rows), then reset to 0. */
  takeEpochLoss(): number;
  /** Writes the trained weights into the layers' variables (once, after the last step). */
  finish(): void;
  dispose(): void;
}

/** tfjs-node's binding when `tf` runs on native TensorFlow, else null. */
function bindingOf(tf: Tf): Binding | null {
  if (tf.getBackend() !== 'tensorflow') return null;
  const binding = (tf.backend() as unknown as { binding?: Partial<Binding> }).binding;
  const ok = binding && ['createTensor', 'deleteTensor', 'tensorDataSync', 'executeOp'].every((f) => typeof (binding as Record<string, unknown>)[f] === 'function');
  return ok ? (binding as Binding) : null;
}

/**
 * A trainer for `layers` (kernel and bias variables, as fitAutoencoder makes them) on the rows of
 * `data` (n x d, row-major float32), Adam(learningRate) on mean squared error; null when `tf` is
 * not on native TensorFlow. The layers' variables are read once here and written by `finish()`.
 * @example const trainer = nativeTrainer(tf, layers, packRows(rows, 0, n, d), n, d, 0.01); trainer?.step([0, 5, 9]);
 */
export function nativeTrainer(tf: Tf, layers: readonly DenseTensors[], data: Float32Array, n: number, d: number, learningRate: number): Trainer | null {
  const b = bindingOf(tf);
  if (!b) return null;
  const floatType: OpAttr = { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT };
  const binaryAttrs = [floatType];
  const reduceAttrs: OpAttr[] = [{ name: 'keep_dims', type: b.TF_ATTR_BOOL, value: false }, floatType, { name: 'Tidx', type: b.TF_ATTR_TYPE, value: b.TF_INT32 }];
  const matMulAttrs = (adjX: boolean, adjY: boolean): OpAttr[] => [floatType, { name: 'adj_x', type: b.TF_ATTR_BOOL, value: adjX }, { name: 'adj_y', type: b.TF_ATTR_BOOL, value: adjY }];
  const matMul = [matMulAttrs(false, false), matMulAttrs(true, false), matMulAttrs(false, true)];
  const gatherAttrs: OpAttr[] = [
    { name: 'batch_dims', type: b.TF_ATTR_INT, value: 0 },
    { name: 'Tparams', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: 'Tindices', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
    { name: 'Taxis', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
  ];
  const reshapeAttrs: OpAttr[] = [floatType, { name: 'Tshape', type: b.TF_ATTR_TYPE, value: b.TF_INT32 }];

  // Every handle made during a step is listed here and freed at its end, except those kept.
  let made: number[] = [];
  const op = (name: string, attrs: OpAttr[], inputs: number[]): number => {
    const id = b.executeOp(name, attrs, inputs, 1)[0].id;
    made.push(id);
    return id;
  };
  const floats = (shape: number[], values: ArrayLike<number>): number => b.createTensor(shape, b.TF_FLOAT, Float32Array.from(values));
  const ints = (shape: number[], values: ArrayLike<number>): number => b.createTensor(shape, b.TF_INT32, Int32Array.from(values));
  const add = (x: number, y: number): number => op('Add', binaryAttrs, [x, y]);
  const sub = (x: number, y: number): number => op('Sub', binaryAttrs, [x, y]);
  const mul = (x: number, y: number): number => op('Mul', binaryAttrs, [x, y]);
  const div = (x: number, y: number): number => op('RealDiv', binaryAttrs, [x, y]);
  const unary = (name: string, x: number): number => op(name, binaryAttrs, [x]);

  // Constants, as the engine path makes them (float32 values of the same numbers).
  const epsilon = tf.backend().epsilon();
  const scalar = (v: number): number => floats([], [v]);
  const c = {
    one: scalar(1),
    two: scalar(2),
    beta1: scalar(BETA1),
    beta2: scalar(BETA2),
    oneMinusBeta1: scalar(1 - BETA1),
    oneMinusBeta2: scalar(1 - BETA2),
    epsilon: scalar(epsilon),
    minusRate: scalar(-learningRate),
    axis0: ints([], [0]),
    allAxes: ints([2], [0, 1]),
    flatShape: ints([1], [-1]),
  };
  const counts = new Map<number, number>();
  const countOf = (cells: number): number => {
    let id = counts.get(cells);
    if (id === undefined) counts.set(cells, (id = scalar(cells)));
    return id;
  };
  const shapes = layers.flatMap((l) => [l.kernel.shape, l.bias.shape]);
  const sizes = shapes.map((s) => s.reduce((a, x) => a * x, 1));
  const total = sizes.reduce((a, x) => a + x, 0);
  const shapeIds = shapes.map((s) => ints([s.length], s));
  const splitSizes = ints([sizes.length], sizes);
  const splitAttrs: OpAttr[] = [{ name: 'num_split', type: b.TF_ATTR_INT, value: sizes.length }, floatType, { name: 'Tlen', type: b.TF_ATTR_TYPE, value: b.TF_INT32 }];
  const concatAttrs: OpAttr[] = [{ name: 'N', type: b.TF_ATTR_INT, value: sizes.length }, { name: 'Tidx', type: b.TF_ATTR_TYPE, value: b.TF_INT32 }, floatType];

  // State: the parameters (kernel, bias per layer), their flat copy, Adam's moments and powers.
  const values = layers.flatMap((l) => [l.kernel.dataSync(), l.bias.dataSync()]);
  let params = values.map((v, i) => floats(shapes[i] as number[], v));
  const flatValues = new Float32Array(total);
  values.reduce((offset, v) => (flatValues.set(v, offset), offset + v.length), 0);
  let flat = floats([total], flatValues);
  let firstMoment = floats([total], new Float32Array(total));
  let secondMoment = floats([total], new Float32Array(total));
  let accBeta1 = scalar(BETA1);
  let accBeta2 = scalar(BETA2);
  let weightedLoss = scalar(0);
  const dataId = b.createTensor([n, d], b.TF_FLOAT, data);
  const activations = layers.map((l) => l.activation);

  /** Frees this step's handles except `keep`. */
  const release = (keep: readonly number[]): void => {
    const kept = new Set(keep);
    for (const id of made) if (!kept.has(id)) b.deleteTensor(id);
    made = [];
  };

  return {
    step(batchRows) {
      const indices = b.createTensor([batchRows.length], b.TF_INT32, Int32Array.from(batchRows));
      made.push(indices);
      const batch = op('GatherV2', gatherAttrs, [dataId, indices, c.axis0]);
      // Forward (train-step.ts), keeping each layer's input and output.
      const inputs: number[] = [];
      const outputs: number[] = [];
      let h = batch;
      for (let i = 0; i < activations.length; i++) {
        inputs.push(h);
        const z = add(op('BatchMatMulV2', matMul[0], [h, params[2 * i]]), params[2 * i + 1]);
        h = activations[i] === 'tanh' ? unary('Tanh', z) : z;
        outputs.push(h);
      }
      const count = countOf(batchRows.length * d);
      const loss = div(op('Sum', reduceAttrs, [op('SquaredDifference', binaryAttrs, [batch, h]), c.allAxes]), count);
      // Backward (train-step.ts).
      const perCell = div(c.one, count);
      let dy = mul(perCell, mul(c.two, sub(h, batch)));
      const gradients = new Array<number>(activations.length * 2);
      for (let i = activations.length - 1; i >= 0; i--) {
        const dz = activations[i] === 'tanh' ? mul(sub(c.one, unary('Square', outputs[i])), dy) : dy;
        gradients[2 * i + 1] = op('Sum', reduceAttrs, [dz, c.axis0]);
        gradients[2 * i] = op('BatchMatMulV2', matMul[1], [inputs[i], dz]);
        if (i > 0) dy = op('BatchMatMulV2', matMul[2], [dz, params[2 * i]]);
      }
      // Adam on the flat vector (adam.ts).
      const gradient = op('ConcatV2', concatAttrs, [...gradients.map((g, i) => (shapes[i].length === 1 ? g : op('Reshape', reshapeAttrs, [g, c.flatShape]))), c.axis0]);
      const oneMinusAccBeta1 = sub(c.one, accBeta1);
      const oneMinusAccBeta2 = sub(c.one, accBeta2);
      const newFirstMoment = add(mul(firstMoment, c.beta1), mul(gradient, c.oneMinusBeta1));
      const newSecondMoment = add(mul(secondMoment, c.beta2), mul(unary('Square', gradient), c.oneMinusBeta2));
      const corrected1 = div(newFirstMoment, oneMinusAccBeta1);
      const corrected2 = div(newSecondMoment, oneMinusAccBeta2);
      const newFlat = add(mul(div(corrected1, add(unary('Sqrt', corrected2), c.epsilon)), c.minusRate), flat);
      const parts = b.executeOp('SplitV', splitAttrs, [newFlat, splitSizes, c.axis0], sizes.length).map((m) => m.id);
      made.push(...parts);
      const newParams = parts.map((part, i) => (shapes[i].length === 1 ? part : op('Reshape', reshapeAttrs, [part, shapeIds[i]])));
      const newAccBeta1 = mul(accBeta1, c.beta1);
      const newAccBeta2 = mul(accBeta2, c.beta2);
      // The epoch's loss, as fitAutoencoder sums it: + loss × rows.
      const rows = scalar(batchRows.length);
      made.push(rows);
      const newLoss = add(weightedLoss, mul(loss, rows));
      const keep = [...newParams, newFlat, newFirstMoment, newSecondMoment, newAccBeta1, newAccBeta2, newLoss];
      for (const old of [...params, flat, firstMoment, secondMoment, accBeta1, accBeta2, weightedLoss]) b.deleteTensor(old);
      params = newParams;
      flat = newFlat;
      firstMoment = newFirstMoment;
      secondMoment = newSecondMoment;
      accBeta1 = newAccBeta1;
      accBeta2 = newAccBeta2;
      weightedLoss = newLoss;
      release(keep);
    },
    takeEpochLoss() {
      const value = b.tensorDataSync(weightedLoss)[0];
      b.deleteTensor(weightedLoss);
      weightedLoss = scalar(0);
      return value;
    },
    finish() {
      const variables = layers.flatMap((l) => [l.kernel, l.bias]) as tfTypes.Variable[];
      variables.forEach((v, i) => {
        const trained = tf.tensor(Float32Array.from(b.tensorDataSync(params[i]) as Float32Array), v.shape, 'float32');
        v.assign(trained);
        trained.dispose();
      });
    },
    dispose() {
      release([]);
      for (const id of [...params, flat, firstMoment, secondMoment, accBeta1, accBeta2, weightedLoss, dataId, splitSizes, ...shapeIds, ...Object.values(c), ...counts.values()]) b.deleteTensor(id);
      params = [];
      counts.clear();
    },
  };
}
