import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { fillNumeric, recodeText, winsorise } from '../../lib/clean/rules';
import { pseudonymise } from '../../lib/clean/privacy';
import { parseDate, sniffDateOrder } from '../../lib/clean/dates';
import { missingSet } from '../../lib/clean/coerce';
import type { RawTable } from '../../lib/load/csv';
import { SeglabError, msg } from '../../lib/errors/messages';
import { testConfig } from '../helpers/config';
import { deepFreeze } from '../helpers/fixtures';

const table = (role: string, header: string[], rows: string[][]): RawTable => ({
  role, file: `${role}.csv`, delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0,
});
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

test('missing rules: median, mode, constant; indicator adds a 0/1 column', () => {
  assert.deepEqual(fillNumeric('x', [1, null, 5, 3], 'median').values, [1, 3, 5, 3]);
  assert.deepEqual(fillNumeric('x', [2, null, 2, 7], 'mode').values, [2, 2, 2, 7]);
  assert.deepEqual(fillNumeric('x', [null, 1], { constant: 0 }).values, [0, 1]);
  assert.throws(() => fillNumeric('x', [null, 1], { constant: 'zero' }), /not a number/);
  const c = cleanCustomers(
    table('customers', ['customer_id', 'income', 'city'], [['1', '10', 'Oslo'], ['2', '', ''], ['3', '30', 'Oslo'], ['4', '20', 'Rome']]),
    testConfig({ features: { customerColumns: ['income'] }, clean: { missing: { income: 'indicator', city: 'mode' } } }),
  );
  assert.deepEqual(c.numeric.income, [10, 20, 30, 20]);
  assert.deepEqual(c.numeric.income_missing, [0, 1, 0, 0]);
  assert.deepEqual(c.text.city, ['Oslo', 'Oslo', 'Oslo', 'Rome']);
  assert.equal(c.ledger.repairs['city: missing filled with mode "Oslo"'], 1);
});

test('drop-row missing rule and the ledger invariant', () => {
  const c = cleanCustomers(
    table('customers', ['customer_id', 'income'], [['1', '10'], ['2', 'n/a'], ['3', '30']]),
    testConfig({ clean: { missing: { income: 'drop' } } }),
  );
  assert.deepEqual(c.ids, ['1', '3']);
  assert.equal(c.ledger.rowsKept + sum(c.ledger.dropped), c.ledger.rowsRead);
  assert.equal(c.ledger.dropped['missing value in income (clean.missing: drop)'], 1);
});

test('winsorise at quantiles and at IQR, counted', () => {
  const q = winsorise('x', [1, 2, 3, 4, 100, null], { quantiles: [0, 0.75] });
  assert.deepEqual(q.values, [1, 2, 3, 4, 4, null]);
  assert.equal(q.changed, 1);
  const iqr = winsorise('x', [1, 2, 3, 4, 100], { iqr: 1.5 });
  // Q1 = 2, Q3 = 4, IQR = 2: bounds [-1, 7].
  assert.deepEqual(iqr.bounds, [-1, 7]);
  assert.deepEqual(iqr.values, [1, 2, 3, 4, 7]);
});

test('junk categories go to "other", recoding maps values, both counted', () => {
  const r = recodeText('marital', ['Single', 'YOLO', 'Absurd', 'married', null], { married: 'Married' }, ['Single', 'Married']);
  assert.deepEqual(r.values, ['Single', 'other', 'other', 'Married', null]);
  assert.equal(r.junk, 2);
  assert.equal(r.recoded, 1);
});

test('duplicates keep the latest row by the declared timestamp', () => {
  const c = cleanCustomers(
    deepFreeze(table('customers', ['customer_id', 'updated', 'city'], [['1', '2025-05-01', 'New'], ['1', '2024-01-01', 'Old'], ['2', '2025-01-01', 'X']])),
    testConfig({ columns: { updatedAt: 'updated' } }),
  );
  assert.deepEqual(c.text.city, ['New', 'X']);
  assert.equal(c.ledger.dropped['duplicate customer id (kept the latest by updated)'], 1);
});

test('consent: customers without opt-in are excluded by rule and counted', () => {
  const t = table('customers', ['customer_id', 'consent'], [['1', 'yes'], ['2', 'no'], ['3', ''], ['4', 'TRUE']]);
  const c = cleanCustomers(t, testConfig({ columns: { consent: 'consent' } }));
  assert.deepEqual(c.ids, ['1', '4']);
  assert.equal(c.ledger.dropped['no marketing consent (consent; clean.excludeWithoutConsent)'], 2);
  assert.deepEqual(cleanCustomers(t, testConfig({ columns: { consent: 'consent' }, clean: { excludeWithoutConsent: false } })).ids, ['1', '2', '3', '4']);
});

test('pseudonyms: salted, stable, needed from the environment, never the raw id in the frame', () => {
  const t = table('customers', ['customer_id', 'x'], [['C1', '1'], ['C2', '2']]);
  const config = testConfig({ privacy: { pseudonymise: true, saltEnv: 'TEST_SALT' } });
  assert.throws(() => cleanCustomers(t, config, {}, {}), (e: unknown) => e instanceof SeglabError && e.message === `clean: ${msg.saltMissing('TEST_SALT')}`);
  const salt = 'a-long-secret-salt-value';
  const c = cleanCustomers(t, config, {}, { TEST_SALT: salt });
  assert.deepEqual(c.publicIds, [pseudonymise('C1', salt), pseudonymise('C2', salt)]);
  assert.notEqual(pseudonymise('C1', salt), pseudonymise('C1', `${salt}x`));
  const frameText = JSON.stringify(c.frame.values);
  assert.ok(!frameText.includes('"C1"') && !frameText.includes(salt));
  assert.ok(!JSON.stringify(config).includes(salt));
});

test('PII by name and pattern (names, addresses, e-mails, phones) never reaches the cleaned table', () => {
  const t = table('customers', ['customer_id', 'full_name', 'street_address', 'contact', 'tel', 'age'], [
    ['1', 'Ann Lee', '1 High St', 'ann@example.org', '+44 20 7946 0000', '30'],
    ['2', 'Bo Yu', '2 Low Rd', 'bo@example.org', '+44 20 7946 0001', '40'],
  ]);
  const c = cleanCustomers(t, testConfig());
  assert.deepEqual(c.piiColumns, ['full_name', 'street_address', 'contact', 'tel']);
  const everything = JSON.stringify([c.numeric, c.text, c.frame.values]);
  for (const secret of ['Ann Lee', '1 High St', 'ann@example.org', '7946']) assert.ok(!everything.includes(secret), secret);
});

test('surveys and web analytics join on the id; every source has its own ledger that adds up', () => {
  const customers = table('customers', ['customer_id', 'age'], [['1', '30'], ['2', '40'], ['3', '50']]);
  const surveys = table('surveys', ['customer_id', 'price_sensitivity', 'benefit'], [['1', '4', 'price'], ['1', '5', 'quality'], ['9', '1', 'x'], ['', '3', 'y']]);
  const web = table('web', ['customer_id', 'order_date', 'pages'], [['1', '2025-01-01', '3'], ['1', '2025-01-11', '2'], ['2', '2025-01-06', '7']]);
  const c = cleanCustomers(customers, testConfig(), { surveys, web });
  assert.deepEqual(c.numeric.price_sensitivity, [5, null, null]);
  assert.deepEqual(c.text.benefit, ['quality', null, null]);
  assert.deepEqual(c.numeric.surveys_missing, [0, 1, 1]);
  assert.deepEqual(c.numeric.web_rows, [2, 1, 0]);
  assert.deepEqual(c.numeric.pages, [5, 7, 0]);
  assert.deepEqual(c.numeric.web_days_since_last, [0, 5, null]);
  for (const e of c.extraLedger) assert.equal(e.rowsKept + sum(e.dropped), e.rowsRead, e.source);
  const s = c.extraLedger.find((e) => e.source === 'surveys');
  assert.deepEqual(s?.dropped, { 'missing customer id': 1, 'customer id not among the cleaned customers': 1, 'superseded by a later row of the same customer': 1 });
});

test('returns: invoices starting "C" and negative quantities are returns; "drop" removes them, counted', () => {
  const t = table('transactions', ['invoice', 'customer_id', 'order_date', 'qty', 'price'], [
    ['1', 'A', '2025-01-01', '2', '5'],
    ['C2', 'A', '2025-01-02', '-1', '5'],
    ['3', 'A', '2025-01-03', '1', '4'],
  ]);
  const ids = new Set(['A']);
  const base = { columns: { invoice: 'invoice', quantity: 'qty', price: 'price' } };
  const net = cleanTransactions(t, testConfig(base), ids, ids);
  assert.deepEqual(net.amount, [10, -5, 4]);
  assert.equal(net.returns, 1);
  const dropped = cleanTransactions(t, testConfig({ ...base, clean: { returns: 'drop' } }), ids, ids);
  assert.deepEqual(dropped.amount, [10, 4]);
  assert.equal(dropped.ledger.dropped['return / cancellation (clean.returns: drop)'], 1);
  assert.equal(dropped.returnsByCustomer.get('A'), 1);
  assert.throws(() => cleanTransactions(table('transactions', ['customer_id', 'order_date'], [['A', '2025-01-01']]), testConfig(), ids, ids), /no amount column "amount" and no columns.quantity \+ columns.price/);
});

test('dates: ISO always; day/month order evident, declared, or ambiguous', () => {
  assert.equal(parseDate('2011-12-09 12:50:00'), Date.UTC(2011, 11, 9, 12, 50));
  assert.equal(parseDate('31.12.25', 'dmy'), Date.UTC(2025, 11, 31));
  assert.ok(Number.isNaN(parseDate('31/12/2025', 'mdy')));
  const m = missingSet(['']);
  assert.equal(sniffDateOrder(['12/31/2025', '01/02/2025'], m).order, 'mdy');
  assert.equal(sniffDateOrder(['01/02/2025', '03/04/2025'], m).ambiguous, true);
});

test('a missing-value indicator can be a feature: "<col>_missing" with clean.missing <col>: "indicator" (the README promises it; UCI Bank Marketing stopped at has no column "pdays_missing")', () => {
  const rows = [['1', '10', 'Oslo'], ['2', '', 'Oslo'], ['3', '30', 'Rome'], ['4', '', 'Rome'], ['5', '50', 'Oslo']];
  const t = table('customers', ['customer_id', 'pdays', 'city'], rows);
  // With the base column as a feature too, and alone.
  for (const customerColumns of [['pdays', 'pdays_missing'], ['pdays_missing']]) {
    const c = cleanCustomers(t, testConfig({ features: { customerColumns }, clean: { missing: { pdays: 'indicator' } } }));
    assert.deepEqual(c.numeric.pdays_missing, [0, 1, 0, 1, 0], customerColumns.join(','));
    assert.deepEqual(c.numeric.pdays, [10, 30, 30, 30, 50]);
  }
  // Without the indicator rule the name is still an unknown column, with the usual sentence.
  assert.throws(() => cleanCustomers(t, testConfig({ features: { customerColumns: ['pdays_missing'] } })), (e: Error) => e instanceof SeglabError && /has no column "pdays_missing"/.test(e.message));
  assert.throws(() => cleanCustomers(t, testConfig({ features: { customerColumns: ['pdays_missing'] }, clean: { missing: { pdays: 'median' } } })), /has no column "pdays_missing"/);
});
