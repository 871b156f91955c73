/**
 * A customers-only table with 0/1 columns (Hillstrom's mens/womens/newbie, CPA's Complain and
 * AcceptedCmp*): the distribution charts drew them as box plots, a box from 0 to 1 or a flat line.
 * They are left out of the box plots, and the section says where their shares are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { distributionsSection } from '../../lib/report/sections-personas';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';

test('0/1 columns are not drawn as box plots; the other columns are, and the section names the flags', async () => {
  const dir = tempDir('seglab-flag-dist-');
  const file = path.join(dir, 'customers.csv');
  const rng = createRng(3);
  const rows = ['id,visits,basket,complain,member'];
  for (let i = 0; i < 300; i++) {
    const g = i % 3;
    rows.push(`${i + 1},${Math.round(4 + 6 * g + rng.next() * 3)},${(20 + 30 * g * rng.next()).toFixed(2)},${rng.next() < 0.1 + 0.2 * g ? 1 : 0},${rng.next() < 0.8 - 0.3 * g ? 1 : 0}`);
  }
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  const config = validateConfig(
    {
      name: 'flags',
      outDir: path.join(tempDir('seglab-flag-dist-out-'), 'run'),
      sources: { customers: { path: file } },
      columns: { customerId: 'id' },
      features: { behavioural: [], customerColumns: ['visits', 'basket', 'complain', 'member'], labels: { member: 'loyalty member' } },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 3, workers: 1 },
      fairness: { minCellSize: 5 },
    },
    dir,
  );
  const run = await runPipeline(config);
  // Which columns are 0/1, recomputed from the file.
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const zeroOne = ['visits', 'basket', 'complain', 'member'].filter((_, j) => lines.every((r) => r[j + 1] === 0 || r[j + 1] === 1));
  assert.deepEqual(zeroOne, ['complain', 'member']);
  const charted = [...new Set((run.distributions ?? []).map((d) => d.feature))];
  assert.deepEqual(charted, ['visits', 'basket']);
  const section = distributionsSection(run);
  assert.ok(section);
  const text = JSON.stringify(section);
  assert.match(text, /The 0\/1 columns \(complain, loyalty member\) are not drawn as boxes/);
  assert.equal(section.blocks.filter((b) => b.kind === 'chart').length, 2);
});
