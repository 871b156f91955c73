/**
 * Two measured mitigations for a segmentation that leaks or skews a protected attribute.
 *
 * - `fairAssignment`: post-processing that moves as few customers as it can, each to the segment
 *   that costs least in distance, until every group's representation ratio in every segment is in
 *   [lower, upper]. Greedy: at each step, among the moves (from segment a, group g, to segment b)
 *   that reduce the total violation, take the cheapest per unit of violation removed; each
 *   customer moves at most once, no segment is emptied, at most maxMoveShare of customers move.
 * - `dropProxiesAndRecluster`: drop the proxy features found by the proxy check and re-cluster
 *   with the caller's own clustering (a callback, so this stage does not depend on the pipeline).
 *
 * Both report the same before/after snapshot: balance, proportional balance, Cramér's V, cells
 * outside the band, and the cost in cluster quality (inertia around segment means and a seeded
 * silhouette sample, both in one fixed space so before and after compare).
 */
import { accuracyAfterMatching } from '../evaluate/hungarian';
import { silhouetteScore } from '../evaluate/metrics';
import { squaredDistance } from '../evaluate/points';
import { sampleIndices, type Rng } from '../random/rng';
import { balanceMetrics } from './balance';
import { suppressCells } from './disclosure';
import { publishedAssociation } from './published';
import { crossTab, type GroupCoding } from './groups';
import type { MitigationOutcome, MitigationSnapshot } from './types';

/** Bounds and limits of the mitigations. */
export interface MitigationBounds {
  /** Representation ratio band. Default 0.8, 1.25. */
  lower: number;
  upper: number;
  /** Groups smaller than this are not assessed (nor balanced). */
  minCellSize: number;
  /** Largest share of customers fairAssignment may move. Default 0.25. */
  maxMoveShare?: number;
  /** Rows of the seeded silhouette sample. Default 2000. */
  silhouetteSample?: number;
  /**
   * The published-cell mask of the delivered segmentation (`hidden[segment][group]`, as fairness.json
   * publishes it): the "before" snapshot computes its balance and Cramér's V from published cells only.
   */
  hiddenBefore?: readonly (readonly boolean[])[];
}

type Points = readonly (readonly number[])[];

function segmentMeans(points: Points, labels: readonly number[], k: number): number[][] {
  const d = points[0].length;
  const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const sizes = new Array<number>(k).fill(0);
  points.forEach((p, i) => {
    sizes[labels[i]] += 1;
    for (let j = 0; j < d; j++) sums[labels[i]][j] += p[j];
  });
  return sums.map((s, c) => s.map((v) => (sizes[c] ? v / sizes[c] : 0)));
}

/**
 * Fairness and quality of one labelling of `points`.
 * @param sample row indices for the silhouette (the same sample for before and after).
 */
export function mitigationSnapshot(
  points: Points,
  labels: readonly number[],
  k: number,
  coding: GroupCoding,
  bounds: MitigationBounds,
  sample: readonly number[],
  hiddenBefore?: readonly (readonly boolean[])[],
): MitigationSnapshot {
  const table = crossTab(labels, coding.codes, k, coding.groups.length);
  // Every count-derived figure from published cells only (lib/fairness/published.ts): the delivered
  // segmentation's own mask for "before", the mitigated table's own suppression for "after".
  const hidden = hiddenBefore ?? suppressCells(table, bounds.minCellSize);
  const balance = balanceMetrics('', table, coding.groups, bounds.minCellSize, hidden);
  const n = labels.length;
  const assessed = coding.groups.map((_, g) => g).filter((g) => coding.counts[g] >= bounds.minCellSize);
  let cellsOutsideBand = 0;
  for (const [s, row] of table.entries()) {
    const size = row.reduce((a, b) => a + b, 0);
    if (size === 0) continue;
    // Every cell, hidden ones included: a count of cells outside the band reveals no cell's value, and
    // leaving hidden cells out read "0 -> 0" while a hidden cell was at 0.63 (CPA trial, run 1).
    for (const g of assessed) {
      const ratio = row[g] / size / (coding.counts[g] / n);
      if (ratio < bounds.lower || ratio > bounds.upper) cellsOutsideBand++;
    }
  }
  const means = segmentMeans(points, labels, k);
  let inertia = 0;
  points.forEach((p, i) => (inertia += squaredDistance(p, means[labels[i]])));
  const sampleLabels = sample.map((i) => labels[i]);
  const distinct = new Set(sampleLabels).size;
  const silhouette = distinct >= 2 && distinct < sample.length ? silhouetteScore(sample.map((i) => points[i]), sampleLabels) : Number.NaN;
  return {
    balance: balance.balance,
    proportionalBalance: balance.proportionalBalance,
    cramersV: publishedAssociation('', table, hidden, assessed).cramersV,
    cellsOutsideBand,
    inertia,
    silhouette,
    publishedCells: table.reduce((sum, row, s) => sum + row.filter((_, g) => !hidden[s]?.[g]).length, 0),
  };
}

/** Out-of-band customers of one segment: Σ_g max(0, lower·p_g·n_C − n_gC, n_gC − upper·p_g·n_C). */
function violation(row: readonly number[], size: number, shares: readonly number[], assessed: readonly number[], lower: number, upper: number): number {
  let v = 0;
  for (const g of assessed) v += Math.max(0, lower * shares[g] * size - row[g], row[g] - upper * shares[g] * size);
  return v;
}

/** `violation` of the row with `delta` added to its group `moved` (the same numbers, without copying the row). */
function violationMoved(row: readonly number[], size: number, moved: number, delta: number, shares: readonly number[], assessed: readonly number[], lower: number, upper: number): number {
  let v = 0;
  for (const g of assessed) {
    const count = g === moved ? row[g] + delta : row[g];
    v += Math.max(0, lower * shares[g] * size - count, count - upper * shares[g] * size);
  }
  return v;
}

/**
 * Greedy fair assignment (see the file comment). Never mutates its inputs.
 * @param centroids the segment centres in `points`' space; default the segment means.
 * @returns new labels, customers moved and whether every assessed ratio ended in the band.
 * @example fairAssignment(points, labels, 2, coding, { lower: 0.8, upper: 1.25, minCellSize: 1 }).withinBounds // true
 */
export function fairAssignment(
  points: Points,
  labels: readonly number[],
  k: number,
  coding: GroupCoding,
  bounds: MitigationBounds,
  centroids?: Points,
): { labels: number[]; moved: number; withinBounds: boolean } {
  const n = labels.length;
  const G = coding.groups.length;
  const centres = centroids ?? segmentMeans(points, labels, k);
  const shares = coding.counts.map((c) => c / n);
  const assessed = coding.groups.map((_, g) => g).filter((g) => coding.counts[g] >= bounds.minCellSize);
  const table = crossTab(labels, coding.codes, k, G);
  const sizes = table.map((row) => row.reduce((a, b) => a + b, 0));
  const segmentViolation = table.map((row, c) => violation(row, sizes[c], shares, assessed, bounds.lower, bounds.upper));

  // Candidate lists per move type (a, g, b): customers sorted by the distance they would add, ties by
  // row. Laid out as one typed array per field, type by type (issue 15: no object per candidate; the
  // same sort, with the same comparisons on the same numbers, so the same order).
  const typeIndex = (a: number, g: number, b: number): number => (a * G + g) * k + b;
  const types = k * G * k;
  const distances = new Float64Array(n * k);
  const start = new Int32Array(types + 1);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < k; b++) distances[i * k + b] = squaredDistance(points[i], centres[b]);
    const a = labels[i];
    for (let b = 0; b < k; b++) if (b !== a) start[typeIndex(a, coding.codes[i], b) + 1]++;
  }
  for (let t = 0; t < types; t++) start[t + 1] += start[t];
  const candidate = new Int32Array(start[types]);
  const candidateCost = new Float64Array(start[types]);
  const fill = start.slice(0, types);
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      const at = fill[typeIndex(a, coding.codes[i], b)]++;
      candidate[at] = i;
      candidateCost[at] = distances[i * k + b] - distances[i * k + a];
    }
  }
  for (let t = 0; t < types; t++) {
    const from = start[t];
    const size = start[t + 1] - from;
    if (size < 2) continue;
    const rowsOf = candidate.slice(from, from + size);
    const costs = candidateCost.slice(from, from + size);
    // Positions increase with the row, so "then by position" is "then by row".
    const order = Array.from({ length: size }, (_, q) => q);
    order.sort((x, y) => costs[x] - costs[y] || x - y);
    for (let q = 0; q < size; q++) {
      candidate[from + q] = rowsOf[order[q]];
      candidateCost[from + q] = costs[order[q]];
    }
  }
  const head = new Array<number>(types).fill(0);
  const moved = new Uint8Array(n);
  const next = labels.slice();
  const maxMoves = Math.floor((bounds.maxMoveShare ?? 0.25) * n);
  let moves = 0;

  // The violation of segment a after losing one member of group g, and of segment b after gaining
  // one, depend on (a, g) and (b, g) only, not on the move type (a, g, b): kept per segment and group,
  // and recomputed only for the two segments a move changes (issue 15: the same calls with the same
  // arguments, k·G of them per move instead of 2·k·G·k).
  const outOf = (a: number, g: number): number => violationMoved(table[a], sizes[a] - 1, g, -1, shares, assessed, bounds.lower, bounds.upper);
  const into = (b: number, g: number): number => violationMoved(table[b], sizes[b] + 1, g, 1, shares, assessed, bounds.lower, bounds.upper);
  const leaving = Array.from({ length: k }, (_, a) => Float64Array.from({ length: G }, (_, g) => outOf(a, g)));
  const joining = Array.from({ length: k }, (_, b) => Float64Array.from({ length: G }, (_, g) => into(b, g)));
  while (moves < maxMoves && segmentViolation.some((v) => v > 1e-9)) {
    let best: { type: number; a: number; g: number; b: number; score: number; gain: number } | null = null;
    for (let a = 0; a < k; a++) {
      if (sizes[a] <= 1) continue;
      for (let g = 0; g < G; g++) {
        // Moving an unassessed group's member can still fix a ratio (it changes the segment size).
        for (let b = 0; b < k; b++) {
          if (b === a) continue;
          const t = typeIndex(a, g, b);
          const length = start[t + 1] - start[t];
          while (head[t] < length && moved[candidate[start[t] + head[t]]]) head[t]++;
          if (head[t] >= length) continue;
          if (segmentViolation[a] <= 1e-9 && segmentViolation[b] <= 1e-9) continue;
          const after = leaving[a][g] + joining[b][g];
          const gain = segmentViolation[a] + segmentViolation[b] - after;
          if (gain <= 1e-9) continue;
          const score = Math.max(candidateCost[start[t] + head[t]], 0) / gain;
          if (best === null || score < best.score || (score === best.score && gain > best.gain)) best = { type: t, a, g, b, score, gain };
        }
      }
    }
    if (best === null) break;
    const i = candidate[start[best.type] + head[best.type]];
    moved[i] = 1;
    next[i] = best.b;
    table[best.a][best.g] -= 1;
    table[best.b][best.g] += 1;
    sizes[best.a] -= 1;
    sizes[best.b] += 1;
    segmentViolation[best.a] = violation(table[best.a], sizes[best.a], shares, assessed, bounds.lower, bounds.upper);
    segmentViolation[best.b] = violation(table[best.b], sizes[best.b], shares, assessed, bounds.lower, bounds.upper);
    for (let g = 0; g < G; g++) {
      leaving[best.a][g] = outOf(best.a, g);
      joining[best.a][g] = into(best.a, g);
      leaving[best.b][g] = outOf(best.b, g);
      joining[best.b][g] = into(best.b, g);
    }
    moves++;
  }
  return { labels: next, moved: moves, withinBounds: segmentViolation.every((v) => v <= 1e-9) };
}

/**
 * Runs `fairAssignment` and measures before/after in `points`' space.
 * @param rng draws the silhouette sample (shared by before and after).
 * @example mitigateByFairAssignment(space, labels, k, 'sex', coding, bounds, rng).after.proportionalBalance
 */
export function mitigateByFairAssignment(
  points: Points,
  labels: readonly number[],
  k: number,
  attribute: string,
  coding: GroupCoding,
  bounds: MitigationBounds,
  rng: Rng,
  centroids?: Points,
): MitigationOutcome {
  const sample = sampleIndices(points.length, bounds.silhouetteSample ?? 2000, rng);
  const result = fairAssignment(points, labels, k, coding, bounds, centroids);
  // Before and after on the same cells (the segments keep their numbers): a cell suppressed in either
  // table is left out of both. Each on its own mask compared different segments: on UCI Bank Marketing
  // (age) "before" was segment 2 alone and "after" every segment, so balance read 0.081 -> 0.042
  // ("worse") while over all segments it rose from 0.002 to 0.042.
  const beforeOwn = bounds.hiddenBefore ?? suppressCells(crossTab(labels, coding.codes, k, coding.groups.length), bounds.minCellSize);
  const afterOwn = suppressCells(crossTab(result.labels, coding.codes, k, coding.groups.length), bounds.minCellSize);
  const shared = beforeOwn.map((row, s) => row.map((hidden, g) => hidden || Boolean(afterOwn[s]?.[g])));
  return {
    method: 'fair-assignment',
    attribute,
    description: `Moved ${result.moved} customer${result.moved === 1 ? '' : 's'} to their next-nearest acceptable segment so that every "${attribute}" group is within ${bounds.lower}\u2013${bounds.upper} times its population share in every segment${result.withinBounds ? '' : ' (not reached within the move limit)'}.`,
    droppedFeatures: [],
    moved: result.moved,
    movedShare: result.moved / labels.length,
    withinBounds: result.withinBounds,
    before: mitigationSnapshot(points, labels, k, coding, bounds, sample, shared),
    after: mitigationSnapshot(points, result.labels, k, coding, bounds, sample, shared),
    labels: result.labels,
  };
}

/**
 * Drops the given features (one-hot families by their column name: "relationship" drops every
 * "relationship=..." column), re-clusters with `recluster`, and measures before/after in the
 * full feature space (`qualitySpace`, default the full feature matrix) so the numbers compare.
 * `moved` counts customers outside the best one-to-one matching of old and new segments.
 * @param recluster the caller's clustering, e.g. `(p) => fitKMeans(p, k, opts, stageRng(seed, 'fairness:recluster')).labels`.
 * @example dropProxiesAndRecluster({ names, matrix }, ['relationship'], labels, k, 'sex', coding, bounds, recluster, rng)
 */
export function dropProxiesAndRecluster(
  features: { names: readonly string[]; matrix: Points },
  drop: readonly string[],
  labels: readonly number[],
  k: number,
  attribute: string,
  coding: GroupCoding,
  bounds: MitigationBounds,
  recluster: (points: number[][], keptColumns: number[]) => number[],
  rng: Rng,
  qualitySpace?: Points,
): MitigationOutcome {
  const dropped = new Set(drop);
  const keep = features.names.map((name, j) => (dropped.has(name) || dropped.has(name.split('=')[0]) ? -1 : j)).filter((j) => j >= 0);
  const reduced = features.matrix.map((row) => keep.map((j) => row[j]));
  const after = recluster(reduced, keep);
  const kAfter = Math.max(k, ...after.map((l) => l + 1));
  const space = qualitySpace ?? features.matrix;
  const sample = sampleIndices(space.length, bounds.silhouetteSample ?? 2000, rng);
  const moved = Math.round(labels.length * (1 - accuracyAfterMatching(labels, after)));
  const afterSnapshot = mitigationSnapshot(space, after, kAfter, coding, bounds, sample);
  return {
    method: 'drop-proxies',
    attribute,
    description: `Dropped ${drop.map((f) => `"${f}"`).join(', ')} (the strongest proxies for "${attribute}") and re-ran the clustering; ${moved} customers changed segment.`,
    droppedFeatures: [...drop],
    moved,
    movedShare: moved / labels.length,
    withinBounds: afterSnapshot.cellsOutsideBand === 0,
    before: mitigationSnapshot(space, labels, k, coding, bounds, sample, bounds.hiddenBefore),
    after: afterSnapshot,
    labels: after,
  };
}

/** The file a mitigation's per-customer segments go to: `segments-mitigated-<method>.csv`. */
export function mitigatedSegmentsFile(method: MitigationOutcome['method']): string {
  return `segments-mitigated-${method}.csv`;
}

/**
 * Whether a mitigation's segment of every customer is written beside the delivered segments.
 * Fair assignment moves customers by their protected group, so the customers it moves (the
 * difference between its file and segments.csv) give their group away: in the UCI Online Shoppers
 * trial every customer it moved out of segment 2 was in Region 8, the group over-represented
 * there. Its file is written only when `fairness.writeMitigatedSegments` asks for it. Drop-proxies
 * re-clusters without some features and moves nobody by group, so its file is always written.
 */
export function mitigatedSegmentsWritten(method: MitigationOutcome['method'], writeMitigatedSegments: boolean): boolean {
  switch (method) {
    case 'fair-assignment': return writeMitigatedSegments;
    case 'drop-proxies': return true;
    default: {
      const unhandled: never = method;
      return unhandled;
    }
  }
}
