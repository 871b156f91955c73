/**
 * A run from flags alone prints the complete config it used: pasted into a file and run with
 * --config, it validates and gives the same segments. (The Customer Personality Analysis trial
 * printed a fragment with "customerColumns": [] while 24 columns were used, the outcome set but not
 * printed, and "orderDate": null, which the validator rejects.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot, tempDir } from '../helpers/paths';
import { validateConfig } from '../../lib/config/validate';
import { cpaLike } from '../pipeline/cpa-like';

const bin = path.join(repoRoot, 'bin', 'seglab.js');

/** The JSON object printed after the "Detected column roles" line. */
function printedConfig(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Detected column roles'));
  assert.ok(at >= 0, stdout);
  const end = lines.findIndex((l, i) => i > at && l === '}');
  assert.ok(end > at, stdout);
  return JSON.parse(lines.slice(at + 1, end + 1).join('\n')) as Record<string, unknown>;
}

test('the config printed by a flags-only run is complete and valid, and reproduces the run when pasted', { timeout: 240_000 }, () => {
  const dir = tempDir('seglab-flags-config-');
  const file = path.join(dir, 'marketing_campaign.csv');
  fs.writeFileSync(file, cpaLike(260, 5).text);
  const out1 = path.join(tempDir('seglab-flags-config-out-'), 'run');
  const r1 = spawnSync(process.execPath, [bin, 'run', '--customers', file, '--out', out1, '--k', '2-3'], { cwd: repoRoot, encoding: 'utf8', timeout: 200_000 });
  assert.equal(r1.status, 0, r1.stderr || r1.stdout);
  const printed = printedConfig(r1.stdout);
  // What the run used is in it: the outcome, the features (never the birth year), the protected birth year.
  const columns = printed.columns as Record<string, unknown>;
  const features = printed.features as { customerColumns: string[]; behavioural: string[] };
  const fairness = printed.fairness as { protected: string[] };
  assert.equal(columns.label, 'Response');
  assert.ok(features.customerColumns.length > 5, JSON.stringify(features));
  assert.ok(!features.customerColumns.includes('Year_Birth') && fairness.protected.includes('Year_Birth'), JSON.stringify(printed));
  assert.ok(!JSON.stringify(printed).includes('null'), 'no null roles');
  const profiles = JSON.parse(fs.readFileSync(path.join(out1, 'profiles.json'), 'utf8')) as { features: string[] };
  assert.deepEqual([...features.customerColumns].sort(), [...profiles.features].sort());
  // Pasted as printed (only the run folder changed), it validates and runs to the same segments.
  const out2 = path.join(tempDir('seglab-flags-config-out2-'), 'run');
  const cfgFile = path.join(tempDir('seglab-flags-config-cfg-'), 'pasted.config.json');
  fs.writeFileSync(cfgFile, JSON.stringify({ ...printed, outDir: out2 }, null, 2));
  validateConfig({ ...printed, outDir: out2 }, path.dirname(cfgFile));
  const r2 = spawnSync(process.execPath, [bin, 'run', '--config', cfgFile], { cwd: repoRoot, encoding: 'utf8', timeout: 200_000 });
  assert.equal(r2.status, 0, r2.stderr || r2.stdout);
  assert.equal(fs.readFileSync(path.join(out2, 'segments.csv'), 'utf8'), fs.readFileSync(path.join(out1, 'segments.csv'), 'utf8'));
});
