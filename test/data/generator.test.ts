import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateRetail, generateRetailTables } from '../../lib/data/generator';
import { SEGMENTS } from '../../lib/data/segments';
import { msg, SeglabError } from '../../lib/errors/messages';

test('same seed gives identical rows; a different seed gives different rows', () => {
  const a = generateRetailTables({ customers: 600, seed: 7 });
  const b = generateRetailTables({ customers: 600, seed: 7 });
  const c = generateRetailTables({ customers: 600, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.customers, c.customers);
  assert.notDeepEqual(a.transactions, c.transactions);
  assert.notDeepEqual(a.truth, c.truth);
});

test('the row iterators replay the same rows as the blocks', () => {
  const gen = generateRetail({ customers: 700, seed: 3, blockCustomers: 250 });
  const tables = generateRetailTables({ customers: 700, seed: 3, blockCustomers: 250 });
  assert.deepEqual([...gen.customerRows()], tables.customers);
  assert.deepEqual([...gen.transactionRows()], tables.transactions);
  assert.deepEqual([...gen.truthRows()], tables.truth);
  assert.deepEqual(gen.summary(), tables.dirt);
  assert.equal([...gen.blocks()].length, 3);
});

test('block size changes row order only: the same customers, segments and orders', () => {
  const one = generateRetailTables({ customers: 500, seed: 5 });
  const many = generateRetailTables({ customers: 500, seed: 5, blockCustomers: 64 });
  assert.deepEqual(many.truth, one.truth);
  const key = (rows: { customer_id: string }[]) => rows.map((r) => JSON.stringify(r)).sort();
  assert.deepEqual(key(many.customers), key(one.customers));
  const orders = (rows: { customer_id: string; order_date: string; amount: string }[]) =>
    rows.map((r) => `${r.customer_id}|${r.order_date}|${r.amount}`).sort();
  assert.deepEqual(orders(many.transactions), orders(one.transactions));
  assert.deepEqual(many.dirt, one.dirt);
});

test('dirt=false: same customers and segments, no dirt of any kind', () => {
  const dirty = generateRetailTables({ customers: 800, seed: 9 });
  const clean = generateRetailTables({ customers: 800, seed: 9, dirt: false });
  assert.deepEqual(clean.truth, dirty.truth);
  assert.equal(clean.customers.length, 800);
  for (const row of clean.customers) {
    assert.match(row.income, /^\d+$/);
    const age = Number(row.age);
    assert.ok(age >= 18 && age <= 90, `age ${row.age}`);
  }
  for (const tx of clean.transactions) {
    assert.match(tx.customer_id, /^C\d{6}$/);
    assert.ok(Number(tx.customer_id.slice(1)) <= 800);
    assert.ok(Number(tx.amount) > 0 && Number(tx.quantity) > 0);
    assert.ok(!tx.invoice_no.startsWith('C'));
  }
  const d = clean.dirt;
  const dirtCounts = [d.duplicateCustomerRows, d.incomeMissing, d.incomeFormatted, d.impossibleAge, d.missingCustomerId, d.returns, d.orphanTransactions];
  assert.deepEqual(dirtCounts, [0, 0, 0, 0, 0, 0, 0]);
  // The first row of each customer differs from its clean row in income or age only, and only when dirtied.
  const cleanById = new Map(clean.customers.map((r) => [r.customer_id, r]));
  const seen = new Set<string>();
  let differing = 0;
  for (const r of dirty.customers) {
    if (seen.has(r.customer_id)) continue;
    seen.add(r.customer_id);
    const c = cleanById.get(r.customer_id);
    assert.ok(c !== undefined);
    assert.deepEqual({ ...r, income: '', age: '' }, { ...c, income: '', age: '' });
    if (r.income !== c.income || r.age !== c.age) differing++;
  }
  assert.ok(differing > 0);
  assert.ok(differing <= dirty.dirt.incomeMissing + dirty.dirt.incomeFormatted + dirty.dirt.impossibleAge);
});

test('every row is well-formed: ids, ISO dates before asOf, 2-decimal amounts, known categories', () => {
  const { customers, transactions } = generateRetailTables({ customers: 400, seed: 21, asOf: '2024-06-30' });
  for (const c of customers) {
    assert.match(c.signup_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(c.signup_date < '2024-06-30');
    assert.match(c.email, /^[a-z._0-9]+@[a-z.]*example\.(com|net|org)$/i);
    assert.ok(['F', 'M', 'other'].includes(c.gender));
    assert.ok(['yes', 'no'].includes(c.consent_marketing));
  }
  const categories = new Set(['apparel', 'electronics', 'home', 'beauty', 'grocery', 'sports', 'toys']);
  for (const t of transactions) {
    assert.ok(t.order_date < '2024-06-30', t.order_date);
    assert.match(t.amount, /^-?\d+\.\d{2}$/);
    assert.ok(categories.has(t.category));
  }
  const signup = new Map(customers.map((c) => [c.customer_id, c.signup_date]));
  for (const t of transactions) {
    const s = signup.get(t.customer_id);
    if (s !== undefined && !t.invoice_no.startsWith('C')) assert.ok(t.order_date >= s, `${t.customer_id} ordered ${t.order_date} before signing up ${s}`);
  }
});

test('streams lazily: the first rows of a 1M-customer run come without generating the rest', () => {
  const it = generateRetail({ customers: 1_000_000, seed: 1 }).customerRows();
  const first = it.next();
  assert.equal(first.done, false);
  assert.equal(first.value?.customer_id, 'C0000001');
});

test('bad options raise a SeglabError naming the option', () => {
  const cases: [Parameters<typeof generateRetail>[0], string, unknown, string][] = [
    [{ customers: 0, seed: 1 }, 'customers', 0, 'an integer from 1 to 50,000,000'],
    [{ customers: 10, seed: 1.5 }, 'seed', 1.5, 'an integer'],
    [{ customers: 10, seed: 1, asOf: '2025-02-30' }, 'asOf', '2025-02-30', 'a real date yyyy-mm-dd'],
    [{ customers: 10, seed: 1, blockCustomers: 0 }, 'blockCustomers', 0, 'an integer >= 1'],
  ];
  for (const [input, name, found, expected] of cases) {
    assert.throws(
      () => generateRetail(input),
      (e: unknown) => e instanceof SeglabError && e.stage === 'data' && e.message === `data: ${msg.dataOptionInvalid(name, found, expected)}`,
    );
  }
});

test('planned segments: six, shares sum to 1, smallest at least 5%', () => {
  assert.equal(SEGMENTS.length, 6);
  assert.ok(Math.abs(SEGMENTS.reduce((s, x) => s + x.share, 0) - 1) < 1e-9);
  assert.ok(Math.min(...SEGMENTS.map((s) => s.share)) >= 0.05);
  assert.equal(new Set(SEGMENTS.map((s) => s.name)).size, 6);
});
