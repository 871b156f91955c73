import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import { adjustedRandIndex } from '../evaluate/metrics';
import { sha256File } from '../io/atomic';
import { verifyRunFolder } from '../io/run-folder';
import { STAGES, fingerprintRun, type StageName } from './fingerprint';
import { inputFiles, runPipeline } from './run';
import type { Manifest } from './types';

/** One stage's comparison between the recorded run and the rerun. */
export interface StageComparison {
  stage: StageName;
  same: boolean;
  recorded: string;
  rerun: string;
}

/** What `seglab reproduce` found. */
export interface ReproduceReport {
  identical: boolean;
  /** The first stage whose output differs, with how much, or null when identical. */
  firstDifference: { stage: StageName; detail: string } | null;
  stages: StageComparison[];
  /** Input files whose bytes changed since the recorded run. */
  changedInputs: { role: string; file: string; recordedRows: number; rowsNow: number | null }[];
  backend: { recorded: string; rerun: string };
}

/** Read a run folder's manifest, with a clear error when it is not a run folder. */
export function readManifest(runDir: string): Manifest {
  const file = path.join(runDir, 'manifest.json');
  if (!fs.existsSync(file)) throw new SeglabError('reproduce', msg.noManifest(runDir));
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (e) {
    throw new SeglabError('reproduce', msg.configNotJson(file, (e as Error).message));
  }
}

/** segments.csv of a run folder as customer id -> segment. */
function readSegments(file: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(file)) return out;
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const comma = line.lastIndexOf(',');
    if (comma > 0) out.set(line.slice(0, comma).replace(/^"|"$/g, '').replace(/""/g, '"'), line.slice(comma + 1));
  }
  return out;
}

/**
 * Rerun a recorded run from its manifest (same config, seed and TensorFlow backend) without
 * writing anything, and compare every stage's fingerprint with the recorded one.
 * @example const r = await reproduceRun('reports/demo'); r.identical // true on an unchanged run
 */
export async function reproduceRun(runDir: string, options: { inputs?: Record<string, string> } = {}): Promise<ReproduceReport> {
  const manifest = readManifest(runDir);
  // A warehouse run's inputs were a sample pulled into a removed temporary folder: the caller
  // (lib/warehouse/reproduce.ts) pulls it again and passes the new files by role.
  const moved = options.inputs ?? {};
  if ((manifest as { warehouse?: unknown }).warehouse && !options.inputs) {
    throw new SeglabError('reproduce', msg.warehouseReproduceNeeds(runDir, 'reproduce it with the seglab command line, which pulls the sample again (reproduceWarehouseRun).'));
  }
  manifest.inputs = manifest.inputs.map((input) => (moved[input.role] ? { ...input, file: moved[input.role] } : input));
  if (!manifest.fingerprints) throw new SeglabError('reproduce', msg.noFingerprints(runDir));
  // The folder first: a run folder that is not exactly what its manifest lists (a half-written or
  // mixed folder, an edited file) is never reported "identical".
  const problems = verifyRunFolder(runDir, manifest.outputs ?? {});
  if (problems.length) throw new SeglabError('reproduce', msg.runFolderIncomplete(runDir, problems));
  const changedInputs: ReproduceReport['changedInputs'] = [];
  for (const input of manifest.inputs) {
    if (!fs.existsSync(input.file)) throw new SeglabError('reproduce', msg.fileNotFound(input.role, input.file));
    if (sha256File(input.file) !== input.sha256) changedInputs.push({ role: input.role, file: input.file, recordedRows: input.rows, rowsNow: null });
  }
  // Same config and seed, and the backend the recorded run used (floating-point results differ slightly between backends).
  // The recorded config is already resolved (validated and defaulted when the run was made).
  const config: RunConfig = { ...manifest.config, embed: { ...manifest.config.embed, backend: manifest.backend } };
  // The config's source of each role (customers, transactions) reads the moved file.
  const sources = { ...config.sources } as Record<string, unknown>;
  for (const [role, file] of Object.entries(moved)) if (sources[role]) sources[role] = { ...(sources[role] as object), path: file };
  config.sources = sources as RunConfig['sources'];
  const recordedAt = Date.parse(manifest.createdAt);
  const run = await runPipeline(config, Number.isNaN(recordedAt) ? {} : { now: recordedAt });
  const rowsNow = new Map(inputFiles(run.inputs).map((f) => [f.file, f.rows]));
  for (const c of changedInputs) c.rowsNow = rowsNow.get(c.file) ?? null;
  const now = fingerprintRun(run, run.inputs);
  const stages = STAGES.map((stage) => ({ stage, recorded: manifest.fingerprints[stage], rerun: now[stage], same: manifest.fingerprints[stage] === now[stage] }));
  const first = stages.find((s) => !s.same);
  let detail = '';
  if (first) {
    const recordedSegments = readSegments(path.join(runDir, 'segments.csv'));
    const rowOf = new Map(run.customerIds.map((id, i) => [id, i]));
    const common = run.customerIds.filter((id) => recordedSegments.has(id));
    const before = common.map((id) => recordedSegments.get(id) as string);
    const after = common.map((id) => String(run.clustering.labels[rowOf.get(id) as number] + 1));
    const moved = before.filter((s, i) => s !== after[i]).length;
    const ari = common.length > 1 ? adjustedRandIndex(before, after) : NaN;
    const inputs = changedInputs.map((c) => `${c.role} file "${c.file}" changed (${c.recordedRows} rows recorded, ${c.rowsNow} now)`);
    detail = [
      ...inputs,
      `${run.customerIds.length} customers segmented now vs ${recordedSegments.size} recorded`,
      `${moved} of ${common.length} common customers changed segment number (ARI ${Number.isNaN(ari) ? 'n/a' : ari.toFixed(3)} vs the recorded segments.csv)`,
    ].join('; ');
  }
  return {
    identical: !first,
    firstDifference: first ? { stage: first.stage, detail } : null,
    stages,
    changedInputs,
    backend: { recorded: manifest.backend, rerun: run.backend },
  };
}
