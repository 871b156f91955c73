/** The latent-class model (Gaussian + categorical parts, k by BIC) on data whose classes are known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostileData } from '../../bench/hostile-data';
import { latentClassModel } from '../../lib/cluster/latent-class';
import { cleanCustomers } from '../../lib/clean/customers';
import { validateConfig } from '../../lib/config/validate';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';
import { buildFeatures } from '../../lib/features/build';
import type { ColumnKind } from '../../lib/features/mixed';
import { createRng } from '../../lib/random/rng';
import { copyPoints, deepFreeze } from './fixtures';

test('hostile mixed data (2,000 customers): BIC chooses the 6 planted segments and recovers them (ARI >= 0.85); flags, Likert answers and spikes go to the categorical part', () => {
  const d = hostileData({ customers: 2000, seed: 7 });
  const config = validateConfig(
    {
      seed: 42,
      sources: { customers: { path: 'customers.csv' }, surveys: { path: 'surveys.csv' } },
      embed: { enabled: false },
      clv: { enabled: false },
      columns: { customerId: 'customer_id', label: 'churned' },
      features: { behavioural: [], ...d.features },
    },
    '/tmp',
  );
  const f = buildFeatures(cleanCustomers(d.customers, config, { surveys: d.surveys }, {}), null, config);
  const model = latentClassModel(f.names, f.raw, f.scaled, f.kinds, 2, 10, createRng(42));
  assert.equal(model.k, 6, model.scan.map((s) => `${s.k}: ${s.bic.toFixed(0)}`).join(', '));
  const ari = adjustedRandIndex(d.truth, model.labels);
  assert.ok(ari >= 0.85, `ARI ${ari}`);
  const why = Object.fromEntries(model.categorical.map((c) => [c.name, c.why]));
  assert.equal(why.region, 'one-hot');
  assert.equal(why.channel, 'one-hot');
  assert.equal(why.has_card, 'binary');
  assert.equal(why.price_sensitivity, 'ordinal');
  assert.ok(!model.gaussian.includes('price_sensitivity') && !model.gaussian.includes('premium'));
  // BIC is -2 logL + p ln n on the fitted rows.
  for (const s of model.scan) assert.ok(Math.abs(s.bic - (-2 * s.logLikelihood + s.parameters * Math.log(model.fitRows))) < 1e-6);
  // Labels: 0 is the largest class.
  const sizes = new Array<number>(model.k).fill(0);
  for (const l of model.labels) sizes[l] += 1;
  assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
});

test('a numeric column piled on one value is modelled as categorical (the spike, then quintiles), not as a Gaussian', () => {
  const rng = createRng(3);
  const raw: number[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < 600; i++) {
    const c = i % 2;
    truth.push(c);
    const spiked = rng.next() < 0.4 ? 0 : 5 + rng.normal() + 3 * c;
    raw.push([c * 4 + rng.normal(), spiked, rng.next() < (c ? 0.8 : 0.2) ? 1 : 0]);
  }
  const kinds: ColumnKind[] = ['numeric', 'numeric', 'binary'];
  const frozen = deepFreeze(copyPoints(raw));
  const model = latentClassModel(['x', 'spiky', 'flag'], frozen, frozen, kinds, 2, 5, createRng(1));
  assert.deepEqual(model.gaussian, ['x']);
  assert.deepEqual(model.categorical.map((c) => [c.name, c.why]), [['spiky', 'spike'], ['flag', 'binary']]);
  assert.equal(model.categorical[0].levels, 6);
  assert.equal(model.k, 2);
  assert.ok(adjustedRandIndex(truth, model.labels) > 0.9);
  assert.deepEqual(latentClassModel(['x', 'spiky', 'flag'], frozen, frozen, kinds, 2, 5, createRng(1)).labels, model.labels, 'same seed, same labels');
  assert.deepEqual(frozen, raw);
});
