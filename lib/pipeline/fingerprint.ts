import * as crypto from 'node:crypto';
import { sha256, sha256File } from '../io/atomic';
import { isDuckSource } from '../load/source';
import type { LoadedSources as LoadedInputs } from '../load/source';
import type { StageFingerprints } from '../report/manifest';
import type { RunResult } from './types';

export { STAGES, type StageName, type StageFingerprints } from '../report/manifest';

/** sha256 of a numeric matrix's exact float64 bytes (row-major), with its shape. */
export function matrixHash(matrix: readonly (readonly number[])[]): string {
  const cols = matrix[0]?.length ?? 0;
  // The bytes go to the hash in blocks of rows (the same digest as one n x d buffer, without it).
  const rowsPerBlock = Math.max(1, Math.floor(65536 / Math.max(cols, 1)));
  const buf = new Float64Array(rowsPerBlock * cols);
  const bytes = crypto.createHash('sha256');
  for (let start = 0; start < matrix.length; start += rowsPerBlock) {
    const end = Math.min(matrix.length, start + rowsPerBlock);
    for (let i = start; i < end; i++) buf.set(matrix[i], (i - start) * cols);
    bytes.update(new Uint8Array(buf.buffer, 0, (end - start) * cols * 8));
  }
  return sha256(`${matrix.length}x${cols}:${bytes.digest('hex')}`);
}

/**
 * sha256 of `JSON.stringify(rows)`, fed to the hash row by row: the same hex as hashing the whole
 * string, without building it (at 1M customers the string is ~100 MB, near V8's string limit).
 */
export function rowsHash(rows: readonly (readonly string[])[]): string {
  const hash = crypto.createHash('sha256');
  let chunk = '[';
  rows.forEach((row, i) => {
    chunk += (i ? ',' : '') + JSON.stringify(row);
    if (chunk.length > 1 << 20) {
      hash.update(chunk);
      chunk = '';
    }
  });
  hash.update(`${chunk}]`);
  return hash.digest('hex');
}

/** The load stage's fingerprint: every table's header and rows (a source left in DuckDB: its file's bytes, hashed by `fileHash`). */
export function loadFingerprint(inputs: LoadedInputs, fileHash: (file: string) => string = sha256File): string {
  return sha256(
    JSON.stringify(
      [inputs.customers, inputs.transactions, ...Object.values(inputs.extras)].map((t) =>
        !t ? null : isDuckSource(t) ? { header: t.header, file: fileHash(t.file) } : { header: t.header, rows: rowsHash(t.rows) },
      ),
    ),
  );
}

/**
 * Fingerprint every stage's output. Exact: one changed bit in a stage's output changes its hash.
 * Wall times, dates and file paths are left out, so an unchanged rerun has equal fingerprints.
 */
export function fingerprintRun(run: RunResult & { features: { scaled: number[][] } }, inputs: LoadedInputs | { kind: 'digest'; load: string }): StageFingerprints {
  const cleanLedger = run.ledger.map((e) => ({ ...e, file: undefined }));
  return {
    // What was read (taken after cleaning when the run kept only a digest of its inputs).
    // (an InputDigest, lib/pipeline/input-digest.ts, holds it as `load`.)
    load: 'kind' in inputs && inputs.kind === 'digest' ? inputs.load : loadFingerprint(inputs as LoadedInputs),
    clean: sha256(JSON.stringify({ ledger: cleanLedger, ids: run.customerIds })),
    features: sha256(`${JSON.stringify(run.featureNames)}:${matrixHash(run.features.scaled)}`),
    embed: run.embedding ? matrixHash(run.embedding.embedding) : 'none',
    cluster: sha256(JSON.stringify({ k: run.clustering.k, labels: run.clustering.labels })),
    profile: sha256(JSON.stringify(run.profiles)),
    fairness: sha256(JSON.stringify(run.fairness)),
  };
}
