import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balanceMetrics } from '../../lib/fairness/balance';
import { cramersV, segmentAssociation } from '../../lib/fairness/association';
import { codeGroups, crossTab } from '../../lib/fairness/groups';
import { targetingParity } from '../../lib/fairness/targeting';

const close = (actual: number, expected: number, tol = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

// The toy used throughout: 10 customers, 5 F and 5 M.
//   segment 0 = 4 F + 1 M,  segment 1 = 1 F + 4 M
const sex = ['F', 'F', 'F', 'F', 'M', 'F', 'M', 'M', 'M', 'M'];
const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
const coding = codeGroups({ kind: 'text', values: sex }, []);
const table = crossTab(labels, coding.codes, 2, coding.groups.length);

test('groups are coded largest first (ties by name) and cross-tabulated', () => {
  assert.deepEqual(coding.groups, ['F', 'M']);
  assert.deepEqual(coding.counts, [5, 5]);
  assert.deepEqual(table, [[4, 1], [1, 4]]);
  const age = codeGroups({ kind: 'numeric', values: [20, 30, null, 31] }, [25]);
  assert.deepEqual(age.groups, ['25+', '(missing)', '<25']);
  assert.equal(age.grouping, 'binned at 25');
});

test('balance, proportional balance, TV, KL and entropy by hand', () => {
  const b = balanceMetrics('sex', table, coding.groups, 1);
  // Dataset: 5 F / 5 M -> 1. Segment 0: min(1/4, 4/1) = 0.25; segment 1 the same -> balance 0.25.
  assert.equal(b.datasetBalance, 1);
  assert.equal(b.balance, 0.25);
  assert.equal(b.balanceRatio, 0.25);
  // Proportional: p_F = 0.5; in segment 0 p_F,C = 0.8 (ratio 1.6 -> 0.625) and p_M,C = 0.2 (ratio 0.4) -> 0.4.
  close(b.proportionalBalance, 0.4);
  // P(segment | F) = [0.8, 0.2], P(segment | M) = [0.2, 0.8] -> TV = (0.6 + 0.6) / 2 = 0.6.
  close(b.totalVariation.value, 0.6);
  // KL(P(.|F) || P(.)) with P(.) = [0.5, 0.5]: 0.8 ln 1.6 + 0.2 ln 0.4 = 0.192745...
  close(b.klDivergence.value, 0.8 * Math.log(1.6) + 0.2 * Math.log(0.4));
  close(b.klDivergence.value, 0.19274475702175753, 1e-12);
  // Entropy of segment 0: -(0.8 ln 0.8 + 0.2 ln 0.2) = 0.500402 nats, against ln 2 = 0.693147.
  close(b.perSegment[0].entropy as number, 0.5004024235381879, 1e-12);
  close(b.perSegment[0].entropyRatio as number, 0.5004024235381879 / Math.LN2, 1e-12);
  close(b.populationEntropy, Math.LN2, 1e-12);
});

test('balance over more than two groups is the minimum over pairs: smallest count / largest count', () => {
  // One segment with A = 2, B = 4, C = 8: pairs 2/4, 2/8, 4/8 -> 0.25. Dataset the same -> ratio 1.
  const b = balanceMetrics('g', [[2, 4, 8]], ['A', 'B', 'C'], 1);
  assert.equal(b.balance, 0.25);
  assert.equal(b.balanceRatio, 1);
  assert.equal(b.proportionalBalance, 1);
});

test('per-segment values resting on a cell below minCellSize are suppressed; small groups are not assessed', () => {
  const b = balanceMetrics('sex', table, coding.groups, 2);
  // Each segment has a cell of 1 (< 2): balance and entropy are hidden, and no overall minimum may
  // rest on them (it would print 1/4 = a suppressed count over a published one).
  assert.deepEqual([b.perSegment[0].balance, b.perSegment[0].entropy], [null, null]);
  assert.deepEqual(b.suppressedSegments, [0, 1]);
  assert.ok(Number.isNaN(b.balance)); // written as null: no segment can be assessed
  // Larger cells: segment 1's 1 M is suppressed, and so is a second cell of its row and column (else 1 = 6 − 5).
  const bigger = balanceMetrics('sex', [[4, 4], [5, 1], [4, 6]], ['F', 'M'], 2);
  assert.ok((bigger.suppressedSegments?.length ?? 0) >= 2);
  assert.ok(bigger.balance !== 1 / 5);
  // A group of 1 customer (Z) is left out of every metric.
  const withTiny = balanceMetrics('g', [[4, 1, 1], [1, 4, 0]], ['F', 'M', 'Z'], 2);
  assert.deepEqual(withTiny.groups, ['F', 'M']);
});

test("Cramér's V and NMI by hand", () => {
  // Expected counts 2.5 in every cell: χ² = 4 · 1.5² / 2.5 = 3.6; V = sqrt(3.6 / (10 · 1)) = 0.6.
  const a = segmentAssociation('sex', labels, coding.codes, table);
  close(a.chiSquare, 3.6);
  close(a.cramersV, 0.6);
  // MI = 0.8 ln 1.6 + 0.2 ln 0.4 (as the KL above), both entropies ln 2 -> NMI = MI / ln 2 = 0.27807.
  close(a.nmi, (0.8 * Math.log(1.6) + 0.2 * Math.log(0.4)) / Math.LN2, 1e-12);
  // Independence and perfect association.
  assert.equal(cramersV([[5, 5], [5, 5]]).v, 0);
  close(cramersV([[7, 0, 0], [0, 3, 0], [0, 0, 4]]).v, 1);
  // An empty segment is ignored rather than dividing by zero.
  close(cramersV([[4, 1], [0, 0], [1, 4]]).v, 0.6);
});

test('targeting parity by hand: selection rates, parity difference/ratio, disparate impact, equal opportunity', () => {
  // 20 customers: F = 0..9, M = 10..19. Segment 1 is targeted and holds 2 F (rows 0, 1) and 6 M (rows 10..15).
  const g = [...Array(10).fill('F'), ...Array(10).fill('M')];
  const seg = g.map((_, i) => (i < 2 || (i >= 10 && i < 16) ? 1 : 0));
  // Converted: F rows 0, 2, 3, 4 (row 0 selected); M rows 10, 11, 12, 13, 16 (four selected). Row 19 unknown.
  const converted = new Set([0, 2, 3, 4, 10, 11, 12, 13, 16]);
  const outcomes = g.map((_, i) => (i === 19 ? null : converted.has(i)));
  const c = codeGroups({ kind: 'text', values: g }, []);
  const p = targetingParity('sex', c, seg, [1], 1, outcomes);
  const rate = (grp: string) => p.groups.find((x) => x.group === grp)!;
  // Selection rates 2/10 = 0.2 and 6/10 = 0.6: difference 0.4, ratio 1/3; reference M (highest) -> DI of F = 1/3.
  close(rate('F').selectionRate as number, 0.2);
  close(rate('M').selectionRate as number, 0.6);
  close(p.demographicParityDifference, 0.4);
  close(p.demographicParityRatio, 1 / 3);
  assert.equal(p.reference, 'M');
  assert.equal(p.disparateImpact.length, 1);
  close(p.disparateImpact[0].ratio, 1 / 3);
  // Conversion among the targeted: F 1 of 2 = 0.5, M 4 of 6. True-positive rates: F 1 of 4 converted selected = 0.25, M 4 of 5 = 0.8.
  close(rate('F').conversionRate as number, 0.5);
  close(rate('M').conversionRate as number, 4 / 6);
  close(rate('F').truePositiveRate as number, 0.25);
  close(rate('M').truePositiveRate as number, 0.8);
  close(p.equalOpportunityGap as number, 0.55);
  // An explicit reference group flips the ratio.
  close(targetingParity('sex', c, seg, [1], 1, undefined, 'F').disparateImpact[0].ratio, 3);
  // With k-anonymity 5, the 2 selected women are a cell below the threshold: hidden, while the summary stays.
  const strict = targetingParity('sex', c, seg, [1], 5, outcomes);
  const f = strict.groups.find((x) => x.group === 'F')!;
  assert.deepEqual([f.size, f.selected, f.selectionRate, f.conversionRate, f.truePositiveRate], [10, null, null, null, null]);
  close(strict.demographicParityDifference, 0.4);
});
