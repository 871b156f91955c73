import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard } from '../../lib/fairness/card';
import { balanceMetrics } from '../../lib/fairness/balance';
import { codeGroups, crossTab } from '../../lib/fairness/groups';
import { createRng } from '../../lib/random/rng';
import { loadAdult } from './adult';
import { needsDatasets } from '../helpers/paths';

const skip = needsDatasets('adult-census-income/adult.data');
const rows = skip ? [] : loadAdult();
const sex = codeGroups({ kind: 'text', values: rows.map((r) => r.sex) }, []);

test('Adult: 10,771 female / 21,790 male -> dataset balance 0.494', { skip }, () => {
  assert.equal(rows.length, 32561);
  assert.deepEqual(sex.groups, ['Male', 'Female']);
  assert.deepEqual(sex.counts, [21790, 10771]);
  // One segment holding everyone has exactly the dataset's balance, 10771 / 21790.
  const b = balanceMetrics('sex', crossTab(new Array(rows.length).fill(0), sex.codes, 1, 2), sex.groups, 50);
  assert.equal(b.datasetBalance, 10771 / 21790);
  assert.equal(Number(b.datasetBalance.toFixed(3)), 0.494);
  assert.equal(b.balance, b.datasetBalance);
});

test("Adult, AIF360's example: '>50K' favourable -> selection 0.109 (female) vs 0.306 (male), disparate impact 0.36, fail", { skip }, () => {
  // "Target" the >50K customers: segment 1 = income >50K.
  const labels = rows.map((r) => (r.income === '>50K' ? 1 : 0));
  const card = fairnessCard({ labels, k: 2, protected: { sex: { kind: 'text', values: rows.map((r) => r.sex) } }, targeting: { segments: [1] }, config: { mitigation: 'none' } }, createRng(1));
  const parity = card.targeting[0];
  const rate = (g: string) => parity.groups.find((x) => x.group === g)!.selectionRate as number;
  assert.equal(Number(rate('Female').toFixed(3)), 0.109);
  assert.equal(Number(rate('Male').toFixed(3)), 0.306);
  assert.equal(parity.reference, 'Male');
  assert.equal(Number(parity.disparateImpact[0].ratio.toFixed(2)), 0.36);
  const di = card.checks.find((c) => c.id === 'disparate-impact:sex')!;
  assert.equal(di.verdict, 'fail');
  assert.match(di.sentence, /"Female" is selected by the campaign at 0\.36 times the rate of "Male"/);
});
