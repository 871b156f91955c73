/**
 * Trial of 2026-11-29 on the Analytics Vidhya customer-segmentation Train.csv: columns.label
 * "Segmentation" (four levels, A-D) had no outcome section and no word why. Seeded table of the same
 * shape; the number of levels is counted here from the rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/paths';
import { createRng } from '../../lib/random/rng';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { msg } from '../../lib/errors/messages';

test('a declared outcome with four text levels is named in a warning, not dropped silently', { timeout: 120_000 }, async () => {
  const rng = createRng(21);
  const rows = Array.from({ length: 500 }, (_, i) => [
    String(460000 + i),
    rng.next() < 0.55 ? 'Male' : 'Female',
    String(18 + rng.int(70)),
    ['Artist', 'Healthcare', 'Entertainment', 'Engineer', 'Doctor'][rng.int(5)],
    String(rng.int(15)),
    ['Low', 'Average', 'High'][rng.int(3)],
    String(1 + rng.int(8)),
    'ABCD'[rng.int(4)],
  ]);
  const dir = tempDir('seglab-outcome-');
  const file = path.join(dir, 'Train.csv');
  fs.writeFileSync(file, ['ID,Gender,Age,Profession,Work_Experience,Spending_Score,Family_Size,Segmentation', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  const config = validateConfig(
    {
      name: 'outcome',
      outDir: tempDir('seglab-outcome-out-'),
      sources: { customers: { path: file } },
      columns: { customerId: 'ID', label: 'Segmentation' },
      features: { behavioural: [], customerColumns: ['Work_Experience', 'Family_Size'], categoricalColumns: ['Profession', 'Spending_Score'] },
      clv: { enabled: false },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 3, restarts: 3 },
      fairness: { protected: ['Gender', 'Age'] },
    },
    dir,
  );
  const run = await runPipeline(config);
  const levels = new Set(rows.map((r) => r[7])).size;
  assert.equal(levels, 4);
  assert.equal(run.outcome ?? null, null);
  assert.ok(run.warnings.includes(msg.outcomeNotProfiled('Segmentation', levels)), run.warnings.join(' | '));
});
