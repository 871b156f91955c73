import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, formatCell, formatNumber, formatPercent, isFileSafeId, isShareColumn, jsonForScript } from '../../lib/report/format';
import { XSS_ATTR, XSS_IMG, XSS_SCRIPT } from './fixture';

test('escapeHtml turns every markup character of the XSS strings into entities', () => {
  assert.equal(escapeHtml(XSS_IMG), '&lt;img src=x onerror=alert(1)&gt;');
  assert.equal(escapeHtml(XSS_SCRIPT), '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(escapeHtml(XSS_ATTR), '&quot;&#39;&gt;&lt;svg onload=alert(1)&gt;');
  assert.equal(escapeHtml('a & b `c`'), 'a &amp; b &#96;c&#96;');
  for (const s of [XSS_IMG, XSS_SCRIPT, XSS_ATTR]) assert.doesNotMatch(escapeHtml(s), /[<>"']/);
});

test('jsonForScript output cannot close a script element and parses back to the same value', () => {
  const value = { label: XSS_SCRIPT, feature: XSS_IMG, amp: 'a&b', comment: '<!-- x -->', ls: 'a\u2028b\u2029c', nested: [XSS_ATTR] };
  const json = jsonForScript(value);
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), value);
});

test('formatNumber: separators for large numbers, 3 significant digits for small ones', () => {
  assert.equal(formatNumber(1032), '1,032');
  assert.equal(formatNumber(41234.56), '41,235');
  assert.equal(formatNumber(0.85321), '0.853');
  assert.equal(formatNumber(12.345), '12.3');
  assert.equal(formatNumber(0.5), '0.5');
  assert.equal(formatNumber(-2.5), '−2.5');
  assert.equal(formatNumber(0.0123), '0.0123');
  assert.equal(formatNumber(0.0000123), '1.2e-5');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(Number.NaN), '—');
  assert.equal(formatNumber(Infinity), '∞');
});

test('formatPercent and share columns', () => {
  assert.equal(formatPercent(0.1234), '12.3%');
  assert.equal(formatPercent(1), '100.0%');
  assert.equal(formatPercent(0.00042), '0.042%');
  assert.ok(isShareColumn('segmentShare', 'Share of segment'));
  assert.ok(isShareColumn('x', 'Kept %'));
  assert.ok(!isShareColumn('ratio', 'Ratio'));
  assert.ok(!isShareColumn('valueIndex', 'Value index'));
  assert.equal(formatCell(0.25, 'segmentShare', 'Share of segment'), '25.0%');
  assert.equal(formatCell(0.25, 'ratio', 'Ratio'), '0.25');
  assert.equal(formatCell(null, 'ratio', 'Ratio'), '—');
  assert.equal(formatCell('suppressed (< 10)', 'count', 'Customers'), 'suppressed (< 10)');
});

test('isFileSafeId accepts slugs only', () => {
  assert.ok(isFileSafeId('segment-sizes'));
  assert.ok(isFileSafeId('bias-1-gender'));
  for (const bad of ['', '../x', 'a/b', 'A', 'a--b', '-a', 'a-', 'a b', 'x.svg']) assert.ok(!isFileSafeId(bad), bad);
});
