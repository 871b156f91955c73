/**
 * The feature-means table of the profile section gives means of the cleaned values (UCI Wholesale with
 * clean.winsorise on Fresh: segment 1's Fresh 13,842, the file's own mean 13,973); its caption said
 * "(raw units)". It now says the values are after cleaning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument } from '../../lib/report/build';
import { fixtureRun } from './fixture';

test('the means table says its values are after cleaning, not raw', () => {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, manifest);
  const section = doc.sections.find((s) => s.id === 'profile');
  assert.ok(section, doc.sections.map((s) => s.id).join(', '));
  const table = section.blocks.find((b) => b.kind === 'table' && b.caption?.startsWith('Average of each feature by segment'));
  assert.ok(table && table.kind === 'table');
  assert.doesNotMatch(table.caption ?? '', /raw units/);
  assert.match(table.caption ?? '', /after cleaning/);
});
