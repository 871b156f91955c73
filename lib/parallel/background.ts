/**
 * One task in the background (issue 15): a fit that does not need what the next stages compute
 * runs in its own worker thread, on the second core, while the main thread goes on; the caller
 * awaits its result where it is needed. The pipeline runs the CLV fit this way during the embed
 * and cluster stages (lib/pipeline/run.ts).
 *
 * The task is the same kind of object as a pool task (lib/parallel/pool.ts): the worker
 * (dist/lib/parallel/worker.js) calls the exported function `task.fn` of the module `task.module`
 * with it, and the rest of the object is the function's input. The task is copied to the worker
 * (structured clone) when it starts, so the caller may drop its own copy; the result comes back
 * the same way (number arrays repacked as pool.ts does). A task's result is a pure function of
 * the task, so it is the same in a worker and in-process.
 *
 * In-process instead (the result is the same): when worker.js is missing (the TypeScript sources
 * run directly), when `inWorker` is false, on a worker thread, or when a worker cannot start. The
 * in-process run happens when the result is first asked for, not at the start.
 *
 * Errors: an error the task throws in the worker reaches the caller as the in-process run would
 * throw it (a SeglabError with the same stage and message; other errors as an Error with the same
 * name and message). A worker that stops without an answer (killed, out of memory) gives a
 * SeglabError of `lostStage` saying so. The worker is unref'd (it never keeps the process alive)
 * and terminated once it has answered or on `cancel()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, isMainThread } from 'node:worker_threads';
import { SeglabError, msg } from '../errors/messages';
import { repack, type ParallelTask } from './pool';

/** What the worker posts back for a background task. */
export interface BackgroundReply {
  result?: unknown;
  error?: { message: string; name: string; stage?: string };
}

export interface BackgroundHandle<R> {
  /** True when the task runs in a worker thread (false: it runs in-process when `result()` is first called). */
  readonly inWorker: boolean;
  /** The task's result (the same promise on every call). */
  result(): Promise<R>;
  /** Stops the worker (when the result is no longer wanted); a pending `result()` then rejects. */
  cancel(): void;
}

export interface BackgroundOptions {
  /** false runs the task in-process (when `result()` is first called). Default true. */
  inWorker?: boolean;
  /** Stage named by the error when the worker stops without an answer. Default 'parallel'. */
  lostStage?: string;
  /**
   * Raise the worker thread's nice value by this much (Linux; elsewhere ignored), so that it runs
   * mostly on a core the other threads leave idle and slows them little. The result is unchanged. Default 0.
   */
  nice?: number;
}

const counts = { started: 0, inProcess: 0 };

/** Background tasks started in a worker thread and run in-process, since the process started. */
export function backgroundStats(): { started: number; inProcess: number } {
  return { ...counts };
}

function workerFile(): string | null {
  const file = path.join(__dirname, 'worker.js');
  return fs.existsSync(file) ? file : null;
}

/** The error a reply carries, as the task would have thrown it in-process. */
export function errorFromReply(error: NonNullable<BackgroundReply['error']>): Error {
  const prefix = `${error.stage}: `;
  if (error.name === 'SeglabError' && error.stage !== undefined && error.message.startsWith(prefix)) return new SeglabError(error.stage, error.message.slice(prefix.length));
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}

/**
 * Starts `task` in a worker thread and returns its handle at once; `run` is the in-process
 * equivalent (used for the fallbacks above), which must compute what `task.module`'s `task.fn` does.
 * @example const fit = runInBackground(clvFitTaskOf(ids, inputs), clvFitTask); ...; await fit.result()
 */
export function runInBackground<T extends ParallelTask, R>(task: T, run: (task: T) => R, options: BackgroundOptions = {}): BackgroundHandle<R> {
  const file = options.inWorker === false || !isMainThread ? null : workerFile();
  let worker: Worker | null = null;
  if (file) {
    try {
      worker = new Worker(file, { workerData: { background: true } });
    } catch {
      worker = null;
    }
  }
  if (!worker) return inProcess(task, run, options.lostStage);
  const active = worker;
  counts.started += 1;
  active.unref();
  let settled = false;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<R>((resolve, rejectWith) => {
    reject = rejectWith;
    active.on('message', (reply: BackgroundReply) => {
      if (settled) return;
      settled = true;
      void active.terminate();
      if (reply.error) rejectWith(errorFromReply(reply.error));
      else resolve(repack(reply.result) as R);
    });
    const lost = (why: string): void => {
      if (settled) return;
      settled = true;
      void active.terminate();
      rejectWith(new SeglabError(options.lostStage ?? 'parallel', msg.backgroundTaskLost(task.module, task.fn, why)));
    };
    active.on('error', (e: Error) => lost(e.message));
    active.on('exit', (code) => lost(`the worker exited with code ${code}`));
  });
  // A rejection nobody awaits (a run that failed earlier) must not end the process.
  promise.catch(() => undefined);
  try {
    active.postMessage({ background: task, nice: options.nice ?? 0 });
  } catch {
    // The task cannot be copied to the worker (a function in it...): run it here instead.
    settled = true;
    void active.terminate();
    counts.started -= 1;
    return inProcess(task, run, options.lostStage);
  }
  return {
    inWorker: true,
    result: () => promise,
    cancel: () => {
      if (settled) return;
      settled = true;
      void active.terminate();
      reject(new SeglabError(options.lostStage ?? 'parallel', msg.backgroundTaskLost(task.module, task.fn, 'it was cancelled')));
    },
  };
}

function inProcess<T extends ParallelTask, R>(task: T, run: (task: T) => R, lostStage = 'parallel'): BackgroundHandle<R> {
  let promise: Promise<R> | null = null;
  let pending: T | null = task;
  const { module, fn } = task;
  return {
    inWorker: false,
    result: () => {
      if (!promise) {
        const input = pending;
        pending = null;
        if (input) counts.inProcess += 1;
        promise = new Promise<R>((resolve) => {
          if (!input) throw new SeglabError(lostStage, msg.backgroundTaskLost(module, fn, 'it was cancelled'));
          resolve(run(input));
        });
      }
      return promise;
    },
    cancel: () => {
      pending = null;
    },
  };
}
