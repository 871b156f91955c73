import { sha256, sha256File } from '../io/atomic';
import { isDuckSource } from '../load/source';
import type { LoadedSources as LoadedInputs } from '../load/source';
import type { StageFingerprints } from '../report/manifest';
import type { RunResult } from './types';

export { STAGES, type StageName, type StageFingerprints } from '../report/manifest';

/** sha256 of a numeric matrix's exact float64 bytes (row-major), with its shape. */
export function matrixHash(matrix: readonly (readonly number[])[]): string {
  const cols = matrix[0]?.length ?? 0;
  const buf = new Float64Array(matrix.length * cols);
  matrix.forEach((row, i) => buf.set(row, i * cols));
  return sha256(`${matrix.length}x${cols}:${sha256(new Uint8Array(buf.buffer))}`);
}

/**
 * Fingerprint every stage's output. Exact: one changed bit in a stage's output changes its hash.
 * Wall times, dates and file paths are left out, so an unchanged rerun has equal fingerprints.
 */
export function fingerprintRun(run: RunResult & { features: { scaled: number[][] } }, inputs: LoadedInputs): StageFingerprints {
  const cleanLedger = run.ledger.map((e) => ({ ...e, file: undefined }));
  return {
    // What was read: every table's header and rows (a source left in DuckDB: its file's bytes).
    load: sha256(
      JSON.stringify(
        [inputs.customers, inputs.transactions, ...Object.values(inputs.extras)].map((t) =>
          !t ? null : isDuckSource(t) ? { header: t.header, file: sha256File(t.file) } : { header: t.header, rows: sha256(JSON.stringify(t.rows)) },
        ),
      ),
    ),
    clean: sha256(JSON.stringify({ ledger: cleanLedger, ids: run.customerIds })),
    features: sha256(`${JSON.stringify(run.featureNames)}:${matrixHash(run.features.scaled)}`),
    embed: run.embedding ? matrixHash(run.embedding.embedding) : 'none',
    cluster: sha256(JSON.stringify({ k: run.clustering.k, labels: run.clustering.labels })),
    profile: sha256(JSON.stringify(run.profiles)),
    fairness: sha256(JSON.stringify(run.fairness)),
  };
}
