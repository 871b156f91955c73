import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import { withPiiScan } from '../fairness/card';
import { mitigatedSegmentsFile, mitigatedSegmentsWritten } from '../fairness/mitigate';
import { clvCustomerCsv, clvSummary } from '../clv/output';
import { buildModel, type ModelSource } from '../model/artifact';
import type { AutoencoderArtifact } from '../embed/artifact';
import { scanForPii } from '../fairness/privacy';
import { toPublicSegmentNumbers } from './numbering';
import { classifyPiiHits, personalIdFinding, personalValues } from './pii-guard';
import type { CleanedSources } from './sources';
import { publishedProfiles } from '../clean/profile';
import { sha256 } from '../io/atomic';
import { csvTextField } from '../io/csv';
import { buildReportDocument } from '../report/build';
import { startReport } from '../report/html';
import { reportFiles } from '../report/write';
import type { CalloutBlock, ReportSection } from '../report/types';
import { checkOutputPlace, commitRunFolder, type FolderFiles } from '../io/run-folder';
import { inputFiles, type LoadedInputs } from './run';
import { fingerprintRun } from './fingerprint';
import { packageVersions, platformInfo, seglabVersion } from './manifest';
import { isInputDigest, type InputDigest } from './input-digest';
import type { Manifest, RunResult } from './types';
import { sha256File } from '../io/atomic';
import { collectGarbage } from './collect';

/**
 * segments.csv: one line per segmented customer, `customer_id,segment`, segment numbered 1..k
 * as in the report ("Segment 1" is the largest). Rows are in input order.
 */
export function segmentsCsv(customerIds: readonly string[], labels: readonly number[]): string {
  const lines = ['customer_id,segment'];
  customerIds.forEach((id, i) => lines.push(`${csvTextField(id)},${labels[i] + 1}`));
  return `${lines.join('\n')}\n`;
}

/** Stable JSON: two-space indentation and a final newline. */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The raw values of the customers file's PII columns (what must never appear in an output). See pii-guard.ts `personalValues` for every source. */
export function piiValuesOf(inputs: LoadedInputs, piiColumns: readonly string[]): string[] {
  const idx = piiColumns.map((c) => inputs.customers.header.indexOf(c)).filter((i) => i >= 0);
  const values = new Set<string>();
  for (const row of inputs.customers.rows) for (const i of idx) if (row[i].trim()) values.add(row[i].trim());
  return [...values];
}

/** The inputs as loaded: read again when only a digest was kept. */
async function loadedOf(inputs: LoadedInputs | InputDigest): Promise<LoadedInputs> {
  return isInputDigest(inputs) ? inputs.reload() : inputs;
}

/**
 * Write the run folder: segments.csv, profiles.json, fairness.json, report.html (+ charts/*.svg,
 * *.png), and last manifest.json with the hashes of everything else. Everything is built in
 * memory first and scanned for the input's personal data; a hit stops the run before any file is
 * written. The folder is written whole: into a hidden sibling, then swapped in for the previous
 * run (lib/io/run-folder.ts). Returns the manifest.
 */
export async function writeRunOutputs(
  run: RunResult & ModelSource & { features: { scaled: number[][] }; cleaned: { customers: { piiColumns: string[] }; personal?: CleanedSources['personal'] }; autoencoder: AutoencoderArtifact | null },
  /** The run's inputs: the digest runPipeline returns (run.inputs), or the inputs as loaded. */
  inputs: LoadedInputs | InputDigest,
  extraTimings: Record<string, number> = {},
  /**
   * Added by seglab run --warehouse: report notices (first) and sections (before the others), files
   * (listed and hashed in the manifest like the others) and manifest entries.
   */
  extraReport: { notices?: CalloutBlock[]; sections?: ReportSection[]; files?: Record<string, string>; manifest?: Record<string, unknown> } = {},
): Promise<Manifest> {
  const w0 = performance.now();
  const outDir = run.config.outDir;
  const manifest: Manifest = {
    seglabVersion: seglabVersion(),
    createdAt: new Date().toISOString(),
    config: run.config,
    seed: run.config.seed,
    inputs: isInputDigest(inputs)
      ? inputs.files.map((f) => ({ role: f.role, file: f.file, sha256: f.sha256 ?? sha256File(f.file), rows: f.rows }))
      : inputFiles(inputs).map((f) => ({ role: f.role, file: f.file, sha256: sha256File(f.file), rows: f.rows })),
    packages: packageVersions(),
    ...platformInfo(),
    backend: run.backend,
    timings: { ...run.timings },
    ledger: run.ledger,
    outputs: {},
    fingerprints: fingerprintRun(run, inputs),
    ...(run.backgroundFits?.length ? { backgroundFits: run.backgroundFits.slice() } : {}),
  };
  // The report shows the PII-scan check as passed: the scan below runs on every output (this
  // report included) before anything is written, and any hit stops the run, so a written report
  // always has a clean scan and agrees with fairness.json.
  const card = withPiiScan(run.fairnessCard, []);
  const t0 = performance.now();
  const document = buildReportDocument({ ...run, fairnessCard: card }, manifest);
  if (extraReport.notices) document.notices = [...extraReport.notices, ...(document.notices ?? [])];
  if (extraReport.sections) document.sections = [...extraReport.sections, ...document.sections];
  // The HTML and the SVGs; the chart PNGs go on rasterising in a worker thread while the data
  // files are built and everything is scanned (lib/report/png-export.ts).
  const started = await startReport(document);
  // Rendering leaves the chart specs and scene graphs behind: collected before the scan copies the texts.
  collectGarbage();
  manifest.timings.report = Math.round(performance.now() - t0);
  Object.assign(manifest.timings, extraTimings);

  const files: Record<string, string> = {
    'segments.csv': segmentsCsv(run.customerIds, run.clustering.labels),
    'profiles.json': json({ k: run.clustering.k, representation: run.representation, features: run.featureNames, segments: toPublicSegmentNumbers(run.profiles), outcome: toPublicSegmentNumbers(run.outcome ?? null), plainComparison: run.plainComparison ?? null, latentClass: run.latentClass ?? null }),
  };
  // As the report's data-quality section: no value or histogram bin seen by fewer than minCellSize rows.
  files['data-quality.json'] = json(publishedProfiles(run.dataQuality, card.privacy.minCellSize));
  if (run.clv) {
    files['clv.json'] = json(clvSummary(run.clv));
    files['clv.csv'] = clvCustomerCsv(run.clv, run.customerIds);
  }
  if (run.campaigns) files['campaigns.json'] = json(run.campaigns);
  // The fitted model: score new customers later with exactly these parameters (seglab score).
  files['model.json'] = json(buildModel(run, run.autoencoder));

  // Personal data must not reach any output: scan every text before writing anything.
  // The mitigated assignments are written beside the delivered (unmitigated) segments, never over
  // them, and fair assignment's only when asked: the customers it moves give their group away.
  for (const m of card.mitigation) {
    if (m.labels && m.moved > 0 && mitigatedSegmentsWritten(m.method, run.config.fairness.writeMitigatedSegments)) files[mitigatedSegmentsFile(m.method)] = segmentsCsv(run.customerIds, m.labels);
  }
  files['fairness.json'] = json(toPublicSegmentNumbers({ ...card, mitigation: card.mitigation.map(({ labels: _labels, ...m }) => m) }));
  const texts: Record<string, string> = { ...files, 'report.html': started.html };
  for (const chart of started.svgs) texts[`charts/${chart.id}.svg`] = chart.svg;
  const customersFile = isInputDigest(inputs) ? inputs.customersFile : inputs.customers.file;
  const personal = run.cleaned.personal ?? [{ source: 'customers', file: customersFile, findings: run.cleaned.customers.piiColumns.map((column) => ({ column, reason: 'declared' as const, scanned: 0, matched: 0, example: null })) }];
  // A digest holds the values of the personal columns cleaning found (the same `personal`).
  const values = isInputDigest(inputs) && personal === inputs.personal ? inputs.values : personalValues(await loadedOf(inputs), personal, personalIdFinding(await loadedOf(inputs), run.config));
  const hits = scanForPii(texts, values);
  // Explaining a hit needs every input column: a digest reads its inputs again (only then).
  const { real, explanations } = hits.length ? classifyPiiHits(hits, values, await loadedOf(inputs), personal, run.config) : { real: [], explanations: [] };
  if (real.length) throw new SeglabError('outputs', msg.personalDataInOutputs(explanations));

  // The whole folder is built in memory and swapped in at once: never half a run on disk, and no
  // file of an older run left beside the new manifest (lib/io/run-folder.ts).
  const rendered = await started.finish();
  const folder: FolderFiles = { ...files, ...reportFiles(rendered), ...(extraReport.files ?? {}) };
  if (extraReport.manifest) Object.assign(manifest, extraReport.manifest);
  for (const [name, data] of Object.entries(folder)) manifest.outputs[name] = sha256(data);
  // 'write': this function's time outside the report timer up to here (the data files, the
  // personal-data scan, waiting for the chart PNGs, hashing); writing the folder to disk follows.
  manifest.timings.write = Math.max(0, Math.round(performance.now() - w0) - manifest.timings.report);
  folder['manifest.json'] = json(manifest);
  checkOutputPlace(outDir, inputFiles(inputs).map((f) => f.file), null);
  commitRunFolder(outDir, folder);
  return manifest;
}
