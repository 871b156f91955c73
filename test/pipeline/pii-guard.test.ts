import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyPiiHits, personalValues } from '../../lib/pipeline/pii-guard';
import { scanForPii } from '../../lib/fairness/pii-scan';
import { testConfig } from '../helpers/config';
import type { RawTable } from '../../lib/load/csv';

const customers: RawTable = {
  role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, lines: [2, 3], blankLines: 0,
  header: ['id', 'Surname', 'nickname', 'email'],
  rows: [['1', 'White', 'White', 'ann@example.org'], ['2', 'Root', 'r2', 'bob@example.org']],
};
const inputs = { customers, transactions: null, extras: {} };
const personal = [{ source: 'customers', file: 'c.csv', findings: [
  { column: 'Surname', reason: 'declared' as const, scanned: 0, matched: 0, example: null },
  { column: 'email', reason: 'email' as const, scanned: 2, matched: 2, example: 'a*************g' },
] }];

test('a personal value carried by another column is a real leak, with the column, a masked example and the config fix; a lone common word is a coincidence', () => {
  const config = testConfig({ columns: { customerId: 'id', pii: ['Surname'] } });
  const values = personalValues(inputs, personal);
  assert.deepEqual(values.map((v) => v.column), ['Surname', 'Surname', 'email', 'email']);
  // "White" reached segments.csv through "nickname"; "Root" appears in a JSON value by chance.
  const hits = scanForPii({ 'segments.csv': 'customer_id,segment\nWhite,1\n', 'x.json': '{"a": "root"}' }, values);
  const { real, explanations, coincidental } = classifyPiiHits(hits, values, inputs, personal, config);
  assert.equal(real.length, 1);
  assert.equal(coincidental, 1);
  assert.match(explanations[0], /segments\.csv line 2 holds a value of personal column "Surname" \(W\*\*\*e\), carried by "nickname": add "nickname" to "columns": \{ "pii": \[\.\.\.\] \}/);
  // An e-mail is distinctive: even without a carrier it is a real hit (a bug report).
  const leaked = scanForPii({ 'report.html': '<p>mail ann@example.org</p>' }, values);
  const e = classifyPiiHits(leaked, values, inputs, personal, config);
  assert.equal(e.real.length, 1);
  assert.match(e.explanations[0], /report this as a seglab bug/);
  assert.equal(e.explanations[0].includes('ann@example.org'), false);
});
