/**
 * The folder of `seglab track`:
 *
 * - snapshots/<date>/segments.csv, features.csv, score.json: each date's scoring, as `seglab score`
 *   writes it (so `seglab compare snapshots/A snapshots/B` works on any two dates);
 * - steps/<from>_<to>/migration.json and drift.json: each consecutive pair;
 * - models/<date>.json: the model of each refit (lineage in timeline.json);
 * - timeline.json: dates, segment sizes and shares, per-step PSI / stability / drifted features,
 *   refits with their lineage;
 * - track.html: the timeline as a page (report renderer).
 */
import * as path from 'node:path';
import { driftJson, migrationJson } from '../compare/write';
import { writeFileAtomic } from '../io/atomic';
import { csvField } from '../io/csv';
import { DISTANCE_COLUMNS, type ScoreSummary } from '../model/snapshot';
import { renderReport } from '../report/html';
import { trackDocument } from './report';
import type { TrackResult } from './track';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const round = (x: number): number => Number(x.toPrecision(6));
const num = (x: number | null): string => (x === null ? '' : String(Number(x.toPrecision(10))));

/** timeline.json's object. */
export function timelineOf(r: TrackResult): Record<string, unknown> {
  return {
    format: 'seglab.timeline',
    version: 1,
    dates: r.dates,
    segmentNames: r.segmentNames,
    steps: r.steps.map((s) => ({
      date: s.date,
      modelSha256: s.modelSha256,
      customers: s.snapshot.ids.length,
      sizes: s.sizes,
      shares: s.sizes.map((n) => round(n / Math.max(1, s.snapshot.ids.length))),
      psiVsReference: round(s.psiVsReference),
      undatedTransactionRows: s.undated,
      sincePrevious: s.compare
        ? {
            segmentSharePsi: round(s.compare.segmentShares.psi),
            level: s.compare.segmentShares.level,
            stayedShare: round(s.compare.stayedShare),
            entered: s.compare.migration.entered,
            exited: s.compare.migration.exited,
            driftedFeatures: (s.compare.features ?? []).filter((f) => f.drift.level !== 'stable').map((f) => ({ name: f.name, psi: round(f.drift.psi) })),
            novelShare: s.compare.distance ? round(s.compare.distance.novelShare) : null,
          }
        : null,
      refit: s.refit ? { reason: s.refit.reason, modelSha256: s.refit.modelSha256, ari: round(s.refit.matching.ari), lineage: s.refit.lineage } : null,
    })),
  };
}

/** Write the whole folder; returns the relative paths written. */
export async function writeTrackOutputs(outDir: string, r: TrackResult): Promise<string[]> {
  const files: Record<string, string | Uint8Array> = {};
  r.steps.forEach((s, i) => {
    const snap = s.snapshot;
    const dir = `snapshots/${s.date}`;
    const model = s.refit?.model ?? null;
    files[`${dir}/segments.csv`] = `customer_id,segment,segment_name\n${snap.ids.map((id, j) => `${csvField(id)},${snap.labels[j] + 1},${csvField(snap.segmentNames[snap.labels[j]])}\n`).join('')}`;
    const f = snap.features;
    if (f) {
      files[`${dir}/features.csv`] = `${['customer_id', ...f.names, ...DISTANCE_COLUMNS].map(csvField).join(',')}\n${snap.ids
        .map((id, j) => `${[csvField(id), ...(f.scaled[j] ?? f.names.map(() => null)).map(num), num(f.nearest[j]), num(f.second[j])].join(',')}\n`)
        .join('')}`;
    }
    const summary: ScoreSummary = { format: 'seglab.score', version: 1, modelSha256: s.modelSha256, run: '', asOf: s.date, k: snap.k, segmentNames: snap.segmentNames, customers: snap.ids.length, featureNames: f?.names ?? [] };
    files[`${dir}/score.json`] = json(summary);
    if (model) files[`models/${s.date}.json`] = JSON.stringify(model);
    if (s.compare) {
      const step = `steps/${r.steps[i - 1].date}_${s.date}`;
      files[`${step}/migration.json`] = migrationJson(s.compare);
      files[`${step}/drift.json`] = driftJson(s.compare);
    }
  });
  files['timeline.json'] = json(timelineOf(r));
  for (const [rel, data] of Object.entries(files)) writeFileAtomic(path.join(outDir, ...rel.split('/')), data);
  const rendered = await renderReport(trackDocument(r));
  const charts = rendered.charts.flatMap((c) => {
    writeFileAtomic(path.join(outDir, 'charts', `${c.id}.svg`), c.svg);
    writeFileAtomic(path.join(outDir, 'charts', `${c.id}.png`), c.png);
    return [`charts/${c.id}.svg`, `charts/${c.id}.png`];
  });
  writeFileAtomic(path.join(outDir, 'track.html'), rendered.html);
  return [...Object.keys(files), ...charts, 'track.html'];
}
