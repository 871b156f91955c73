import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeglabError, msg } from '../../lib/errors/messages';
import { describePersonas, featureLabel, rfmPersonaName, segmentTraits, traitWords } from '../../lib/profile/personas';
import { spendEvidence } from '../../lib/profile/lifecycle';
import { featureDistributions } from '../../lib/profile/distributions';
import type { SegmentProfile } from '../../lib/profile/types';
import { profileFromZ } from './fixtures';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const profile = (segment: number, size: number, n: number, z: [string, number][]): SegmentProfile => profileFromZ(segment, size, n, z);

const N = 1000;
/**
 * Four segments on recency_days, frequency, monetary, tenure_days, income:
 *   S1 (400): average, slightly high income      -> no RFM rule; income 0.3 < 0.5 -> "Need attention"
 *   S2 (250): recent (recency −0.6), F 0.8, M 1.0 -> Champions
 *   S3 (200): recency +0.9, F −0.6, M −0.4        -> Lost (R = −0.9 <= −0.75, F, M <= 0)
 *   S4 (150): recency +0.5, F −0.3, M −0.1, income −0.8 -> Hibernating (R = −0.5, F <= 0)
 */
function fixture(): SegmentProfile[] {
  const f = ['recency_days', 'frequency', 'monetary', 'tenure_days', 'income'];
  const z = [
    [0.1, 0.05, -0.1, 0.0, 0.3],
    [-0.6, 0.8, 1.0, 0.4, 0.2],
    [0.9, -0.6, -0.4, -0.2, -0.1],
    [0.5, -0.3, -0.1, 0.1, -0.8],
  ];
  return [400, 250, 200, 150].map((size, s) => profile(s, size, N, f.map((name, j): [string, number] => [name, z[s][j]])));
}

test('trait ranking by the standardised difference vs the rest, checked by hand', () => {
  // S2: share 0.25, so effect = zMean / 0.75: monetary 1.333, frequency 1.067, recency −0.8, tenure 0.533, income 0.267.
  const traits = segmentTraits(fixture()[1]);
  assert.deepEqual(traits.map((t) => t.feature), ['monetary', 'frequency', 'recency_days', 'tenure_days', 'income']);
  assert.ok(Math.abs(traits[0].effect - 1.0 / 0.75) < 1e-12);
  assert.ok(Math.abs(traits[2].effect - -0.6 / 0.75) < 1e-12);
  assert.equal(traits[2].phrase, 'bought recently');
  // Below the minimum effect (0.2): S1's frequency (0.05 / 0.6 = 0.083) is not a trait, income (0.5) is.
  assert.deepEqual(segmentTraits(fixture()[0]).map((t) => t.feature), ['income']);
});

test('classic RFM names from the z-score rules, and a generated persona', () => {
  const { profiles, warnings } = describePersonas(deepFreeze(fixture()));
  assert.deepEqual(warnings, []);
  assert.deepEqual(profiles.map((p) => p.persona?.name), ['Need attention', 'Champions', 'Lost', 'Hibernating']);
  const champions = profiles[1].persona;
  assert.ok(champions);
  assert.equal(champions.nameSource, 'rfm');
  assert.deepEqual(champions.positive.map((t) => t.feature), ['monetary', 'frequency', 'tenure_days']);
  assert.deepEqual(champions.negative.map((t) => t.feature), ['recency_days']);
  assert.equal(champions.tagline, 'High-spend, frequent, recent, long-standing');
  assert.match(champions.summary, /^Champions: 250 customers \(25\.0% of all\), holding 25\.0% of total spend\. Compared with the other customers they spend a lot \(total spend: 110 on average, \+1\.33 SD vs the rest\)/);
  assert.equal(rfmPersonaName({ R: -0.5, F: 0.6, M: 0.1, T: null, D: null }), 'At risk');
  assert.equal(rfmPersonaName({ R: 0.5, F: -0.1, M: 0.1, T: -0.9, D: null }), 'New customers');
  assert.equal(rfmPersonaName({ R: 0, F: -0.3, M: -0.2, T: null, D: 0.9 }), 'Bargain hunters');
  assert.equal(rfmPersonaName({ R: 0, F: 0.1, M: 0.9, T: null, D: null }), 'Big spenders');
  assert.equal(rfmPersonaName({ R: null, F: null, M: null, T: null, D: null }), null);
});

test('deterministic, and the input is not changed', () => {
  const input = deepFreeze(fixture());
  const a = describePersonas(input, { minCellSize: 10 });
  const b = describePersonas(input, { minCellSize: 10 });
  assert.deepEqual(a, b);
  assert.notEqual(a.profiles[0], input[0]);
  assert.equal(input[0].persona, undefined);
});

test('names are unique: a repeated name gets a distinguishing trait, then the segment number', () => {
  const f = ['recency_days', 'frequency', 'monetary', 'income'];
  const twins = [
    profile(0, 300, 900, f.map((name, j): [string, number] => [name, [-0.6, 0.8, 1.0, 0.9][j]])),
    profile(1, 300, 900, f.map((name, j): [string, number] => [name, [-0.6, 0.8, 1.0, -0.9][j]])),
    profile(2, 300, 900, f.map((name, j): [string, number] => [name, [-0.6, 0.8, 1.0, 0.0][j]])),
  ];
  const names = describePersonas(twins).profiles.map((p) => p.persona?.name);
  assert.deepEqual(names, ['Champions (high income)', 'Champions (low income)', 'Champions (segment 3)']);
  assert.equal(new Set(names).size, names.length);
});

test('user names override generated ones; errors and warnings use the message builders', () => {
  const { profiles, warnings } = describePersonas(fixture(), { names: { 2: 'Core fans', 9: 'Ghost' } });
  assert.deepEqual(profiles.map((p) => p.persona?.name), ['Need attention', 'Core fans', 'Lost', 'Hibernating']);
  assert.equal(profiles[1].persona?.nameSource, 'override');
  assert.deepEqual(warnings, [msg.personaNameUnknownSegment(9, 4)]);
  // A generated name equal to a given one is qualified instead.
  const clash = describePersonas(fixture(), { names: { 1: 'Champions' } }).profiles.map((p) => p.persona?.name);
  assert.equal(clash[0], 'Champions');
  assert.notEqual(clash[1], 'Champions');
  assert.throws(() => describePersonas(fixture(), { names: { 1: 'Same', 3: 'Same' } }), (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.personaNameDuplicate('Same', [1, 3])));
  assert.throws(() => describePersonas(fixture(), { names: { 2: '  ' } }), (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.personaNameEmpty(2)));
});

test('segments below the minimum cell size get no persona statistics', () => {
  const { profiles, warnings } = describePersonas(fixture(), { minCellSize: 160 });
  const small = profiles[3].persona;
  assert.ok(small);
  assert.equal(small.suppressed, true);
  assert.equal(small.name, 'Segment 4');
  assert.deepEqual([small.positive, small.negative, small.tagline], [[], [], '']);
  assert.doesNotMatch(small.summary, /\d+\.\d|150/);
  assert.deepEqual(warnings, [msg.personaSuppressed(4, 150, 160)]);
  assert.equal(profiles[1].persona?.suppressed, false);
});

test('featureDistributions: hand-checkable quantiles, small segments suppressed', () => {
  // Segment 0: frequency 1..20 (20 customers); segment 1: 5 customers.
  const names = ['frequency', 'income'];
  const raw = [...Array.from({ length: 20 }, (_, i) => [i + 1, 10]), ...Array.from({ length: 5 }, () => [3, 20])];
  const labels = [...Array<number>(20).fill(0), ...Array<number>(5).fill(1)];
  const d = featureDistributions(names, deepFreeze(raw), labels, 2, { minCellSize: 10 });
  assert.deepEqual(d.map((x) => [x.feature, x.segment]), [['frequency', 0], ['frequency', 1]], 'RFM features only by default');
  // Linear interpolation between order statistics (simple-statistics 7.12): q(p) = x[1 + p·(n − 1)], so q25 = 1 + 0.25·19 = 5.75.
  assert.equal(d[0].q25, 5.75);
  assert.equal(d[0].q95, 1 + 0.95 * 19);
  assert.equal(d[0].q50, 10.5);
  assert.equal(d[0].mean, 10.5);
  assert.deepEqual([d[1].q05, d[1].q50, d[1].mean, d[1].customers], [null, null, null, 5]);
  assert.throws(() => featureDistributions(names, raw.slice(1), labels, 2), (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.distributionsShape('the raw feature matrix', 24, 25)));
});

test('readable labels: features.labels first, then humanised names; one-hot levels read as words, never "rarely X Yes"', () => {
  assert.equal(featureLabel('recency_days'), 'days since last purchase');
  assert.equal(featureLabel('MonthlyCharges'), 'monthly charges');
  assert.equal(featureLabel('tenure_months', { tenure_months: 'months as a customer' }), 'months as a customer');
  assert.equal(traitWords('PhoneService=Yes').highAdj, 'with phone service');
  assert.equal(traitWords('PhoneService=No').highAdj, 'without phone service');
  assert.equal(traitWords('zip_code=Suburban').highAdj, 'Suburban zip code');
  assert.equal(traitWords('InternetService=Fiber optic', { InternetService: 'internet' }).highAdj, 'Fiber optic internet');
});

test('without a value measure (no order lines) no persona speaks of value, and names come from readable traits', () => {
  const N = 1000;
  const rows: [string, number][][] = [
    [['MonthlyCharges', 1.1], ['PhoneService=Yes', 0.9], ['PhoneService=No', -0.9], ['SeniorCitizen', 0.1]],
    [['MonthlyCharges', -0.9], ['PhoneService=Yes', -0.7], ['PhoneService=No', 0.7], ['SeniorCitizen', -0.1]],
  ];
  const profiles = [600, 400].map((size, s) => ({ ...profile(s, size, N, rows[s]), valueShare: 0 }));
  const named = describePersonas(deepFreeze(profiles), { evidence: spendEvidence(profiles) }).profiles;
  for (const p of named) {
    assert.doesNotMatch(p.persona?.summary ?? '', /total (value|spend)/);
    assert.doesNotMatch(p.persona?.name ?? '', /=|_|rarely|PhoneService/);
    assert.equal(p.persona?.lifecycle?.lifecycle, null, 'no lifecycle word without purchase behaviour');
  }
  assert.equal(named[0].persona?.name, 'High monthly charges, with phone service customers');
  assert.equal(named[1].persona?.name, 'Low monthly charges, without phone service customers');
});

test('a feature and its RFM score that say the same thing give each word and phrase once (Online Retail: "Frequent, frequent, high-spend, high-spend")', () => {
  // As on UCI Online Retail: frequency and f_score, monetary and m_score move together.
  const f = ['frequency', 'f_score', 'monetary', 'm_score', 'recency_days', 'tenure_days'];
  const z = [
    [1.2, 1.3, 1.1, 1.15, -0.8, 0.6],
    [-0.4, -0.45, -0.35, -0.4, 0.3, -0.2],
    [-0.3, -0.3, -0.3, -0.3, 0.2, -0.1],
  ];
  const { profiles } = describePersonas(deepFreeze([300, 400, 300].map((size, s) => profile(s, size, N, f.map((name, j): [string, number] => [name, z[s][j]])))));
  const first = profiles[0].persona;
  assert.ok(first);
  // Both features of a pair are traits (the evidence lists both), but the words are said once.
  assert.ok(first.positive.some((t) => t.feature === 'frequency') && first.positive.some((t) => t.feature === 'f_score'));
  const words = first.tagline.toLowerCase().split(', ');
  assert.equal(new Set(words).size, words.length, first.tagline);
  assert.ok(words.length >= 3, first.tagline);
  const phrases = first.portrait.replace(/^Compared with the other customers they /, '').replace(/\.$/, '').split(/, | and /);
  assert.equal(new Set(phrases).size, phrases.length, first.portrait);
  assert.equal(first.portrait.match(/buy often/g)?.length, 1, first.portrait);
  assert.equal(first.summary.match(/buy often/g)?.length, 2, 'the evidence still names both features');
});

test('IBM Telco churn wording: a negated level stays quoted after its column, no article before a plural label, 0/1 evidence as a share of the segment', () => {
  assert.equal(traitWords('OnlineSecurity=No internet service').highAdj, 'online security "No internet service"');
  assert.equal(traitWords('OnlineSecurity=No internet service').high, 'are more often online security "No internet service"');
  assert.equal(traitWords('Contract=Month-to-month').highAdj, 'Month-to-month contract');
  assert.equal(traitWords('Note=Nothing special').highAdj, 'Nothing special note', 'a word that only starts with "no" is no negation');
  assert.equal(traitWords('TotalCharges').high, 'have high total charges');
  assert.equal(traitWords('tenure').low, 'have low tenure');
  // A one-hot level and a 0/1 column: the segment mean is a share (flag), said as a percentage.
  const n = 1000;
  const flagged = (segment: number, size: number, share: number, z: number): SegmentProfile => ({
    ...profileFromZ(segment, size, n, [['InternetService=DSL', z], ['tenure', z]]),
    features: [
      { feature: 'InternetService=DSL', mean: share, median: share > 0.5 ? 1 : 0, zMean: z, flag: true },
      { feature: 'tenure', mean: 30 + 20 * z, median: 30 + 20 * z, zMean: z },
    ],
  });
  const { profiles } = describePersonas([flagged(0, 600, 0.1, -0.6), flagged(1, 400, 1, 0.9)], { minCellSize: 10 });
  const summary = profiles[1].persona?.summary ?? '';
  assert.match(summary, /are more often DSL internet service \(internet service: DSL: 100\.0% of the segment, \+[\d.]+ SD vs the rest\)/, summary);
  assert.match(summary, /have high tenure \(tenure: 48 on average/, summary);
  assert.doesNotMatch(summary, /DSL: 1 on average/);
});
