/**
 * Fair assignment moves customers by their protected group, so its per-customer file
 * (segments-mitigated-fair-assignment.csv) beside segments.csv tells which customers are in which
 * group: in a new-user trial on UCI Online Shoppers (protected: Region) every one of the 10
 * customers it moved out of segment 2 was in Region 8; on Customer Personality Analysis the 2
 * customers it moved from segment 3 to 1 were both 65+. The file is now written only when
 * fairness.writeMitigatedSegments asks for it, and the warning says why it is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { writeRunOutputs } from '../../lib/pipeline/outputs';
import { msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';

const FILE = 'segments-mitigated-fair-assignment.csv';

/** Two clear behaviour groups; region "north" is 70% of the first and 30% of the second. */
function writeTable(): { file: string; region: Map<string, string> } {
  const rng = createRng(5);
  const lines = ['customer_id,visits,spend,region'];
  const region = new Map<string, string>();
  for (let i = 0; i < 800; i++) {
    const group = i % 2;
    const id = `c${i + 1}`;
    const r = rng.next() < (group === 0 ? 0.7 : 0.3) ? 'north' : 'south';
    region.set(id, r);
    lines.push(`${id},${((group === 0 ? 3 : 12) + rng.normal()).toFixed(3)},${((group === 0 ? 40 : 160) + 8 * rng.normal()).toFixed(2)},${r}`);
  }
  const dir = tempDir('seglab-mitigated-');
  const file = path.join(dir, 'customers.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, region };
}

function config(file: string, write?: boolean) {
  return validateConfig({
    name: 'mitigated',
    outDir: tempDir('seglab-mitigated-out-'),
    sources: { customers: { path: file } },
    features: { behavioural: [], customerColumns: ['visits', 'spend'] },
    clv: { enabled: false },
    embed: { enabled: false },
    cluster: { kMin: 2, kMax: 2, restarts: 3 },
    fairness: { protected: ['region'], mitigation: 'fair-assignment', ...(write === undefined ? {} : { writeMitigatedSegments: write }) },
  }, path.dirname(file));
}

const readSegments = (file: string): Map<string, string> =>
  new Map(fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',') as [string, string]));

test('fair assignment\'s per-customer segments are not written by default: the customers it moves give their group away', { timeout: 120_000 }, async () => {
  const { file, region } = writeTable();

  // Asked for: the file is written, and the customers it moves out of each segment are,
  // recounted from the input rows, all of one region (the disclosure).
  const asked = await runPipeline(config(file, true));
  const m = asked.fairnessCard.mitigation.find((x) => x.method === 'fair-assignment');
  assert.ok(m && m.moved > 0, 'the fixture makes fair assignment move customers');
  await writeRunOutputs(asked, asked.inputs);
  const delivered = readSegments(path.join(asked.config.outDir, 'segments.csv'));
  const mitigated = readSegments(path.join(asked.config.outDir, FILE));
  const movedFrom = new Map<string, Set<string>>();
  for (const [id, segment] of delivered) {
    if (mitigated.get(id) === segment) continue;
    const groups = movedFrom.get(segment) ?? new Set<string>();
    groups.add(region.get(id) ?? '?');
    movedFrom.set(segment, groups);
  }
  const moved = [...delivered].filter(([id, s]) => mitigated.get(id) !== s).length;
  assert.equal(moved, m.moved);
  for (const [segment, groups] of movedFrom) assert.equal(groups.size, 1, `customers moved out of segment ${segment} are of one region: ${[...groups]}`);
  assert.ok(asked.warnings.includes(msg.mitigationNotApplied('fair-assignment', m.moved, FILE)));

  // By default: no such file, and the warning says why and how to get it.
  const run = await runPipeline(config(file));
  const n = run.fairnessCard.mitigation.find((x) => x.method === 'fair-assignment')?.moved ?? 0;
  assert.equal(n, m.moved, 'the same mitigation is measured');
  await writeRunOutputs(run, run.inputs);
  assert.ok(fs.existsSync(path.join(run.config.outDir, 'segments.csv')));
  assert.ok(!fs.existsSync(path.join(run.config.outDir, FILE)), `${FILE} must not be written unless asked`);
  const manifest = JSON.parse(fs.readFileSync(path.join(run.config.outDir, 'manifest.json'), 'utf8')) as { outputs: Record<string, string> };
  assert.ok(!(FILE in manifest.outputs));
  const warning = msg.mitigationNotWritten('fair-assignment', n, 'region', FILE);
  assert.ok(run.warnings.includes(warning), run.warnings.join('\n'));
  assert.ok(!run.warnings.some((w) => w.includes('is written to')), 'no warning claims the file is written');
  assert.match(fs.readFileSync(path.join(run.config.outDir, 'report.html'), 'utf8'), /fairness\.writeMitigatedSegments/);
});
