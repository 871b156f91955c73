/**
 * Chart PNGs rasterised off the main thread (issue 15): resvg takes ~2 s of CPU for a report's
 * ~27 charts, and the main thread meanwhile renders the other charts' SVGs, the HTML, the CSV
 * files and the personal-data scan. One worker thread (dist/lib/report/png-worker.js) runs
 * `svgToPng` on each SVG in the order they were given; a caller about to wait calls `help()` and
 * makes, from the last back, the PNGs the worker has not started (each request has a claim flag in
 * shared memory, taken with Atomics.compareExchange by whichever thread comes first). A PNG is the
 * same bytes either way (test/report/png-export.test.ts).
 *
 * - The worker keeps the process alive only while a PNG is pending (it is unref'd when none is).
 * - When the worker file is missing (running the TypeScript sources directly), off the main thread,
 *   or with `{ worker: false }`, each PNG is made in-process, at once, as before.
 * - A PNG that fails in the worker is made again in-process, so the caller gets the error (or the
 *   PNG) an in-process export gives; if the worker dies, its pending PNGs are made in-process too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, isMainThread } from 'node:worker_threads';
import { svgToPng, type PngOptions } from './png';
import type { PngReply, PngRequest } from './png-worker';

/** Turns SVGs into PNGs, in a worker thread when one can run. */
export interface PngExporter {
  /** The PNG of `svg`, as `svgToPng(svg, options)` makes it. */
  png(svg: string, options?: PngOptions): Promise<Uint8Array>;
  /** Stops the worker once nothing is pending (PNGs still pending are finished first). Idempotent. */
  close(): void;
  /**
   * Makes here, from the last back, the pending PNGs the worker has not started, until it reaches
   * one the worker has: for a caller that would otherwise wait idle. The PNGs are the same bytes.
   */
  help(): void;
  /** True while a worker thread makes the PNGs. */
  readonly inWorker: boolean;
}

interface Pending {
  svg: string;
  options: PngOptions;
  claim: Int32Array;
  resolve: (png: Uint8Array) => void;
  reject: (error: unknown) => void;
}

function workerFile(): string | null {
  const file = path.join(__dirname, 'png-worker.js');
  return fs.existsSync(file) ? file : null;
}

/** svgToPng as a settled promise: what an in-process export resolves or rejects with. */
function inProcess(svg: string, options: PngOptions): Promise<Uint8Array> {
  try {
    return Promise.resolve(svgToPng(svg, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * A PNG exporter: a worker thread when `worker` is not false, this is the main thread and the
 * compiled worker exists; else in-process. Call `close()` when done (a worker left open does not
 * keep the process alive).
 * @example const exporter = pngExporter(); const png = await exporter.png(svg); exporter.close();
 */
export function pngExporter(options: { worker?: boolean; /** The worker's script (tests); default the compiled png-worker.js beside this file. */ workerScript?: string } = {}): PngExporter {
  const file = options.worker === false || !isMainThread ? null : options.workerScript === undefined ? workerFile() : fs.existsSync(options.workerScript) ? options.workerScript : null;
  if (!file) return { png: (svg, o = {}) => inProcess(svg, o), close: () => undefined, help: () => undefined, inWorker: false };

  const pending = new Map<number, Pending>();
  let seq = 0;
  let closing = false;
  let worker: Worker | null = new Worker(file);
  const settle = (id: number, result: Promise<Uint8Array>): void => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    result.then(p.resolve, p.reject);
    if (pending.size === 0) {
      worker?.unref();
      if (closing) stop();
    }
  };
  const stop = (): void => {
    const w = worker;
    worker = null;
    if (w) void w.terminate();
  };
  // A worker that fails to start or dies: what it had not answered is made here.
  const lost = (): void => {
    const w = worker;
    worker = null;
    if (w) void w.terminate();
    for (const [id, p] of [...pending]) settle(id, inProcess(p.svg, p.options));
  };
  worker.on('message', (reply: PngReply) => {
    const p = pending.get(reply.seq);
    if (!p || reply.taken) return;
    // A failure is repeated in-process so the caller sees the error an in-process export throws.
    settle(reply.seq, reply.png ? Promise.resolve(new Uint8Array(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength)) : inProcess(p.svg, p.options));
  });
  worker.on('error', lost);
  worker.on('exit', () => {
    if (worker) lost();
  });
  // After the listeners: adding a 'message' listener refs the worker's port again.
  worker.unref();
  return {
    get inWorker() {
      return worker !== null;
    },
    png(svg, o = {}) {
      if (!worker) return inProcess(svg, o);
      const id = ++seq;
      const claim = new Int32Array(new SharedArrayBuffer(4));
      const result = new Promise<Uint8Array>((resolve, reject) => pending.set(id, { svg, options: o, claim, resolve, reject }));
      if (pending.size === 1) worker.ref();
      worker.postMessage({ seq: id, svg, options: o, claim } satisfies PngRequest);
      return result;
    },
    help() {
      for (const id of [...pending.keys()].sort((a, b) => b - a)) {
        const p = pending.get(id);
        if (!p || Atomics.compareExchange(p.claim, 0, 0, 2) !== 0) break;
        settle(id, inProcess(p.svg, p.options));
      }
    },
    close() {
      closing = true;
      if (pending.size === 0) stop();
    },
  };
}
