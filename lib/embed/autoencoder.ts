/**
 * Fitting the dense autoencoder whose bottleneck is the customer embedding.
 *
 *   features (d) -> tanh(hidden[0]) -> ... -> linear(bottleneck) -> tanh(...hidden reversed) -> linear(d)
 *
 * Reproducible by construction: weights start from glorotUniform initialisers seeded from the
 * stage's `Rng` (biases at zero), and each epoch's batch order is a Fisher–Yates shuffle drawn from
 * the same `Rng` (never `fit({ shuffle: true })`). Same seed and backend give bit-identical weights.
 * Every tensor made here is disposed before returning (tests check `tf.memory().numTensors`).
 *
 * Large tables train on a seeded sample of `maxTrainRows` rows (sample.ts, default 50,000) and
 * every row is then encoded in batches of 8,192: training cost stops growing with n, while
 * encoding 1M rows takes well under a second natively and a few seconds on wasm.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { EmbedConfig } from '../config/types';
import { shuffled, type Rng } from '../random/rng';
import type { Activation, AutoencoderArtifact, DenseWeights } from './artifact';
import { currentBackend, type Tf } from './backend';
import { flatAdam } from './adam';
import { stepConstants, trainStep } from './train-step';
import { encodeAndMeasure } from './encode';
import { withoutResizeSignal } from './resize-signal';
import { DEFAULT_MAX_TRAIN_ROWS, trainingSample } from './sample';
import { checkMatrix, packRows, type DenseTensors } from './network';
import { nativeTrainer, type Trainer } from './native-step';
import type { EmbeddingResult } from './types';

/** A fitted autoencoder (plain data) and the embedding of the rows it was fitted on. */
export interface AutoencoderFit {
  artifact: AutoencoderArtifact;
  result: EmbeddingResult;
  /** Rows the network trained on: all of them, or a seeded sample when n > maxTrainRows. */
  training: { rows: number; sampled: boolean };
}

/** The training settings `fitAutoencoder` reads (a subset of the run's EmbedConfig). */
export type AutoencoderSettings = Pick<EmbedConfig, 'hidden' | 'bottleneck' | 'epochs' | 'batchSize' | 'learningRate'> & {
  /** Train on a seeded sample of at most this many rows, then encode all. Default 50,000 (config embed.maxTrainRows). */
  maxTrainRows?: number;
};

/** Upper bound (exclusive) of the initialiser seeds drawn from the rng. */
const SEED_RANGE = 2 ** 31;

interface LayerPlan {
  fanIn: number;
  units: number;
  activation: Activation;
}

function plan(d: number, settings: AutoencoderSettings): { encoder: LayerPlan[]; decoder: LayerPlan[] } {
  const widths = [d, ...settings.hidden, settings.bottleneck];
  const stack = (ws: number[]): LayerPlan[] =>
    ws.slice(1).map((units, i) => ({ fanIn: ws[i], units, activation: i === ws.length - 2 ? 'linear' : 'tanh' }));
  return { encoder: stack(widths), decoder: stack(widths.slice().reverse()) };
}

function initLayer(tf: Tf, layer: LayerPlan, seed: number): DenseTensors & { kernel: tfTypes.Variable<tfTypes.Rank.R2>; bias: tfTypes.Variable<tfTypes.Rank.R1> } {
  const init = tf.tidy(() => tf.initializers.glorotUniform({ seed }).apply([layer.fanIn, layer.units]) as tfTypes.Tensor2D);
  const kernel = tf.variable(init, true) as tfTypes.Variable<tfTypes.Rank.R2>;
  init.dispose();
  const zeros = tf.zeros([layer.units]);
  const bias = tf.variable(zeros, true) as tfTypes.Variable<tfTypes.Rank.R1>;
  zeros.dispose();
  return { kernel, bias, activation: layer.activation };
}

async function toWeights(layers: readonly DenseTensors[]): Promise<DenseWeights[]> {
  return Promise.all(
    layers.map(async (l) => ({ kernel: (await l.kernel.array()) as number[][], bias: (await l.bias.array()) as number[], activation: l.activation })),
  );
}

/**
 * Trains the autoencoder on a standardised matrix (rows = customers) and embeds those rows.
 * Adam(settings.learningRate) on mean squared error, `settings.epochs` passes in mini-batches of
 * `settings.batchSize` rows. When n > settings.maxTrainRows (default 50,000) it trains on a seeded
 * sample of that many rows (its own stream from `rng.seed`) and then embeds every row; the loss
 * history is the sample's, the reconstruction error covers every row. The matrix is not
 * modified. Uses whatever backend `tf` is on (see `selectBackend`).
 * @param rng the embed stage's stream, e.g. `stageRng(config.seed, 'embed')`.
 * @param onProgress told after every epoch ("epoch 5 of 20"), for the progress display.
 * @returns the artifact (for `encode` / `saveAutoencoder`) and `{ embedding, lossHistory, reconstructionError, backend }`.
 * @example const { artifact, result } = await fitAutoencoder(rows, names, config.embed, stageRng(42, 'embed'), tf);
 */
export async function fitAutoencoder(
  matrix: readonly (readonly number[])[],
  featureNames: readonly string[],
  settings: AutoencoderSettings,
  rng: Rng,
  tf: Tf,
  onProgress?: (detail: string) => void,
): Promise<AutoencoderFit> {
  const fit = () => fitOnBackend(matrix, featureNames, settings, rng, tf, onProgress);
  // Native TensorFlow's GEMM must not be interrupted by a terminal resize (resize-signal.ts, oneDNN #4845).
  return currentBackend(tf) === 'tensorflow' ? withoutResizeSignal(fit) : fit();
}

async function fitOnBackend(
  matrix: readonly (readonly number[])[],
  featureNames: readonly string[],
  settings: AutoencoderSettings,
  rng: Rng,
  tf: Tf,
  onProgress?: (detail: string) => void,
): Promise<AutoencoderFit> {
  checkMatrix(matrix, featureNames);
  const backend = currentBackend(tf);
  const sample = trainingSample(matrix.length, settings.maxTrainRows ?? DEFAULT_MAX_TRAIN_ROWS, rng);
  const trainRows = sample.sampled ? sample.rows.map((row) => matrix[row]) : matrix;
  const n = trainRows.length;
  const d = featureNames.length;
  const layout = plan(d, settings);
  const encoder = layout.encoder.map((l) => initLayer(tf, l, rng.int(SEED_RANGE)));
  const decoder = layout.decoder.map((l) => initLayer(tf, l, rng.int(SEED_RANGE)));
  const layers = [...encoder, ...decoder];
  const trainable = layers.flatMap((l) => [l.kernel, l.bias]);
  const packed = packRows(trainRows, 0, n, d);
  // Native TensorFlow: the same kernels called through the binding (native-step.ts); else through tf.js's engine.
  const trainer = nativeTrainer(tf, layers, packed, n, d, settings.learningRate) ?? engineTrainer(tf, layers, packed, n, d, settings.learningRate);
  const rowIds = Array.from({ length: n }, (_, i) => i);
  const lossHistory: number[] = [];
  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const order = shuffled(rowIds, rng);
      for (let start = 0; start < n; start += settings.batchSize) trainer.step(order.slice(start, start + settings.batchSize));
      lossHistory.push(trainer.takeEpochLoss() / n);
      onProgress?.(`epoch ${epoch + 1} of ${settings.epochs}`);
    }
    trainer.finish();
    const artifact: AutoencoderArtifact = {
      format: 'seglab.autoencoder',
      version: 1,
      featureNames: featureNames.slice(),
      hidden: settings.hidden.slice(),
      bottleneck: settings.bottleneck,
      encoder: await toWeights(encoder),
      decoder: await toWeights(decoder),
      training: { seed: rng.seed, epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate, backend },
    };
    // One pass: the embedding and the reconstruction error together (encode.ts).
    const measured = encodeAndMeasure(artifact, matrix, tf, featureNames);
    const result: EmbeddingResult = {
      embedding: measured.embedding,
      lossHistory,
      reconstructionError: measured.reconstructionError,
      backend,
    };
    return { artifact, result, training: { rows: n, sampled: sample.sampled } };
  } finally {
    trainer.dispose();
    for (const v of trainable) v.dispose();
  }
}

/**
 * The training loop through tf.js's engine (any backend): Adam on mean squared error with the
 * backward pass written out (train-step.ts: the same numbers as optimizer.minimize, fewer kernel
 * calls). Batch losses are summed on the device and read once per epoch (no sync per batch).
 */
export function engineTrainer(tf: Tf, layers: readonly DenseTensors[], packed: Float32Array, n: number, d: number, learningRate: number): Trainer {
  const optimizer = flatAdam(tf, learningRate, layers.flatMap((l) => [l.kernel, l.bias]) as tfTypes.Variable[]);
  const constants = stepConstants(tf);
  const data = tf.tensor2d(packed, [n, d]);
  let weightedLoss: tfTypes.Scalar = tf.scalar(0);
  return {
    step(batchRows) {
      const next = tf.tidy(() => {
        const batch = tf.gather(data, tf.tensor1d(batchRows as number[], 'int32')) as tfTypes.Tensor2D;
        const cost = trainStep(tf, layers, batch, optimizer, constants);
        return tf.add(weightedLoss, tf.mul(cost, batchRows.length)) as tfTypes.Scalar;
      });
      weightedLoss.dispose();
      weightedLoss = next;
    },
    takeEpochLoss() {
      const value = weightedLoss.dataSync()[0];
      weightedLoss.dispose();
      weightedLoss = tf.scalar(0);
      return value;
    },
    finish() {},
    dispose() {
      weightedLoss.dispose();
      data.dispose();
      optimizer.dispose();
      constants.dispose();
    },
  };
}
