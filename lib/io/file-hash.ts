/**
 * The sha256 of input files, computed on a worker thread while the run goes on (issue 15): the
 * manifest and the load fingerprint need each input file's hash, and reading a 700 MB order-line
 * file for it took about 2 s of the main thread at 1M customers (0.45 s at 200k). The pipeline
 * starts the hashing when the inputs are loaded; the cleaning runs meanwhile.
 *
 * The worker hashes exactly as `sha256File` does (4 MB blocks, the same bytes). When a worker cannot
 * start or a file cannot be read there, the file is hashed in-process when the result is asked
 * for, so an unreadable file fails where and as it always did. The worker is unref'd: it never
 * keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import { sha256File } from './atomic';

/** The worker's code (evaluated: it needs no compiled file, so it runs from the TypeScript sources too). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const fs = require('node:fs');
const block = Buffer.allocUnsafe(4 << 20);
for (const file of workerData.files) {
  try {
    const hash = crypto.createHash('sha256');
    const fd = fs.openSync(file, 'r');
    try {
      for (let n = fs.readSync(fd, block, 0, block.length, null); n > 0; n = fs.readSync(fd, block, 0, block.length, null)) hash.update(block.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
    parentPort.postMessage({ file, sha256: hash.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ file, error: String(e && e.message) });
  }
}
`;

/** Hashes being computed; `result()` gives every file's hash (in-process for any the worker could not give). */
export interface FileHashes {
  result(): Promise<Map<string, string>>;
  /** Stops the worker (a run that failed before needing the hashes); idempotent. */
  cancel(): void;
  /** Files whose hash came from the worker so far. */
  fromWorker(): number;
}

/**
 * Starts hashing `files` (duplicates hashed once) on a worker thread.
 * @example const hashes = hashFilesInBackground(['customers.csv', 'orders.csv']); ...; (await hashes.result()).get('orders.csv')
 */
export function hashFilesInBackground(files: readonly string[]): FileHashes {
  const unique = [...new Set(files)];
  const done = new Map<string, string>();
  let worker: Worker | null = null;
  let finished: Promise<void> = Promise.resolve();
  try {
    worker = new Worker(WORKER, { eval: true, workerData: { files: unique } });
    worker.unref();
    const active = worker;
    finished = new Promise<void>((resolve) => {
      let answered = 0;
      active.on('message', (m: { file: string; sha256?: string }) => {
        if (m.sha256 !== undefined) done.set(m.file, m.sha256);
        if (++answered === unique.length) resolve();
      });
      // An error or exit before every answer: the rest are hashed in-process.
      active.on('error', () => resolve());
      active.on('exit', () => resolve());
    });
  } catch {
    worker = null;
  }
  let result: Promise<Map<string, string>> | null = null;
  return {
    result: () =>
      (result ??= finished.then(() => {
        if (worker) void worker.terminate();
        const out = new Map<string, string>();
        for (const file of unique) out.set(file, done.get(file) ?? sha256File(file));
        return out;
      })),
    cancel: () => {
      if (worker) void worker.terminate();
    },
    fromWorker: () => done.size,
  };
}
