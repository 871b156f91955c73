import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { computeBehaviour } from '../../lib/features/behaviour';
import { behaviourFromDuckdb } from '../../lib/features/behaviour-sql';
import { buildFeatures } from '../../lib/features/build';
import { applyOneHot, bandLabels, fitOneHot, oneHotNames } from '../../lib/features/encode';
import { applyRfmScores, fitRfmScores, rfmSegment } from '../../lib/features/rfm';
import { readDelimited } from '../../lib/load/csv';
import { openDuckSource } from '../../lib/load/source';
import { DAY_MS } from '../../lib/clean/coerce';
import { testConfig } from '../helpers/config';
import { writeFixture } from '../helpers/fixtures';

const TX = `invoice,customer_id,order_date,amount,qty,category,discount
1,A,2025-01-01,100,1,toys,0
2,A,2025-03-01,50,1,books,5
C3,A,2025-03-02,-20,-1,books,0
4,B,2025-02-10,$1,200.00,2,toys,0
5,,2025-02-11,10,1,toys,0
6,Z,2025-02-12,10,1,toys,0
7,C,2025-03-30,30,1,books,0
8,C,2025-03-30,30,1,books,0
9,B,2025-02-10,oops,1,toys,0
`;

function fixture() {
  const dir = writeFixture({ 't.csv': TX.replace('$1,200.00', '"$1,200.00"'), 'c.csv': 'customer_id,region\nA,N\nB,S\nC,N\nD,S\n' });
  const config = testConfig(
    {
      columns: { invoice: 'invoice', quantity: 'qty', category: 'category', discount: 'discount' },
      clean: { maxUnreadableShare: 0.5 },
      features: { behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days', 'return_rate', 'discount_share', 'trend_90d', 'category_shares', 'rfm_scores'], asOf: '2025-04-01' },
    },
    dir,
  );
  const customers = cleanCustomers(readDelimited(path.join(dir, 'c.csv'), 'customers'), config);
  return { dir, config, customers };
}

test('behaviour by hand on a tiny fixture: net monetary, frequency by day, return rate, shares, trend', () => {
  const { dir, config, customers } = fixture();
  const all = new Set(customers.ids);
  const tx = cleanTransactions(readDelimited(path.join(dir, 't.csv'), 'transactions'), config, all, all);
  const b = computeBehaviour(customers.ids, tx, '2025-04-01');
  // A: 100 + 50 - 20 = 130 net; purchase days Jan 1 and Mar 1; 1 return of 3 lines.
  assert.deepEqual(b.monetary, [130, 1200, 60, 0]);
  assert.deepEqual(b.frequency, [2, 1, 1, 0]);
  assert.equal(b.recencyDays[0], (Date.UTC(2025, 3, 1) - Date.UTC(2025, 2, 1)) / DAY_MS);
  assert.equal(b.returnRate[0], 1 / 3);
  assert.equal(b.discountShare[0], 1 / 2);
  assert.equal(b.avgBasket[2], 60);
  assert.equal(b.interpurchaseDays[0], 59);
  assert.deepEqual(b.categoryShares.books.slice(0, 3), [50 / 150, 0, 1]);
  // Last 90 days before 2025-04-01 start 2025-01-01: all of A's purchases count.
  assert.equal(b.trend90d[0], 1);
  assert.deepEqual(b.hasPurchase, [true, true, true, false]);
  assert.deepEqual(tx.ledger.dropped, { 'missing customer id': 1, 'customer id not in the customers file': 1, 'unreadable amount': 1 });
});

test('the DuckDB path computes the same behaviour and ledger as the Node path', async () => {
  const { dir, config, customers } = fixture();
  const all = new Set(customers.ids);
  const tx = cleanTransactions(readDelimited(path.join(dir, 't.csv'), 'transactions'), config, all, all);
  const js = computeBehaviour(customers.ids, tx, '2025-04-01');
  const src = await openDuckSource({ path: path.join(dir, 't.csv'), engine: 'duckdb' }, 'transactions');
  const sql = await behaviourFromDuckdb(src, customers.ids, all, config);
  for (const key of ['recencyDays', 'frequency', 'monetary', 'tenureDays', 'avgBasket', 'interpurchaseDays', 'returnRate', 'discountShare', 'trend90d', 'hasPurchase'] as const) {
    assert.deepEqual(sql[key].map((x) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x)), js[key].map((x) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x)), key);
  }
  assert.deepEqual(sql.categoryShares, js.categoryShares);
  assert.equal(sql.asOf, js.asOf);
  assert.equal(sql.ledger.rowsRead, js.ledger.rowsRead);
  assert.equal(sql.ledger.rowsKept, js.ledger.rowsKept);
  assert.deepEqual(sql.ledger.dropped, js.ledger.dropped);
});

test('buildFeatures: families from config, one-hot with fitted JSON state, RFM segments, no-purchase customers counted', () => {
  const { dir, config, customers } = fixture();
  const all = new Set(customers.ids);
  const tx = cleanTransactions(readDelimited(path.join(dir, 't.csv'), 'transactions'), config, all, all);
  const f = buildFeatures(customers, tx, { ...config, features: { ...config.features, categoricalColumns: ['region'], rareShare: 0 } });
  assert.deepEqual(f.customerIds, ['A', 'B', 'C']);
  assert.equal(f.ledger.dropped['no purchase in the transactions file'], 1);
  assert.ok(f.names.includes('share_books') && f.names.includes('r_score') && f.names.includes('region=N'));
  assert.deepEqual(JSON.parse(JSON.stringify(f.transform)), f.transform);
  assert.equal(f.rfm?.segment.length, 3);
  for (const row of f.scaled) for (const x of row) assert.ok(Number.isFinite(x));
});

test('one-hot fit/apply groups rare and unseen levels into "other"; bands label numbers', () => {
  const fit = fitOneHot('region', ['N', 'N', 'N', 'S', 'S', 'x', null], 0.2);
  assert.deepEqual(fit, { column: 'region', levels: ['N', 'S'], other: true, missing: true });
  assert.deepEqual(oneHotNames(fit), ['region=N', 'region=S', 'region=other', 'region=missing']);
  assert.deepEqual(applyOneHot(fit, ['S', 'new', null]), [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  assert.deepEqual(bandLabels({ column: 'age', edges: [25, 35] }, [20, 25, 34, 80, null]), ['<25', '25-35', '25-35', '35+', null]);
});

test('RFM quintiles and named segments', () => {
  const r = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90];
  const f = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const m = [1000, 900, 800, 700, 600, 500, 400, 300, 200, 100];
  const s = applyRfmScores(fitRfmScores(r, f, m), r, f, m);
  assert.deepEqual(s.r, [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  assert.deepEqual(s.f, [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  assert.equal(rfmSegment(5, 5, 5), 'Champions');
  assert.equal(rfmSegment(1, 5, 5), "Can't lose them");
  assert.equal(rfmSegment(2, 4, 3), 'At risk');
  assert.equal(rfmSegment(2, 1, 1), 'Hibernating');
  assert.equal(rfmSegment(1, 1, 1), 'Lost');
  assert.equal(rfmSegment(5, 1, 1), 'New customers');
});
