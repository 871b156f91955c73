import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitSoftmax, predictSoftmax, predictSoftmaxPermuted } from '../../lib/fairness/logistic';
import { createRng, shuffled } from '../../lib/random/rng';

/** fitSoftmax as it was before the class-major loops (issue 15): the reference the fast loops must equal bit for bit. */
function referenceFit(x: number[][], y: Int32Array, classes: number, rows: number[], iterations = 150, lr = 0.1, l2 = 1e-3) {
  const d = x[0].length;
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
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    for (let r = 0; r < n; r++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let s = b[c];
        for (let j = 0; j < d; j++) s += z[r * d + j] * w[j * classes + c];
        p[c] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let c = 0; c < classes; c++) total += p[c] = Math.exp(p[c] - max);
      for (let c = 0; c < classes; c++) p[c] /= total;
      const target = y[rows[r]];
      const sw = sampleWeight[r] / n;
      for (let c = 0; c < classes; c++) {
        const delta = (p[c] - (c === target ? 1 : 0)) * sw;
        if (delta === 0) continue;
        for (let j = 0; j < d; j++) grad[j * classes + c] += delta * z[r * d + j];
        grad[d * classes + c] += delta;
      }
    }
    for (let q = 0; q < d * classes; q++) grad[q] += l2 * w[q];
    const c1 = 1 - 0.9 ** t;
    const c2 = 1 - 0.999 ** t;
    for (let q = 0; q < params; q++) {
      m1[q] = 0.9 * m1[q] + (1 - 0.9) * grad[q];
      m2[q] = 0.999 * m2[q] + (1 - 0.999) * grad[q] * grad[q];
      const step = (lr * (m1[q] / c1)) / (Math.sqrt(m2[q] / c2) + 1e-8);
      if (q < d * classes) w[q] -= step;
      else b[q - d * classes] -= step;
    }
  }
  return { classes, features: d, mean, std, weights: Array.from(w), bias: Array.from(b) };
}

/** Mixed columns: a signal for the class, skewed money, a 0/1 flag, a constant, noise. */
function data(n: number, classes: number, seed: number) {
  const rng = createRng(seed);
  const y = new Int32Array(n);
  const x: number[][] = [];
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.6 ? 0 : 1 + rng.int(classes - 1);
    x.push([y[i] * 0.4 + rng.normal(), Math.exp(2 + rng.normal()), rng.next() < 0.2 ? 1 : 0, 5, rng.normal(), y[i] === 1 ? rng.normal() + 1 : rng.normal()]);
  }
  return { x, y };
}

describe('fitSoftmax with class-major loops', () => {
  // 2..9 classes: every mix of the four-, two- and one-class blocks of the loops.
  for (const classes of [2, 3, 5, 7, 8, 9]) {
    it(`gives the same model as the row-major loops bit for bit (${classes} classes)`, () => {
      const { x, y } = data(1500, classes, classes);
      const rows = Array.from({ length: 1500 }, (_, i) => i).filter((i) => i % 5 !== 1);
      const got = fitSoftmax(x, y, classes, rows, { iterations: 40 });
      assert.deepStrictEqual(got, referenceFit(x, y, classes, rows, 40));
      assert.ok(got.weights.some((w) => Math.abs(w) > 1e-3), 'the model learned something');
    });
  }
});

/** The row-major prediction (weights[j·classes + c]) of the earlier code: the reference for predictSoftmax. */
function referencePredict(model: ReturnType<typeof fitSoftmax>, x: number[][], rows: number[]): number[][] {
  const { features: d, classes } = model;
  return rows.map((i) => {
    const z = x[i].map((v, j) => (v - model.mean[j]) / model.std[j]);
    const out = new Array<number>(classes);
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = model.bias[c];
      for (let j = 0; j < d; j++) s += z[j] * model.weights[j * classes + c];
      out[c] = s;
      if (s > max) max = s;
    }
    let total = 0;
    for (let c = 0; c < classes; c++) {
      out[c] = Math.exp(out[c] - max);
      total += out[c];
    }
    return out.map((v) => v / total);
  });
}

describe('predictSoftmax with class-major weights', () => {
  for (const classes of [2, 5, 7]) {
    it(`gives the row-major probabilities bit for bit (${classes} classes)`, () => {
      const { x, y } = data(600, classes, 20 + classes);
      const rows = Array.from({ length: 600 }, (_, i) => i);
      const model = fitSoftmax(x, y, classes, rows.filter((i) => i % 3 !== 0), { iterations: 30 });
      const test = rows.filter((i) => i % 3 === 0);
      assert.deepStrictEqual(predictSoftmax(model, x, test), referencePredict(model, x, test));
    });
  }
});

describe('predictSoftmaxPermuted', () => {
  it('equals predictSoftmax with the column callback', () => {
    const { x, y } = data(400, 3, 9);
    const rows = Array.from({ length: 400 }, (_, i) => i);
    const model = fitSoftmax(x, y, 3, rows, { iterations: 20 });
    const test = rows.filter((i) => i % 4 === 0);
    const donor = shuffled(test, createRng(2));
    for (const columns of [[0], [1, 2], [5]]) {
      const set = new Set(columns);
      const want = predictSoftmax(model, x, test, (position, j) => (set.has(j) ? x[donor[position]][j] : undefined));
      assert.deepStrictEqual(predictSoftmaxPermuted(model, x, test, columns, donor), want);
      assert.notDeepStrictEqual(want, predictSoftmax(model, x, test), 'permuting changes the probabilities');
    }
  });
});
