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
}

/** The worker's reply to one request. */
export interface PngReply {
  seq: number;
  png?: Uint8Array;
  error?: string;
}

parentPort?.on('message', ({ seq, svg, options }: PngRequest) => {
  let reply: PngReply;
  try {
    reply = { seq, png: svgToPng(svg, options) };
  } catch (error) {
    reply = { seq, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply, reply.png ? [reply.png.buffer as ArrayBuffer] : []);
});
