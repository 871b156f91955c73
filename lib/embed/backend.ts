/**
 * Choosing the TensorFlow.js backend the embedding stage trains on.
 *
 * Every backend registers itself in the one shared `@tensorflow/tfjs-core` engine (danfojs-node's
 * tfjs is the same package through an npm override), so the choice made here is the one every
 * tensor in the process uses. Order for "auto": native "tensorflow" (the optional package
 * `tfjs-node-native`, set up by scripts/setup-native.sh), then "wasm", then "cpu".
 */
import * as tf from '@tensorflow/tfjs';
import { msg, SeglabError } from '../errors/messages';
import type { EmbedConfig } from '../config/types';
import type { BackendName } from './types';

/** The TensorFlow.js namespace (`import * as tf from '@tensorflow/tfjs'`). */
export type Tf = typeof tf;

/** What the user asked for: `embed.backend` of the run config. */
export type BackendPreference = EmbedConfig['backend'];

/** The backend in use, the tf namespace bound to it, and what was tried on the way. */
export interface BackendChoice {
  tf: Tf;
  backend: BackendName;
  /** One line per backend that was tried and not used, and why (msg.backendFallback); then, under a V8 profiler
   *  on native, the kernel change made to avoid oneDNN issue #4845 (msg.embedProfilerContraction). */
  notes: string[];
}

/** The npm alias under which @tensorflow/tfjs-node is an optional dependency. */
export const NATIVE_PACKAGE = 'tfjs-node-native';

/** A backend could not be loaded or initialised; `reason` is shown in the note. */
type Attempt = { ok: true; note?: string } | { ok: false; reason: string };

/** Node flags that start V8's sampling profiler, which interrupts the main thread with SIGPROF. */
const V8_PROFILER_FLAGS = ['--cpu-prof', '--prof'];

/**
 * The V8 profiler flag this process runs with (from its command line or NODE_OPTIONS), or null.
 * @example v8ProfilerFlag(['--cpu-prof', '--cpu-prof-dir=/tmp/p'], '') // '--cpu-prof'
 */
export function v8ProfilerFlag(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? ''): string | null {
  const flags = [...execArgv, ...nodeOptions.split(/\s+/)];
  return flags.find((f) => V8_PROFILER_FLAGS.includes(f.split('=')[0])) ?? null;
}

/**
 * Under a V8 profiler, turns TensorFlow's oneDNN matrix-product kernel off (before libtensorflow's first product).
 * oneDNN 3.7.3 (in libtensorflow 2.21) runs its f32 GEMM with the stack pointer on a heap buffer when the
 * reduction is longer than its on-stack workspace (84 values in current oneDNN; the embedding's gradient
 * inputᵀ·dz sums over the batch), so a signal arriving then (the profiler's SIGPROF, every millisecond)
 * writes its frame into the heap and glibc aborts
 * ("corrupted size vs. prev_size"): oneDNN issue #4845, fixed in oneDNN 3.11.2. Eigen's own kernel has no such
 * window but rounds differently, so unprofiled runs keep oneDNN (their results stay as they were) and a value
 * the user set is left alone. Returns the note to show, or undefined when nothing was changed.
 */
function avoidOnednnGemmUnderProfiler(): string | undefined {
  if (profilerNote !== undefined) return profilerNote;
  const flag = v8ProfilerFlag();
  if (flag === null || process.env.TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL !== undefined) return undefined;
  process.env.TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL = 'false';
  profilerNote = msg.embedProfilerContraction(flag);
  return profilerNote;
}

/** The note of the change above once made (a second selectBackend returns the same notes). */
let profilerNote: string | undefined;

/** The note saying native TensorFlow multiplies with Eigen's kernel because a V8 profiler is on, once that was done; else undefined. */
export function profilerKernelNote(): string | undefined {
  return profilerNote;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}

function isMissingModule(error: unknown, name: string): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${name}'`);
}

/** Registers a backend package; a require that throws means it cannot be used. */
function loadPackage(name: string): Attempt {
  try {
    // Optional backends are probed by name at run time, which only require() can do synchronously.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(name);
    return { ok: true };
  } catch (error) {
    if (name === NATIVE_PACKAGE && isMissingModule(error, name)) return { ok: false, reason: msg.embedNativeMissing() };
    return { ok: false, reason: msg.embedBackendLoadFailed(name, firstLine(error)) };
  }
}

async function activate(name: BackendName): Promise<Attempt> {
  if (tf.findBackendFactory(name) === null) {
    return { ok: false, reason: msg.embedBackendNotRegistered(name) };
  }
  // setBackend resolves false (and tfjs stays where it was) when the backend fails to initialise.
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) return { ok: false, reason: msg.embedBackendInitFailed(name) };
  await tf.ready();
  return { ok: true };
}

async function attempt(name: BackendName): Promise<Attempt> {
  switch (name) {
    case 'tensorflow': {
      // Quiets libtensorflow's start-up banner; TF reads this once, when the library loads.
      if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '2';
      // oneDNN's custom ops reorder floating-point sums (results then vary with thread timing) and
      // announce themselves on stderr; seglab wants repeatable embeddings, so they are off unless
      // the user turns them on.
      if (process.env.TF_ENABLE_ONEDNN_OPTS === undefined) process.env.TF_ENABLE_ONEDNN_OPTS = '0';
      const note = avoidOnednnGemmUnderProfiler();
      const loaded = loadPackage(NATIVE_PACKAGE);
      if (!loaded.ok) return loaded;
      const active = await activate('tensorflow');
      return active.ok && note !== undefined ? { ok: true, note } : active;
    }
    case 'wasm': {
      const loaded = loadPackage('@tensorflow/tfjs-backend-wasm');
      return loaded.ok ? activate('wasm') : loaded;
    }
    case 'cpu':
      return activate('cpu');
    default: {
      const unhandled: never = name;
      throw new Error(`unhandled backend ${String(unhandled)}`);
    }
  }
}

/** The backends tried for a preference, best first. An explicit choice still falls back, with a note. */
export function backendOrder(preference: BackendPreference): BackendName[] {
  switch (preference) {
    case 'auto':
    case 'tensorflow':
      return ['tensorflow', 'wasm', 'cpu'];
    case 'wasm':
      return ['wasm', 'cpu'];
    case 'cpu':
      return ['cpu'];
    default: {
      const unhandled: never = preference;
      throw new Error(`unhandled backend preference ${String(unhandled)}`);
    }
  }
}

/** Narrows tfjs' backend name to the ones seglab supports. */
export function currentBackend(tfjs: Tf = tf): BackendName {
  const name = tfjs.getBackend();
  if (name === 'tensorflow' || name === 'wasm' || name === 'cpu') return name;
  throw new SeglabError('embed', msg.embedBackendUnknown(String(name)));
}

/**
 * Loads and activates the best available TensorFlow.js backend for `preference`.
 * Safe to call again (the second call finds the same backend and returns the same notes).
 * The backend is process-wide: tfjs-core has one engine.
 * @param preference "auto" (default in the config): native "tensorflow", else "wasm", else "cpu".
 * @example const { tf, backend, notes } = await selectBackend('auto'); // backend: 'wasm' without native
 */
export async function selectBackend(preference: BackendPreference): Promise<BackendChoice> {
  const order = backendOrder(preference);
  const failures: { name: BackendName; reason: string }[] = [];
  for (const name of order) {
    const result = await attempt(name);
    if (result.ok) {
      const notes = failures.map((f) => msg.backendFallback(f.name, name, f.reason));
      if (result.note !== undefined) notes.push(result.note);
      return { tf, backend: name, notes };
    }
    failures.push({ name, reason: result.reason });
  }
  throw new SeglabError('embed', msg.embedNoBackend(failures.map((f) => `${f.name}: ${f.reason}`)));
}
