/**
 * The customers-cleaning verbs keep exact values where Danfo's own operations would not (see the
 * pitfalls pinned in frame.test.ts): ids that differ only by leading zeros or beyond 2^53 stay
 * distinct customers, a category that starts with digits is its own mode, a missing number is
 * missing (not 0), and money beyond float32 keeps its cents through fill and winsor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCustomers } from '../../lib/clean/customers';
import { frameColumn } from '../../lib/clean/frame';
import { validateConfig } from '../../lib/config/validate';
import { parseDelimitedText } from '../../lib/load/csv';

const CSV = [
  'customer_id,spend,band,visits',
  '00123,16777217.01,00123,3',
  '123,9007199254740.5,10-20,4',
  '123456789012345678,,00123,5',
  '123456789012345679,n/a,10-20,6',
  '0123,16777219.03,,',
  '00123,16777217.05,00123,7',
  '77,16777221.07,00123,1',
].join('\n');

function clean() {
  const table = parseDelimitedText(CSV, 'customers', 'customers.csv', { delimiter: ',' });
  const config = validateConfig(
    {
      name: 'exact',
      outDir: '/tmp/seglab-verbs-exact-out',
      sources: { customers: { path: 'customers.csv' } },
      columns: { customerId: 'customer_id' },
      clean: { missing: { spend: 'median', band: 'mode', visits: { constant: 0 } }, winsorise: { spend: { quantiles: [0, 1] } } },
      features: { customerColumns: ['spend', 'visits'], behavioural: [] },
      embed: { enabled: false },
    },
    '/tmp',
  );
  return { table, cleaned: cleanCustomers(table, config, {}, {}) };
}

test('ids that Danfo would merge stay distinct customers; the duplicated one keeps its last row', () => {
  const { cleaned } = clean();
  assert.deepEqual(cleaned.ids, ['123', '123456789012345678', '123456789012345679', '0123', '00123', '77']);
  assert.equal(cleaned.ledger.dropped['duplicate customer id (kept the last row in the file)'], 1);
  assert.equal(cleaned.numeric.spend[4], 16777217.05);
  assert.deepEqual(frameColumn(cleaned.frame, 'customer_id'), cleaned.ids);
});

test('a missing number is filled with the exact median of the present ones, never read as 0; money keeps its cents', () => {
  const { cleaned } = clean();
  const present = [9007199254740.5, 16777219.03, 16777217.05, 16777221.07].sort((a, b) => a - b);
  const median = (present[1] + present[2]) / 2;
  assert.equal(cleaned.fit.numericFill.spend.value, median);
  assert.deepEqual(cleaned.numeric.spend, [9007199254740.5, median, median, 16777219.03, 16777217.05, 16777221.07]);
  assert.equal(cleaned.ledger.repairs[`spend: missing filled with median ${Number(median.toPrecision(6))}`], 2);
  assert.deepEqual(cleaned.numeric.visits, [4, 5, 6, 0, 7, 1]);
  assert.deepEqual(cleaned.fit.winsor.spend.bounds, [16777217.05, 9007199254740.5]);
});

test('the mode of a text column is its most frequent label as written ("00123", not 123)', () => {
  const { cleaned } = clean();
  assert.equal(cleaned.fit.textFill.band.value, '00123');
  assert.deepEqual(cleaned.text.band, ['10-20', '00123', '10-20', '00123', '00123', '00123']);
  assert.equal(cleaned.ledger.repairs['band: missing filled with mode "00123"'], 1);
});

test('consent exclusion and the drop rule (Danfo query) keep ids, labels and money exact; the frame is built on first read', () => {
  const csv = [
    'customer_id,spend,band,visits,opt_in,churned',
    '00123,16777217.01,00123,3,yes,a',
    '123,9007199254740.5,10-20,4,no,b',
    '123456789012345678,,00123,5,yes,',
    '123456789012345679,n/a,10-20,,yes,a',
    '0123,16777219.03,,2,yes,b',
    '00123,16777217.05,00123,7,yes,b',
    '77,16777221.07,00123,1,n,a',
  ].join('\n');
  const table = parseDelimitedText(csv, 'customers', 'customers.csv', { delimiter: ',' });
  const config = validateConfig(
    {
      name: 'exact-consent',
      outDir: '/tmp/seglab-verbs-exact-out',
      sources: { customers: { path: 'customers.csv' } },
      columns: { customerId: 'customer_id', consent: 'opt_in', label: 'churned' },
      clean: { excludeWithoutConsent: true, missing: { spend: 'median', band: 'mode', visits: 'drop' } },
      features: { customerColumns: ['spend', 'visits'], behavioural: [] },
      embed: { enabled: false },
    },
    '/tmp',
  );
  const cleaned = cleanCustomers(table, config, {}, {});
  assert.deepEqual(cleaned.ids, ['123456789012345678', '0123', '00123']);
  assert.equal(cleaned.ledger.dropped['no marketing consent (opt_in; clean.excludeWithoutConsent)'], 2);
  assert.equal(cleaned.ledger.dropped['missing value in visits (clean.missing: drop)'], 1);
  assert.equal(cleaned.ledger.rowsKept, 3);
  const median = (16777219.03 + 16777217.05) / 2;
  assert.deepEqual(cleaned.numeric.spend, [median, 16777219.03, 16777217.05]);
  assert.deepEqual(cleaned.numeric.visits, [5, 2, 7]);
  assert.deepEqual(cleaned.text.band, ['00123', '00123', '00123']);
  assert.deepEqual(cleaned.label, [null, 'b', 'b']);
  assert.deepEqual(cleaned.text.opt_in, ['yes', 'yes', 'yes']);
  const getter = Object.getOwnPropertyDescriptor(cleaned, 'frame');
  assert.equal(typeof getter?.get, 'function', 'the frame is a getter, built on first read');
  assert.equal(cleaned.frame, cleaned.frame, 'built once');
  assert.deepEqual(frameColumn(cleaned.frame, 'customer_id'), cleaned.ids);
  assert.deepEqual(frameColumn(cleaned.frame, 'spend'), cleaned.numeric.spend);
  assert.deepEqual(frameColumn(cleaned.frame, 'band'), cleaned.text.band);
});
