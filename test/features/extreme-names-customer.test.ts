/**
 * The extreme-value warning named "row N", the customer's position among the segmented customers,
 * not a line of any file: UCI Online Retail (customers = the order-line file, one row kept per id)
 * said "monetary = -4287.63 in row 1082 (customer 17448.0 ...)", and line 1083 of the file is an
 * order of customer 12868. It now names the customer only. Seeded generator: repeated ids before
 * the outlier, so the customer's position and its file line differ.
 * Since the CPA trial (2026-11-29: "Income = 1730 for customer 6862" in report.html), a customer's own
 * value beside their id is named on the terminal only (summaryLines), never in the warnings the
 * report shows nor anywhere in the run folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';
import { summaryLines } from '../../lib/cli/summary';
import { writeRunOutputs } from '../../lib/pipeline/outputs';

test('the most extreme values are named with their customer on the terminal only, never by row number, never in the report or the run folder', async () => {
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
  assert.match(warning, /^extreme values clipped before clustering \(more than 5 spreads from the median\): spend 1\./);
  assert.doesNotMatch(warning, /C0150|1000000|1,000,000/, 'the warning (shown in the report) names no customer and no value');
  const terminal = summaryLines(run, { seconds: '1', report: 'report.html', backend: 'cpu' }).join('\n');
  assert.match(terminal, /spend = 1000000 for customer C0150 \(/);
  assert.doesNotMatch(terminal, /\brow \d/);
  // Nothing in the run folder pairs the customer with their value.
  await writeRunOutputs(run, run.inputs);
  const texts = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? texts(path.join(dir, e.name)) : /\.(html|json|csv|svg)$/.test(e.name) ? [fs.readFileSync(path.join(dir, e.name), 'utf8')] : []);
  for (const text of texts(config.outDir)) assert.doesNotMatch(text, /customer C0150|C0150 has|1000000 for customer/);
});
