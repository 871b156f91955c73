/**
 * Issue 15: the report's stage-time table says what the clv row measures when the CLV models
 * were fitted in a background worker (manifest.backgroundFits), and nothing more otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument } from '../../lib/report/build';
import { fixtureRun } from './fixture';

function stageCaption(backgroundFits?: string[]): string {
  const { run, manifest } = fixtureRun();
  const doc = buildReportDocument(run, backgroundFits ? { ...manifest, backgroundFits } : manifest);
  const section = doc.sections.find((s) => s.id === 'manifest');
  const table = section?.blocks.find((b) => b.kind === 'table' && b.caption.startsWith('Wall time by stage'));
  assert.ok(table && table.kind === 'table');
  return table.caption;
}

test('stage-time caption: the clv row explained only when its fit ran in the background', () => {
  const plain = stageCaption();
  assert.match(plain, /^Wall time by stage \(total [\d.,]+ s\)$/);
  const background = stageCaption(['clv']);
  assert.ok(background.startsWith(plain.slice(0, -1) + '; '), background);
  assert.match(background, /the clv row is the wait for that fit plus the per-segment summaries\)$/);
  // bench/versus-python.ts `same` masks the caption up to its first ")": there must be none inside.
  assert.equal(background.indexOf(')'), background.length - 1);
  assert.equal(stageCaption(['other']), plain);
});
