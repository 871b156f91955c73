/**
 * Independent fits on both cores (issue 15): a small pool of worker threads that runs a batch of
 * tasks and returns their results in task order, synchronously, so chooseK, fitKMeans and the CLV
 * stage keep their plain signatures. Used for the k scan and k-means restarts (lib/cluster) and
 * the two BG/NBD fits of the CLV stage (lib/clv).
 *
 * How a batch runs: every task of the batch is posted to every worker once; the main thread and
 * the workers then claim task indices from one shared counter (Atomics.add) and run them, so the
 * main thread works too and nothing waits on a slow worker's queue. The main thread blocks in
 * Atomics.wait until every task is done and reads the workers' results with
 * receiveMessageOnPort. A task's result depends only on the task (each carries its own seeded
 * stream's seed), and results are placed by task index, never by arrival: the output is the same
 * with 1, 2 or n workers and whatever the scheduling (test/cluster/parallel.test.ts).
 *
 * Point sets travel as SharedArrayBuffers: one copy, shared by every thread, not one per task.
 * A task that throws in a worker is run again on the main thread, so the error the caller sees
 * is the one an in-process run gives. Workers load the compiled dist/lib/parallel/worker.js, which
 * runs a task by calling the exported function `task.fn` of the module `task.module` (a path under
 * lib/, e.g. 'cluster/kmeans'): the pool imports no stage. When worker.js is missing (e.g.
 * running the TypeScript sources directly) everything runs in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker, isMainThread, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * A worker's result as the main thread would have built it: number arrays rebuilt as packed double
 * arrays (structured clone delivers them as arrays of boxed numbers). Where both kinds reach one
 * optimised reader, V8 converts the packed arrays it reads to the boxed kind, feature rows included:
 * up to ~580 MB more heap at 1M customers, depending on timing (issue 15). Values are unchanged.
 * The clone is owned here, so objects and mixed arrays are repacked in place.
 */
export function repack(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number')) {
      const packed: number[] = [];
      for (const v of value as number[]) packed.push(v);
      return packed;
    }
    for (let i = 0; i < value.length; i++) value[i] = repack(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer) && !(value instanceof Map) && !(value instanceof Set)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = repack(record[key]);
  }
  return value;
}

/** A batch as a worker receives it. */
export interface BatchMessage {
  tasks: ParallelTask[];
  /** [0]: next task index to claim; [1]: tasks done. */
  control: Int32Array;
  /** Number of the batch, echoed in every reply: a late reply to an earlier batch (one the main thread left by an error) is ignored. */
  batch: number;
  /** Where the worker posts `{ index, result }` or `{ index, error }`. */
  port: MessagePort;
}

/** What a worker posts back for one task. */
export interface TaskMessage {
  batch: number;
  index: number;
  result?: unknown;
  error?: string;
}

/** A task: the worker calls `require(lib/<module>)[fn](task)`; the rest of the object is the function's input. */
export interface ParallelTask {
  /** Module under lib/, without extension, e.g. 'cluster/kmeans'. */
  module: string;
  /** Name of the exported function that runs the task, e.g. 'runRestart'. */
  fn: string;
}

/** No progress for this long means a worker died: the main thread runs what is left itself. */
const STALL_MS = 300_000;

interface Pool {
  workers: Worker[];
  ports: { main: MessagePort; worker: MessagePort }[];
}

let pool: Pool | null = null;
const stats = { batches: 0, workerTasks: 0 };

/** Batches run with worker threads, and tasks whose result came from a worker, since the process started. */
export function parallelStats(): { batches: number; workerTasks: number } {
  return { ...stats };
}
let busy = false;
let batchCount = 0;

function workerFile(): string | null {
  const file = path.join(__dirname, 'worker.js');
  return fs.existsSync(file) ? file : null;
}

/** Starts (or reuses) `extra` worker threads; returns null when they cannot run here. */
function ensurePool(extra: number): Pool | null {
  if (!isMainThread || extra < 1) return null;
  const file = workerFile();
  if (!file) return null;
  // The pool only grows: a batch that needs fewer threads uses the first `extra` workers.
  if (pool && pool.workers.length >= extra) return pool;
  const workers: Worker[] = pool?.workers ?? [];
  const ports: Pool['ports'] = pool?.ports ?? [];
  for (let i = workers.length; i < extra; i++) {
    const worker = new Worker(file);
    worker.unref();
    workers.push(worker);
    const channel = new MessageChannel();
    channel.port1.unref();
    ports.push({ main: channel.port1, worker: channel.port2 });
    worker.postMessage({ port: channel.port2 }, [channel.port2]);
  }
  pool = { workers, ports };
  return pool;
}

/** Stops the worker threads (they are unref'd, so a process exits without this). */
export function shutdownWorkers(): void {
  if (!pool) return;
  for (const worker of pool.workers) void worker.terminate();
  for (const { main } of pool.ports) main.close();
  pool = null;
}

/**
 * The main thread's part of a batch already posted to the workers that reply on `ports`: claims and
 * runs tasks from the shared counter (when `mainTakes`), waits until every task is counted done or
 * no worker makes progress for STALL_MS, reads the workers' replies into `results` by task index,
 * runs a task that failed in a worker again here (in task order, so the caller sees the in-process
 * error), and after a stall (a worker died) calls `onStall` and computes whatever is missing here.
 */
function finishBatch<T, R>(
  list: readonly T[],
  results: (R | undefined)[],
  done: Uint8Array,
  control: Int32Array,
  batch: number,
  ports: readonly MessagePort[],
  run: (task: T) => R,
  report: (done: number, total: number) => void,
  mainTakes: boolean,
  onStall: () => void,
): void {
  const failed: number[] = [];
  for (let index = mainTakes ? Atomics.add(control, 0, 1) : list.length; index < list.length; index = Atomics.add(control, 0, 1)) {
    results[index] = run(list[index]);
    done[index] = 1;
    report(Atomics.add(control, 1, 1) + 1, list.length);
  }
  let seen = Atomics.load(control, 1);
  let since = Date.now();
  while (seen < list.length) {
    Atomics.wait(control, 1, seen, 1000);
    const now = Atomics.load(control, 1);
    if (now !== seen) {
      seen = now;
      report(now, list.length);
      since = Date.now();
    } else if (Date.now() - since > STALL_MS) {
      break;
    }
  }
  for (const port of ports) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const message = m.message as TaskMessage;
      if (message.batch !== batch || done[message.index]) continue;
      stats.workerTasks += 1;
      if (message.error !== undefined) failed.push(message.index);
      else {
        results[message.index] = repack(message.result) as R;
        done[message.index] = 1;
      }
    }
  }
  for (const index of failed.sort((a, b) => a - b)) {
    results[index] = run(list[index]);
    done[index] = 1;
  }
  if (done.some((d) => d === 0)) {
    onStall();
    list.forEach((task, i) => {
      if (!done[i]) results[i] = run(task);
    });
  }
}

/**
 * Runs `tasks` with up to `threads` threads (the main thread plus threads - 1 workers) and
 * returns their results in task order. `run` is what the main thread does with a task; a worker
 * calls the function `task.fn` of `task.module`, which must compute the same. threads <= 1, a nested call
 * (from inside a task) or a call from a worker runs every task in-process, in order: the results
 * are the same either way.
 * @example runTasks(restartTasks, 2, runRestart)[0].inertia
 */
export function runTasks<T extends ParallelTask, R>(
  tasks: readonly T[],
  threads: number,
  run: (task: T) => R,
  options: { mainTakes?: boolean; onDone?: (done: number, total: number) => void } = {},
): R[] {
  const extra = Math.min(Math.floor(threads) - 1, tasks.length - 1);
  const active = busy ? null : ensurePool(extra);
  const report = options.onDone ?? (() => undefined);
  if (!active) {
    return tasks.map((task, i) => {
      const result = run(task);
      report(i + 1, tasks.length);
      return result;
    });
  }
  busy = true;
  stats.batches += 1;
  try {
    const control = new Int32Array(new SharedArrayBuffer(8));
    const results = new Array<R | undefined>(tasks.length);
    const done = new Uint8Array(tasks.length);
    const list = tasks.slice();
    const used = active.ports.slice(0, extra);
    const batch = ++batchCount;
    used.forEach((_, i) => active.workers[i].postMessage({ tasks: list, control, batch } satisfies Omit<BatchMessage, 'port'>));
    // (mainTakes: false leaves every task to the workers; tests use it to prove a worker's result.)
    finishBatch(list, results, done, control, batch, used.map((p) => p.main), run, report, options.mainTakes !== false, shutdownWorkers);
    return results as R[];
  } finally {
    busy = false;
  }
}

/**
 * A batch started before its caller is ready to wait for it (issue 15): one dedicated worker
 * thread begins claiming and running its tasks at once, on a core the main thread leaves idle
 * (the cluster stage's k scan of the standardised features runs while the autoencoder trains).
 * `joinEarlyBatch` later lets the main thread and the pool's workers claim what is left from the
 * same shared counter and collects every result by task index, so the results are exactly those of
 * `runTasks` on the same tasks, whoever ran which task and whenever.
 */
export interface EarlyBatch<T extends ParallelTask> {
  readonly tasks: readonly T[];
  /** The dedicated worker and its reply port; null when no worker could start (the join then runs the batch as runTasks does). */
  readonly worker: Worker | null;
  readonly port: MessagePort | null;
  readonly control: Int32Array;
  readonly batch: number;
  /** Stops the dedicated worker (a batch that will never be joined, e.g. the run failed); idempotent. A join after it runs every task afresh. */
  cancel(): void;
  /** True once cancelled (or joined). */
  readonly cancelled: boolean;
}

/**
 * Starts `tasks` on a dedicated worker thread and returns at once (see EarlyBatch). On a worker
 * thread, without dist/lib/parallel/worker.js, or for an empty batch, nothing starts and the join
 * runs every task then.
 * @example const early = startEarlyBatch(scan.tasks); ...; const evidence = joinEarlyBatch(early, 2, run)
 */
export function startEarlyBatch<T extends ParallelTask>(tasks: readonly T[]): EarlyBatch<T> {
  const control = new Int32Array(new SharedArrayBuffer(8));
  const batch = ++batchCount;
  const file = isMainThread && tasks.length > 0 ? workerFile() : null;
  let worker: Worker | null = null;
  let port: MessagePort | null = null;
  if (file) {
    try {
      worker = new Worker(file);
      worker.unref();
      const channel = new MessageChannel();
      channel.port1.unref();
      worker.postMessage({ port: channel.port2 }, [channel.port2]);
      worker.postMessage({ tasks: tasks.slice(), control, batch } satisfies Omit<BatchMessage, 'port'>);
      port = channel.port1;
    } catch {
      if (worker) void worker.terminate();
      worker = null;
      port = null;
    }
  }
  let cancelled = false;
  return {
    tasks,
    worker,
    port,
    control,
    batch,
    get cancelled() {
      return cancelled;
    },
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      if (worker) void worker.terminate();
      port?.close();
    },
  };
}

/**
 * Finishes an early batch with up to `threads` threads (the main thread plus threads - 1 pool
 * workers) besides its dedicated worker, and returns the results in task order, as
 * `runTasks(early.tasks, threads, run)` would; `run` must compute what the tasks' functions do.
 * A task that failed in a worker is run again here (the caller sees the in-process error); if a
 * worker stalls, what is missing is run here. The dedicated worker is stopped at the end.
 */
export function joinEarlyBatch<T extends ParallelTask, R>(early: EarlyBatch<T>, threads: number, run: (task: T) => R, options: { onDone?: (done: number, total: number) => void } = {}): R[] {
  const { tasks, control, batch } = early;
  // No worker, or one stopped with tasks it may have claimed half done: the batch runs afresh.
  if (!early.worker || !early.port || early.cancelled) {
    early.cancel();
    return runTasks(tasks, threads, run, options);
  }
  const report = options.onDone ?? (() => undefined);
  const extra = busy ? 0 : Math.max(0, Math.min(Math.floor(threads) - 1, tasks.length - 1));
  const active = extra > 0 ? ensurePool(extra) : null;
  const wasBusy = busy;
  busy = true;
  stats.batches += 1;
  try {
    const results = new Array<R | undefined>(tasks.length);
    const done = new Uint8Array(tasks.length);
    const ports: MessagePort[] = [early.port];
    if (active) {
      const used = active.ports.slice(0, extra);
      used.forEach((p, i) => {
        ports.push(p.main);
        active.workers[i].postMessage({ tasks: tasks.slice(), control, batch } satisfies Omit<BatchMessage, 'port'>);
      });
    }
    finishBatch(tasks, results, done, control, batch, ports, run, report, true, () => {
      if (active) shutdownWorkers();
    });
    return results as R[];
  } finally {
    busy = wasBusy;
    early.cancel();
  }
}

/** Copies a point set into shared memory, row-major, once for every thread. */
export function sharedMatrix(points: readonly (readonly number[])[], rows?: readonly number[]): { data: Float64Array; rows: number; dim: number } {
  const n = rows ? rows.length : points.length;
  const dim = n > 0 ? points[rows ? rows[0] : 0].length : 0;
  const data = new Float64Array(new SharedArrayBuffer(Math.max(1, n * dim) * 8), 0, n * dim);
  for (let i = 0; i < n; i++) {
    const row = points[rows ? rows[i] : i];
    const offset = i * dim;
    for (let j = 0; j < dim; j++) data[offset + j] = row[j];
  }
  return { data, rows: n, dim };
}
