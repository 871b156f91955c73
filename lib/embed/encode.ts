/**
 * Applying a fitted autoencoder: embed rows, and measure how well they are reconstructed.
 * Rows go through in large batches, each inside `tf.tidy`, so memory stays flat on big tables.
 */
import { fail, msg } from '../errors/messages';
import type { AutoencoderArtifact } from './artifact';
import type { Tf } from './backend';
import { checkMatrix, disposeLayers, forward, layersFromWeights, packRows } from './network';
import type { EmbeddingResult } from './types';

/** Rows per forward pass when encoding. 8192 rows x 64 units is 2 MB of float32 per layer. */
export const ENCODE_BATCH_ROWS = 8192;

function checkFeatures(artifact: AutoencoderArtifact, featureNames: readonly string[] | undefined, width: number): void {
  const expected = artifact.featureNames;
  const sameNames = featureNames === undefined || (featureNames.length === expected.length && featureNames.every((f, i) => f === expected[i]));
  if (!sameNames || width !== expected.length) {
    fail('embed', msg.embedFeatureMismatch(expected, featureNames ?? Array.from({ length: width }, (_, i) => `column ${i}`)));
  }
}

/**
 * Embeds rows with a fitted autoencoder (standardised exactly as for fitting).
 * @param featureNames the matrix's columns; checked against the artifact when given.
 * @returns one row of `artifact.bottleneck` numbers per input row.
 * @example const embedding = encode(artifact, scaledRows, tf, featureNames);
 */
export function encode(
  artifact: AutoencoderArtifact,
  matrix: readonly (readonly number[])[],
  tf: Tf,
  featureNames?: readonly string[],
): number[][] {
  checkFeatures(artifact, featureNames, matrix[0]?.length ?? artifact.featureNames.length);
  checkMatrix(matrix, artifact.featureNames);
  const d = artifact.featureNames.length;
  const encoder = layersFromWeights(tf, artifact.encoder);
  const embedding: number[][] = [];
  try {
    for (let start = 0; start < matrix.length; start += ENCODE_BATCH_ROWS) {
      const end = Math.min(matrix.length, start + ENCODE_BATCH_ROWS);
      const codes = tf.tidy(() => forward(tf, encoder, tf.tensor2d(packRows(matrix, start, end, d), [end - start, d])));
      const values = codes.dataSync();
      codes.dispose();
      const k = artifact.bottleneck;
      pushRows(embedding, values, end - start, k);
    }
  } finally {
    disposeLayers(encoder);
  }
  return embedding;
}

/**
 * Mean squared reconstruction error (encoder then decoder), over all values and per feature,
 * in the units of the (standardised) input.
 * @example reconstructionError(artifact, scaledRows, tf).overall // e.g. 0.08
 */
export function reconstructionError(
  artifact: AutoencoderArtifact,
  matrix: readonly (readonly number[])[],
  tf: Tf,
): EmbeddingResult['reconstructionError'] {
  checkMatrix(matrix, artifact.featureNames);
  const d = artifact.featureNames.length;
  const layers = layersFromWeights(tf, [...artifact.encoder, ...artifact.decoder]);
  const sums = new Float64Array(d);
  try {
    for (let start = 0; start < matrix.length; start += ENCODE_BATCH_ROWS) {
      const end = Math.min(matrix.length, start + ENCODE_BATCH_ROWS);
      const perFeature = tf.tidy(() => {
        const x = tf.tensor2d(packRows(matrix, start, end, d), [end - start, d]);
        return tf.sum(tf.square(tf.sub(forward(tf, layers, x), x)), 0);
      });
      const batchSums = perFeature.dataSync();
      perFeature.dispose();
      for (let c = 0; c < d; c++) sums[c] += batchSums[c];
    }
  } finally {
    disposeLayers(layers);
  }
  const n = matrix.length;
  const perFeature = artifact.featureNames.map((feature, c) => ({ feature, mse: sums[c] / n }));
  const overall = sums.reduce((a, b) => a + b, 0) / (n * d);
  return { overall, perFeature };
}

/**
 * `encode` and `reconstructionError` in one pass over the rows (issue 15): each batch goes through
 * the encoder once, and its codes through the decoder, instead of the encoder running twice. The
 * same operations on the same numbers, so the same embedding and errors to the bit.
 * @example const { embedding, reconstructionError } = encodeAndMeasure(artifact, scaledRows, tf, names);
 */
export function encodeAndMeasure(
  artifact: AutoencoderArtifact,
  matrix: readonly (readonly number[])[],
  tf: Tf,
  featureNames?: readonly string[],
): { embedding: number[][]; reconstructionError: EmbeddingResult['reconstructionError'] } {
  checkFeatures(artifact, featureNames, matrix[0]?.length ?? artifact.featureNames.length);
  checkMatrix(matrix, artifact.featureNames);
  const d = artifact.featureNames.length;
  const k = artifact.bottleneck;
  const encoder = layersFromWeights(tf, artifact.encoder);
  const decoder = layersFromWeights(tf, artifact.decoder);
  const embedding: number[][] = [];
  const sums = new Float64Array(d);
  try {
    for (let start = 0; start < matrix.length; start += ENCODE_BATCH_ROWS) {
      const end = Math.min(matrix.length, start + ENCODE_BATCH_ROWS);
      const [codes, perFeature] = tf.tidy(() => {
        const x = tf.tensor2d(packRows(matrix, start, end, d), [end - start, d]);
        const z = forward(tf, encoder, x);
        return [z, tf.sum(tf.square(tf.sub(forward(tf, decoder, z), x)), 0)];
      });
      const values = codes.dataSync();
      const batchSums = perFeature.dataSync();
      codes.dispose();
      perFeature.dispose();
      pushRows(embedding, values, end - start, k);
      for (let c = 0; c < d; c++) sums[c] += batchSums[c];
    }
  } finally {
    disposeLayers(encoder);
    disposeLayers(decoder);
  }
  const n = matrix.length;
  const perFeature = artifact.featureNames.map((feature, c) => ({ feature, mse: sums[c] / n }));
  const overall = sums.reduce((a, b) => a + b, 0) / (n * d);
  return { embedding, reconstructionError: { overall, perFeature } };
}

/**
 * Append `rows` rows of `k` values from a row-major buffer as packed double arrays of exactly k
 * slots (Array.from of a typed array reserves about 23 slots for 8 values: 190 bytes per row
 * instead of 96; issue 15). The same doubles as Array.from.
 */
function pushRows(out: number[][], values: ArrayLike<number>, rows: number, k: number): void {
  const template = Array.from({ length: k }, () => 0.5);
  for (let r = 0; r < rows; r++) {
    const row = template.slice();
    const o = r * k;
    for (let j = 0; j < k; j++) row[j] = values[o + j];
    out.push(row);
  }
}
