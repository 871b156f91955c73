import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionalExpectedSpend, expectedSpendPerPurchase } from '../../lib/clv/gamma-gamma';

test('expected spend: repeat buyers get the Gamma-Gamma posterior mean (hand-checked)', () => {
  // p(v + x·m)/(p·x + q − 1) = 2·(10 + 3·30)/(6 + 2 − 1) = 200/7
  assert.deepEqual(expectedSpendPerPurchase({ p: 2, q: 2, v: 10 }, 3, 30, 99), { spend: 200 / 7, source: 'repeat-purchases' });
  // p·x + q − 1 <= 0: that posterior mean does not exist, the observed mean is used.
  assert.deepEqual(expectedSpendPerPurchase({ p: 0.2, q: 0.5, v: 10 }, 2, 30, 99), { spend: 30, source: 'repeat-purchases' });
});

test('expected spend without repeat purchases: population mean when q > 1, first purchase as one observation when q <= 1', () => {
  // q > 1: p·v/(q − 1) = 2·10/1.5
  assert.deepEqual(expectedSpendPerPurchase({ p: 2, q: 2.5, v: 10 }, 0, 0, 99), { spend: 40 / 3, source: 'population-mean' });
  // q <= 1: p(v + first)/(p + q − 1) = 2·(10 + 30)/1.5 = 53.33..., never the negative p·v/(q − 1) = −40
  assert.deepEqual(expectedSpendPerPurchase({ p: 2, q: 0.5, v: 10 }, 0, 0, 30), { spend: 80 / 1.5, source: 'first-purchase' });
  // p + q <= 1 as well: the first purchase itself.
  assert.deepEqual(expectedSpendPerPurchase({ p: 0.3, q: 0.5, v: 10 }, 0, 0, 30), { spend: 30, source: 'first-purchase' });
  // At the constant-spend boundary (p huge) the posterior after one purchase is that purchase.
  const limit = expectedSpendPerPurchase({ p: 1e8, q: 0.86, v: 20 / 1e8 }, 0, 0, 42);
  assert.ok(Math.abs(limit.spend - 42) < 1e-6);
  // The raw formula refuses to invent a mean that does not exist.
  assert.ok(Number.isNaN(conditionalExpectedSpend({ p: 2, q: 0.5, v: 10 }, 0, 0)));
  assert.equal(conditionalExpectedSpend({ p: 2, q: 2.5, v: 10 }, 0, 0), 40 / 3);
});
