/**
 * Segments over time with one saved model:
 *
 *   for each date d (monthly): data as of d (asof.ts) ──scoreCustomers(model, asOf d)──> snapshot d
 *     ──compareSnapshots(snapshot d-1, snapshot d)──> sizes, migration, drift of the step
 *     ──refit policy──> when segment-share PSI against the reference snapshot reaches
 *                       `refitWhen.psi`, or the share of customers keeping their segment since the
 *                       previous date falls below `refitWhen.stability`: k-means is refitted in
 *                       the model's space on snapshot d (same transforms, same k, seeded), its
 *                       segments matched to the current ones (Hungarian on overlap) and renumbered
 *                       so a continuing segment keeps its number and name; the lineage (survived,
 *                       split, merged, disappeared, emerged) is recorded, and snapshot d becomes
 *                       the new reference.
 *
 * Pure apart from the scoring it calls; write.ts writes the folder.
 */
import { fitKMeans } from '../cluster/kmeans';
import { compareSnapshots, type CompareResult } from '../compare/compare';
import { populationStabilityIndex, sharesOf } from '../compare/drift';
import { matchSegments, type SegmentMatching } from '../compare/match';
import { snapshotFromScore, type Snapshot } from '../compare/snapshot';
import type { Tf } from '../embed/backend';
import { sha256 } from '../io/atomic';
import type { RawTable } from '../load/csv';
import type { SegmentationModel } from '../model/artifact';
import { scoreCustomers } from '../model/score';
import { stageRng } from '../random/rng';
import { dateOrderOf, rowsBefore } from './asof';

/** `track.refitWhen`: refit when either threshold is crossed (a missing one is not checked). */
export interface RefitPolicy {
  /** Segment-share PSI against the reference snapshot at or above which to refit (e.g. 0.25). */
  psi?: number;
  /** Share of customers (present at both dates) keeping their segment since the previous date below which to refit (e.g. 0.7). */
  stability?: number;
}

export interface TrackInputs {
  model: SegmentationModel;
  /** sha256 of the model.json bytes. */
  modelSha256: string;
  customers: RawTable;
  transactions: RawTable;
  /** True when customers and transactions are the same file (Online Retail): customer rows are cut at the date too. */
  customersDated: boolean;
}

export interface TrackOptions {
  dates: readonly string[];
  refitWhen: RefitPolicy | null;
  /** Seed of the refits (each derives the stream "track/<date>"). */
  seed: number;
  tf?: Tf | null;
}

/** A refit and its lineage. */
export interface RefitRecord {
  date: string;
  reason: string;
  model: SegmentationModel;
  modelSha256: string;
  /** Matching of the refit's raw segments to the segments before it, on snapshot `date`. */
  matching: SegmentMatching;
  /** Per segment number after the refit: which old segment it continues (-1: emerged), and the event of each old one. */
  lineage: { segment: number; name: string; continues: number; event: string }[];
}

export interface TrackStep {
  date: string;
  snapshot: Snapshot;
  modelSha256: string;
  /** Customers per segment (model numbering). */
  sizes: number[];
  /** Segment-share PSI against the reference snapshot (the first date, or the last refit). */
  psiVsReference: number;
  /** Comparison with the previous date (null on the first date). */
  compare: CompareResult | null;
  /** Set when the policy refitted at this date (snapshot and sizes are then the refit's). */
  refit: RefitRecord | null;
  /** Transaction rows with no readable date (left out). */
  undated: number;
}

export interface TrackResult {
  dates: string[];
  segmentNames: string[];
  steps: TrackStep[];
  refits: RefitRecord[];
}

function sizesOf(s: Snapshot): number[] {
  const sizes = new Array<number>(s.k).fill(0);
  for (const l of s.labels) sizes[l] += 1;
  return sizes;
}

/** The refit of `model` on `points`, renumbered so continuing segments keep their number (and name). */
function refitModel(model: SegmentationModel, current: Snapshot, points: number[][], date: string, seed: number, reason: string): RefitRecord {
  const fit = fitKMeans(points, model.k, { restarts: 10, maxIterations: 300 }, stageRng(seed, `track/${date}`));
  const matching = matchSegments(current.labels, fit.labels, model.k, model.k);
  // Slot b gets the refit segment matched to old segment b; unmatched refit segments fill the free slots.
  const slotOf = new Array<number>(model.k).fill(-1);
  matching.beforeToAfter.forEach((a, b) => a >= 0 && (slotOf[a] = b));
  const free = Array.from({ length: model.k }, (_, b) => b).filter((b) => !slotOf.includes(b));
  slotOf.forEach((slot, a) => slot < 0 && (slotOf[a] = free.shift() as number));
  const centroids = new Array<number[]>(model.k);
  slotOf.forEach((slot, a) => (centroids[slot] = fit.centroids[a]));
  const lineage = slotOf
    .map((slot, a) => {
      const continues = matching.afterToBefore[a];
      const old = continues >= 0 ? matching.before[continues] : null;
      return {
        segment: slot,
        name: continues >= 0 ? model.segments[continues].name : `${model.segments[slot].name} (new ${date})`,
        continues,
        event: old ? old.event : 'emerged',
      };
    })
    .sort((x, y) => x.segment - y.segment);
  const refit: SegmentationModel = {
    ...model,
    run: { ...model.run, name: `${model.run.name} (refit ${date})` },
    centroids,
    segments: lineage.map((l) => ({ index: l.segment, label: `Segment ${l.segment + 1}`, name: l.name })),
  };
  return { date, reason, model: refit, modelSha256: sha256(JSON.stringify(refit)), matching, lineage };
}

/**
 * Score the customers as of each date with one model (and its refits), and compare consecutive dates.
 * @example trackSegments({ model, modelSha256, customers, transactions, customersDated: true }, { dates: monthlyDates('2011-06-01', '2011-12-01'), refitWhen: null, seed: 42 })
 */
export function trackSegments(inputs: TrackInputs, options: TrackOptions): TrackResult {
  const column = inputs.model.config.columns.orderDate;
  const order = dateOrderOf(inputs.transactions, inputs.model.config, column);
  // Settle the day/month order once, so a month whose dates read both ways is not ambiguous.
  let model: SegmentationModel = { ...inputs.model, config: { ...inputs.model.config, columns: { ...inputs.model.config.columns, dateFormat: order } } };
  let modelSha256 = inputs.modelSha256;
  let reference: Snapshot | null = null;
  let previous: Snapshot | null = null;
  const steps: TrackStep[] = [];
  const refits: RefitRecord[] = [];
  for (const date of options.dates) {
    const tx = rowsBefore(inputs.transactions, column, order, date);
    const customers = inputs.customersDated ? rowsBefore(inputs.customers, column, order, date).table : inputs.customers;
    const score = (m: SegmentationModel) => scoreCustomers(m, customers, tx.table, options.tf ?? null, { asOf: date });
    const scored = score(model);
    let snapshot = snapshotFromScore(scored, model, modelSha256);
    const compare: CompareResult | null = previous ? compareSnapshots(previous, snapshot) : null;
    const ref: Snapshot = reference ?? snapshot;
    const psiVsReference = populationStabilityIndex(sharesOf(sizesOf(ref)), sharesOf(sizesOf(snapshot))).psi;
    let refit: RefitRecord | null = null;
    const policy = options.refitWhen;
    if (policy && reference) {
      const reasons = [
        ...(policy.psi !== undefined && psiVsReference >= policy.psi ? [`segment-share PSI ${psiVsReference.toFixed(3)} against ${reference.asOf} reached ${policy.psi}`] : []),
        ...(policy.stability !== undefined && compare && compare.stayedShare < policy.stability ? [`only ${(100 * compare.stayedShare).toFixed(1)}% kept their segment since ${previous?.asOf} (below ${100 * policy.stability}%)`] : []),
      ];
      if (reasons.length) {
        refit = refitModel(model, snapshot, scored.points, date, options.seed, reasons.join('; '));
        refits.push(refit);
        model = refit.model;
        modelSha256 = refit.modelSha256;
        snapshot = snapshotFromScore(score(model), model, modelSha256);
      }
    }
    if (!reference || refit) reference = snapshot;
    steps.push({ date, snapshot, modelSha256, sizes: sizesOf(snapshot), psiVsReference, compare, refit, undated: tx.undated });
    previous = snapshot;
  }
  return { dates: options.dates.slice(), segmentNames: model.segments.map((s) => s.name), steps, refits };
}
