/**
 * Reading one side of a comparison: a run folder (`seglab run`: segments.csv, model.json, maybe
 * clv.csv) or a score folder (`seglab score`: segments.csv with segment_name, features.csv,
 * score.json). Only these files are read; nothing is written to the folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareMsg, fail } from '../errors/messages';
import { sha256File } from '../io/atomic';
import { readDelimited, type RawTable } from '../load/csv';
import { loadModel, type SegmentationModel } from '../model/artifact';
import { DISTANCE_COLUMNS, type ScoreSummary } from '../model/snapshot';
import type { ScoreResult } from '../model/score';

/** Per-customer features and centroid distances of a snapshot (rows aligned with Snapshot.ids). */
export interface SnapshotFeatures {
  names: string[];
  /** Standardised features; a row is null when features.csv has no line for that customer. */
  scaled: (number[] | null)[];
  nearest: (number | null)[];
  second: (number | null)[];
}

/** One segmentation of customers at one time. */
export interface Snapshot {
  /** Folder it was read from ("" when built in memory). */
  dir: string;
  kind: 'run' | 'score' | 'memory';
  ids: string[];
  /** 0-based segment per customer. */
  labels: number[];
  k: number;
  /** Name of each segment, index 0 = segment 1. */
  segmentNames: string[];
  /** sha256 of the model that made it (same hash on both sides: same segment numbering). */
  modelSha256: string | null;
  /** The model itself when the folder holds model.json (a run folder). */
  model: SegmentationModel | null;
  asOf: string | null;
  features: SnapshotFeatures | null;
  /** Per-customer value (CLV) when the folder holds clv.csv. */
  values: Map<string, number> | null;
}

const STAGE = 'compare';

function readCsv(file: string): RawTable {
  return readDelimited(file, 'segments', { delimiter: ',', header: true });
}

function readSegments(file: string): { ids: string[]; labels: number[]; names: Map<number, string> } {
  const table = readCsv(file);
  const idIdx = table.header.indexOf('customer_id');
  const segIdx = table.header.indexOf('segment');
  const nameIdx = table.header.indexOf('segment_name');
  if (idIdx < 0 || segIdx < 0) fail(STAGE, compareMsg.badSegmentsFile(file, 1, `the header is "${table.header.join(',')}"; expected customer_id and segment`));
  const ids: string[] = [];
  const labels: number[] = [];
  const names = new Map<number, string>();
  const seen = new Set<string>();
  table.rows.forEach((row, r) => {
    const id = row[idIdx];
    const segment = Number(row[segIdx]);
    if (!Number.isInteger(segment) || segment < 1) fail(STAGE, compareMsg.badSegmentsFile(file, table.lines[r], `segment "${row[segIdx]}" is not a whole number >= 1`));
    if (seen.has(id)) fail(STAGE, compareMsg.duplicateCustomer(file, id, table.lines[r]));
    seen.add(id);
    ids.push(id);
    labels.push(segment - 1);
    if (nameIdx >= 0 && !names.has(segment - 1)) names.set(segment - 1, row[nameIdx]);
  });
  return { ids, labels, names };
}

function readFeatures(file: string, ids: readonly string[]): SnapshotFeatures {
  const table = readCsv(file);
  const nearestIdx = table.header.indexOf(DISTANCE_COLUMNS[0]);
  const secondIdx = table.header.indexOf(DISTANCE_COLUMNS[1]);
  if (table.header[0] !== 'customer_id' || nearestIdx < 0 || secondIdx !== nearestIdx + 1) {
    fail(STAGE, compareMsg.badSegmentsFile(file, 1, `the header is not customer_id, the features, ${DISTANCE_COLUMNS.join(', ')}`));
  }
  const names = table.header.slice(1, nearestIdx);
  const byId = new Map<string, number>();
  table.rows.forEach((row, r) => byId.set(row[0], r));
  const parse = (value: string, r: number): number => {
    const x = Number(value);
    if (value === '' || !Number.isFinite(x)) fail(STAGE, compareMsg.badSegmentsFile(file, table.lines[r], `"${value}" is not a number`));
    return x;
  };
  const rows = ids.map((id) => byId.get(id));
  return {
    names,
    scaled: rows.map((r) => (r === undefined ? null : table.rows[r].slice(1, nearestIdx).map((v) => parse(v, r)))),
    nearest: rows.map((r) => (r === undefined ? null : parse(table.rows[r][nearestIdx], r))),
    second: rows.map((r) => (r === undefined ? null : parse(table.rows[r][secondIdx], r))),
  };
}

function readValues(file: string): Map<string, number> {
  const table = readCsv(file);
  const idIdx = table.header.indexOf('customer_id');
  const predicted = table.header.indexOf('predicted_clv');
  const historical = table.header.indexOf('historical_clv');
  const values = new Map<string, number>();
  for (const row of table.rows) {
    const p = predicted >= 0 && row[predicted] !== '' ? Number(row[predicted]) : NaN;
    const h = historical >= 0 ? Number(row[historical]) : NaN;
    const v = Number.isFinite(p) ? p : h;
    if (Number.isFinite(v)) values.set(row[idIdx], v);
  }
  return values;
}

/**
 * Read a run folder or a score folder. Throws a SeglabError naming the folder, file and line.
 * @example const before = readSnapshot('reports/2011-06');
 */
export function readSnapshot(dir: string): Snapshot {
  const segmentsFile = path.join(dir, 'segments.csv');
  if (!fs.existsSync(segmentsFile)) fail(STAGE, compareMsg.notASnapshot(dir));
  const { ids, labels, names } = readSegments(segmentsFile);
  const modelFile = path.join(dir, 'model.json');
  const scoreFile = path.join(dir, 'score.json');
  const model = fs.existsSync(modelFile) ? loadModel(JSON.parse(fs.readFileSync(modelFile, 'utf8'))) : null;
  const summary = fs.existsSync(scoreFile) ? (JSON.parse(fs.readFileSync(scoreFile, 'utf8')) as ScoreSummary) : null;
  const k = Math.max(model?.k ?? 0, summary?.k ?? 0, ...labels.map((l) => l + 1));
  const segmentNames = Array.from({ length: k }, (_, s) => model?.segments[s]?.name ?? summary?.segmentNames[s] ?? names.get(s) ?? `Segment ${s + 1}`);
  const featuresFile = path.join(dir, 'features.csv');
  const clvFile = path.join(dir, 'clv.csv');
  return {
    dir,
    kind: model ? 'run' : 'score',
    ids,
    labels,
    k,
    segmentNames,
    modelSha256: model ? sha256File(modelFile) : summary?.modelSha256 ?? null,
    model,
    asOf: summary?.asOf ?? null,
    features: fs.existsSync(featuresFile) ? readFeatures(featuresFile, ids) : null,
    values: fs.existsSync(clvFile) ? readValues(clvFile) : null,
  };
}

/**
 * A snapshot from an in-memory scoring (what `seglab track` compares between dates).
 * @example snapshotFromScore(scoreCustomers(model, customers, tx, null, { asOf }), model, sha256(modelJson))
 */
export function snapshotFromScore(
  result: Pick<ScoreResult, 'customerIds' | 'labels' | 'asOf' | 'featureNames' | 'scaled' | 'distances'>,
  model: SegmentationModel,
  modelSha256: string,
  dir = '',
): Snapshot {
  return {
    dir,
    kind: dir ? 'score' : 'memory',
    ids: result.customerIds.slice(),
    labels: result.labels.slice(),
    k: model.k,
    segmentNames: model.segments.map((s) => s.name),
    modelSha256,
    model: null,
    asOf: result.asOf,
    features: { names: result.featureNames.slice(), scaled: result.scaled, nearest: result.distances.nearest, second: result.distances.second },
    values: null,
  };
}
