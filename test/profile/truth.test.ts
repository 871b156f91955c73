/**
 * Persona names against the planted truth of the demo generator (data/demo/truth.csv): a name's
 * lifecycle and value words must agree with the behavioural evidence and with who is in the segment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, tempDir } from '../helpers/paths';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';

const demo = path.join(repoRoot, 'data', 'demo');

test('demo personas follow the evidence: "at risk"/"lapsed" have lower P(alive), big-ticket occasionals are not at risk, loyal regulars are not new', { timeout: 240_000 }, async () => {
  const json = JSON.parse(fs.readFileSync(path.join(demo, 'seglab.config.json'), 'utf8'));
  const config = validateConfig({ ...json, outDir: tempDir('seglab-truth-'), embed: { ...json.embed, enabled: false } }, demo);
  const run = await runPipeline(config);
  assert.ok(run.clv, 'the demo has CLV');
  const truth = new Map(
    fs
      .readFileSync(path.join(demo, 'truth.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',') as [string, string]),
  );
  const alive = new Map(run.clv.customers.customerId.map((id, i) => [id, run.clv?.customers.probabilityAlive[i] ?? null]));
  const ids = run.features.rowIndex.map((i) => run.cleaned.customers.ids[i]);
  const known = [...alive.values()].filter((p): p is number => p !== null);
  const basePAlive = known.reduce((s, p) => s + p, 0) / known.length;

  const table = run.profiles.map((p) => {
    const members = ids.filter((_, i) => run.clustering.labels[i] === p.segment);
    const planted = new Map<string, number>();
    for (const id of members) planted.set(truth.get(id) ?? '?', (planted.get(truth.get(id) ?? '?') ?? 0) + 1);
    const [top, count] = [...planted].sort((a, b) => b[1] - a[1])[0];
    const pAlive = members.map((id) => alive.get(id)).filter((x): x is number => typeof x === 'number');
    return { name: p.persona?.name ?? '', top, purity: count / members.length, pAlive: pAlive.reduce((s, x) => s + x, 0) / pAlive.length, persona: p.persona };
  });
  const described = table.map((t) => `${t.name} [${(t.purity * 100).toFixed(0)}% ${t.top}, P(alive) ${t.pAlive.toFixed(3)}]`).join('; ');

  for (const t of table) {
    assert.equal(t.persona?.nameSource, 'evidence', described);
    // Lifecycle words only with the behavioural evidence that supports them.
    if (/^(At risk|Lapsed)\b/.test(t.name)) assert.ok(t.pAlive < basePAlive, `${t.name}: P(alive) ${t.pAlive} vs base ${basePAlive}. ${described}`);
    if (/^Active\b/.test(t.name)) assert.ok(t.pAlive >= basePAlive - 0.02, `${t.name}: ${described}`);
    // The planted groups, where a segment is mostly one of them.
    if (t.purity >= 0.8 && t.top === 'Big-ticket occasionals') assert.doesNotMatch(t.name, /at risk|lapsed/i, described);
    if (t.purity >= 0.8 && t.top === 'Loyal regulars') assert.doesNotMatch(t.name, /\bnew\b|at risk|lapsed/i, described);
    if (t.purity >= 0.8 && t.top === 'Bargain hunters') assert.doesNotMatch(t.name, /high-(value|spend)/i, described);
    if (t.purity >= 0.8 && t.top === 'New customers') assert.match(t.name, /^New\b/, described);
    if (t.purity >= 0.8 && t.top === 'At-risk former regulars') assert.match(t.name, /^(At risk|Lapsed)\b/, described);
    if (t.purity >= 0.8 && t.top === 'Champions') assert.match(t.name, /^Active high-value\b/, described);
    // No column dumps and no "0.0% of total value".
    assert.doesNotMatch(t.name, /_|=|\brarely\b/, described);
  }
  if (process.env.SEGLAB_SHOW_PERSONAS) console.log(described);
  assert.ok(table.some((t) => t.purity >= 0.8 && t.top === 'Big-ticket occasionals'), `the big-ticket occasionals are found: ${described}`);
});
