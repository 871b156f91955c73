import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber, parseIsoDate, isMissing, missingSet } from '../../lib/clean/coerce';

test('parseNumber reads messy numbers', () => {
  const cases: [string, number][] = [
    ['42', 42], ['-3.5', -3.5], ['$1,200', 1200], ['1.200,50', 1200.5], ['1,200.50', 1200.5],
    ['12,5', 12.5], ['1 200', 1200], ['€ 99', 99], ['(12.50)', -12.5], ['7%', 7], ['1.200.300', 1200300], ['+4', 4],
  ];
  for (const [raw, want] of cases) assert.equal(parseNumber(raw), want, raw);
});

test('parseNumber rejects what is not a number', () => {
  for (const raw of ['', 'abc', '12abc', '1,2,3', '$', '--5', '1.2.3']) assert.ok(Number.isNaN(parseNumber(raw)), raw);
});

test('parseIsoDate reads ISO dates and rejects impossible or ambiguous ones', () => {
  assert.equal(parseIsoDate('2025-03-01'), Date.UTC(2025, 2, 1));
  assert.equal(parseIsoDate('2025-03-01T10:30'), Date.UTC(2025, 2, 1, 10, 30));
  for (const raw of ['2025-02-30', '01/03/2025', '03-01-2025', 'soon']) assert.ok(Number.isNaN(parseIsoDate(raw)), raw);
});

test('missing tokens match case-insensitively after trimming', () => {
  const m = missingSet(['n/a', 'NULL', '']);
  assert.ok(isMissing(' N/A ', m));
  assert.ok(isMissing('null', m));
  assert.ok(isMissing('  ', m));
  assert.ok(!isMissing('0', m));
});
