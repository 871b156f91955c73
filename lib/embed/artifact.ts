/**
 * The fitted autoencoder as plain data: layer weights as nested number arrays, so a run can be
 * saved as JSON and new customers embedded later with exactly the same parameters
 * (fit/apply split, scikit-learn style: `fitAutoencoder` makes it, `encode` applies it).
 */
import { fail, msg } from '../errors/messages';
import type { BackendName } from './types';

/** Activation of a dense layer: hidden layers use tanh, the bottleneck and output are linear. */
export type Activation = 'tanh' | 'linear';

/** One dense layer: y = activation(x · kernel + bias). `kernel` is [inputs][units]. */
export interface DenseWeights {
  kernel: number[][];
  bias: number[];
  activation: Activation;
}

/** Everything needed to embed (and reconstruct) rows later, JSON-serialisable as is. */
export interface AutoencoderArtifact {
  format: 'seglab.autoencoder';
  version: 1;
  /** Feature columns, in matrix column order. Rows to encode must have these, in this order. */
  featureNames: string[];
  /** Encoder hidden widths (the decoder mirrors them). */
  hidden: number[];
  /** Embedding dimension. */
  bottleneck: number;
  /** Input -> hidden... -> bottleneck. */
  encoder: DenseWeights[];
  /** Bottleneck -> mirrored hidden... -> features. */
  decoder: DenseWeights[];
  /** How it was trained (recorded for the manifest; not needed to encode). */
  training: { seed: number; epochs: number; batchSize: number; learningRate: number; backend: BackendName };
}

/** The layer widths from input to output of a stack, e.g. [8, 16, 4]. */
export function stackWidths(layers: readonly DenseWeights[]): number[] {
  if (layers.length === 0) return [];
  return [layers[0].kernel.length, ...layers.map((l) => l.bias.length)];
}

function isNumberArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function checkStack(name: string, value: unknown, widths: readonly number[]): DenseWeights[] {
  if (!Array.isArray(value) || value.length !== widths.length - 1) {
    fail('embed', msg.embedArtifactInvalid(`"${name}" should have ${widths.length - 1} layers`));
  }
  return value.map((layer: unknown, i: number) => {
    const l = layer as Partial<DenseWeights> | null;
    const rows = widths[i];
    const units = widths[i + 1];
    if (
      !l ||
      !Array.isArray(l.kernel) ||
      l.kernel.length !== rows ||
      !l.kernel.every((row) => isNumberArray(row, units)) ||
      !isNumberArray(l.bias, units) ||
      (l.activation !== 'tanh' && l.activation !== 'linear')
    ) {
      fail('embed', msg.embedArtifactInvalid(`${name} layer ${i} should be a ${rows}x${units} kernel, ${units} biases and an activation, all finite`));
    }
    return { kernel: l.kernel.map((row) => row.slice()), bias: l.bias.slice(), activation: l.activation };
  });
}

/**
 * The artifact as a JSON-ready object (a deep copy; float32 weights survive JSON exactly).
 * @example fs.writeFileSync('autoencoder.json', JSON.stringify(saveAutoencoder(fit.artifact)));
 */
export function saveAutoencoder(artifact: AutoencoderArtifact): AutoencoderArtifact {
  return JSON.parse(JSON.stringify(artifact)) as AutoencoderArtifact;
}

/**
 * Checks a parsed JSON object and returns it as an artifact; throws SeglabError naming the problem.
 * @example const artifact = loadAutoencoder(JSON.parse(fs.readFileSync('autoencoder.json', 'utf8')));
 */
export function loadAutoencoder(json: unknown): AutoencoderArtifact {
  const a = json as Partial<AutoencoderArtifact> | null;
  if (!a || typeof a !== 'object' || a.format !== 'seglab.autoencoder') {
    fail('embed', msg.embedArtifactInvalid('"format" is not "seglab.autoencoder"'));
  }
  if (a.version !== 1) fail('embed', msg.embedArtifactInvalid(`version ${JSON.stringify(a.version)} is not supported (expected 1)`));
  if (!Array.isArray(a.featureNames) || a.featureNames.length === 0 || !a.featureNames.every((f) => typeof f === 'string')) {
    fail('embed', msg.embedArtifactInvalid('"featureNames" should be a non-empty list of strings'));
  }
  if (!Array.isArray(a.hidden) || !a.hidden.every((h) => Number.isInteger(h) && h > 0)) {
    fail('embed', msg.embedArtifactInvalid('"hidden" should be a list of positive integers'));
  }
  if (!Number.isInteger(a.bottleneck) || (a.bottleneck as number) < 1) {
    fail('embed', msg.embedArtifactInvalid('"bottleneck" should be a positive integer'));
  }
  const t = a.training;
  if (!t || typeof t.seed !== 'number' || typeof t.epochs !== 'number' || typeof t.batchSize !== 'number' || typeof t.learningRate !== 'number') {
    fail('embed', msg.embedArtifactInvalid('"training" should record seed, epochs, batchSize and learningRate'));
  }
  if (t.backend !== 'tensorflow' && t.backend !== 'wasm' && t.backend !== 'cpu') {
    fail('embed', msg.embedArtifactInvalid(`"training.backend" is ${JSON.stringify(t.backend)}`));
  }
  const d = a.featureNames.length;
  const encoderWidths = [d, ...a.hidden, a.bottleneck as number];
  return {
    format: 'seglab.autoencoder',
    version: 1,
    featureNames: a.featureNames.slice(),
    hidden: a.hidden.slice(),
    bottleneck: a.bottleneck as number,
    encoder: checkStack('encoder', a.encoder, encoderWidths),
    decoder: checkStack('decoder', a.decoder, encoderWidths.slice().reverse()),
    training: { ...t },
  };
}
