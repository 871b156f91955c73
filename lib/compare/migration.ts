/**
 * The migration matrix between two segmentations of (partly) the same customers:
 *
 *                 after 1 .. after k'   exited
 *   before 1..k   stayed / moved        gone by "after"
 *   entered       new in "after"        -
 *
 * Cells count customers (or sum a value per customer, e.g. CLV, when weights are given). Row
 * shares divide each before row by its total, exited included, so a row reads "of the customers
 * in segment 1 before, 80% are in segment 1 after, 5% left". The entered row is divided by the
 * number of new customers. Customers are joined by id; ids must be unique on each side.
 */

/** One side: a customer id and a 0-based segment per customer. */
export interface LabelledCustomers {
  ids: readonly string[];
  labels: readonly number[];
  k: number;
}

export interface MigrationMatrix {
  kBefore: number;
  kAfter: number;
  /** (kBefore + 1) x (kAfter + 1): last row "entered", last column "exited"; [kBefore][kAfter] is 0. */
  counts: number[][];
  /** counts divided by their row total (0 for an empty row). */
  rowShares: number[][];
  /** The same cells summing a value per customer, when weights were given (else null). */
  weighted: number[][] | null;
  common: number;
  entered: number;
  exited: number;
  /** Positions of the common customers in before.ids and after.ids (same order), for matching and drift. */
  commonBefore: number[];
  commonAfter: number[];
  /** Positions in after.ids of customers new in after; positions in before.ids of customers gone. */
  enteredAfter: number[];
  exitedBefore: number[];
}

/** Per-customer values for the weighted matrix: before's for common and exited customers, after's for entered ones. */
export interface MigrationWeights {
  before: ReadonlyMap<string, number>;
  after: ReadonlyMap<string, number>;
}

const rowShares = (rows: readonly number[][]): number[][] =>
  rows.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (total > 0 ? c / total : 0));
  });

/**
 * The migration matrix of two labelled customer sets joined by id.
 * @example migrationMatrix({ ids: ['a', 'b'], labels: [0, 1], k: 2 }, { ids: ['b', 'c'], labels: [0, 0], k: 2 }).counts
 * // [[0, 0, 1], [1, 0, 0], [1, 0, 0]]
 */
export function migrationMatrix(before: LabelledCustomers, after: LabelledCustomers, weights: MigrationWeights | null = null): MigrationMatrix {
  const kB = before.k;
  const kA = after.k;
  const counts = Array.from({ length: kB + 1 }, () => new Array<number>(kA + 1).fill(0));
  const weighted = weights ? Array.from({ length: kB + 1 }, () => new Array<number>(kA + 1).fill(0)) : null;
  const afterIndex = new Map<string, number>();
  after.ids.forEach((id, i) => afterIndex.set(id, i));
  const seenAfter = new Uint8Array(after.ids.length);
  const commonBefore: number[] = [];
  const commonAfter: number[] = [];
  const exitedBefore: number[] = [];
  const add = (row: number, column: number, value: number | undefined): void => {
    counts[row][column] += 1;
    if (weighted) weighted[row][column] += value ?? 0;
  };
  before.ids.forEach((id, i) => {
    const j = afterIndex.get(id);
    const value = weights?.before.get(id);
    if (j === undefined) {
      exitedBefore.push(i);
      add(before.labels[i], kA, value);
    } else {
      seenAfter[j] = 1;
      commonBefore.push(i);
      commonAfter.push(j);
      add(before.labels[i], after.labels[j], value);
    }
  });
  const enteredAfter: number[] = [];
  after.ids.forEach((id, j) => {
    if (seenAfter[j]) return;
    enteredAfter.push(j);
    add(kB, after.labels[j], weights?.after.get(id));
  });
  return {
    kBefore: kB,
    kAfter: kA,
    counts,
    rowShares: rowShares(counts),
    weighted,
    common: commonBefore.length,
    entered: enteredAfter.length,
    exited: exitedBefore.length,
    commonBefore,
    commonAfter,
    enteredAfter,
    exitedBefore,
  };
}
