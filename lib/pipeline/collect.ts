/**
 * A full garbage collection between stages (issue 15: peak memory).
 *
 * Each stage leaves hundreds of MB of temporaries behind (parsed rows, per-restart matrices, the
 * report's strings); V8 collects them when it decides to, so the next stage's allocations used to
 * stack on top of the last stage's garbage and the process peaked far above its live data (200k
 * customers: 1,707 MiB without, 1,379 MiB with a collection at every stage end; measured with
 * bench/versus-python.ts, CPU time unchanged within noise). Collecting changes no result: it only
 * frees memory nothing refers to.
 *
 * Node exposes `gc` only with --expose-gc. The flag is set at run time and `gc` taken from a fresh
 * context (the way test runners measure leaks); where that is not possible the call does nothing.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collector: (() => void) | null | undefined;
/** Heap in use right after the last collection here (bytes). */
let liveAfterLast = 0;
/**
 * Below this much growth since the last collection, a collection is not worth its time (a full
 * collection marks the whole live heap: ~0.3 s at 200k customers, ~1 s at 1M).
 */
const MIN_GROWTH = 64 * 1024 * 1024;

function findCollector(): (() => void) | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/**
 * Collect garbage now (a full, blocking collection) when the heap grew by 64 MiB or more since the
 * last collection here; true when it collected.
 */
export function collectGarbage(): boolean {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used - liveAfterLast < MIN_GROWTH) return false;
  if (collector === undefined) collector = findCollector();
  if (!collector) return false;
  collector();
  liveAfterLast = v8.getHeapStatistics().used_heap_size;
  return true;
}
