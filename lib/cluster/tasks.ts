/**
 * What a worker thread (worker.ts) can run: every kind of task the cluster stage hands to the
 * pool (parallel.ts), by `kind`. Each is the same function the main thread runs in-process.
 */
import { runRestart, type RestartTask } from './kmeans';
import { kEvidenceTask, type KEvidenceTask } from './select-k';

export type ClusterTask = RestartTask | KEvidenceTask;

/** Runs one task; throws what the in-process call throws. */
export function runTask(task: ClusterTask): unknown {
  switch (task.kind) {
    case 'restart':
      return runRestart(task);
    case 'k-evidence':
      return kEvidenceTask(task);
    default: {
      const unknownTask: never = task;
      throw new Error(`unknown cluster task ${String((unknownTask as { kind: string }).kind)}`);
    }
  }
}
