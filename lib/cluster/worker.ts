/**
 * Entry point of a cluster worker thread (started by parallel.ts from dist/lib/cluster/worker.js).
 * It receives its result port once, then batches: it claims task indices from the batch's shared
 * counter until none are left, posts each result (or the error's text) on the port, and only then
 * counts the task done and wakes the main thread.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { BatchMessage, TaskMessage } from './parallel';
import { runTask, type ClusterTask } from './tasks';

let port: MessagePort | null = null;

parentPort?.on('message', (message: { port?: MessagePort } & Partial<Omit<BatchMessage, 'port'>>) => {
  if (message.port) {
    port = message.port;
    return;
  }
  const { tasks, control } = message as Omit<BatchMessage, 'port'>;
  if (!port) return;
  for (let index = Atomics.add(control, 0, 1); index < tasks.length; index = Atomics.add(control, 0, 1)) {
    let reply: TaskMessage;
    try {
      reply = { index, result: runTask(tasks[index] as ClusterTask) };
    } catch (error) {
      reply = { index, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
});
