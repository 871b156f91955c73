/**
 * The extreme-value warning named "row N", the customer's position among the segmented customers,
 * not a line of any file: UCI Online Retail (customers = the order-line file, one row kept per id)
 * said "monetary = -4287.63 in row 1082 (customer 17448.0 ...)", and line 1083 of the file is an
 * order of customer 12868. It now names the customer only. Seeded generator: repeated ids before
 * the outlier, so the customer's position and its file line differ.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';

test('the extreme-value warning names the customer, never a row number', async () => {
  const rng = createRng(21);
  const dir = tempDir('seglab-extreme-');
  const lines = ['customer_id,spend,visits'];
  // 20 ids appear twice at the top (the first copy is dropped), then 200 customers; C0150 is extreme.
  for (let i = 0; i < 20; i++) lines.push(`C${String(i).padStart(4, '0')},${(50 + 20 * rng.normal()).toFixed(1)},${3 + Math.floor(5 * rng.next())}`);
  for (let i = 0; i < 200; i++) lines.push(`C${String(i).padStart(4, '0')},${i === 150 ? 1e6 : (50 + 20 * rng.normal()).toFixed(1)},${3 + Math.floor(5 * rng.next())}`);
  fs.writeFileSync(path.join(dir, 'c.csv'), `${lines.join('\n')}\n`);
  const config = validateConfig(
    {
      name: 'extreme',
      outDir: path.join(tempDir('seglab-extreme-out-'), 'run'),
      sources: { customers: { path: 'c.csv' } },
      features: { behavioural: [], customerColumns: ['spend', 'visits'] },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 2, workers: 1 },
      fairness: { minCellSize: 10 },
    },
    dir,
  );
  const run = await runPipeline(config);
  const warning = run.warnings.find((w) => w.startsWith('extreme values clipped'));
  assert.ok(warning, run.warnings.join(' | '));
  assert.match(warning, /spend = 1000000 for customer C0150 \(/);
  assert.doesNotMatch(warning, /\brow \d/);
});
