import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot, tempDir } from '../helpers/paths';

const bin = path.join(repoRoot, 'bin', 'seglab.js');
const demo = path.join(repoRoot, 'data', 'demo');
const seglab = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });

/** A run on a private copy of the demo data (so the test can tamper with it). */
function recordedRun(): { dataDir: string; runDir: string } {
  const dataDir = tempDir('seglab-repro-data-');
  for (const f of ['customers.csv', 'transactions.csv']) fs.copyFileSync(path.join(demo, f), path.join(dataDir, f));
  const config = JSON.parse(fs.readFileSync(path.join(demo, 'seglab.config.json'), 'utf8'));
  const runDir = path.join(tempDir('seglab-repro-run-'), 'run');
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ ...config, outDir: runDir, embed: { ...config.embed, epochs: 8 } }));
  const r = seglab(['run', '--config', path.join(dataDir, 'config.json')]);
  assert.equal(r.status, 0, r.stderr);
  return { dataDir, runDir };
}

test('seglab reproduce says identical on an unchanged run (exit 0) and writes nothing', () => {
  const { runDir } = recordedRun();
  const before = fs.readdirSync(runDir).map((f) => [f, fs.statSync(path.join(runDir, f)).mtimeMs]);
  const r = seglab(['reproduce', runDir]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^identical: every stage/m);
  assert.doesNotMatch(r.stdout, /DIFFERENT/);
  assert.deepEqual(fs.readdirSync(runDir).map((f) => [f, fs.statSync(path.join(runDir, f)).mtimeMs]), before);
});

test('seglab reproduce names the first differing stage on a tampered input (exit 3)', () => {
  const { dataDir, runDir } = recordedRun();
  // Tamper: drop every 7th transaction line.
  const file = path.join(dataDir, 'transactions.csv');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  fs.writeFileSync(file, lines.filter((_, i) => i === 0 || i % 7 !== 0).join('\n'));
  const r = seglab(['reproduce', runDir]);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /different: the first stage whose output differs is "load": transactions file ".*transactions.csv" changed \(31138 rows recorded, \d+ now\)/);
  assert.match(r.stdout, /DIFFERENT cluster/);
});

test('seglab reproduce on a folder without a manifest is one clear error', () => {
  const r = seglab(['reproduce', tempDir()]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has no manifest.json, so it is not a seglab run folder/);
});
