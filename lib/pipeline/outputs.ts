import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import { withPiiScan } from '../fairness/card';
import { clvCustomerCsv, clvSummary } from '../clv/output';
import { buildModel, type ModelSource } from '../model/artifact';
import type { AutoencoderArtifact } from '../embed/artifact';
import { scanForPii } from '../fairness/privacy';
import { sha256, writeFileAtomic } from '../io/atomic';
import { csvField } from '../io/csv';
import { buildReportDocument } from '../report/build';
import { renderReport } from '../report/html';
import { writeReport } from '../report/write';
import { inputFiles, type LoadedInputs } from './run';
import { fingerprintRun } from './fingerprint';
import { packageVersions, platformInfo, seglabVersion } from './manifest';
import type { Manifest, RunResult } from './types';
import { sha256File } from '../io/atomic';

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

/** The raw values of the customers file's PII columns (what must never appear in an output). */
export function piiValuesOf(inputs: LoadedInputs, piiColumns: readonly string[]): string[] {
  const idx = piiColumns.map((c) => inputs.customers.header.indexOf(c)).filter((i) => i >= 0);
  const values = new Set<string>();
  for (const row of inputs.customers.rows) for (const i of idx) if (row[i].trim()) values.add(row[i].trim());
  return [...values];
}

/**
 * Write the run folder: segments.csv, profiles.json, fairness.json, report.html (+ charts/*.svg,
 * *.png), and last manifest.json with the hashes of everything else. Everything is built in
 * memory first and scanned for the input's personal data; a hit stops the run before any file is
 * written. Every file is written atomically. Returns the manifest.
 */
export async function writeRunOutputs(
  run: RunResult & ModelSource & { features: { scaled: number[][] }; cleaned: { customers: { piiColumns: string[] } }; autoencoder: AutoencoderArtifact | null },
  inputs: LoadedInputs,
  extraTimings: Record<string, number> = {},
): Promise<Manifest> {
  const outDir = run.config.outDir;
  const files: Record<string, string> = {
    'segments.csv': segmentsCsv(run.customerIds, run.clustering.labels),
    'profiles.json': json({ k: run.clustering.k, representation: run.representation, features: run.featureNames, segments: run.profiles, outcome: run.outcome ?? null, plainComparison: run.plainComparison ?? null }),
  };
  files['data-quality.json'] = json(run.dataQuality);
  if (run.clv) {
    files['clv.json'] = json(clvSummary(run.clv));
    files['clv.csv'] = clvCustomerCsv(run.clv, run.customerIds);
  }
  if (run.campaigns) files['campaigns.json'] = json(run.campaigns);
  // The fitted model: score new customers later with exactly these parameters (seglab score).
  files['model.json'] = json(buildModel(run, run.autoencoder));
  const manifest: Manifest = {
    seglabVersion: seglabVersion(),
    createdAt: new Date().toISOString(),
    config: run.config,
    seed: run.config.seed,
    inputs: inputFiles(inputs).map((f) => ({ role: f.role, file: f.file, sha256: sha256File(f.file), rows: f.rows })),
    packages: packageVersions(),
    ...platformInfo(),
    backend: run.backend,
    timings: { ...run.timings },
    ledger: run.ledger,
    outputs: {},
    fingerprints: fingerprintRun(run, inputs),
  };
  const t0 = performance.now();
  const rendered = await renderReport(buildReportDocument(run, manifest));
  manifest.timings.report = Math.round(performance.now() - t0);
  Object.assign(manifest.timings, extraTimings);

  // Personal data must not reach any output: scan every text before writing anything.
  const texts: Record<string, string> = { ...files, 'report.html': rendered.html };
  for (const chart of rendered.charts) texts[`charts/${chart.id}.svg`] = chart.svg;
  const hits = scanForPii(texts, piiValuesOf(inputs, run.cleaned.customers.piiColumns));
  const card = withPiiScan(run.fairnessCard, hits);
  files['fairness.json'] = json(card);
  if (hits.length) throw new SeglabError('outputs', msg.piiInOutputs(hits.map((h) => `${h.file}:${h.line}`)));

  for (const [name, text] of Object.entries(files)) {
    writeFileAtomic(path.join(outDir, name), text);
    manifest.outputs[name] = sha256(text);
  }
  for (const file of writeReport(outDir, rendered)) manifest.outputs[file] = sha256File(path.join(outDir, file));
  writeFileAtomic(path.join(outDir, 'manifest.json'), json(manifest));
  return manifest;
}
