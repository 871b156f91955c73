/**
 * Terminal-resize signals during native training (issue 15j; lib/embed/resize-signal.ts).
 *
 * A SIGWINCH handled while oneDNN 3.7.3's GEMM runs with its stack pointer on the heap corrupts the
 * heap (oneDNN issue #4845). Node listens for SIGWINCH on a terminal, so resizing it during the embed
 * stage could crash a run. The child below listens as Node does and is sent SIGWINCH every 2 ms while
 * it trains on native TensorFlow; before the fix it was killed by SIGABRT or SIGSEGV.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { withoutResizeSignal } from '../../lib/embed/resize-signal';

const LIB = path.join(__dirname, '..', '..', 'lib');

describe('withoutResizeSignal', () => {
  it('stops listening while fn runs, then restores the listeners and replays one SIGWINCH to them', async () => {
    let calls = 0;
    const listener = (): void => {
      calls++;
    };
    process.on('SIGWINCH', listener);
    try {
      const before = process.listenerCount('SIGWINCH');
      const inside = await withoutResizeSignal(async () => process.listenerCount('SIGWINCH'));
      assert.equal(inside, 0);
      assert.equal(process.listenerCount('SIGWINCH'), before);
      assert.ok(process.listeners('SIGWINCH').includes(listener));
      assert.equal(calls, 1);
      await assert.rejects(
        withoutResizeSignal(async () => {
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(process.listenerCount('SIGWINCH'), before, 'listeners come back when fn throws');
      assert.equal(calls, 2);
    } finally {
      process.removeListener('SIGWINCH', listener);
    }
  });

  it('adds nothing and emits nothing when nobody listens', async () => {
    // Node itself listens when this file runs on a terminal: set those listeners aside for the check.
    const nodes = process.rawListeners('SIGWINCH') as NodeJS.SignalsListener[];
    process.removeAllListeners('SIGWINCH');
    try {
      assert.equal(await withoutResizeSignal(async () => 42), 42);
      assert.equal(process.listenerCount('SIGWINCH'), 0);
    } finally {
      for (const listener of nodes) process.on('SIGWINCH', listener);
    }
  });
});

/** The child: listens for SIGWINCH as Node does on a terminal, then trains on native (4,096 × 23, batches of 256, 20 epochs). */
const CHILD = `
let resizes = 0;
process.on('SIGWINCH', () => { resizes++; });
const { selectBackend } = require(${JSON.stringify(path.join(LIB, 'embed', 'backend'))});
const { fitAutoencoder } = require(${JSON.stringify(path.join(LIB, 'embed', 'autoencoder'))});
const { createRng } = require(${JSON.stringify(path.join(LIB, 'random', 'rng'))});
(async () => {
  const { tf, backend, notes } = await selectBackend('tensorflow');
  if (backend !== 'tensorflow') { console.log(JSON.stringify({ backend, notes })); return; }
  const rng = createRng(7);
  const matrix = Array.from({ length: 4096 }, () => Array.from({ length: 23 }, () => rng.normal()));
  const names = Array.from({ length: 23 }, (_, j) => 'f' + j);
  const settings = { hidden: [64, 32], bottleneck: 8, epochs: 20, batchSize: 256, learningRate: 0.001 };
  const before = resizes;
  const fit = await fitAutoencoder(matrix, names, settings, createRng(42), tf);
  const listening = process.listenerCount('SIGWINCH');
  console.log(JSON.stringify({ backend, notes, loss: fit.result.lossHistory, listening, replayed: resizes - before }));
})();
`;

describe('native training while the terminal is resized', () => {
  it('survives a stream of SIGWINCH and hands the listener back', async (t) => {
    const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let sent = 0;
    // A signal every 2 ms from 300 ms on (before the child listens, SIGWINCH is ignored by default anyway).
    let ticking: NodeJS.Timeout | undefined;
    const tick = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.kill('SIGWINCH')) sent++;
      ticking = setTimeout(tick, 2);
    };
    ticking = setTimeout(tick, 300);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(ticking);
    assert.equal(signal, null, `the child was killed by ${signal} after ${sent} SIGWINCH; stderr: ${stderr.slice(-400)}`);
    assert.equal(code, 0, `the child exited with ${code}; stderr: ${stderr.slice(-400)}`);
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { backend: string; notes: string[]; loss?: number[]; listening?: number; replayed?: number };
    if (out.backend !== 'tensorflow') {
      t.skip(`native TensorFlow backend not available: ${out.notes.join(' ')}`);
      return;
    }
    t.diagnostic(`${sent} SIGWINCH sent during the child's life`);
    assert.ok(sent > 100, `only ${sent} signals were sent; the test needs a stream of them during training`);
    assert.equal(out.loss?.length, 20);
    assert.ok(out.loss.every(Number.isFinite));
    assert.equal(out.listening, 1, 'the child listens for SIGWINCH again after training');
    assert.ok((out.replayed ?? 0) >= 1, 'one SIGWINCH is replayed to the listener after training');
  });
});
