/**
 * compare.html in a real browser: the transition heatmap (Vega-Lite), the Sankey (Vega) and the
 * drift charts draw with no error, and hostile segment names stay text. Synthetic snapshots in
 * memory (a refit with a split and a new segment), so no model has to be fitted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeCompareOutputs } from '../../lib/compare/outputs';
import { compareSnapshots } from '../../lib/compare/compare';
import type { Snapshot } from '../../lib/compare/snapshot';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';
import { checkInChromium, CHROMIUM } from './chromium';

const XSS = '<img src=x onerror=alert(1)>';

function snapshot(ids: string[], labels: number[], k: number, names: string[], shift: number, seed: number): Snapshot {
  const rng = createRng(seed);
  const scaled = labels.map((l) => [l + rng.next() + shift, rng.next() * 2 - l]);
  return {
    dir: '',
    kind: 'memory',
    ids,
    labels,
    k,
    segmentNames: names,
    modelSha256: `model-${seed}`,
    model: null,
    asOf: null,
    features: { names: ['recency_days', XSS], scaled, nearest: labels.map(() => rng.next()), second: labels.map(() => 1 + rng.next()) },
    values: null,
  };
}

test('compare.html draws the heatmap, the Sankey and the drift charts in Chromium', { timeout: 120_000 }, async (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed`);
    return;
  }
  const n = 600;
  const ids = Array.from({ length: n }, (_, i) => `C${i}`);
  const beforeLabels = ids.map((_, i) => i % 3);
  // After: segment 0 splits evenly into 0 and 3; 1 and 2 keep (renumbered); 48 customers gone, 80 new.
  const afterIds = [...ids.slice(48), ...Array.from({ length: 80 }, (_, i) => `N${i}`)];
  const afterLabels = afterIds.map((id, j) => {
    if (id.startsWith('N')) return j % 4;
    const i = Number(id.slice(1));
    const b = i % 3;
    return b === 0 ? ((i / 3) % 2 ? 0 : 3) : b === 1 ? 2 : 1;
  });
  const before = snapshot(ids, beforeLabels, 3, ['Loyal', XSS, 'Bargain'], 0, 1);
  const after = snapshot(afterIds, afterLabels, 4, ['A', 'B', 'C', 'D'], 0.4, 2);
  const result = compareSnapshots(before, after);
  assert.equal(result.matching.before[0].event, 'split');
  const dir = tempDir('seglab-compare-html-');
  await writeCompareOutputs(dir, result, before, after);
  const page = await checkInChromium(path.join(dir, 'compare.html'), 'compare.png');
  assert.equal(page.sections[0], 'What changed');
  const ids2 = page.charts.map((c) => c.id);
  assert.deepEqual(ids2, ['transition-heatmap', 'flows-sankey', 'segment-shares', 'feature-psi', 'nearest-distance']);
  for (const c of page.charts) assert.ok(c.drawn && !c.failed && c.marks > 0, `${c.id} drawn (${c.marks} marks)`);
  const sankey = page.charts.find((c) => c.id === 'flows-sankey');
  // One band per non-empty flow + one rect per node + labels.
  const flows = result.migration.counts.flat().filter((x) => x > 0).length;
  assert.ok((sankey?.marks ?? 0) >= flows, `${sankey?.marks} marks for ${flows} flows`);
  assert.ok(page.text.includes(XSS), 'hostile names are shown as text');
});
