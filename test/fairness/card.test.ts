import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard, withPiiScan, DEFAULT_CARD_CONFIG } from '../../lib/fairness/card';
import { scanForPii } from '../../lib/fairness/privacy';
import { msg, SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import type { FairnessCard } from '../../lib/fairness/types';

/**
 * 400 customers in 2 segments: segment 0 = 150 F + 50 M, segment 1 = 50 F + 150 M (sex leaks),
 * plus 6 "X" customers (below k = 50) spread over both. Feature "signal" follows sex; "noise" does not.
 */
function toy() {
  const rng = createRng(5);
  const sex: string[] = [];
  const labels: number[] = [];
  const push = (g: string, s: number, n: number) => {
    for (let i = 0; i < n; i++) {
      sex.push(g);
      labels.push(s);
    }
  };
  push('F', 0, 150);
  push('M', 0, 50);
  push('F', 1, 50);
  push('M', 1, 150);
  push('X', 0, 3);
  push('X', 1, 3);
  const matrix = sex.map((g, i) => [labels[i] * 2 + rng.normal() * 0.3, (g === 'F' ? 1 : -1) + rng.normal() * 0.5, rng.normal()]);
  return { sex, labels, matrix, names: ['spend', 'signal', 'noise'] };
}

function input() {
  const t = toy();
  return {
    labels: t.labels,
    k: 2,
    protected: { sex: { kind: 'text' as const, values: t.sex } },
    features: { names: t.names, matrix: t.matrix },
    points: t.matrix.map((r) => [r[0]]),
    targeting: { segments: [0] },
    privacy: { consent: { total: 450, excluded: 44 }, exported: { rows: t.labels.map((s) => ({ segment: s })), quasiIdentifiers: ['segment'] } },
    model: { sources: [{ role: 'customers', file: 'customers.csv', rows: 406 }], featuresUsed: t.names, excluded: [{ column: 'sex', reason: 'protected' }, { column: 'email', reason: 'pii' }] },
  };
}

/** Every count-like number in the card (count, size, selected) is >= k or null. */
function smallCells(value: unknown, k: number, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => smallCells(v, k, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      ['count', 'size', 'selected'].includes(key) && typeof v === 'number' && v < k ? [`${path}.${key}=${v}`] : smallCells(v, k, `${path}.${key}`),
    );
  }
  return [];
}

test('the card: verdict summary first, every check with value, threshold, verdict and sentence', () => {
  const card = fairnessCard(input(), createRng(42));
  assert.deepEqual(Object.keys(card).slice(0, 2), ['summary', 'checks']);
  assert.equal(card.summary.verdict, 'fail');
  assert.equal(card.summary.pass + card.summary.warn + card.summary.fail, card.checks.length);
  for (const c of card.checks) {
    assert.ok(['pass', 'warn', 'fail'].includes(c.verdict));
    assert.ok(c.threshold.length > 0 && c.sentence.length > 20, c.id);
  }
  const check = (id: string) => card.checks.find((c) => c.id === id)!;
  // Segment 0: F share 150/203 vs population 200/406 -> ratio 1.50 (outside 0.8–1.25, inside 0.5–2: warn).
  assert.equal(check('representation:sex').verdict, 'warn');
  // Proportional balance: M in segment 0 at (50/203) / (200/406) = 0.5 -> warn (0.5 is not below 0.5).
  assert.ok(Math.abs((check('proportional-balance:sex').value as number) - 0.5) < 1e-12);
  assert.equal(check('proportional-balance:sex').verdict, 'warn');
  // The 6 "X" (a lone group below 50, which subtraction would give away) join the smaller large group
  // (F and M tie at 200; F comes first): "F + other (X)" = 206. Balance: least mixed segment 50/153 against 200/206 overall -> 0.337 -> fail (< 0.5).
  assert.ok(Math.abs((check('balance:sex').value as number) - 50 / 153 / (200 / 206)) < 1e-12);
  assert.equal(check('balance:sex').verdict, 'fail');
  // Cramér's V over F/M (and the 6 X) is about 0.5 -> fail.
  assert.equal(check('cramers-v:sex').verdict, 'fail');
  // The features predict sex: "signal" is named.
  assert.equal(check('proxy-classifier:sex').verdict, 'fail');
  assert.equal(card.proxyClassifier[0].proxies[0], 'signal');
  assert.match(check('proxy-classifier:sex').sentence, /"signal"/);
  // Targeting segment 0: "F + other (X)" rate 153/206, M 50/200 = 0.25 -> DI 0.25 / (153/206) -> fail; difference about 0.5 -> fail.
  assert.ok(Math.abs((check('disparate-impact:sex').value as number) - 0.25 / (153 / 206)) < 1e-12);
  assert.equal(check('disparate-impact:sex').verdict, 'fail');
  assert.equal(check('demographic-parity:sex').verdict, 'fail');
  assert.equal(check('consent').value, 44);
  assert.equal(check('quasi-identifiers').verdict, 'pass');
  // The mitigation moved customers into the band and says what it cost.
  const m = card.mitigation[0];
  assert.equal(m.method, 'fair-assignment');
  assert.equal(m.withinBounds, true);
  assert.ok(m.after.proportionalBalance >= 0.8 - 1e-12 && m.before.proportionalBalance < 0.8);
  assert.ok(m.after.inertia > m.before.inertia);
  // The data & model card.
  assert.deepEqual(card.card.featuresExcluded.map((e) => e.feature), ['sex', 'email']);
  assert.deepEqual(card.card.protectedAttributesChecked, ['sex']);
  assert.equal(card.card.thresholds.minCellSize, 50);
});

test('nothing below the k-anonymity threshold is reported, and the card is plain JSON', () => {
  const card = fairnessCard(input(), createRng(42));
  assert.deepEqual(JSON.parse(JSON.stringify(card)), card);
  assert.deepEqual(smallCells(card, DEFAULT_CARD_CONFIG.minCellSize), []);
  // The 6 "X" customers are merged with "M" under a name that says so; their number is never given.
  assert.ok(!card.representation.attributes[0].groups.some((g) => g.group === 'X'));
  assert.deepEqual(card.groups[0].groups.map((g) => g.group).sort(), ['F + other (X)', 'M']);
  assert.match(card.groups[0].grouping, /"X" \(fewer than 50 customers\) merged with "F"/);
  void msg;
  assert.ok(!JSON.stringify(card).includes('"count":6') && !JSON.stringify(card).includes('"count":3'));
});

test('the card is seeded and does not modify its inputs', () => {
  const frozen = input();
  Object.freeze(frozen.labels);
  frozen.features.matrix.forEach((r) => Object.freeze(r));
  const a = fairnessCard(frozen, createRng(42));
  const b = fairnessCard(input(), createRng(42));
  assert.deepEqual(a, b);
});

test('the PII scan of the written outputs is added afterwards and fails the card on a hit', () => {
  const card = fairnessCard({ ...input(), features: undefined, targeting: undefined }, createRng(1));
  assert.ok(card.skipped.some((s) => s.check === 'PII scan of outputs'));
  const clean = withPiiScan(card, scanForPii({ 'fairness.json': JSON.stringify(card) }, ['anna@example.com']));
  assert.equal(clean.checks.find((c) => c.id === 'pii-scan')?.verdict, 'pass');
  const leaked = withPiiScan(card, scanForPii({ 'segments.csv': 'id\nanna@example.com' }, ['anna@example.com']));
  assert.equal(leaked.checks.find((c) => c.id === 'pii-scan')?.verdict, 'fail');
  assert.equal(leaked.summary.verdict, 'fail');
  assert.ok(!leaked.skipped.some((s) => s.check === 'PII scan of outputs'));
});

test('inputs that do not line up are refused with a message naming the fix', () => {
  const bad = { ...input(), protected: { sex: { kind: 'text' as const, values: ['F'] } } };
  assert.throws(() => fairnessCard(bad, createRng(1)), new SeglabError('fairness', msg.fairnessLengthMismatch('protected attribute "sex"', 1, 406)));
  assert.throws(() => fairnessCard({ ...input(), targeting: { segments: [2] } }, createRng(1)), new SeglabError('fairness', msg.fairnessTargetOutOfRange([2], 2)));
  assert.throws(() => fairnessCard({ ...input(), k: 1 }, createRng(1)), new SeglabError('fairness', msg.fairnessLabelOutOfRange(200, 1, 1)));
});

test('a fair segmentation passes its fairness checks', () => {
  const sex = Array.from({ length: 400 }, (_, i) => (i % 2 ? 'F' : 'M'));
  const labels = sex.map((_, i) => (i < 200 ? 0 : 1));
  const card: FairnessCard = fairnessCard({ labels, k: 2, protected: { sex: { kind: 'text', values: sex } }, targeting: { segments: [1] } }, createRng(1));
  assert.equal(card.summary.verdict, 'pass', card.summary.headline);
  assert.equal(card.summary.headline, `All ${card.checks.length} checks pass.`);
});
