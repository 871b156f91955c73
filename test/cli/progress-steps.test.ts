/** Issue 15: progress inside the long stages (k scan, autoencoder epochs) on the terminal display. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { progressDisplay } from '../../lib/cli/progress';
import { automaticSegmentation } from '../../lib/cluster/automatic';
import { shutdownWorkers } from '../../lib/parallel/pool';
import { createRng } from '../../lib/random/rng';
import { gaussianBlobs } from '../cluster/fixtures';

after(() => shutdownWorkers());

test('a step redraws the stage line with its detail on a terminal, and prints nothing to a log', () => {
  let screen = '';
  const tty = progressDisplay({ write: (s: string) => (screen += s), isTTY: true, columns: 120 }, () => assert.fail('no plain lines on a terminal'), () => 0);
  tty.listener({ stage: 'embed', phase: 'start' });
  tty.listener({ stage: 'embed', phase: 'step', detail: 'epoch 3 of 20' });
  assert.match(screen, /\r\x1b\[2Kseglab \[-+\] training the autoencoder \(epoch 3 of 20\) · 0\.0 s$/);
  tty.listener({ stage: 'embed', phase: 'end', ms: 5 });
  assert.match(screen, /training the autoencoder · 0\.0 s$/, 'the detail goes when the stage ends');
  const lines: string[] = [];
  const plain = progressDisplay({ write: () => assert.fail('nothing is drawn on a non-terminal'), isTTY: false }, (l) => lines.push(l));
  plain.listener({ stage: 'cluster', phase: 'step', detail: 'k scan: 1 of 4 values of k' });
  assert.deepEqual(lines, []);
});

test('the k scan reports each value of k as it is done, with 1 and 2 threads, and the result does not change', () => {
  const { points } = gaussianBlobs([[0, 0], [5, 0], [0, 5]], [300, 200, 150], 0.8, 4);
  const cfg = { method: 'kmeans' as const, maxFitRows: 50000, treeRows: 3000, kMin: 2, kMax: 5, restarts: 3, maxIterations: 100, silhouetteSample: 300, minSegmentShare: 0.02 };
  const steps: Record<number, string[]> = { 1: [], 2: [] };
  const runs = [1, 2].map((workers) => automaticSegmentation([{ name: 'features', points }], points, { ...cfg, workers }, createRng(3), 0, undefined, (d) => steps[workers].push(d)));
  for (const workers of [1, 2]) {
    const counts = steps[workers].map((d) => Number(/k scan: (\d+) of 4 values of k/.exec(d)?.[1]));
    assert.ok(counts.length >= 1 && counts.every((c, i) => c >= 1 && c <= 4 && (i === 0 || c >= counts[i - 1])), steps[workers].join('; '));
    assert.equal(counts[counts.length - 1], 4);
  }
  assert.deepStrictEqual(runs[1], runs[0]);
  assert.equal(runs[0].clustering.k, 3);
});
