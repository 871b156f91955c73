/**
 * What the run folder needs from the raw inputs, taken once the clean stage has read them, so the
 * raw rows (at 1M customers about 670 MB of strings) are not held through embedding, clustering,
 * CLV and fairness only to be hashed and scanned when the outputs are written.
 *
 * The digest holds: each input file with its rows and sha256 (the manifest's `inputs`), the load
 * stage's fingerprint (defined as before, fingerprint.ts), and the distinct values of the personal
 * columns that the output scan looks for. Explaining a personal value found in an output needs
 * every input column again: that rare path reads the inputs again (`reload`).
 */
import type { RunConfig } from '../config/types';
import type { PiiFinding } from '../clean/pii';
import type { PersonalValue } from '../fairness/pii-scan';
import { sha256File } from '../io/atomic';
import { loadSources, type LoadedSources } from '../load/source';
import { loadFingerprint } from './fingerprint';
import { personalIdFinding, personalValues } from './pii-guard';
import type { CleanedSources } from './sources';

/** One input file of a run: its role, path, data rows and the sha256 of its bytes. */
export interface InputFile {
  role: string;
  file: string;
  rows: number;
  sha256?: string;
}

/** The inputs of a run as the outputs need them, without the raw rows (see the module comment). */
export interface InputDigest {
  kind: 'digest';
  files: InputFile[];
  /** The load stage's fingerprint (fingerprint.ts `loadFingerprint`). */
  load: string;
  /** The customers file (named in the personal-data fallback of writeRunOutputs). */
  customersFile: string;
  /** The personal columns found by cleaning, by source. */
  personal: CleanedSources['personal'];
  /** The customer id column when it holds personal values and ids are not pseudonymised, else null. */
  idFinding: PiiFinding | null;
  /** Distinct values of every personal column of every in-memory source (pii-guard `personalValues`). */
  values: PersonalValue[];
  /** Read the inputs again (to explain a personal value found in an output; the files are never modified). */
  reload: () => Promise<LoadedSources>;
}

/** True for a digest, false for inputs as loaded. */
export function isInputDigest(inputs: LoadedSources | InputDigest): inputs is InputDigest {
  return (inputs as InputDigest).kind === 'digest';
}

/**
 * The digest of loaded inputs after cleaning (DuckDB sources have counted their rows by then).
 * @param known sha256 of input files already computed, by path (the rest are hashed here)
 * @example const digest = digestInputs(inputs, cleaned.personal, config, files);
 */
export function digestInputs(
  inputs: LoadedSources,
  personal: CleanedSources['personal'],
  config: RunConfig,
  files: readonly { role: string; file: string; rows: number }[],
  known?: ReadonlyMap<string, string>,
): InputDigest {
  const idFinding = personalIdFinding(inputs, config);
  // Each file is read once for its hash (a 700 MB order-line file is in the manifest and the load
  // fingerprint); `known` holds hashes computed already (io/file-hash.ts, while cleaning ran).
  const hashes = new Map<string, string>(known ?? []);
  const fileHash = (file: string): string => hashes.get(file) ?? (hashes.set(file, sha256File(file)), hashes.get(file) as string);
  return {
    kind: 'digest',
    files: files.map((f) => ({ ...f, sha256: fileHash(f.file) })),
    load: loadFingerprint(inputs, fileHash),
    customersFile: inputs.customers.file,
    personal,
    idFinding,
    values: personalValues(inputs, personal, idFinding),
    reload: () => loadSources(config),
  };
}
