/** Small seeded matrices and layer stacks for the embedding tests. */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../../lib/embed/backend';
import type { DenseTensors } from '../../lib/embed/network';
import { createRng } from '../../lib/random/rng';

/** A dense layer whose kernel and bias are trainable variables. */
export type VariableLayer = DenseTensors & { kernel: tfTypes.Variable<tfTypes.Rank.R2>; bias: tfTypes.Variable<tfTypes.Rank.R1> };

/**
 * A d-h-b-h-d stack of `widths` (tanh, linear bottleneck, tanh, linear) with seeded weights and non-zero biases.
 * @example makeLayers(tf, 9, [5, 7, 3, 7, 5])
 */
export function makeLayers(tf: Tf, seed: number, widths: readonly number[]): VariableLayer[] {
  const rng = createRng(seed);
  return widths.slice(1).map((units, i) => ({
    kernel: tf.variable(tf.tensor2d(Array.from({ length: widths[i] }, () => Array.from({ length: units }, () => 0.5 * rng.normal())))) as tfTypes.Variable<tfTypes.Rank.R2>,
    bias: tf.variable(tf.tensor1d(Array.from({ length: units }, () => 0.1 * rng.normal()))) as tfTypes.Variable<tfTypes.Rank.R1>,
    activation: i === 1 || i === 3 ? 'linear' : 'tanh',
  }));
}

/** Two well-separated groups of `perGroup` rows in `d` columns (group 0 around -1.5, group 1 around +1.5 on the first half of the columns). */
export function twoGroups(perGroup: number, d: number, seed = 7): { matrix: number[][]; group: number[]; featureNames: string[] } {
  const rng = createRng(seed);
  const matrix: number[][] = [];
  const group: number[] = [];
  for (let i = 0; i < 2 * perGroup; i++) {
    const g = i % 2;
    const sign = g === 0 ? -1 : 1;
    matrix.push(Array.from({ length: d }, (_, j) => (j < Math.ceil(d / 2) ? sign * 1.5 : 0) + 0.3 * rng.normal()));
    group.push(g);
  }
  return { matrix, group, featureNames: Array.from({ length: d }, (_, j) => `feature_${j}`) };
}

/** Standard-normal noise, `n` rows by `d` columns. */
export function noise(n: number, d: number, seed = 11): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

/** Euclidean distance. */
export function distance(a: readonly number[], b: readonly number[]): number {
  return Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
}

/** Column means of the rows. */
export function centroid(rows: readonly (readonly number[])[]): number[] {
  return rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
}

/** Largest absolute element-wise difference of two equally shaped matrices. */
export function maxAbsDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j])))));
  return worst;
}
