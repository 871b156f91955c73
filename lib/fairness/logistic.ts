/**
 * A small multinomial logistic regression on plain typed arrays, for the proxy-leakage check.
 *
 * Deterministic by construction: weights start at zero (the loss is convex, so no random start is
 * needed), full-batch Adam steps, a fixed number of iterations. Features are standardised with the
 * training rows' means and standard deviations only, so a cross-validation fold never sees its
 * test rows. Classes are weighted n / (G · n_g) so a small group counts as much as a large one
 * (the classifier is then judged by balanced accuracy).
 */

/** A fitted model: plain numbers, serialisable. */
export interface SoftmaxModel {
  classes: number;
  features: number;
  /** Training means and standard deviations used to standardise (std 0 is stored as 1). */
  mean: number[];
  std: number[];
  /** weights[j * classes + c] */
  weights: number[];
  bias: number[];
}

/** Training settings. */
export interface SoftmaxOptions {
  /** Full-batch Adam steps. Default 150. */
  iterations?: number;
  /** Adam step size. Default 0.1. */
  learningRate?: number;
  /** L2 penalty on the weights (per row, like scikit-learn's 1/(C·n)). Default 1e-3. */
  l2?: number;
}

/**
 * Fits the model on `rows` of the row-major matrix `x` (n × d) with class codes `y` in 0..G-1.
 * Does not modify its inputs.
 * @example fitSoftmax(x, y, 2, [0, 1, 2, 3]).classes // 2
 */
export function fitSoftmax(
  x: readonly (readonly number[])[],
  y: Int32Array,
  classes: number,
  rows: readonly number[],
  opts: SoftmaxOptions = {},
): SoftmaxModel {
  const iterations = opts.iterations ?? 150;
  const lr = opts.learningRate ?? 0.1;
  const l2 = opts.l2 ?? 1e-3;
  const d = x[0]?.length ?? 0;
  const n = rows.length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const i of rows) for (let j = 0; j < d; j++) mean[j] += x[i][j] / n;
  for (const i of rows) for (let j = 0; j < d; j++) std[j] += (x[i][j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = std[j] > 1e-24 ? Math.sqrt(std[j]) : 1;
  const z = new Float64Array(n * d);
  rows.forEach((i, r) => {
    for (let j = 0; j < d; j++) z[r * d + j] = (x[i][j] - mean[j]) / std[j];
  });
  const classCount = new Array<number>(classes).fill(0);
  for (const i of rows) classCount[y[i]] += 1;
  const sampleWeight = rows.map((i) => n / (classes * Math.max(classCount[y[i]], 1)));

  const w = new Float64Array(d * classes);
  const b = new Float64Array(classes);
  const params = d * classes + classes;
  const m1 = new Float64Array(params);
  const m2 = new Float64Array(params);
  const grad = new Float64Array(params);
  const p = new Float64Array(classes);
  const beta1 = 0.9;
  const beta2 = 0.999;
  // The weights class-major (wT[c·d + j]) for the row products, and the weight gradient likewise
  // (gradT), so the inner loops run over contiguous memory (issue 15). Every sum has the same terms
  // in the same order as with w[j·classes + c], so the model is the same to the bit.
  const wT = new Float64Array(d * classes);
  const gradT = new Float64Array(d * classes);
  const delta2 = new Float64Array(classes);
  for (let t = 1; t <= iterations; t++) {
    for (let j = 0; j < d; j++) for (let c = 0; c < classes; c++) wT[c * d + j] = w[j * classes + c];
    gradT.fill(0);
    grad.fill(0);
    for (let r = 0; r < n; r++) {
      const base = r * d;
      softmaxRowBlocked(z, base, d, wT, b, classes, p);
      const target = y[rows[r]];
      const sw = sampleWeight[r] / n;
      for (let c = 0; c < classes; c++) {
        const delta = (p[c] - (c === target ? 1 : 0)) * sw;
        delta2[c] = delta;
        if (delta !== 0) grad[d * classes + c] += delta;
      }
      accumulateGradient(z, base, d, delta2, classes, gradT);
    }
    for (let j = 0; j < d; j++) for (let c = 0; c < classes; c++) grad[j * classes + c] = gradT[c * d + j];
    for (let q = 0; q < d * classes; q++) grad[q] += l2 * w[q];
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let q = 0; q < params; q++) {
      m1[q] = beta1 * m1[q] + (1 - beta1) * grad[q];
      m2[q] = beta2 * m2[q] + (1 - beta2) * grad[q] * grad[q];
      const step = (lr * (m1[q] / c1)) / (Math.sqrt(m2[q] / c2) + 1e-8);
      if (q < d * classes) w[q] -= step;
      else b[q - d * classes] -= step;
    }
  }
  return { classes, features: d, mean, std, weights: Array.from(w), bias: Array.from(b) };
}

/** A fold's fit for a worker thread (lib/parallel/pool.ts): the sampled rows as one shared buffer. */
export interface SoftmaxFitTask {
  module: 'fairness/logistic';
  fn: 'fitSoftmaxTask';
  /** The sampled rows, row-major (`rows` x `dim`). */
  x: { data: Float64Array; rows: number; dim: number };
  /** Class of each buffer row. */
  y: Int32Array;
  classes: number;
  /** Training rows, as positions in the buffer (increasing, like the caller's rows). */
  train: number[];
  opts: SoftmaxOptions;
}

const bufferRows = new WeakMap<ArrayBufferLike, number[][]>();

/** `fitSoftmax` on a task: the same numbers in the same order, so the same model. */
export function fitSoftmaxTask(task: SoftmaxFitTask): SoftmaxModel {
  let x = bufferRows.get(task.x.data.buffer);
  if (!x) {
    const { data, rows, dim } = task.x;
    x = Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
    bufferRows.set(task.x.data.buffer, x);
  }
  return fitSoftmax(x, task.y, task.classes, task.train, task.opts);
}

/**
 * softmaxRowT with four classes' sums at a time (issue 15): each class's sum still takes b[c], then
 * z[j]·w[c, j] for j = 0..d−1 in order, so every value is the same to the bit; four independent sums
 * let the CPU overlap their additions and share the loads of z.
 */
function softmaxRowBlocked(z: Float64Array, base: number, d: number, wT: Float64Array, b: ArrayLike<number>, classes: number, out: Float64Array): void {
  let c = 0;
  for (; c + 3 < classes; c += 4) {
    const w0 = c * d;
    const w1 = w0 + d;
    const w2 = w1 + d;
    const w3 = w2 + d;
    let s0 = b[c];
    let s1 = b[c + 1];
    let s2 = b[c + 2];
    let s3 = b[c + 3];
    for (let j = 0; j < d; j++) {
      const v = z[base + j];
      s0 += v * wT[w0 + j];
      s1 += v * wT[w1 + j];
      s2 += v * wT[w2 + j];
      s3 += v * wT[w3 + j];
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c + 1 < classes; c += 2) {
    const w0 = c * d;
    const w1 = w0 + d;
    let s0 = b[c];
    let s1 = b[c + 1];
    for (let j = 0; j < d; j++) {
      const v = z[base + j];
      s0 += v * wT[w0 + j];
      s1 += v * wT[w1 + j];
    }
    out[c] = s0;
    out[c + 1] = s1;
  }
  for (; c < classes; c++) {
    const w0 = c * d;
    let s0 = b[c];
    for (let j = 0; j < d; j++) s0 += z[base + j] * wT[w0 + j];
    out[c] = s0;
  }
  let max = -Infinity;
  for (let k = 0; k < classes; k++) if (out[k] > max) max = out[k];
  let total = 0;
  for (let k = 0; k < classes; k++) {
    out[k] = Math.exp(out[k] - max);
    total += out[k];
  }
  for (let k = 0; k < classes; k++) out[k] /= total;
}

/**
 * gradT[c·d + j] += delta[c]·z[base + j] for every class with delta[c] ≠ 0, as the per-class loop
 * does: each entry gets one term per row, so grouping classes in a row changes no sum (issue 15).
 */
function accumulateGradient(z: Float64Array, base: number, d: number, delta: Float64Array, classes: number, gradT: Float64Array): void {
  let c = 0;
  for (; c + 3 < classes; c += 4) {
    const d0 = delta[c];
    const d1 = delta[c + 1];
    const d2 = delta[c + 2];
    const d3 = delta[c + 3];
    if (d0 === 0 || d1 === 0 || d2 === 0 || d3 === 0) break;
    const g0 = c * d;
    const g1 = g0 + d;
    const g2 = g1 + d;
    const g3 = g2 + d;
    for (let j = 0; j < d; j++) {
      const v = z[base + j];
      gradT[g0 + j] += d0 * v;
      gradT[g1 + j] += d1 * v;
      gradT[g2 + j] += d2 * v;
      gradT[g3 + j] += d3 * v;
    }
  }
  for (; c + 1 < classes; c += 2) {
    const d0 = delta[c];
    const d1 = delta[c + 1];
    const g0 = c * d;
    const g1 = g0 + d;
    if (d0 !== 0 && d1 !== 0) {
      for (let j = 0; j < d; j++) {
        const v = z[base + j];
        gradT[g0 + j] += d0 * v;
        gradT[g1 + j] += d1 * v;
      }
    } else if (d0 !== 0) {
      for (let j = 0; j < d; j++) gradT[g0 + j] += d0 * z[base + j];
    } else if (d1 !== 0) {
      for (let j = 0; j < d; j++) gradT[g1 + j] += d1 * z[base + j];
    }
  }
  if (c < classes && delta[c] !== 0) {
    const d0 = delta[c];
    const g0 = c * d;
    for (let j = 0; j < d; j++) gradT[g0 + j] += d0 * z[base + j];
  }
}

/** The model's weights class-major (wT[c·d + j] = weights[j·classes + c]), for softmaxRowBlocked. */
function classMajor(model: SoftmaxModel): Float64Array {
  const { features: d, classes } = model;
  const wT = new Float64Array(d * classes);
  for (let j = 0; j < d; j++) for (let c = 0; c < classes; c++) wT[c * d + j] = model.weights[j * classes + c];
  return wT;
}

/**
 * Class probabilities of the given rows, `proba[r][c]`. `column` optionally replaces the values of
 * some columns (used for permutation importance): `column(rowIndex, j)` returns the value to use.
 * @example predictSoftmax(model, x, [4, 5])[0] // [0.2, 0.8]
 */
export function predictSoftmax(
  model: SoftmaxModel,
  x: readonly (readonly number[])[],
  rows: readonly number[],
  column?: (position: number, j: number) => number | undefined,
): number[][] {
  const d = model.features;
  const z = new Float64Array(d);
  const p = new Float64Array(model.classes);
  const wT = classMajor(model);
  return rows.map((i, position) => {
    for (let j = 0; j < d; j++) {
      const value = column?.(position, j) ?? x[i][j];
      z[j] = (value - model.mean[j]) / model.std[j];
    }
    softmaxRowBlocked(z, 0, d, wT, model.bias, model.classes, p);
    return Array.from(p);
  });
}

/**
 * Class probabilities with some columns permuted, for permutation importance: for the row at
 * `position`, the columns in `columns` take row `donor[position]`'s values, the others the row's
 * own. The same numbers as `predictSoftmax` with the equivalent `column` callback, without a call per value.
 * @example predictSoftmaxPermuted(model, x, test, [2], shuffled(test, rng))
 */
export function predictSoftmaxPermuted(
  model: SoftmaxModel,
  x: readonly (readonly number[])[],
  rows: readonly number[],
  columns: readonly number[],
  donor: readonly number[],
): number[][] {
  const d = model.features;
  const z = new Float64Array(d);
  const p = new Float64Array(model.classes);
  const permuted = new Uint8Array(d);
  for (const j of columns) permuted[j] = 1;
  const wT = classMajor(model);
  return rows.map((i, position) => {
    const own = x[i];
    const other = x[donor[position]];
    for (let j = 0; j < d; j++) z[j] = ((permuted[j] ? other[j] : own[j]) - model.mean[j]) / model.std[j];
    softmaxRowBlocked(z, 0, d, wT, model.bias, model.classes, p);
    return Array.from(p);
  });
}
