/**
 * Agglomerative (hierarchical) clustering with Ward's linkage: start with every customer alone and
 * repeatedly merge the two groups whose merge raises the within-group sum of squares least.
 *
 * The tree is built with the nearest-neighbour chain algorithm (Murtagh 1983; Müllner 2011), which
 * is exact for Ward and costs O(m²) time and one condensed m x m distance table. That table is
 * why the tree is grown on a seeded sample of `treeRows` customers (default 3,000: 36 MB) and every
 * other customer then joins the segment with the nearest centroid. ml-hclust's `agnes` gives the
 * same tree but copies its whole distance matrix at every merge (O(m³)); the tests cross-check
 * the two on small inputs.
 *
 * Heights follow scipy (`linkage(method='ward')`) and R (`hclust(method='ward.D2')`): the height of
 * a merge of A and B is sqrt(2 |A||B| / (|A|+|B|)) · ||mean(A) - mean(B)||, so two single points
 * merge at their Euclidean distance, and the merge raises the sum of squares by height² / 2.
 */
import { fail, msg } from '../errors/messages';
import { checkPoints } from '../evaluate/points';
import { sampleIndices, type Rng } from '../random/rng';

const STAGE = 'cluster';

/** Default sample on which the tree is grown. */
export const DEFAULT_TREE_ROWS = 3000;
/** Largest tree sample accepted: its distance table takes 8·m²/2 bytes (400 MB at 10,000). */
export const MAX_TREE_ROWS = 10_000;

/** One merge, scipy-style: ids < m are rows of the tree's input, id m + s is the group made by merge s. */
export interface WardMerge {
  left: number;
  right: number;
  /** Ward height (see the file header); non-decreasing along the merge list. */
  height: number;
  /** Rows in the merged group. */
  size: number;
}

/** Options of `fitAgglomerative`. */
export interface AgglomerativeOptions {
  /** Rows the tree is grown on (a seeded sample when n is larger). Integer in 2..10,000. Default 3000 (config cluster.treeRows). */
  treeRows?: number;
}

/** An agglomerative fit, in the same shape as the other methods' fits. */
export interface AgglomerativeFit {
  k: number;
  /** Segment per row: tree labels for the rows in the tree, nearest centroid for the others. */
  labels: number[];
  /** Mean of each tree segment (over the rows in the tree). */
  centroids: number[][];
  /** Sum of squared distances of all rows to their segment's centroid. */
  inertia: number;
  /** Rows per label. */
  clusterSizes: number[];
  /** Rows the tree was grown on, in increasing order (all rows when n <= treeRows). */
  treeRows: number[];
  /** The merges that cut the tree into k groups are merges[0 .. treeRows.length - k - 1]. */
  merges: WardMerge[];
}

/** Index into the condensed upper triangle (i < j). */
function condensedIndex(m: number, i: number, j: number): number {
  return i < j ? m * i - (i * (i + 1)) / 2 + j - i - 1 : m * j - (j * (j + 1)) / 2 + i - j - 1;
}

/**
 * Ward linkage of all rows of `points` (nearest-neighbour chain, Lance–Williams updates on squared
 * Euclidean distances). Returns the m - 1 merges sorted by height (stable), with scipy's ids.
 * Ties between equally near groups go to the lower slot, so the tree is deterministic.
 * @example wardLinkage([[0], [1], [5]]).map((s) => s.height) // [1, sqrt(2·2/3)·4.5 ≈ 5.196]
 */
export function wardLinkage(points: readonly (readonly number[])[]): WardMerge[] {
  const dim = checkPoints(points, STAGE, 'wardLinkage');
  const m = points.length;
  if (m > MAX_TREE_ROWS) fail(STAGE, msg.treeTooLarge(m, MAX_TREE_ROWS));
  // d[i,j] holds 2 · (increase in sum of squares) of merging groups i and j; for single rows it is
  // their squared distance, and the Lance–Williams recurrence keeps that invariant.
  const d = new Float64Array((m * (m - 1)) / 2);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      let sum = 0;
      for (let c = 0; c < dim; c++) sum += (points[i][c] - points[j][c]) ** 2;
      d[condensedIndex(m, i, j)] = sum;
    }
  }
  const size = new Float64Array(m).fill(1);
  const active = new Uint8Array(m).fill(1);
  const raw: { a: number; b: number; height2: number }[] = [];
  const chain: number[] = [];
  for (let merges = 0; merges < m - 1; merges++) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    for (;;) {
      const top = chain[chain.length - 1];
      const previous = chain.length > 1 ? chain[chain.length - 2] : -1;
      // The previous chain element wins ties, which guarantees the chain ends in a reciprocal pair.
      let nearest = previous;
      let nearestDistance = previous >= 0 ? d[condensedIndex(m, top, previous)] : Infinity;
      for (let s = 0; s < m; s++) {
        if (!active[s] || s === top) continue;
        const value = d[condensedIndex(m, top, s)];
        if (value < nearestDistance) {
          nearestDistance = value;
          nearest = s;
        }
      }
      if (nearest === previous) break;
      chain.push(nearest);
    }
    const b = chain.pop() as number;
    const a = chain.pop() as number;
    const ab = d[condensedIndex(m, a, b)];
    raw.push({ a, b, height2: ab });
    // The merged group lives in the lower slot; the other slot is retired.
    const keep = Math.min(a, b);
    const drop = Math.max(a, b);
    const na = size[a];
    const nb = size[b];
    for (let s = 0; s < m; s++) {
      if (!active[s] || s === a || s === b) continue;
      const ns = size[s];
      const updated = ((na + ns) * d[condensedIndex(m, a, s)] + (nb + ns) * d[condensedIndex(m, b, s)] - ns * ab) / (na + nb + ns);
      d[condensedIndex(m, keep, s)] = updated;
    }
    size[keep] = na + nb;
    active[drop] = 0;
  }
  return relabel(raw, m);
}

/** Sorts raw slot merges by height and renames groups with scipy's ids (union-find over slots). */
function relabel(raw: readonly { a: number; b: number; height2: number }[], m: number): WardMerge[] {
  const order = raw.map((_, i) => i).sort((x, y) => raw[x].height2 - raw[y].height2 || x - y);
  const parent = Array.from({ length: m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  // Current scipy id and size of the group whose union-find root is r.
  const idOf = Array.from({ length: m }, (_, i) => i);
  const sizeOf = new Array<number>(m).fill(1);
  return order.map((index, step) => {
    const { a, b, height2 } = raw[index];
    const ra = find(a);
    const rb = find(b);
    const left = Math.min(idOf[ra], idOf[rb]);
    const right = Math.max(idOf[ra], idOf[rb]);
    const size = sizeOf[ra] + sizeOf[rb];
    parent[rb] = ra;
    idOf[ra] = m + step;
    sizeOf[ra] = size;
    return { left, right, height: Math.sqrt(Math.max(height2, 0)), size };
  });
}

/**
 * Labels of the m rows when the tree is cut into k groups (the first m - k merges applied).
 * Groups are numbered by their first row, so row 0 is always in group 0.
 * @example cutTree(wardLinkage([[0], [1], [5]]), 3, 2) // [0, 0, 1]
 */
export function cutTree(merges: readonly WardMerge[], m: number, k: number): number[] {
  if (!Number.isInteger(k) || k < 1 || k > m) fail(STAGE, msg.kTooLarge(m, k));
  const parent = Array.from({ length: 2 * m - 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x];
    return x;
  };
  for (let step = 0; step < m - k; step++) {
    parent[merges[step].left] = m + step;
    parent[merges[step].right] = m + step;
  }
  const code = new Map<number, number>();
  return Array.from({ length: m }, (_, row) => {
    const root = find(row);
    if (!code.has(root)) code.set(root, code.size);
    return code.get(root) as number;
  });
}

/**
 * Ward agglomerative clustering into k segments. With n <= treeRows the tree covers every row;
 * otherwise it is grown on a seeded sample of treeRows rows drawn from `rng`, and the other rows
 * join the nearest sample-segment centroid (squared Euclidean, ties to the lower label).
 * Deterministic for a seed; never mutates `points`.
 * Throws a SeglabError when n < k, treeRows is out of range, or the points are ragged / not finite.
 * @example fitAgglomerative([[0], [1], [5], [6]], 2, {}, createRng(1)).labels // [0, 0, 1, 1]
 */
export function fitAgglomerative(points: readonly (readonly number[])[], k: number, opts: AgglomerativeOptions, rng: Rng): AgglomerativeFit {
  const dim = checkPoints(points, STAGE, 'fitAgglomerative');
  const n = points.length;
  if (!Number.isInteger(k) || k < 1 || k > n) fail(STAGE, msg.kTooLarge(n, k));
  const treeRowsOption = opts.treeRows ?? DEFAULT_TREE_ROWS;
  if (!Number.isInteger(treeRowsOption) || treeRowsOption < Math.max(2, k) || treeRowsOption > MAX_TREE_ROWS) {
    fail(STAGE, msg.badClusterOption('agglomerative', 'treeRows', treeRowsOption, `an integer in ${Math.max(2, k)}..${MAX_TREE_ROWS}`));
  }
  const treeRows = n > treeRowsOption ? sampleIndices(n, treeRowsOption, rng) : Array.from({ length: n }, (_, i) => i);
  const treePoints = treeRows.map((row) => points[row]);
  const merges = treePoints.length > 1 ? wardLinkage(treePoints) : [];
  const treeLabels = cutTree(merges, treePoints.length, k);

  const sums = Array.from({ length: k }, () => new Array<number>(dim).fill(0));
  const counts = new Array<number>(k).fill(0);
  treePoints.forEach((row, i) => {
    counts[treeLabels[i]] += 1;
    row.forEach((value, j) => (sums[treeLabels[i]][j] += value));
  });
  const centroids = sums.map((sum, c) => sum.map((value) => value / counts[c]));

  const labels = new Array<number>(n).fill(-1);
  treeRows.forEach((row, i) => (labels[row] = treeLabels[i]));
  const clusterSizes = new Array<number>(k).fill(0);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const point = points[i];
    if (labels[i] < 0) {
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        let distance = 0;
        for (let j = 0; j < dim; j++) distance += (point[j] - centroids[c][j]) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          labels[i] = c;
        }
      }
    }
    const centroid = centroids[labels[i]];
    for (let j = 0; j < dim; j++) inertia += (point[j] - centroid[j]) ** 2;
    clusterSizes[labels[i]] += 1;
  }
  return { k, labels, centroids, inertia, clusterSizes, treeRows, merges };
}
