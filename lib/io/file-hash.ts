/**
 * The sha256 of input files as a task for a worker thread (issue 15): the manifest and the load
 * fingerprint need each input file's hash, and reading a 700 MB order-line file for it took about
 * 2 s of the main thread at 1M customers (0.45 s at 200k). lib/parallel/hash-files.ts runs this
 * task in the background (lib/parallel/background.ts) while the cleaning runs.
 *
 * A file the task cannot read gets no hash here: it is hashed again in-process where the hashes
 * are needed, so an unreadable file fails where and as it always did.
 */
import { sha256File } from './atomic';

/** The files to hash, as a background task (worker.js calls `hashFilesTask` of `io/file-hash`). */
export interface FileHashTask {
  module: 'io/file-hash';
  fn: 'hashFilesTask';
  files: string[];
}

/** One file's answer: its hash, or none when it could not be read. */
export interface FileHashAnswer {
  file: string;
  sha256?: string;
}

/** The task for `files` (in their order; the caller removes duplicates). */
export function fileHashTask(files: readonly string[]): FileHashTask {
  return { module: 'io/file-hash', fn: 'hashFilesTask', files: [...files] };
}

/**
 * Every file's sha256 as `sha256File` computes it (the same bytes, 4 MB blocks); a file that cannot
 * be read gets no hash (its error is raised where the hash is needed).
 * @example hashFilesTask(fileHashTask(['orders.csv']))[0].sha256
 */
export function hashFilesTask(task: FileHashTask): FileHashAnswer[] {
  return task.files.map((file) => {
    try {
      return { file, sha256: sha256File(file) };
    } catch {
      return { file };
    }
  });
}
