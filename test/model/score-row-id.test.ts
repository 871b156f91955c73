/**
 * `seglab score` with a model fitted on a file without an id column (columns.customerId "row_id", as the
 * Bank Marketing and Wholesale examples do) stopped at 'has no column "row_id"'; run numbers the rows,
 * score did not. Scoring the training file again now gives every row its run segment
 * (bank.csv: 4,521 of 4,521 the same).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { buildModel } from '../../lib/model/artifact';
import { runScoreCommand } from '../../lib/cli/score';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';

test('a row_id model scores a file without an id column, row for row as the run', async () => {
  const rng = createRng(8);
  const dir = tempDir('seglab-score-rowid-');
  const lines = ['age;balance;duration;housing'];
  for (let i = 0; i < 240; i++) {
    const g = i % 3;
    lines.push(`${25 + Math.floor(40 * rng.next())};${Math.round(500 + 3000 * g + 300 * rng.normal())};${Math.round(100 + 200 * g + 30 * rng.normal())};${g === 1 ? 'yes' : 'no'}`);
  }
  fs.writeFileSync(path.join(dir, 'bank.csv'), `${lines.join('\n')}\n`);
  const config = validateConfig(
    {
      name: 'rowid',
      outDir: path.join(tempDir('seglab-score-rowid-run-'), 'run'),
      sources: { customers: { path: 'bank.csv', delimiter: ';' } },
      columns: { customerId: 'row_id' },
      features: { behavioural: [], customerColumns: ['balance', 'duration'], categoricalColumns: ['housing'] },
      embed: { enabled: false },
      cluster: { kMin: 3, kMax: 3, workers: 1 },
      fairness: { minCellSize: 10 },
    },
    dir,
  );
  const run = await runPipeline(config);
  const modelFile = path.join(dir, 'model.json');
  fs.writeFileSync(modelFile, JSON.stringify(buildModel(run, run.autoencoder)));
  const out = path.join(tempDir('seglab-score-rowid-out-'), 'scored');
  const code = await runScoreCommand(['--model', modelFile, '--customers', path.join(dir, 'bank.csv'), '--out', out], { log: () => undefined });
  assert.equal(code, 0);
  const scored = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  assert.equal(scored.length, 240);
  const ids = run.customerIds ?? run.features.customerIds;
  const runSegment = new Map(ids.map((id: string, i: number) => [id, run.clustering.labels[i] + 1]));
  assert.ok(scored.every(([id]) => /^\d+$/.test(id)), 'ids are row numbers');
  const same = scored.filter(([id, segment]) => runSegment.get(id) !== undefined && Number(segment) === runSegment.get(id)).length;
  assert.equal(same, 240);
});
