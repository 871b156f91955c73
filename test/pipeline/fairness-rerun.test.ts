/** The drop-proxies mitigation reruns the chosen pipeline: with an embedding winner, the refit gets the kept columns and its labels are measured. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fairnessCard } from '../../lib/fairness/card';
import { cardWithPipelineRerun } from '../../lib/pipeline/fairness-rerun';
import { createRng } from '../../lib/random/rng';

// 800 customers; "proxy" is sex plus noise, "behaviour" and "other" are unrelated; the delivered segments split by sex.
function data() {
  const rng = createRng(9);
  const n = 800;
  const sex = Array.from({ length: n }, (_, i) => (i % 2 ? 'F' : 'M'));
  const behaviour = Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1));
  const matrix = sex.map((s, i) => [(s === 'F' ? 2 : -2) + 0.3 * rng.normal(), behaviour[i] * 2 - 1 + 0.3 * rng.normal(), rng.normal()]);
  const labels = sex.map((s) => (s === 'F' ? 0 : 1));
  return { sex, behaviour, matrix, labels };
}

test('an embedding winner: the card asks for the kept columns, the refit labels are the ones measured, and the description says so', async () => {
  const { sex, behaviour, matrix, labels } = data();
  const compute = (recluster: (p: number[][], kept: number[]) => number[]) =>
    fairnessCard(
      { labels, k: 2, protected: { sex: { kind: 'text', values: sex } }, features: { names: ['proxy', 'behaviour', 'other'], matrix }, points: matrix, recluster, config: { minCellSize: 50, mitigation: 'drop-proxies' } },
      createRng(4),
    );
  const asked: number[][] = [];
  const refitLabels = behaviour.slice();
  const featureRecluster = (): number[] => assert.fail('the feature-space rerun must not run when the embedding won');
  const card = await cardWithPipelineRerun(compute, featureRecluster, async (kept) => {
    asked.push(kept);
    return refitLabels;
  }, labels, 'REFITTED');
  const m = card.mitigation.find((x) => x.method === 'drop-proxies');
  assert.ok(m, `drop-proxies ran (skipped: ${JSON.stringify(card.skipped)})`);
  assert.equal(asked.length, 1, 'one refit');
  assert.ok(!asked[0].includes(0), `the proxy column is not kept (${asked[0]})`);
  assert.deepEqual(m.droppedFeatures, ['proxy']);
  assert.deepEqual(m.labels, refitLabels, 'the refitted pipeline\'s labels are the mitigated segments');
  assert.match(m.description, /REFITTED$/);
  // The segments by behaviour mix the sexes: the after snapshot is measured on the refit labels.
  assert.ok(m.after.cramersV < m.before.cramersV);

  // A feature-space winner: the synchronous rerun, no refit.
  let featureCalls = 0;
  const plain = await cardWithPipelineRerun(compute, (p) => {
    featureCalls++;
    return p.map((row) => (row[0] > 0 ? 1 : 0));
  }, null, labels, 'REFITTED');
  assert.equal(featureCalls, 1);
  assert.doesNotMatch(plain.mitigation.find((x) => x.method === 'drop-proxies')?.description ?? '', /REFITTED/);
});
