import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard } from '../../lib/fairness/card';
import { groupAttribute } from '../../lib/fairness/grouping';
import { createRng } from '../../lib/random/rng';

const opts = { ageBins: [25, 35, 45, 55, 65], bins: {}, asOfYear: 2024, minCellSize: 50 };

/**
 * A churn-style table (seeded): 6000 customers in 3 segments; SeniorCitizen is 0/1 with 16.2% seniors
 * overall but 3.4% of segment 2 (ratio 0.21); Geography has Germany at 25% but absent from segment 3.
 */
function churnLike() {
  const rng = createRng(11);
  const labels: number[] = [];
  const senior: number[] = [];
  const geo: string[] = [];
  const sizes = [2000, 2000, 2000];
  // Seniors: 2000 × 3.4% = 68 in segment 2 (index 1); 972 in total (16.2%): 452 in segments 1 and 3.
  const seniorsIn = [452, 68, 452];
  // Germany: 1500 in total (25%), none in segment 3.
  const germansIn = [800, 700, 0];
  sizes.forEach((size, s) => {
    for (let i = 0; i < size; i++) {
      labels.push(s);
      senior.push(i < seniorsIn[s] ? 1 : 0);
      geo.push(i >= size - germansIn[s] ? 'Germany' : rng.next() < 0.5 ? 'France' : 'Spain');
    }
  });
  return { labels, senior, geo };
}

test('a 0/1 protected attribute gives two groups, not one "<25" bin, and its 0.21 ratio fails', () => {
  const d = churnLike();
  const card = fairnessCard({ labels: d.labels, k: 3, protected: { SeniorCitizen: { kind: 'numeric', values: d.senior } } }, createRng(1));
  const groups = card.groups.find((g) => g.attribute === 'SeniorCitizen');
  assert.deepEqual(groups?.groups.map((g) => g.group), ['0', '1']);
  assert.match(String(groups?.grouping), /0\/1 flag/);
  const check = card.checks.find((c) => c.id === 'representation:SeniorCitizen');
  assert.equal(check?.verdict, 'fail');
  assert.ok(Math.abs((check?.value as number) - 0.034 / 0.162) < 0.002, String(check?.value));
  assert.match(String(check?.sentence), /segment 2 at 0\.21 times/);
});

test('a group absent from a segment fails representation, with a sentence saying so', () => {
  const d = churnLike();
  const card = fairnessCard({ labels: d.labels, k: 3, protected: { Geography: { kind: 'text', values: d.geo } } }, createRng(1));
  const cell = card.representation.attributes[0].cells.find((c) => c.segment === 2 && c.group === 'Germany');
  assert.deepEqual([cell?.count, cell?.ratio, cell?.verdict], [0, 0, 'flag']);
  const check = card.checks.find((c) => c.id === 'representation:Geography');
  assert.equal(check?.verdict, 'fail');
  assert.match(String(check?.sentence), /"Germany" of "Geography" is absent from segment 3 \(0 customers\) although it is 25\.0% of all customers/);
});

test('birth years become ages at the as-of date; other numbers are cut on their own range; bins per attribute win', () => {
  const years = Array.from({ length: 400 }, (_, i) => 1940 + (i % 60));
  const g = groupAttribute('birth_year', { kind: 'numeric', values: years }, opts);
  assert.match(g.grouping, /birth year turned into age in 2024 \(2024 − birth year\)/);
  assert.equal(new Set(g.values).size, 5); // ages 25..84: every age bin but "<25"
  assert.equal(g.values[0], '65+'); // born 1940: 84 at 2024
  const income = Array.from({ length: 400 }, (_, i) => 20000 + i * 250);
  const inc = groupAttribute('income', { kind: 'numeric', values: income }, opts);
  assert.match(inc.grouping, /own quartiles/);
  assert.equal(new Set(inc.values).size, 4);
  const custom = groupAttribute('income', { kind: 'numeric', values: income }, { ...opts, bins: { income: [50000] } });
  assert.deepEqual([...new Set(custom.values)], ['<50000', '50000+']);
  const age = groupAttribute('age', { kind: 'numeric', values: [19, 30, 70] }, { ...opts, minCellSize: 1 });
  assert.deepEqual(age.values, ['<25', '25-34', '65+']);
});

test('many small groups are merged and named "other"; an attribute with one group is not assessable, never a pass', () => {
  const values = [...Array(300).fill('A'), ...Array(200).fill('B'), ...Array(20).fill('C'), ...Array(30).fill('D')];
  const g = groupAttribute('region', { kind: 'text', values }, opts);
  assert.deepEqual([...new Set(g.values)], ['A', 'B', 'other']);
  assert.match(g.grouping, /2 groups with fewer than 50 customers merged into "other" \(C, D\)/);
  const labels = values.map((_, i) => i % 2);
  const card = fairnessCard({ labels, k: 2, protected: { country: { kind: 'text', values: values.map(() => 'NL') } } }, createRng(1));
  const check = card.checks.find((c) => c.id === 'representation:country');
  assert.equal(check?.verdict, 'warn');
  assert.equal(check?.value, null);
  assert.match(String(check?.sentence), /not assessable: only one group \("NL"\)/);
  assert.notEqual(card.summary.verdict, 'pass');
});
