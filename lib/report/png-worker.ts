/**
 * Entry point of the chart-export worker thread (started by png-export.ts from
 * dist/lib/report/png-worker.js): for each `{ seq, svg, options }` it posts back `{ seq, png }`
 * (the buffer transferred, not copied) or `{ seq, error }` with the error's text.
 */
import { parentPort } from 'node:worker_threads';
import { svgToPng, type PngOptions } from './png';

/** A request to the worker. */
export interface PngRequest {
  seq: number;
  svg: string;
  options: PngOptions;
  /** 0 until taken; the worker or the main thread sets it (Atomics.compareExchange) and whoever does makes the PNG. */
  claim: Int32Array;
}

/** The worker's reply to one request. */
export interface PngReply {
  seq: number;
  png?: Uint8Array;
  error?: string;
  /** The main thread had taken this one. */
  taken?: boolean;
}

parentPort?.on('message', ({ seq, svg, options, claim }: PngRequest) => {
  let reply: PngReply;
  if (Atomics.compareExchange(claim, 0, 0, 1) !== 0) {
    parentPort?.postMessage({ seq, taken: true } satisfies PngReply);
    return;
  }
  try {
    reply = { seq, png: svgToPng(svg, options) };
  } catch (error) {
    reply = { seq, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply, reply.png ? [reply.png.buffer as ArrayBuffer] : []);
});
