/**
 * Entry point of a worker thread (started by pool.ts from dist/lib/parallel/worker.js). It
 * receives its result port once, then batches: it claims task indices from the batch's shared
 * counter until none are left, runs each by calling the exported function `task.fn` of the module
 * `task.module` (under lib/), posts the result (or the error's text) on the port, and only then
 * counts the task done and wakes the main thread. A worker started by background.ts instead
 * receives one `{ background: task }` and posts back `{ result }` or `{ error }`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { BatchMessage, ParallelTask, TaskMessage } from './pool';
import type { BackgroundReply } from './background';
import { SeglabError } from '../errors/messages';

let port: MessagePort | null = null;

/**
 * This thread's nice value raised by `by` (at most 19). Linux keeps one per thread: the thread id
 * comes from /proc/thread-self; elsewhere nothing changes (a process-wide change would slow the main thread).
 */
function lowerPriority(by: number): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.min(19, os.getPriority(tid) + by));
  } catch {
    // No /proc or not permitted: the task runs at the process's priority.
  }
}
const LIB = path.resolve(__dirname, '..');

function runTask(task: ParallelTask): unknown {
  if (!/^[a-z-]+\/[a-z-]+$/.test(task.module)) throw new Error(`worker: no such module ${task.module}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fn = (require(path.join(LIB, task.module)) as Record<string, unknown>)[task.fn];
  if (typeof fn !== 'function') throw new Error(`worker: ${task.module} exports no function ${task.fn}`);
  return (fn as (t: ParallelTask) => unknown)(task);
}

parentPort?.on('message', (message: { port?: MessagePort; background?: ParallelTask; nice?: number } & Partial<Omit<BatchMessage, 'port'>>) => {
  if (message.background) {
    // One background task (background.ts): run it, post its result or its error, and wait to be terminated.
    if (message.nice) lowerPriority(message.nice);
    let reply: BackgroundReply;
    try {
      reply = { result: runTask(message.background) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { error: { message: e.message, name: e.name, ...(e instanceof SeglabError ? { stage: e.stage } : {}) } };
    }
    parentPort?.postMessage(reply);
    return;
  }
  if (message.port) {
    port = message.port;
    return;
  }
  const { tasks, control, batch } = message as Omit<BatchMessage, 'port'>;
  if (!port) return;
  for (let index = Atomics.add(control, 0, 1); index < tasks.length; index = Atomics.add(control, 0, 1)) {
    let reply: TaskMessage;
    try {
      reply = { batch, index, result: runTask(tasks[index]) };
    } catch (error) {
      reply = { batch, index, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
});
