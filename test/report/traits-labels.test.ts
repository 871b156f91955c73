import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument } from '../../lib/report/build';
import { distinctiveTraits } from '../../lib/report/sections';
import type { TableBlock } from '../../lib/report/types';
import { fixtureRun } from './fixture';

// The overview's "Distinctive traits" (when a segment has no persona) and the summary's "it is marked
// by ..." name features by features.labels, as the personas do, and say high/low as the data do.
test('distinctive traits and the summary line use features.labels and the sign of each segment mean', () => {
  const { run, manifest } = fixtureRun({ bare: true });
  const labels = { tenure_months: 'months as a customer', monetary: 'total spend', frequency: 'number of orders' };
  run.config.features.labels = labels;
  const doc = buildReportDocument(run, manifest);
  const text = JSON.stringify(doc);
  for (const raw of ['high tenure_months', 'low tenure_months', 'high monetary', 'low monetary', 'high frequency', 'low frequency']) {
    assert.ok(!text.includes(raw), `raw column name printed: "${raw}"`);
  }
  const overview = doc.sections.find((s) => s.id === 'overview');
  const table = overview?.blocks.find((b) => b.kind === 'table') as TableBlock | undefined;
  assert.ok(table, 'overview table');
  let checked = 0;
  for (const p of run.profiles) {
    const row: Record<string, unknown> | undefined = table.rows.find((r) => r.segment === p.label);
    assert.ok(row, p.label);
    const traits: string = String(row.traits);
    assert.equal(traits, distinctiveTraits(p, labels));
    // Each "high <label>" / "low <label>" agrees with the sign of that feature's segment z-mean.
    for (const f of p.features) {
      const label = labels[f.feature as keyof typeof labels];
      if (!label) continue;
      if (traits.includes(`high ${label}`)) (assert.ok(f.zMean > 0, `${p.label}: high ${label} at z ${f.zMean}`), checked++);
      if (traits.includes(`low ${label}`)) (assert.ok(f.zMean < 0, `${p.label}: low ${label} at z ${f.zMean}`), checked++);
    }
  }
  assert.ok(checked >= 2, `labelled traits checked: ${checked}`);
  assert.match(text, /it is marked by [^"]*(months as a customer|total spend|number of orders)/);
});
