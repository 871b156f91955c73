import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quasiIdentifierUniqueness, scanForPii } from '../../lib/fairness/privacy';

test('scanForPii finds whole-word, case-insensitive PII values and never repeats them', () => {
  const outputs = {
    'report.html': '<p>Contact: anna@example.com</p>\n<p>Bob</p>',
    'segments.csv': 'id,segment\nannabel,1\nx +44 20 7946 0958 y',
  };
  const pii = ['Anna@Example.com', 'Ann', 'annab', '+44 20 7946 0958', 'nobody@nowhere.org'];
  const hits = scanForPii(outputs, pii);
  assert.deepEqual(hits, [
    { file: 'report.html', line: 1, valueIndex: 0, masked: 'A**************m' },
    { file: 'segments.csv', line: 3, valueIndex: 3, masked: '+**************8' },
  ]);
  // "Ann" is shorter than 4 characters (skipped); "annab" sits inside "annabel" (not a whole word).
  assert.equal(JSON.stringify(hits).includes('anna@'), false);
  assert.deepEqual(scanForPii(outputs, ['Ann'], 3).map((h) => h.valueIndex), []);
  assert.deepEqual(scanForPii({ a: 'Ann went home' }, ['Ann'], 3).map((h) => h.line), [1]);
});

test('quasi-identifier uniqueness by hand', () => {
  // Classes on (segment, ageBand): (1,a) × 3, (1,b) × 1, (2,a) × 2 -> 3 classes, 1 unique row, 3 rows below k = 3.
  const rows = [
    { segment: 1, ageBand: 'a' }, { segment: 1, ageBand: 'a' }, { segment: 1, ageBand: 'a' },
    { segment: 1, ageBand: 'b' }, { segment: 2, ageBand: 'a' }, { segment: 2, ageBand: 'a' },
  ];
  assert.deepEqual(quasiIdentifierUniqueness(rows, ['segment', 'ageBand'], 3), {
    quasiIdentifiers: ['segment', 'ageBand'], rows: 6, classes: 3, uniqueRows: 1, rowsBelowK: 3, smallestClass: 1,
  });
  assert.equal(quasiIdentifierUniqueness(rows, ['segment'], 2).uniqueRows, 0);
});
