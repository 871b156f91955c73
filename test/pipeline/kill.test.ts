/**
 * The kill test: a process writing a new run over an existing one is killed (SIGKILL) at seeded
 * random moments. After every kill the folder holds exactly the old complete run or the new
 * complete run (after the recovery the next run performs), and `seglab reproduce` refuses a mixed
 * folder instead of saying "identical".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { repoRoot, tempDir } from '../helpers/paths';
import { createRng } from '../../lib/random/rng';
import { sha256 } from '../../lib/io/atomic';
import { commitRunFolder, recoverRunFolder, verifyRunFolder } from '../../lib/io/run-folder';
import { msg } from '../../lib/errors/messages';

const bin = path.join(repoRoot, 'bin', 'seglab.js');
const runFolderModule = path.join(repoRoot, 'dist', 'lib', 'io', 'run-folder.js');

/** A run-sized file set (segments, model, CLV, report, 12 charts as SVG + PNG: ~4 MB) tagged old/new. */
function runFiles(tag: string): Record<string, string> {
  const big = (name: string, kb: number) => `${tag}:${name}:`.padEnd(kb * 1024, tag === 'old' ? 'o' : 'n');
  const files: Record<string, string> = {
    'segments.csv': big('segments', 40),
    'profiles.json': big('profiles', 8),
    'model.json': big('model', 60),
    'clv.csv': big('clv', 60),
    'clv.json': big('clvjson', 4),
    'fairness.json': big('fairness', 20),
    'data-quality.json': big('dq', 20),
    'report.html': big('report', 2000),
  };
  for (let c = 0; c < 12; c++) {
    files[`charts/c${c}.svg`] = big(`svg${c}`, 60);
    files[`charts/c${c}.png`] = big(`png${c}`, 80);
  }
  const outputs = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, sha256(v)]));
  return { ...files, 'manifest.json': JSON.stringify({ seglabVersion: 'test', tag, fingerprints: {}, outputs, inputs: [] }) };
}

function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, readTree(path.join(dir, e.name), rel));
    else out[rel] = fs.readFileSync(path.join(dir, e.name), 'utf8');
  }
  return out;
}

/** A child that writes `files` over `outDir`, printing "go" just before it starts writing. */
function writer(outDir: string, filesJson: string) {
  const code = `const { commitRunFolder } = require(${JSON.stringify(runFolderModule)});
const files = JSON.parse(require('fs').readFileSync(${JSON.stringify(filesJson)}, 'utf8'));
process.stdout.write('go\\n');
commitRunFolder(${JSON.stringify(outDir)}, files);
process.stdout.write('done\\n');`;
  return spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Start a writer and resolve with how long it took from "go" to exit (no kill). */
async function timeOneWrite(outDir: string, filesJson: string): Promise<number> {
  const child = writer(outDir, filesJson);
  let t0 = 0;
  child.stdout.on('data', (d: Buffer) => {
    if (!t0 && d.toString().includes('go')) t0 = performance.now();
  });
  await new Promise((r) => child.once('exit', r));
  return performance.now() - t0;
}

test('a run killed at random moments over an existing run leaves the old or the new complete run, never a mix', async () => {
  const parent = tempDir('seglab-kill-');
  const outDir = path.join(parent, 'run');
  const oldFiles = runFiles('old');
  const newFiles = runFiles('new');
  const filesJson = path.join(tempDir('seglab-kill-spec-'), 'new.json');
  fs.writeFileSync(filesJson, JSON.stringify(newFiles));
  // How long an uninterrupted write takes here, to spread the kills over it.
  commitRunFolder(outDir, oldFiles);
  const window = await timeOneWrite(outDir, filesJson);
  assert.deepEqual(readTree(outDir), newFiles);

  const rng = createRng(12);
  const outcomes = { old: 0, new: 0 };
  for (let trial = 0; trial < 8; trial++) {
    commitRunFolder(outDir, oldFiles);
    const child = writer(outDir, filesJson);
    const delay = rng.next() * window * 1.2;
    await new Promise<void>((resolve) => {
      child.stdout.once('data', () => setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, delay));
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    // What the next run does first when it takes the lock (puts back a run a kill left renamed away).
    recoverRunFolder(outDir);
    const tree = readTree(outDir);
    const manifest = JSON.parse(tree['manifest.json']);
    assert.deepEqual(verifyRunFolder(outDir, manifest.outputs), [], `trial ${trial} (kill after ${delay.toFixed(0)} ms): folder matches its manifest`);
    assert.deepEqual(tree, manifest.tag === 'old' ? oldFiles : newFiles, `trial ${trial}: exactly one complete run`);
    outcomes[manifest.tag as 'old' | 'new']++;
    // The killed writer's hidden folder is cleaned by the next run; the lock it held is stale.
    commitRunFolder(outDir, oldFiles);
    assert.deepEqual(fs.readdirSync(parent), ['run'], `trial ${trial}: nothing left beside the run`);
  }
  assert.equal(outcomes.old + outcomes.new, 8);
  console.log(`kill test: write window ${window.toFixed(0)} ms; after 8 kills ${outcomes.old} old and ${outcomes.new} new complete runs`);
});

test('seglab reproduce refuses a mixed run folder (new segments beside the old manifest) instead of saying identical', () => {
  const outDir = path.join(tempDir('seglab-mixed-'), 'run');
  commitRunFolder(outDir, runFiles('old'));
  fs.writeFileSync(path.join(outDir, 'segments.csv'), runFiles('new')['segments.csv']);
  const r = spawnSync(process.execPath, [bin, 'reproduce', outDir], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /identical/);
  assert.equal(r.stderr.trim(), `seglab reproduce: ${msg.runFolderIncomplete(outDir, ['segments.csv differs from its recorded sha256'])}`);
});
