/**
 * The embedding on the native backend under a V8 profiler (issue 15j).
 *
 * oneDNN 3.7.3 (inside libtensorflow 2.21) runs its f32 GEMM with the stack pointer on a heap buffer
 * when the reduction is longer than its on-stack workspace; the training step's gradient inputᵀ·dz sums over the
 * batch (256 rows here), and a signal arriving then (V8's SIGPROF) wrote its frame into the heap:
 * the process aborted with glibc's "corrupted size vs. prev_size" (oneDNN issue #4845). The test runs
 * the real fit in a child process under --cpu-prof, sampling every 100 µs: before the fix it aborted
 * every time, so it checks the child's exit, the note that says what was changed, and the profile.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { v8ProfilerFlag } from '../../lib/embed/backend';

const LIB = path.join(__dirname, '..', '..', 'lib');

/** The child: the embed stage's own functions, on native TensorFlow, on seeded noise (1,024 × 23, batches of 256). */
const CHILD = `
const { selectBackend } = require(${JSON.stringify(path.join(LIB, 'embed', 'backend'))});
const { fitAutoencoder } = require(${JSON.stringify(path.join(LIB, 'embed', 'autoencoder'))});
const { createRng } = require(${JSON.stringify(path.join(LIB, 'random', 'rng'))});
(async () => {
  const { tf, backend, notes } = await selectBackend('tensorflow');
  if (backend !== 'tensorflow') { console.log(JSON.stringify({ backend, notes })); return; }
  const rng = createRng(7);
  const matrix = Array.from({ length: 1024 }, () => Array.from({ length: 23 }, () => rng.normal()));
  const names = Array.from({ length: 23 }, (_, j) => 'f' + j);
  const settings = { hidden: [64, 32], bottleneck: 8, epochs: 20, batchSize: 256, learningRate: 0.001 };
  const fit = await fitAutoencoder(matrix, names, settings, createRng(42), tf);
  console.log(JSON.stringify({ backend, notes, loss: fit.result.lossHistory, rows: fit.result.embedding.length }));
})();
`;

describe('the V8 profiler flag', () => {
  it('is found on the command line or in NODE_OPTIONS, and only the sampling profilers count', () => {
    assert.equal(v8ProfilerFlag(['--cpu-prof', '--cpu-prof-dir=/tmp/p'], ''), '--cpu-prof');
    assert.equal(v8ProfilerFlag(['--max-old-space-size=4096'], '--prof'), '--prof');
    assert.equal(v8ProfilerFlag([], '  --cpu-prof  --cpu-prof-interval=100 '), '--cpu-prof');
    assert.equal(v8ProfilerFlag(['--cpu-prof-dir=/tmp/p', '--heap-prof', '--profile'], ''), null);
    assert.equal(v8ProfilerFlag([], ''), null);
  });
});

describe('native embedding under --cpu-prof', () => {
  it('trains to the end (no heap corruption) and says which matrix kernel it used', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-prof-'));
    try {
      const env = { ...process.env };
      delete env.TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL;
      delete env.NODE_OPTIONS;
      const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', '-e', CHILD], {
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(child.signal, null, `the child was killed by ${child.signal}; stderr: ${child.stderr.slice(-400)}`);
      assert.equal(child.status, 0, `the child exited with ${child.status}; stderr: ${child.stderr.slice(-400)}`);
      const out = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { backend: string; notes: string[]; loss?: number[]; rows?: number };
      if (out.backend !== 'tensorflow') {
        t.skip(`native TensorFlow backend not available: ${out.notes.join(' ')}`);
        return;
      }
      assert.equal(out.rows, 1024);
      assert.equal(out.loss?.length, 20);
      assert.ok(out.loss.every(Number.isFinite) && out.loss[19] < out.loss[0], `loss did not fall: ${out.loss.join(', ')}`);
      assert.equal(out.notes.length, 1);
      assert.match(out.notes[0], /--cpu-prof/);
      assert.match(out.notes[0], /TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL=false/);
      assert.match(out.notes[0], /#4845/);
      const profiles = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
      assert.equal(profiles.length, 1, `expected one profile in ${dir}, found ${profiles.join(', ')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
