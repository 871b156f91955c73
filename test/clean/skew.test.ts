/**
 * Silent skew, stopped or counted: future-dated order lines, non-finite and absurd amounts, mixed
 * decimal separators, and customer ids that do not join.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../lib/config/validate';
import { parseDelimitedText } from '../../lib/load/csv';
import { cleanTransactions, MAX_ABS_AMOUNT } from '../../lib/clean/transactions';
import { missingSet, parseNumber, sniffDecimal } from '../../lib/clean/coerce';
import { joinSource } from '../../lib/clean/join';
import { computeBehaviour } from '../../lib/features/behaviour';
import { msg } from '../../lib/errors/messages';

const config = (columns: Record<string, unknown> = {}, features: Record<string, unknown> = {}) =>
  validateConfig({ sources: { customers: { path: '/data/c.csv' } }, outDir: '/out/run', columns, features, clean: { maxUnreadableShare: 0.1 } }, '/data');

/** 30 customers with two order lines each in 2025, plus `extra` lines. */
function transactions(extra: string[] = [], amount = (i: number) => `${10 + i}.50`): string {
  const lines = ['customer_id,order_date,amount'];
  for (let i = 0; i < 30; i++) lines.push(`C${i},2025-03-${String(1 + (i % 28)).padStart(2, '0')},${amount(i)}`, `C${i},2025-06-01,${amount(i + 1)}`);
  return [...lines, ...extra].join('\n');
}
const ids = new Set(Array.from({ length: 30 }, (_, i) => `C${i}`));
const table = (text: string) => parseDelimitedText(text, 'transactions', '/data/t.csv', { delimiter: ',' });
const NOW = Date.UTC(2026, 0, 15, 12);

test('a 2099-12-31 order line is dropped and counted with a warning, and does not move the observation end', () => {
  const clean = cleanTransactions(table(transactions(['C1,2099-12-31,20.00'])), config(), ids, ids, { notAfter: NOW });
  assert.equal(clean.ledger.dropped[msg.futureReason('2026-01-15')], 1);
  assert.equal(clean.ledger.rowsKept, 60);
  assert.deepEqual(clean.warnings, [msg.futureRowsDropped('transactions', 'order_date', 1, '2026-01-15', '2099-12-31')]);
  const behaviour = computeBehaviour([...ids], clean);
  // The observation ends the day after the last real order (2025-06-01), not in 2099.
  assert.equal(new Date(behaviour.asOf).toISOString().slice(0, 10), '2025-06-02');
  // features.asOf declared: that is the as-of date.
  const declared = cleanTransactions(table(transactions(['C1,2025-12-01,20.00'])), config({}, { asOf: '2025-07-01' }), ids, ids, { notAfter: NOW });
  assert.equal(declared.ledger.dropped[msg.futureReason('2025-07-01')], 1);
});

test('a 309-digit amount is refused with its row (never Infinity), and absurd amounts too', () => {
  assert.ok(Number.isNaN(parseNumber('9'.repeat(309))));
  assert.ok(Number.isNaN(parseNumber(`$${'9'.repeat(309)}.00`)));
  const clean = cleanTransactions(table(transactions([`C1,2025-05-01,${'9'.repeat(309)}`, 'C2,2025-05-01,5e13', 'C3,2025-05-01,2000000000000000'])), config(), ids, ids, { notAfter: NOW });
  assert.ok(clean.amount.every(Number.isFinite));
  assert.ok(Math.max(...clean.amount) < 100);
  assert.equal(clean.ledger.dropped['unreadable amount'], 1, '309 digits are no amount');
  // 5e13 is read (scientific notation is a number) and, like 2e15, is beyond any plausible amount.
  assert.ok(5e13 > MAX_ABS_AMOUNT);
  assert.equal(clean.ledger.dropped[msg.absurdAmountReason(MAX_ABS_AMOUNT)], 2);
  assert.equal(clean.ledger.rowsKept + 3, clean.ledger.rowsRead);
});

test('"1.200" beside "1.200,50" in one column stops until columns.decimal is declared', () => {
  assert.equal(sniffDecimal(['1.200', '1.200,50']).ambiguous, true);
  assert.equal(sniffDecimal(['1,200.50', '1.200,50']).ambiguous, true);
  assert.equal(sniffDecimal(['1,200', '12.50', '1,200.50']).ambiguous, false);
  assert.equal(sniffDecimal(['1.200,50', '12,5', '3']).ambiguous, false);
  const text = transactions([], (i) => (i % 2 ? '1.200' : '"1.200,50"'));
  assert.throws(() => cleanTransactions(table(text), config(), ids, ids, { notAfter: NOW }), {
    message: `clean: ${msg.ambiguousDecimal('transactions', '/data/t.csv', 'amount', ['1.200,50', '1.200'])}`,
  });
  const comma = cleanTransactions(table(text), config({ decimal: ',' }), ids, ids, { notAfter: NOW });
  assert.deepEqual([...new Set(comma.amount)].sort((a, b) => a - b), [1200, 1200.5]);
  const dot = cleanTransactions(table(transactions([], (i) => (i % 2 ? '"1,200.5"' : '7.25'))), config({ decimal: '.' }), ids, ids, { notAfter: NOW });
  assert.deepEqual([...new Set(dot.amount)].sort((a, b) => a - b), [7.25, 1200.5]);
});

test('customer ids that do not join ("1130" vs "C001130") stop with the join rate; a partial join is a warning', () => {
  const text = transactions().replace(/\nC(\d+),/g, '\n$1,');
  const customerIds = new Set(Array.from({ length: 30 }, (_, i) => `C${String(i).padStart(6, '0')}`));
  assert.throws(
    () => cleanTransactions(table(text), config(), customerIds, customerIds, { notAfter: NOW }),
    (e: Error) => e.message.startsWith('clean: only 0 of 60 transactions rows (0.0%) have a customer id found in the customers file') && e.message.includes('"C000000"'),
  );
  const partial = cleanTransactions(table(transactions(['X9,2025-05-01,3.00'])), config(), ids, ids, { notAfter: NOW });
  assert.deepEqual(partial.warnings, [msg.joinRate('transactions', 60, 61)]);
});

test('an extra source whose ids do not join stops with the join rate too', () => {
  const customerIds = Array.from({ length: 30 }, (_, i) => `C${String(i).padStart(6, '0')}`);
  const surveys = parseDelimitedText(['customer_id,score', ...customerIds.map((id, i) => `${Number(id.slice(1))},${i}`)].join('\n'), 'surveys', '/data/s.csv', { delimiter: ',' });
  const columns = config().columns;
  assert.throws(
    () => joinSource('surveys', surveys, customerIds, new Set(), columns, 'customer_id', missingSet([''])),
    { message: `clean: ${msg.idsDoNotJoin('surveys', '/data/s.csv', 'customer_id', 0, 30, ['0', '1', '2'], customerIds.slice(0, 3))}` },
  );
  const ok = joinSource('surveys', parseDelimitedText(['customer_id,score', ...customerIds.map((id, i) => `${id},${i}`)].join('\n'), 'surveys', '/data/s.csv', { delimiter: ',' }), customerIds, new Set(), columns, 'customer_id', missingSet(['']));
  assert.equal(ok.numeric.score.length, 30);
});
