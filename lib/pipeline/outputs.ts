import * as path from 'node:path';
import { sha256, sha256File, writeFileAtomic } from '../io/atomic';
import { csvField } from '../io/csv';
import { buildReportDocument } from '../report/build';
import { renderReport } from '../report/html';
import { writeReport } from '../report/write';
import type { LoadedInputs } from './run';
import { fingerprintRun } from './fingerprint';
import { packageVersions, platformInfo, seglabVersion } from './manifest';
import type { Manifest, RunResult } from './types';

/**
 * segments.csv: one line per segmented customer, `customer_id,segment`, segment numbered 1..k
 * as in the report ("Segment 1" is the largest). Rows are in input order.
 */
export function segmentsCsv(customerIds: readonly string[], labels: readonly number[]): string {
  const lines = ['customer_id,segment'];
  customerIds.forEach((id, i) => lines.push(`${csvField(id)},${labels[i] + 1}`));
  return `${lines.join('\n')}\n`;
}

/** Stable JSON: two-space indentation and a final newline. */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Write the run folder: segments.csv, profiles.json, fairness.json, report.html (+ charts/*.svg,
 * *.png), and last manifest.json with the hashes of everything else. Every file is written
 * atomically. Returns the manifest.
 */
export async function writeRunOutputs(
  run: RunResult & { features: { scaled: number[][] } },
  inputs: LoadedInputs,
  extraTimings: Record<string, number> = {},
): Promise<Manifest> {
  const outDir = run.config.outDir;
  const outputs: Record<string, string> = {};
  const put = (name: string, data: string | Uint8Array): void => {
    writeFileAtomic(path.join(outDir, name), data);
    outputs[name] = sha256(data);
  };
  put('segments.csv', segmentsCsv(run.customerIds, run.clustering.labels));
  put('profiles.json', json({ k: run.clustering.k, representation: run.representation, features: run.featureNames, segments: run.profiles }));
  put('fairness.json', json(run.fairness));

  const manifest: Manifest = {
    seglabVersion: seglabVersion(),
    createdAt: new Date().toISOString(),
    config: run.config,
    seed: run.config.seed,
    inputs: [inputs.customers, inputs.transactions].map((t) => ({ role: t.role, file: t.file, sha256: sha256File(t.file), rows: t.rows.length })),
    packages: packageVersions(),
    ...platformInfo(),
    backend: run.backend,
    timings: { ...run.timings },
    ledger: run.ledger,
    outputs,
    fingerprints: fingerprintRun(run, inputs),
  };
  const t0 = performance.now();
  const rendered = await renderReport(buildReportDocument(run, manifest));
  for (const file of await writeReport(outDir, rendered)) outputs[file] = sha256File(path.join(outDir, file));
  manifest.timings.report = Math.round(performance.now() - t0);
  Object.assign(manifest.timings, extraTimings);
  writeFileAtomic(path.join(outDir, 'manifest.json'), json(manifest));
  return manifest;
}
