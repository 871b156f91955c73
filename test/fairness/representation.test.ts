import { test } from 'node:test';
import assert from 'node:assert/strict';
import { representation, binLabel } from '../../lib/fairness/representation';

const cfg = { protected: ['gender'], lower: 0.8, upper: 1.25, numericBins: [25, 35, 45], minCellSize: 2 };

test('representation ratios by hand, flagged outside [0.8, 1.25]', () => {
  // 10 customers: 5 F, 5 M. Segment 0 = 4 F + 1 M, segment 1 = 1 F + 4 M.
  const gender = ['F', 'F', 'F', 'F', 'M', 'F', 'M', 'M', 'M', 'M'];
  const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  const r = representation({ gender: { kind: 'text', values: gender } }, labels, 2, cfg);
  const a = r.attributes[0];
  assert.deepEqual(a.groups.map((g) => [g.group, g.count, g.populationShare]), [['F', 5, 0.5], ['M', 5, 0.5]]);
  const cell = (s: number, g: string) => a.cells.find((c) => c.segment === s && c.group === g)!;
  // F in segment 0: 4/5 = 0.8 of the segment vs 0.5 overall -> ratio 1.6 -> flag.
  assert.equal(cell(0, 'F').ratio, 1.6);
  assert.equal(cell(0, 'F').verdict, 'flag');
  // M in segment 0: 1 customer < minCellSize 2 -> suppressed, no count or ratio shown.
  assert.deepEqual([cell(0, 'M').count, cell(0, 'M').ratio, cell(0, 'M').verdict], [null, null, 'suppressed']);
  assert.equal(a.flagged, 2);
});

test('a balanced segmentation passes', () => {
  const gender = ['F', 'M', 'F', 'M', 'F', 'M', 'F', 'M'];
  const labels = [0, 0, 0, 0, 1, 1, 1, 1];
  const r = representation({ gender: { kind: 'text', values: gender } }, labels, 2, cfg);
  assert.ok(r.attributes[0].cells.every((c) => c.verdict === 'pass' && c.ratio === 1));
});

test('numeric attributes are binned; missing values form their own group', () => {
  assert.equal(binLabel(20, [25, 35, 45]), '<25');
  assert.equal(binLabel(25, [25, 35, 45]), '25-34');
  assert.equal(binLabel(44.5, [25, 35, 45]), '35-44');
  assert.equal(binLabel(70, [25, 35, 45]), '45+');
  const r = representation({ age: { kind: 'numeric', values: [20, 30, null, 50] } }, [0, 0, 1, 1], 2, { ...cfg, minCellSize: 1 });
  assert.deepEqual(r.attributes[0].groups.map((g) => g.group).sort(), ['(missing)', '25-34', '45+', '<25']);
  assert.match(r.attributes[0].grouping, /binned at 25, 35, 45/);
});
