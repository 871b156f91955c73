import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { collectGarbage } from '../../lib/pipeline/collect';

const used = (): number => v8.getHeapStatistics().used_heap_size;

test('collectGarbage frees unreachable memory once the heap grew by 64 MiB, and skips smaller growth', () => {
  // Baseline: whatever the heap holds now counts as the last collection's live set.
  collectGarbage();
  const small: number[][] = [];
  for (let i = 0; i < 1000; i++) small.push([i, i + 0.5]);
  assert.equal(collectGarbage(), false, 'a few hundred kB of growth is not worth a full collection');
  const base = used();
  // ~100 MB of rows, reachable while they are built (so none is collected early), then dropped.
  let garbage: number[][] | null = [];
  for (let i = 0; i < 1_000_000; i++) garbage.push([i + 0.5, i + 1.5, i + 2.5, i + 3.5]);
  const before = used();
  assert.ok(before - base > 80 * 1024 * 1024, `the rows are on the heap (${(before - base) >> 20} MiB more)`);
  assert.equal(garbage.length, 1_000_000);
  garbage = null;
  assert.equal(collectGarbage(), true, 'the heap grew by more than 64 MiB: collected');
  const after = used();
  assert.ok(before - after > 64 * 1024 * 1024, `collected ${(before - after) >> 20} MiB of the dropped rows`);
  assert.equal(small.length, 1000, 'live data is untouched');
  assert.equal(small[999][1], 999.5);
});
