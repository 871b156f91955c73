/** Shared fixtures for the clustering and evaluation tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClusterConfig } from '../../lib/config/types';
import { createRng } from '../../lib/random/rng';
import { sharedDatasets } from '../helpers/paths';

/** Freezes a point set and every row, so any write into it throws in strict mode. */
export function deepFreeze(points: number[][]): readonly (readonly number[])[] {
  points.forEach((row) => Object.freeze(row));
  return Object.freeze(points);
}

/** A deep copy, to compare an input before and after a call. */
export function copyPoints(points: readonly (readonly number[])[]): number[][] {
  return points.map((row) => row.slice());
}

/**
 * Isotropic Gaussian blobs from a seeded generator: `sizes[c]` points around `centers[c]`,
 * with standard deviation `spread`. Returns the points and the true blob of each point.
 */
export function gaussianBlobs(
  centers: number[][],
  sizes: number[],
  spread: number,
  seed: number,
): { points: number[][]; truth: number[] } {
  const rng = createRng(seed);
  const points: number[][] = [];
  const truth: number[] = [];
  centers.forEach((center, c) => {
    for (let i = 0; i < sizes[c]; i++) {
      points.push(center.map((coordinate) => coordinate + spread * rng.normal()));
      truth.push(c);
    }
  });
  return { points, truth };
}

/** UCI Wine (178 rows): the 13 measurements and the cultivar (1..3) of each wine. */
export function readWine(): { features: number[][]; cultivar: number[] } {
  const text = fs.readFileSync(path.join(sharedDatasets, 'uci-wine', 'wine.data'), 'utf8');
  const rows = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map(Number));
  return { features: rows.map((row) => row.slice(1)), cultivar: rows.map((row) => row[0]) };
}

/** Z-scores each column with the population standard deviation (scikit-learn's StandardScaler). */
export function standardise(points: readonly (readonly number[])[]): number[][] {
  const n = points.length;
  const dim = points[0].length;
  const means = Array.from({ length: dim }, (_, j) => points.reduce((sum, row) => sum + row[j], 0) / n);
  const sds = Array.from({ length: dim }, (_, j) =>
    Math.sqrt(points.reduce((sum, row) => sum + (row[j] - means[j]) ** 2, 0) / n),
  );
  return points.map((row) => row.map((value, j) => (value - means[j]) / sds[j]));
}

/** A cluster config for the tests: k-means, k 2..6, 5 restarts, 200 iterations, then `overrides`. */
export function clusterConfig(overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  return { method: 'kmeans', maxFitRows: 50000, treeRows: 3000, kMin: 2, kMax: 6, restarts: 5, maxIterations: 200, silhouetteSample: 2000, minSegmentShare: 0.02, ...overrides };
}
