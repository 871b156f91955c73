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
    for (const g of assessed) {
      if (hidden[s]?.[g]) continue;
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

  // Candidate lists per move type (a, g, b): customers sorted by the distance they would add.
  const distances = points.map((p) => centres.map((c) => squaredDistance(p, c)));
  const typeIndex = (a: number, g: number, b: number): number => (a * G + g) * k + b;
  const lists: { i: number; cost: number }[][] = Array.from({ length: k * G * k }, () => []);
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    for (let b = 0; b < k; b++) if (b !== a) lists[typeIndex(a, coding.codes[i], b)].push({ i, cost: distances[i][b] - distances[i][a] });
  }
  for (const list of lists) list.sort((x, y) => x.cost - y.cost || x.i - y.i);
  const head = new Array<number>(lists.length).fill(0);
  const moved = new Uint8Array(n);
  const next = labels.slice();
  const maxMoves = Math.floor((bounds.maxMoveShare ?? 0.25) * n);
  let moves = 0;

  while (moves < maxMoves && segmentViolation.some((v) => v > 1e-9)) {
    let best: { type: number; a: number; g: number; b: number; score: number; gain: number } | null = null;
    for (let a = 0; a < k; a++) {
      if (sizes[a] <= 1) continue;
      for (let g = 0; g < G; g++) {
        // Moving an unassessed group's member can still fix a ratio (it changes the segment size).
        for (let b = 0; b < k; b++) {
          if (b === a) continue;
          const t = typeIndex(a, g, b);
          const list = lists[t];
          while (head[t] < list.length && moved[list[head[t]].i]) head[t]++;
          if (head[t] >= list.length) continue;
          if (segmentViolation[a] <= 1e-9 && segmentViolation[b] <= 1e-9) continue;
          const after =
            violationMoved(table[a], sizes[a] - 1, g, -1, shares, assessed, bounds.lower, bounds.upper) +
            violationMoved(table[b], sizes[b] + 1, g, 1, shares, assessed, bounds.lower, bounds.upper);
          const gain = segmentViolation[a] + segmentViolation[b] - after;
          if (gain <= 1e-9) continue;
          const score = Math.max(list[head[t]].cost, 0) / gain;
          if (best === null || score < best.score || (score === best.score && gain > best.gain)) best = { type: t, a, g, b, score, gain };
        }
      }
    }
    if (best === null) break;
    const { i } = lists[best.type][head[best.type]];
    moved[i] = 1;
    next[i] = best.b;
    table[best.a][best.g] -= 1;
    table[best.b][best.g] += 1;
    sizes[best.a] -= 1;
    sizes[best.b] += 1;
    segmentViolation[best.a] = violation(table[best.a], sizes[best.a], shares, assessed, bounds.lower, bounds.upper);
    segmentViolation[best.b] = violation(table[best.b], sizes[best.b], shares, assessed, bounds.lower, bounds.upper);
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
  return {
    method: 'fair-assignment',
    attribute,
    description: `Moved ${result.moved} customer${result.moved === 1 ? '' : 's'} to their next-nearest acceptable segment so that every "${attribute}" group is within ${bounds.lower}\u2013${bounds.upper} times its population share in every segment${result.withinBounds ? '' : ' (not reached within the move limit)'}.`,
    droppedFeatures: [],
    moved: result.moved,
    movedShare: result.moved / labels.length,
    withinBounds: result.withinBounds,
    before: mitigationSnapshot(points, labels, k, coding, bounds, sample, bounds.hiddenBefore),
    after: mitigationSnapshot(points, result.labels, k, coding, bounds, sample),
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
