/**
 * Danfo is loaded when a frame is first built, not when the CLI starts (issue 15): requiring
 * danfojs-node costs about 1.7 s of CPU (mathjs, xlsx, request, tfjs-node), which every run paid
 * before reading its first row, also runs whose customers need no Danfo operation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const lib = path.resolve(__dirname, '..', '..', 'lib');

/** Runs `body` in a fresh Node process after requiring the CLI; prints whether danfojs-node is loaded. */
function danfoLoaded(body: string): boolean {
  const script = `
    const loaded = () => Object.keys(require.cache).some((k) => k.includes('/danfojs-node/'));
    require(${JSON.stringify(path.join(lib, 'cli', 'main.js'))});
    ${body}
    process.stdout.write(String(loaded()));`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }) === 'true';
}

test('the CLI and the pipeline load without Danfo', () => {
  assert.equal(danfoLoaded(''), false);
});

test('building a frame loads Danfo, and the frame is a real Danfo DataFrame', () => {
  const body = `
    const { buildFrame, fillMissingValues } = require(${JSON.stringify(path.join(lib, 'clean', 'frame.js'))});
    const frame = buildFrame({ id: ['a', 'b'], spend: [1, null] });
    if (frame.shape.join() !== '2,2' || frame.constructor.name !== 'DataFrame') throw new Error('not a frame');
    if (fillMissingValues([1, null, 3], 2).join() !== '1,2,3') throw new Error('fill');`;
  assert.equal(danfoLoaded(body), true);
});
