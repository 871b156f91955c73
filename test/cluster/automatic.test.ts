/** The automatic segmentation's k choice: the size floor on small tables, robustness to one extreme row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { automaticSegmentation } from '../../lib/cluster/automatic';
import { clusterwiseJaccard } from '../../lib/cluster/stability';
import { cleanCustomers } from '../../lib/clean/customers';
import { validateConfig } from '../../lib/config/validate';
import { buildFeatures } from '../../lib/features/build';
import { stageRng } from '../../lib/random/rng';
import { hostileData } from '../../bench/hostile-data';
import type { ClusterConfig } from '../../lib/config/types';
import { msg } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { needsDatasets, sharedDatasets } from '../helpers/paths';
import { gaussianBlobs, clusterConfig } from './fixtures';

const config = (overrides: Partial<ClusterConfig> = {}): ClusterConfig => clusterConfig({ kMax: 10, ...overrides });

const sizes = (labels: readonly number[], k: number): number[] => {
  const out = new Array<number>(k).fill(0);
  for (const l of labels) out[l] += 1;
  return out;
};

const zScores = (rows: number[][]): number[][] => {
  const dim = rows[0].length;
  const mean = Array.from({ length: dim }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const sd = Array.from({ length: dim }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / rows.length));
  return rows.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
};

test('clusterwiseJaccard: best overlap per reference segment, averaged over replicates', () => {
  const j = clusterwiseJaccard([0, 0, 1, 1], [[1, 1, 0, 0], [0, 0, 0, 1]], 2);
  assert.ok(Math.abs(j[0] - (1 + 2 / 3) / 2) < 1e-12, `${j}`);
  assert.ok(Math.abs(j[1] - (1 + 1 / 2) / 2) < 1e-12, `${j}`);
});

test('size floor: 200 customers in 5 clear groups of 40 with minCellSize 50 give no segment under 50, or say why', () => {
  const centers = [[0, 0], [8, 0], [0, 8], [8, 8], [4, 16]];
  const { points } = gaussianBlobs(centers, [40, 40, 40, 40, 40], 0.6, 5);
  const free = automaticSegmentation([{ name: 'features', points }], points, config(), createRng(3));
  assert.equal(free.clustering.k, 5, 'without the floor the five groups are found');
  const run = automaticSegmentation([{ name: 'features', points }], points, config(), createRng(3), 50);
  const k = run.clustering.k;
  assert.ok(k <= 4, `k = ${k}: 200 customers cannot fill 5 segments of 50`);
  assert.ok(run.clustering.warnings.includes(msg.kRangeTrimmedBySize(10, 4, 200, 50)), run.clustering.warnings.join(' | '));
  const smallest = Math.min(...sizes(run.clustering.labels, k));
  if (smallest < 50) {
    assert.ok(run.clustering.warnings.some((w) => w.startsWith('no k in 2..4 gives segments that all hold at least 50')), run.clustering.warnings.join(' | '));
  }
  for (const c of run.clustering.candidates) assert.equal(c.eligible, Math.round(c.minShare * 200) >= 50, `k = ${c.k}`);
});

test('size floor on Mall Customers (200 rows): every segment holds at least 50 customers', { skip: needsDatasets('mall-customers/Mall_Customers.csv') }, () => {
  const lines = fs.readFileSync(path.join(sharedDatasets, 'mall-customers', 'Mall_Customers.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const points = zScores(lines.map((l) => l.split(',').slice(2, 5).map(Number)));
  assert.equal(points.length, 200);
  const run = automaticSegmentation([{ name: 'features', points }], points, config(), createRng(42), 50);
  const segmentSizes = sizes(run.clustering.labels, run.clustering.k);
  assert.ok(Math.min(...segmentSizes) >= 50 || run.clustering.rule?.includes('no k in 2..4 gives segments that all hold at least 50'), `sizes ${segmentSizes}; ${run.clustering.rule}`);
  assert.ok(run.clustering.k <= 4);
});

/** Share of `a`'s rows whose segment differs in `b` after matching segments by largest overlap. */
function movedShare(a: readonly number[], b: readonly number[]): number {
  const k = Math.max(...a, ...b) + 1;
  const overlap = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  a.forEach((l, i) => overlap[l][b[i]]++);
  const pairs = overlap.flatMap((row, l) => row.map((count, m) => ({ l, m, count }))).sort((x, y) => y.count - x.count);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let same = 0;
  for (const { l, m, count } of pairs) {
    if (usedA.has(l) || usedB.has(m)) continue;
    usedA.add(l);
    usedB.add(m);
    same += count;
  }
  return 1 - same / a.length;
}

test('one income x1000 (hostile data, 1,000 customers): named, and at most 1% of the other customers change segment', () => {
  const run = (outlierFactor: number): { labels: number[]; k: number; extremes: string[]; outlierRow: number } => {
    const d = hostileData({ customers: 1000, seed: 7, outlierFactor });
    const config = validateConfig(
      {
        seed: 42,
        sources: { customers: { path: 'customers.csv' }, surveys: { path: 'surveys.csv' } },
        embed: { enabled: false },
        clv: { enabled: false },
        columns: { customerId: 'customer_id', label: 'churned' },
        features: { behavioural: [], ...d.features },
        cluster: { kMin: 2, kMax: 10 },
      },
      '/tmp',
    );
    const features = buildFeatures(cleanCustomers(d.customers, config, { surveys: d.surveys }, {}), null, config);
    assert.equal(features.customerIds.length, 1000);
    const seg = automaticSegmentation([{ name: 'standardised features', points: features.scaled }], features.standardised, config.cluster, stageRng(42, 'cluster'), config.fairness.minCellSize);
    return { labels: seg.clustering.labels, k: seg.clustering.k, extremes: features.extremes.map((e) => `${e.column}@${e.row - 1}`), outlierRow: d.outlierRow };
  };
  const withOutlier = run(1000);
  const without = run(1);
  const row = withOutlier.outlierRow;
  assert.ok(withOutlier.extremes.includes(`income@${row}`), `named: ${withOutlier.extremes}`);
  assert.ok(!without.extremes.includes(`income@${row}`));
  assert.equal(withOutlier.k, without.k);
  const others = (labels: number[]): number[] => labels.filter((_, i) => i !== row);
  const moved = movedShare(others(withOutlier.labels), others(without.labels));
  assert.ok(moved <= 0.01, `${(100 * moved).toFixed(2)}% of the other customers moved (k ${without.k} -> ${withOutlier.k})`);
});
