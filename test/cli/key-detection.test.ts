/**
 * Trial of 2026-11-29 on BankChurners.csv from flags: CLIENTNUM (distinct nine-digit numbers) was not
 * taken as the customer id but proposed as a clustering feature, and the run then stopped for want of a
 * "customer_id" column. Seeded table of that shape; which columns are keys is decided here from how the
 * rows were made.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectRoles } from '../../lib/inspect/roles';
import type { RawTable } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';

function bankLike(idName: string, n = 400): RawTable {
  const rng = createRng(8);
  const ids = new Set<number>();
  while (ids.size < n) ids.add(708000000 + rng.int(120000000));
  const header = [idName, 'Attrition_Flag', 'Customer_Age', 'Gender', 'Credit_Limit', 'Total_Trans_Amt', 'Months_on_book'];
  const rows = [...ids].map((id) => [
    String(id),
    rng.next() < 0.16 ? 'Attrited Customer' : 'Existing Customer',
    String(26 + rng.int(48)),
    rng.next() < 0.53 ? 'F' : 'M',
    // Distinct-looking amounts, but of varying length (1438.3 to 34516): measurements, not keys.
    (1438.3 + Math.round(33000 * rng.next() ** 2)).toString(),
    String(510 + rng.int(18000)),
    String(13 + rng.int(44)),
  ]);
  return { role: 'customers', file: 'BankChurners.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
}

for (const idName of ['CLIENTNUM', 'ACCT_REF']) {
  test(`${idName}: distinct nine-digit numbers are the customer id, never a feature`, () => {
    const roles = detectRoles(bankLike(idName), null);
    assert.equal(roles.customerId, idName);
    assert.ok(!roles.numericFeatures.includes(idName), roles.numericFeatures.join(', '));
    for (const measure of ['Credit_Limit', 'Total_Trans_Amt', 'Months_on_book']) assert.ok(roles.numericFeatures.includes(measure), measure);
  });
}

test('a key column beside a named id is kept out of the features as an id', () => {
  const t = bankLike('CLIENTNUM');
  const withId: RawTable = { ...t, header: ['customer_id', ...t.header], rows: t.rows.map((r, i) => [`C${i}`, ...r]) };
  const roles = detectRoles(withId, null);
  assert.equal(roles.customerId, 'customer_id');
  assert.ok(!roles.numericFeatures.includes('CLIENTNUM'));
  assert.ok(roles.notFeatures?.some((x) => x.column === 'CLIENTNUM' && x.reason === 'id'), JSON.stringify(roles.notFeatures));
});

test('Customer_Age is a protected attribute and Attrition_Flag the outcome, so neither is a feature; an account\u2019s age stays one', () => {
  const t = bankLike('CLIENTNUM');
  const withAccount: RawTable = { ...t, header: [...t.header, 'Account_Age'], rows: t.rows.map((r, i) => [...r, String(1 + (i % 40))]) };
  const roles = detectRoles(withAccount, null);
  assert.deepEqual(roles.protected, ['Customer_Age', 'Gender']);
  assert.equal(roles.label, 'Attrition_Flag');
  assert.ok(!roles.numericFeatures.includes('Customer_Age'));
  assert.ok(roles.numericFeatures.includes('Account_Age'), roles.numericFeatures.join(', '));
});
