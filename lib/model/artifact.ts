/**
 * The saved segmentation model (`model.json` of a run): every fitted piece needed to score new
 * customers with exactly the run's parameters, as plain versioned JSON:
 *
 *   config parts (read + clean) ──> feature transform (applyFeatures) ──> autoencoder (encode, when
 *   the winning space is the embedding) ──> feature weights ──> nearest of the k centroids
 *
 * Scoring always assigns each customer to the nearest centroid (squared Euclidean) in the winning
 * space. For cluster.method "kmeans" that reproduces the run's labels; "gmm" saves its mixture and
 * scores by posterior, which reproduces them too; for "agglomerative" the centroids are the segments' means and nearest-centroid
 * assignment is an approximation of the run's rule.
 */
import type { ColumnRoles, CleanConfig, FeatureConfig, PrivacyConfig, RunConfig } from '../config/types';
import type { ClusterMethod } from '../cluster/methods';
import { loadCleanFit, type CleanFit } from '../clean/fit';
import type { GmmModel } from '../cluster/gmm';
import { loadAutoencoder, saveAutoencoder, type AutoencoderArtifact } from '../embed/artifact';
import { fail, msg } from '../errors/messages';
import type { FeatureTransform } from '../features/build';
import type { SegmentProfile } from '../profile/types';

/** The model format version this code reads and writes. */
export const MODEL_VERSION = 1;

/** Candidate names the runner uses (lib/pipeline/run.ts) for its two base spaces. */
export const FEATURES_SPACE = 'standardised features';
export const EMBEDDING_SPACE = 'autoencoder embedding';

/** One segment as numbered in the run's outputs. */
export interface ModelSegment {
  /** 0-based, as the run's labels (0 = largest segment). */
  index: number;
  /** "Segment 1", ... */
  label: string;
  /** Persona name (falls back to the label). */
  name: string;
}

/** The config sections needed to read and clean new files and build their features. */
export interface ModelConfig {
  columns: ColumnRoles;
  clean: CleanConfig;
  privacy: PrivacyConfig;
  features: FeatureConfig;
}

/** A saved segmentation model: plain JSON, versioned. */
export interface SegmentationModel {
  format: 'seglab.model';
  version: 1;
  /** Run name and seed, for the record. */
  run: { name: string; seed: number };
  config: ModelConfig;
  /** Feature names, in matrix column order (= transform.scaler.features). */
  featureNames: string[];
  transform: FeatureTransform;
  /** Which base space the centroids live in (before feature weights). */
  space: 'features' | 'embedding';
  /** The winning representation's name as in the report, e.g. "standardised features, reweighted within segments". */
  representation: string;
  /** The fitted autoencoder; required when space is "embedding", else null or the run's artifact. */
  autoencoder: AutoencoderArtifact | null;
  /** Per-column multipliers sqrt(w) applied to the base space before assigning (null: none). */
  weights: number[] | null;
  method: ClusterMethod;
  k: number;
  /** k centroids in the winning (weighted) space, in segment order. */
  centroids: number[][];
  /**
   * method "gmm": the mixture in the same space, components in segment order; new customers go to
   * the component with the highest posterior, as in the run. Absent in models of other methods
   * (and in gmm models written before it was saved: those score by nearest centroid).
   */
  mixture?: GmmModel;
  segments: ModelSegment[];
  /**
   * The customer cleaning's fit (fill values, winsor limits, recodes, numeric columns) learned on
   * the run's customers: `seglab score` applies it to new files. Absent in models written before it
   * existed (those refit the fills on the new file, and score says so in the ledger).
   */
  cleanFit?: CleanFit;
}

/** What buildModel reads from a run (a RunResult from runPipeline has all of it). */
export interface ModelSource {
  config: RunConfig;
  features: { names: string[]; transform: FeatureTransform };
  representation: string;
  selection: { weights: { base: string; weights: number[] } | null; method: ClusterMethod };
  clustering: { k: number; centroids: number[][]; mixture?: GmmModel };
  profiles: readonly Pick<SegmentProfile, 'segment' | 'label' | 'persona'>[];
  /** The run's cleaned customers (runPipeline's result has them): their cleaning fit is saved. */
  cleaned?: { customers: { fit?: CleanFit } };
}

function spaceOf(name: string): SegmentationModel['space'] {
  if (name === FEATURES_SPACE) return 'features';
  if (name === EMBEDDING_SPACE) return 'embedding';
  return fail('model', msg.modelInvalid(`the representation "${name}" is neither "${FEATURES_SPACE}" nor "${EMBEDDING_SPACE}"`));
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The model of a finished run (a deep copy: later edits to the run do not change it).
 * @param autoencoder the artifact returned by fitAutoencoder (null when embed is off)
 * @example writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(buildModel(run, autoencoder)));
 */
export function buildModel(run: ModelSource, autoencoder: AutoencoderArtifact | null): SegmentationModel {
  const base = run.selection.weights?.base ?? run.representation;
  const space = spaceOf(base);
  if (space === 'embedding' && !autoencoder) fail('model', msg.modelInvalid('the run segmented in the autoencoder embedding but no autoencoder artifact was given to buildModel'));
  const { columns, clean, privacy, features } = run.config;
  return {
    format: 'seglab.model',
    version: MODEL_VERSION,
    run: { name: run.config.name, seed: run.config.seed },
    config: copy({ columns, clean, privacy, features }),
    featureNames: run.features.names.slice(),
    transform: copy(run.features.transform),
    space,
    representation: run.representation,
    autoencoder: autoencoder ? saveAutoencoder(autoencoder) : null,
    weights: run.selection.weights ? run.selection.weights.weights.slice() : null,
    method: run.selection.method,
    k: run.clustering.k,
    centroids: run.clustering.centroids.map((c) => c.slice()),
    ...(run.selection.method === 'gmm' && run.clustering.mixture ? { mixture: copy(run.clustering.mixture) } : {}),
    segments: run.profiles.map((p) => ({ index: p.segment, label: p.label, name: p.persona?.name ?? p.label })),
    ...(run.cleaned?.customers.fit ? { cleanFit: copy(run.cleaned.customers.fit) } : {}),
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isFiniteList = (x: unknown, length?: number): x is number[] =>
  Array.isArray(x) && (length === undefined || x.length === length) && x.every((v) => typeof v === 'number' && Number.isFinite(v));
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Checks a parsed model.json and returns it as a model; throws a SeglabError naming the problem
 * (wrong format or version, a missing field, features that disagree between the parts).
 * @example const model = loadModel(JSON.parse(fs.readFileSync('reports/demo/model.json', 'utf8')));
 */
export function loadModel(json: unknown): SegmentationModel {
  if (!isObject(json) || json.format !== 'seglab.model') fail('model', msg.modelInvalid('"format" is not "seglab.model"'));
  if (json.version !== MODEL_VERSION) fail('model', msg.modelVersion(json.version, MODEL_VERSION));
  for (const field of ['run', 'config', 'featureNames', 'transform', 'space', 'representation', 'autoencoder', 'weights', 'method', 'k', 'centroids', 'segments'] as const) {
    if (!(field in json)) fail('model', msg.modelInvalid(`the field "${field}" is missing`));
  }
  const m = json as unknown as SegmentationModel;
  if (!isObject(m.config) || !['columns', 'clean', 'privacy', 'features'].every((s) => isObject((m.config as unknown as Record<string, unknown>)[s]))) {
    fail('model', msg.modelInvalid('"config" should have the sections columns, clean, privacy and features'));
  }
  if (!Array.isArray(m.featureNames) || m.featureNames.length === 0 || !m.featureNames.every((f) => typeof f === 'string')) {
    fail('model', msg.modelInvalid('"featureNames" should be a non-empty list of strings'));
  }
  const d = m.featureNames.length;
  const t = m.transform;
  if (!isObject(t) || !isObject(t.scaler) || !Array.isArray(t.log1p) || !Array.isArray(t.scaler.features) || !isFiniteList(t.scaler.mean, t.scaler.features.length) || !isFiniteList(t.scaler.sd, t.scaler.features.length)) {
    fail('model', msg.modelInvalid('"transform" should have log1p and a scaler with features, mean and sd of equal length'));
  }
  if (!sameList(t.scaler.features, m.featureNames)) fail('model', msg.modelFeatureMismatch('model "transform.scaler"', m.featureNames, t.scaler.features));
  const unknownLog = t.log1p.filter((f) => !m.featureNames.includes(f));
  if (unknownLog.length) fail('model', msg.modelFeatureMismatch('model "transform.log1p"', m.featureNames, [...m.featureNames, ...unknownLog]));
  if (m.space !== 'features' && m.space !== 'embedding') fail('model', msg.modelInvalid(`"space" is ${JSON.stringify(m.space)}; expected "features" or "embedding"`));
  const autoencoder = m.autoencoder === null ? null : loadAutoencoder(m.autoencoder);
  if (autoencoder && !sameList(autoencoder.featureNames, m.featureNames)) fail('model', msg.modelFeatureMismatch('model "autoencoder"', m.featureNames, autoencoder.featureNames));
  if (m.space === 'embedding' && !autoencoder) fail('model', msg.modelInvalid('"space" is "embedding" but "autoencoder" is null'));
  const dim = m.space === 'embedding' ? (autoencoder as AutoencoderArtifact).bottleneck : d;
  if (!Number.isInteger(m.k) || m.k < 1) fail('model', msg.modelInvalid(`"k" is ${JSON.stringify(m.k)}; expected a positive integer`));
  if (!Array.isArray(m.centroids) || m.centroids.length !== m.k || !m.centroids.every((c) => isFiniteList(c, dim))) {
    fail('model', msg.modelInvalid(`"centroids" should be ${m.k} lists of ${dim} finite numbers (the ${m.space} space)`));
  }
  if (m.weights !== null && !isFiniteList(m.weights, dim)) fail('model', msg.modelInvalid(`"weights" should be null or ${dim} finite numbers`));
  if (m.method !== 'kmeans' && m.method !== 'gmm' && m.method !== 'agglomerative') fail('model', msg.modelInvalid(`"method" is ${JSON.stringify(m.method)}`));
  if (m.mixture !== undefined) {
    const mix = m.mixture as unknown as Record<string, unknown>;
    const ok = isObject(mix) && isFiniteList(mix.weights, m.k) && Array.isArray(mix.means) && mix.means.length === m.k && mix.means.every((c) => isFiniteList(c, dim)) &&
      Array.isArray(mix.variances) && mix.variances.length === m.k && mix.variances.every((v) => isFiniteList(v, dim) && (v as number[]).every((x) => x > 0));
    if (!ok) fail('model', msg.modelInvalid(`"mixture" should have ${m.k} weights and ${m.k} means and positive variances of ${dim} numbers (the ${m.space} space)`));
  }
  if (!Array.isArray(m.segments) || m.segments.length !== m.k || !m.segments.every((s, i) => isObject(s) && s.index === i && typeof s.label === 'string' && typeof s.name === 'string')) {
    fail('model', msg.modelInvalid(`"segments" should list the ${m.k} segments in order, each with index, label and name`));
  }
  const cleanFit = m.cleanFit === undefined ? undefined : loadCleanFit(m.cleanFit);
  return { ...copy(m), autoencoder, ...(cleanFit ? { cleanFit } : {}) };
}
