/**
 * The dense forward pass, written once with raw tensor ops so that training (on variables) and
 * encoding (on saved weights) run exactly the same arithmetic. Also the input checks shared by
 * fitting and encoding.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { fail, msg } from '../errors/messages';
import type { Activation, DenseWeights } from './artifact';
import type { Tf } from './backend';

/** A dense layer as tensors (variables while training, constants while encoding). */
export interface DenseTensors {
  kernel: tfTypes.Tensor2D;
  bias: tfTypes.Tensor1D;
  activation: Activation;
}

function activate(tf: Tf, x: tfTypes.Tensor2D, activation: Activation): tfTypes.Tensor2D {
  switch (activation) {
    case 'tanh':
      return tf.tanh(x);
    case 'linear':
      return x;
    default: {
      const unhandled: never = activation;
      throw new Error(`unhandled activation ${String(unhandled)}`);
    }
  }
}

/** x through the layers in order. Call inside `tf.tidy`: intermediates are not disposed here. */
export function forward(tf: Tf, layers: readonly DenseTensors[], x: tfTypes.Tensor2D): tfTypes.Tensor2D {
  return layers.reduce((h, layer) => activate(tf, tf.add(tf.matMul(h, layer.kernel), layer.bias), layer.activation), x);
}

/** Saved weights as constant tensors; the caller disposes them (`disposeLayers`). */
export function layersFromWeights(tf: Tf, weights: readonly DenseWeights[]): DenseTensors[] {
  return weights.map((w) => ({ kernel: tf.tensor2d(w.kernel), bias: tf.tensor1d(w.bias), activation: w.activation }));
}

export function disposeLayers(layers: readonly DenseTensors[]): void {
  for (const l of layers) {
    l.kernel.dispose();
    l.bias.dispose();
  }
}

/** Rows [start, end) of the matrix as one float32 buffer, row-major. */
export function packRows(matrix: readonly (readonly number[])[], start: number, end: number, width: number): Float32Array {
  const out = new Float32Array((end - start) * width);
  for (let r = start; r < end; r++) out.set(matrix[r], (r - start) * width);
  return out;
}

/**
 * Checks a feature matrix against its feature names: at least one row, one value per feature in
 * every row, every value finite. Throws SeglabError (stage "embed") naming rows and features.
 */
export function checkMatrix(matrix: readonly (readonly number[])[], featureNames: readonly string[]): void {
  if (matrix.length === 0) fail('embed', msg.embedNoRows());
  const d = featureNames.length;
  const badRows: number[][] = featureNames.map(() => []);
  const badCounts = new Array<number>(d).fill(0);
  for (let r = 0; r < matrix.length; r++) {
    const row = matrix[r];
    if (row.length !== d) fail('embed', msg.embedShapeMismatch(r, row.length, d));
    for (let c = 0; c < d; c++) {
      if (!Number.isFinite(row[c])) {
        badCounts[c]++;
        if (badRows[c].length < 5) badRows[c].push(r);
      }
    }
  }
  const worst = badCounts.findIndex((n) => n > 0);
  if (worst >= 0) fail('embed', msg.embedNonFinite(featureNames[worst], badCounts[worst], badRows[worst]));
}
