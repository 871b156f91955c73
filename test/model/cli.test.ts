import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { segmentCustomers } from '../../lib/cluster/segment';
import { validateConfig } from '../../lib/config/validate';
import { SeglabError, msg } from '../../lib/errors/messages';
import { buildFeatures } from '../../lib/features/build';
import { buildModel, FEATURES_SPACE } from '../../lib/model/artifact';
import { parseScoreFlags, runScoreCommand } from '../../lib/cli/score';
import { cleanInputs, loadInputs } from '../../lib/pipeline/run';
import { stageRng } from '../../lib/random/rng';
import { repoRoot, tempDir } from '../helpers/paths';

const demoDir = path.join(repoRoot, 'data', 'demo');

test('seglab score: parse errors name the problem with the usage', () => {
  const usage = (problem: string) => (e: unknown) => e instanceof SeglabError && e.message.includes(msg.scoreUsage(problem));
  assert.throws(() => parseScoreFlags(['--customers', 'c.csv', '--out', 'o']), usage('--model is required'));
  assert.throws(() => parseScoreFlags(['--model', 'm.json', '--customers', 'c.csv', '--out', 'o', '--k', '3']), usage('unknown argument "--k"'));
  assert.throws(() => parseScoreFlags(['--model', 'm.json', '--customers', 'c.csv', '--out', 'o', '--as-of', '2026-13-45']), usage('--as-of "2026-13-45" is not a date YYYY-MM-DD'));
  const flags = parseScoreFlags(['--model=m.json', '--customers', 'c.csv', '--out', 'o']);
  assert.equal(flags.model, path.resolve('m.json'));
  assert.equal(flags.transactions, null);
});

test('seglab score writes segments.csv (customer_id, segment 1..k, segment_name) matching the fitted labels', async () => {
  const json = JSON.parse(fs.readFileSync(path.join(demoDir, 'seglab.config.json'), 'utf8'));
  const config = validateConfig({ ...json, embed: { ...json.embed, enabled: false }, cluster: { ...json.cluster, kMax: 4, restarts: 2 } }, demoDir);
  const cleaned = await cleanInputs(await loadInputs(config), config);
  const features = buildFeatures(cleaned.customers, cleaned.transactions, config);
  const seg = segmentCustomers([{ name: FEATURES_SPACE, points: features.scaled }], config.cluster, stageRng(config.seed, 'cluster'));
  const names = seg.clustering.centroids.map((_, i) => `Persona, ${i + 1}`);
  const model = buildModel(
    {
      config,
      features,
      representation: seg.choice.chosen,
      selection: { weights: seg.choice.weights, method: seg.method },
      clustering: seg.clustering,
      profiles: names.map((name, i) => ({ segment: i, label: `Segment ${i + 1}`, persona: { name } as never })),
    },
    null,
  );
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'model'));
  const modelFile = path.join(dir, 'model', 'model.json');
  fs.writeFileSync(modelFile, JSON.stringify(model));
  const outDir = path.join(dir, 'scored');
  const logs: string[] = [];
  const args = ['--model', modelFile, '--customers', path.join(demoDir, 'customers.csv'), '--transactions', path.join(demoDir, 'transactions.csv'), '--out', outDir];
  assert.equal(await runScoreCommand(args, { log: (s) => logs.push(s) }), 0);
  const lines = fs.readFileSync(path.join(outDir, 'segments.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'customer_id,segment,segment_name');
  assert.equal(lines.length - 1, features.customerIds.length);
  lines.slice(1).forEach((line, i) => {
    const label = seg.clustering.labels[i];
    assert.equal(line, `${features.customerIds[i]},${label + 1},"${names[label]}"`);
  });
  assert.match(logs.join('\n'), new RegExp(`${features.customerIds.length} customers in ${seg.clustering.k} segments`));
  // Raw data is never written to: an input folder as --out is refused, also through a symbolic link.
  const refusedAsInput = (e: unknown) => e instanceof SeglabError && e.message.includes(msg.outDirInsideInput(demoDir, 'input', fs.realpathSync(demoDir)).split(' is or lies')[1]);
  await assert.rejects(runScoreCommand([...args.slice(0, -1), demoDir], { log: () => undefined }), refusedAsInput);
  const link = path.join(tempDir(), 'link');
  fs.symlinkSync(demoDir, link);
  await assert.rejects(runScoreCommand([...args.slice(0, -1), path.join(link, 'scored')], { log: () => undefined }), /is or lies inside the folder of an input file/);
  // Every dropped row is in ledger.json, and the log says where.
  const ledger = JSON.parse(fs.readFileSync(path.join(outDir, 'ledger.json'), 'utf8')) as { source: string; rowsRead: number; rowsKept: number; dropped: Record<string, number> }[];
  const customersEntry = ledger.find((e) => e.source === 'customers') ?? ledger[0];
  const droppedCount = Object.values(customersEntry.dropped).reduce((a, b) => a + b, 0);
  assert.equal(customersEntry.rowsKept + droppedCount, customersEntry.rowsRead);
  if (droppedCount) assert.match(logs.join('\n'), /rows not scored; reasons in .*ledger\.json/);
  // A run folder is never scored into: its segments.csv is the run's own.
  const runDir = path.join(tempDir(), 'run');
  fs.mkdirSync(runDir);
  fs.writeFileSync(path.join(runDir, 'manifest.json'), '{}');
  fs.writeFileSync(path.join(runDir, 'segments.csv'), 'customer_id,segment\n');
  await assert.rejects(runScoreCommand([...args.slice(0, -1), runDir], { log: () => undefined }), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.scoreOutIsRun(runDir)));
  assert.equal(fs.readFileSync(path.join(runDir, 'segments.csv'), 'utf8'), 'customer_id,segment\n');
});
