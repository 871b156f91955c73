/**
 * The rows the autoencoder trains on. Past a few tens of thousands of customers more rows add
 * training time, not accuracy (the network has a few hundred weights), so large tables train on a
 * seeded uniform sample and every row is then encoded in large batches (encode.ts).
 *
 * The sample has its own stream derived from the embed stream's seed, so drawing it consumes
 * nothing from the training stream: tables at or under the cap train exactly as before.
 */
import { fail, msg } from '../errors/messages';
import { sampleIndices, type Rng } from '../random/rng';

/** Default cap on training rows (config embed.maxTrainRows). */
export const DEFAULT_MAX_TRAIN_ROWS = 50_000;

/** Which rows to train on. */
export interface TrainingSample {
  /** Row indices in increasing order (every row when `sampled` is false). */
  rows: number[];
  /** True when the table was larger than the cap and a sample was drawn. */
  sampled: boolean;
}

/**
 * All n rows when n <= maxRows, else a seeded uniform sample of maxRows distinct rows (in
 * increasing order), drawn from a stream derived from `rng.seed` (rng itself is not advanced).
 * Throws a SeglabError when maxRows is not an integer >= 1.
 * @example trainingSample(200_000, 50_000, stageRng(42, 'embed')).rows.length // 50000
 */
export function trainingSample(n: number, maxRows: number, rng: Rng): TrainingSample {
  if (!Number.isInteger(maxRows) || maxRows < 1) fail('embed', msg.badTrainRows(maxRows));
  if (n <= maxRows) return { rows: Array.from({ length: n }, (_, i) => i), sampled: false };
  return { rows: sampleIndices(n, maxRows, rng.fork('embed:training-sample')), sampled: true };
}
