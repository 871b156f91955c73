/**
 * Input files hashed on a worker thread while the run goes on (issue 15): the task is
 * lib/io/file-hash.ts's, run by `runInBackground` (lib/parallel/background.ts) so there is one
 * worker mechanism. The pipeline starts it when the inputs are loaded; the cleaning runs meanwhile.
 *
 * When no worker can run it (the TypeScript sources, a worker that cannot start, `cancel()`), or a
 * file could not be read there, the file is hashed in-process when the result is asked for, so an
 * unreadable file fails where and as it always did. The worker never keeps the process alive.
 */
import { sha256File } from '../io/atomic';
import { fileHashTask, hashFilesTask, type FileHashAnswer } from '../io/file-hash';
import { runInBackground } from './background';

/** Hashes being computed; `result()` gives every file's hash (in-process for any the worker could not give). */
export interface FileHashes {
  result(): Promise<Map<string, string>>;
  /** Stops the worker (a run that failed before needing the hashes); idempotent. */
  cancel(): void;
  /** Files whose hash came from the worker (known once `result()` has resolved; 0 before). */
  fromWorker(): number;
}

/**
 * Starts hashing `files` (duplicates hashed once) on a worker thread.
 * @example const hashes = hashFilesInBackground(['customers.csv', 'orders.csv']); ...; (await hashes.result()).get('orders.csv')
 */
export function hashFilesInBackground(files: readonly string[]): FileHashes {
  const unique = [...new Set(files)];
  const handle = runInBackground(fileHashTask(unique), hashFilesTask, { lostStage: 'load' });
  let fromWorker = 0;
  let result: Promise<Map<string, string>> | null = null;
  return {
    result: () =>
      (result ??= handle
        .result()
        // A worker lost or cancelled: every file is hashed below, in-process.
        .catch((): FileHashAnswer[] => [])
        .then((answers) => {
          const done = new Map<string, string>();
          for (const answer of answers) if (answer.sha256 !== undefined) done.set(answer.file, answer.sha256);
          if (handle.inWorker) fromWorker = done.size;
          const out = new Map<string, string>();
          for (const file of unique) out.set(file, done.get(file) ?? sha256File(file));
          return out;
        })),
    cancel: () => handle.cancel(),
    fromWorker: () => fromWorker,
  };
}
