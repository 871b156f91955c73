import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balancedAccuracy, correlationRatio, featureFamily, proxyClassifier, rocAuc } from '../../lib/fairness/proxy';
import { fitSoftmax, predictSoftmax } from '../../lib/fairness/logistic';
import { codeGroups } from '../../lib/fairness/groups';
import { createRng } from '../../lib/random/rng';

test('balanced accuracy, ROC AUC and correlation ratio by hand', () => {
  // Class 0: 1 of 2 right (0.5); class 1: 2 of 2 (1) -> 0.75.
  assert.equal(balancedAccuracy([0, 0, 1, 1], [0, 1, 1, 1], 2), 0.75);
  // Positives score 0.35 and 0.8, negatives 0.1 and 0.4: 3 of the 4 pairs are ordered right -> 0.75.
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  // A tie between a positive and a negative counts half: (1 + 0.5) / 2.
  assert.equal(rocAuc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1]), 0.875);
  // Group means 1 and 5 around 3 with no spread inside groups: η = 1; a constant column: 0.
  assert.equal(correlationRatio([1, 1, 5, 5], [0, 0, 1, 1], 2), 1);
  assert.equal(correlationRatio([2, 2, 2, 2], [0, 0, 1, 1], 2), 0);
  // Between SS = 2·(1.5−2.5)² + 2·(3.5−2.5)² = 4; total SS = 2.25+0.25+0.25+2.25 = 5 -> η = sqrt(0.8).
  assert.ok(Math.abs(correlationRatio([1, 2, 3, 4], [0, 0, 1, 1], 2) - Math.sqrt(0.8)) < 1e-12);
  assert.equal(featureFamily('relationship=Husband'), 'relationship');
  assert.equal(featureFamily('age'), 'age');
});

test('the logistic regression separates separable classes and never touches its input', () => {
  const x = Object.freeze([[-2], [-1], [1], [2]].map((r) => Object.freeze(r))) as readonly (readonly number[])[];
  const y = Int32Array.from([0, 0, 1, 1]);
  const model = fitSoftmax(x, y, 2, [0, 1, 2, 3], { iterations: 200 });
  const p = predictSoftmax(model, x, [0, 3]);
  assert.ok(p[0][0] > 0.9 && p[1][1] > 0.9, JSON.stringify(p));
  // Standardisation uses the training rows only: mean 0 of rows 0..3.
  assert.equal(model.mean[0], 0);
});

/** n customers; "signal" is group + noise, "noise" and the one-hot family "colour=..." are unrelated. */
function synthetic(n: number, seed: number) {
  const rng = createRng(seed);
  const group = Array.from({ length: n }, () => (rng.next() < 0.3 ? 'F' : 'M'));
  const names = ['signal', 'noise', 'colour=red', 'colour=blue'];
  const matrix = group.map((g) => {
    const red = rng.next() < 0.5 ? 1 : 0;
    return [(g === 'F' ? 1 : -1) + rng.normal() * 0.8, rng.normal(), red, 1 - red];
  });
  return { group, names, matrix };
}

test('the proxy classifier finds the leaking feature, is seeded, and passes on noise', () => {
  const { group, names, matrix } = synthetic(600, 7);
  const coding = codeGroups({ kind: 'text', values: group }, []);
  const r = proxyClassifier('sex', coding, { names, matrix }, createRng(3), { minGroupSize: 10 });
  assert.ok(r);
  assert.equal(r.folds, 5);
  assert.equal(r.chance, 0.5);
  // Signal of ±1 with noise sd 0.8: the Bayes balanced accuracy is Φ(1/0.8) ≈ 0.89.
  assert.ok(r.balancedAccuracy > 0.8, `balanced accuracy ${r.balancedAccuracy}`);
  assert.ok(r.auc !== null && r.auc > 0.9);
  assert.equal(r.features[0].feature, 'signal');
  assert.deepEqual(r.proxies, ['signal']);
  assert.deepEqual(r.features.map((f) => f.feature).sort(), ['colour', 'noise', 'signal']);
  assert.ok(r.features[0].correlation > 0.5);
  // Same seed, same numbers.
  assert.deepEqual(proxyClassifier('sex', coding, { names, matrix }, createRng(3), { minGroupSize: 10 }), r);

  const noiseOnly = { names: names.slice(1), matrix: matrix.map((row) => row.slice(1)) };
  const n = proxyClassifier('sex', coding, noiseOnly, createRng(3), { minGroupSize: 10 });
  assert.ok(n && n.lift < 0.1, `lift on noise ${n?.lift}`);
  assert.deepEqual(n.proxies, []);
});

test('the proxy classifier handles three groups (AUC null) and skips attributes with one assessable group', () => {
  const rng = createRng(11);
  const group = Array.from({ length: 300 }, (_, i) => ['A', 'B', 'C'][i % 3]);
  const matrix = group.map((g) => [g === 'A' ? 2 : g === 'B' ? 0 : -2, rng.normal()].map((v, j) => (j === 0 ? v + rng.normal() * 0.5 : v)));
  const r = proxyClassifier('g', codeGroups({ kind: 'text', values: group }, []), { names: ['x', 'z'], matrix }, createRng(1));
  assert.ok(r);
  assert.equal(r.auc, null);
  assert.ok(Math.abs(r.chance - 1 / 3) < 1e-12);
  assert.ok(r.balancedAccuracy > 0.8);
  const lonely = proxyClassifier('g', codeGroups({ kind: 'text', values: group.map((g, i) => (i < 5 ? 'tiny' : 'big')) }, []), { names: ['x', 'z'], matrix }, createRng(1), { minGroupSize: 10 });
  assert.equal(lonely, null);
});
