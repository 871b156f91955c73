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
  // A single ordinary word is matched as a whole CSV/JSON field, not inside prose.
  assert.deepEqual(scanForPii({ a: 'Ann went home' }, ['Ann'], 3).map((h) => h.line), []);
  assert.deepEqual(scanForPii({ 'x.csv': 'id,name\n1,Ann' }, ['Ann'], 3).map((h) => h.line), [2]);
});

test('scanForPii reads data positions, not chart markup: surnames White, Marks, Root never match an SVG or the Vega runtime', () => {
  const surnames = [{ value: 'White', column: 'Surname' }, { value: 'Marks', column: 'Surname' }, { value: 'Root', column: 'Surname' }];
  const svg = '<svg class="marks" fill="white"><g class="mark-group role-frame root"><path fill="White"/><text>Segment 1</text></g></svg>';
  const html = '<style>.marks{color:white}</style><script>var root = marks.white;</script><script type="application/json">{"marks":[{"type":"rect","encode":{"fill":{"value":"white"}}}],"data":[{"name":"d","values":[{"segment":"Segment 1"}]}]}</script><p>The root of the issue: marks on a white page.</p>';
  assert.deepEqual(scanForPii({ 'charts/loss.svg': svg, 'report.html': html }, surnames), []);
  // The same surnames as data are found: a CSV field, a JSON value, Vega data, an SVG label.
  const leaks = {
    'segments.csv': 'customer_id,segment\nWhite,1',
    'profiles.json': '{"label": "Marks"}',
    'report.html': '<script type="application/json">{"data":[{"values":[{"who":"Anna Root-Smith 07911 123456"}]}]}</script>',
    'charts/a.svg': '<svg><text>Call +44 20 7946 0958 now</text></svg>',
  };
  const hits = scanForPii(leaks, [...surnames, { value: 'Anna Root-Smith', column: 'full_name' }, { value: '+44 20 7946 0958', column: 'phone' }]);
  assert.deepEqual(hits.map((h) => [h.file, h.column]), [
    ['charts/a.svg', 'phone'],
    ['profiles.json', 'Surname'],
    ['report.html', 'full_name'],
    ['segments.csv', 'Surname'],
  ]);
  assert.equal(JSON.stringify(hits).includes('Marks'), false);
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
