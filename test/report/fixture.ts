/**
 * A small, hand-built RunResult + Manifest for report tests: 1,000 customers in 3 segments,
 * 4 features, one protected attribute ("gender") whose small group is suppressed in every segment
 * and whose two large groups are flagged in the smallest segment.
 * `hostile: true` puts XSS strings in a feature name, a segment label and a group value.
 */
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { sha256 } from '../../lib/io/atomic';
import { STAGES, type StageFingerprints } from '../../lib/pipeline/fingerprint';
import { createRng } from '../../lib/random/rng';
import { fairnessCard } from '../../lib/fairness/card';
import type { Ledger } from '../../lib/clean/types';
import type { AttributeRepresentation, RepresentationCell } from '../../lib/fairness/types';
import type { Manifest, MapPoint } from '../../lib/pipeline/types';
import type { SegmentProfile } from '../../lib/profile/types';
import type { SourceProfile } from '../../lib/clean/profile';
import { describePersonas } from '../../lib/profile/personas';
import { featureDistributions } from '../../lib/profile/distributions';
import { customerLifetimeValue } from '../../lib/clv/stage';
import { evaluateCampaigns } from '../../lib/campaigns/evaluate';
import { allocateBudget } from '../../lib/campaigns/budget';
import type { ReportRun } from '../../lib/report/types';

export const XSS_IMG = '<img src=x onerror=alert(1)>';
export const XSS_SCRIPT = '</script><script>alert(1)</script>';
export const XSS_ATTR = '"\'><svg onload=alert(1)>';

export interface FixtureOptions {
  /** Put the XSS strings into a feature name, a segment label and a group value. */
  hostile?: boolean;
  /** Use the protected attribute "gender" as a feature too (features.allowProtected = true). */
  protectedFeature?: boolean;
  /** Leave out the autoencoder (cluster the standardised features). */
  noEmbedding?: boolean;
  /** Leave out the optional results: personas, distributions, CLV, campaigns, data profiles. */
  bare?: boolean;
}

const DAY_MS = 86_400_000;

/** Seeded transactions: segment 2 buys often and a lot, segment 1 rarely and long ago. */
function fixtureTransactions(ids: readonly string[], labels: readonly number[]): { customerId: string[]; time: number[]; amount: number[] } {
  const rng = createRng(21);
  const end = Date.UTC(2024, 11, 31);
  const customerId: string[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  const rate = [0.03, 0.008, 0.06];
  const spend = [60, 30, 140];
  ids.forEach((id, i) => {
    const s = labels[i];
    let t = end - (400 + rng.int(300)) * DAY_MS;
    const stop = s === 1 ? end - 250 * DAY_MS : end;
    while (t <= stop) {
      customerId.push(id);
      time.push(t);
      amount.push(Math.round(spend[s] * (0.5 + rng.next()) * 100) / 100);
      t += Math.max(1, Math.round(-Math.log(1 - rng.next()) / rate[s])) * DAY_MS;
    }
  });
  return { customerId, time, amount };
}

/** Seeded campaign log: a control and two e-mails; e-mail B clearly works in segment 3 only. */
function fixtureCampaignLog(ids: readonly string[], labels: readonly number[]) {
  const rng = createRng(31);
  const arms = ['Control', 'Email A', 'Email B'];
  const base = [0.05, 0.02, 0.08];
  const lift: Record<string, number[]> = { Control: [0, 0, 0], 'Email A': [0.01, 0.0, 0.02], 'Email B': [0.0, 0.005, 0.12] };
  const arm = ids.map((_, i) => arms[i % 3]);
  const converted = ids.map((_, i) => (rng.next() < base[labels[i]] + lift[arm[i]][labels[i]] ? 1 : 0));
  return {
    customerId: ids.slice(),
    arm,
    converted,
    revenue: converted.map((c) => (c ? 40 + rng.int(40) : 0)),
    cost: arm.map((a) => (a === 'Control' ? 0 : 0.5)),
  };
}

const SIZES = [480, 330, 190];
/** Per segment: [mean, median, zMean] of recency_days, frequency, monetary, tenure_months. */
const STATS: [number, number, number][][] = [
  [[24, 18, -0.6], [9.2, 8, 0.0], [1240.5, 980, -0.25], [38, 36, 0.0]],
  [[210, 190, 1.3], [2.1, 2, -0.8], [180.2, 120, -0.7], [20, 17, -0.4]],
  [[12, 9, -0.8], [24.5, 22, 1.4], [5820, 4900, 1.9], [55, 52, 0.9]],
];
/** Customers of each gender group per segment: female, male, non-binary (always < 10: suppressed). */
const GROUP_COUNTS = [
  [244, 230, 6],
  [144, 178, 8],
  [122, 62, 6],
];

export function fixtureRun(options: FixtureOptions = {}): { run: ReportRun; manifest: Manifest } {
  const features = ['recency_days', 'frequency', 'monetary', options.hostile ? XSS_IMG : 'tenure_months'];
  const groups = ['female', 'male', options.hostile ? XSS_ATTR : 'non-binary'];
  const labels = ['Segment 1', options.hostile ? XSS_SCRIPT : 'Segment 2', 'Segment 3'];
  const n = SIZES.reduce((a, b) => a + b, 0);
  const value = SIZES.map((size, s) => size * STATS[s][2][0]);
  const totalValue = value.reduce((a, b) => a + b, 0);

  const config = validateConfig(
    {
      name: 'fixture',
      seed: 7,
      sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv' } },
      features: { customerColumns: ['tenure_months', ...(options.protectedFeature ? ['gender'] : [])], allowProtected: !!options.protectedFeature },
      fairness: { protected: ['gender'], minCellSize: 10 },
      embed: { enabled: !options.noEmbedding },
      cluster: { kMin: 2, kMax: 6 },
    },
    path.resolve('/data/fixture'),
  );

  const baseProfiles: SegmentProfile[] = SIZES.map((size, s) => ({
    segment: s,
    label: labels[s],
    size,
    share: size / n,
    valueShare: value[s] / totalValue,
    features: features.map((feature, j) => ({ feature, mean: STATS[s][j][0], median: STATS[s][j][1], zMean: STATS[s][j][2] })),
  }));

  const groupTotals = groups.map((_, g) => GROUP_COUNTS.reduce((a, row) => a + row[g], 0));
  const minCellSize = config.fairness.minCellSize;
  const cells: RepresentationCell[] = SIZES.flatMap((size, s) =>
    groups.map((group, g) => {
      const count = GROUP_COUNTS[s][g];
      const populationShare = groupTotals[g] / n;
      if (count < minCellSize) return { segment: s, group, count: null, segmentShare: null, populationShare, ratio: null, verdict: 'suppressed' as const };
      const segmentShare = count / size;
      const ratio = segmentShare / populationShare;
      const verdict = ratio < config.fairness.lower || ratio > config.fairness.upper ? ('flag' as const) : ('pass' as const);
      return { segment: s, group, count, segmentShare, populationShare, ratio, verdict };
    }),
  );
  const gender: AttributeRepresentation = {
    attribute: 'gender',
    grouping: 'categorical',
    groups: groups.map((group, g) => ({ group, count: groupTotals[g], populationShare: groupTotals[g] / n })),
    cells,
    flagged: cells.filter((c) => c.verdict === 'flag').length,
  };

  // The same customers as GROUP_COUNTS, one gender value each, for the full fairness card.
  const labelsOf = SIZES.flatMap((size, s) => Array<number>(size).fill(s));
  const genderOf = GROUP_COUNTS.flatMap((row) => row.flatMap((count, g) => Array<string>(count).fill(groups[g])));
  const card = fairnessCard(
    { labels: labelsOf, k: 3, protected: { gender: { kind: 'text', values: genderOf } }, config: { minCellSize } },
    createRng(5),
  );

  const rng = createRng(11);
  const centres = [[-1.2, 0.4], [1.8, -0.6], [-0.4, 2.1]];
  const map: MapPoint[] = Array.from({ length: 300 }, (_, i) => {
    const segment = i < 144 ? 0 : i < 243 ? 1 : 2;
    return { x: centres[segment][0] + 0.6 * rng.normal(), y: centres[segment][1] + 0.5 * rng.normal(), segment };
  });

  const candidates = [
    { k: 2, silhouette: 0.31, inertia: 2400.4, minShare: 0.35, eligible: true, calinskiHarabasz: 410.2, daviesBouldin: 1.21, stability: 0.93, stable: true, meanRank: 2.2 },
    { k: 3, silhouette: 0.42, inertia: 1650.2, minShare: 0.19, eligible: true, calinskiHarabasz: 502.7, daviesBouldin: 0.94, stability: 0.88, stable: true, meanRank: 1.4 },
    { k: 4, silhouette: 0.38, inertia: 1310.9, minShare: 0.08, eligible: true, calinskiHarabasz: 470.1, daviesBouldin: 1.05, stability: 0.71, stable: false, meanRank: 2.4 },
    { k: 5, silhouette: 0.33, inertia: 1120.1, minShare: 0.015, eligible: false, calinskiHarabasz: 431.5, daviesBouldin: 1.12, stability: 0.64, stable: false, meanRank: null },
    { k: 6, silhouette: 0.29, inertia: 990.7, minShare: 0.01, eligible: false, calinskiHarabasz: 401.0, daviesBouldin: 1.3, stability: Number.NaN, stable: false, meanRank: null },
  ];
  const ledger: Ledger = [
    {
      source: 'customers',
      file: '/data/fixture/customers.csv',
      rowsRead: 1032,
      rowsKept: n,
      dropped: { 'duplicate customer id': 12, 'no transactions': 20 },
      repairs: { 'tenure_months: missing filled with median 36': 37 },
    },
    {
      source: 'transactions',
      file: '/data/fixture/transactions.csv',
      rowsRead: 15840,
      rowsKept: 15702,
      dropped: { 'amount not a number': 96, 'date unreadable': 42 },
      repairs: {},
    },
  ];
  const timings = { load: 120, clean: 340, features: 80, embed: 5200, cluster: 2100, fairness: 15, profile: 10 };
  const lossHistory = Array.from({ length: 40 }, (_, i) => 0.12 + 0.85 * Math.exp(-i / 7));
  const featureNames = options.protectedFeature ? [...features, 'gender'] : features;

  const customerIds = Array.from({ length: n }, (_, i) => `C${String(i + 1).padStart(5, '0')}`);
  const profiles = options.bare
    ? baseProfiles
    : describePersonas(baseProfiles, { minCellSize, names: options.hostile ? { 2: XSS_SCRIPT } : {} }).profiles;
  // Per-customer raw values around each segment's mean, for the distributions.
  const rawRng = createRng(17);
  const raw = labelsOf.map((s) => STATS[s].map(([mean]) => Math.max(0, mean * (1 + 0.45 * rawRng.normal()))));
  const segmentOf = new Map(customerIds.map((id, i): [string, string] => [id, labels[labelsOf[i]]]));
  const campaigns = evaluateCampaigns(fixtureCampaignLog(customerIds, labelsOf), segmentOf, { controlArm: 'Control', bootstrap: 200, posteriorDraws: 4000 }, createRng(3));
  const dataProfiles: SourceProfile[] = [
    {
      source: 'customers',
      file: '/data/fixture/customers.csv',
      rows: 1032,
      rowsProfiled: 1032,
      guessed: ['delimiter ","'],
      columns: [
        { name: 'customer_id', type: 'text', missing: 0, missingShare: 0, distinct: 1020, min: null, max: null, quantiles: null, top: [], histogram: null, constant: false },
        { name: 'email', type: 'text', missing: 3, missingShare: 3 / 1032, distinct: 1025, min: null, max: null, quantiles: null, top: [], histogram: null, constant: false },
        {
          name: features[3],
          type: 'numeric',
          missing: 37,
          missingShare: 37 / 1032,
          distinct: 96,
          min: 1,
          max: 120,
          quantiles: [4, 18, 36, 60, 98],
          top: [{ value: '36', count: 41 }, { value: '12', count: 33 }],
          histogram: null,
          constant: false,
        },
        {
          name: 'gender',
          type: 'text',
          missing: 0,
          missingShare: 0,
          distinct: 3,
          min: null,
          max: null,
          quantiles: null,
          top: [{ value: 'male', count: 478 }, { value: 'female', count: 517 }, { value: groups[2], count: 3 }],
          histogram: null,
          constant: false,
        },
      ],
    },
  ];

  const run: ReportRun = {
    config,
    ledger,
    featureNames,
    excluded: [
      { column: 'customer_id', reason: 'id' },
      { column: 'email', reason: 'pii' },
      ...(options.protectedFeature ? [] : [{ column: 'gender', reason: 'protected' as const }]),
    ],
    representation: options.noEmbedding ? 'standardised features' : 'autoencoder embedding',
    selection: {
      evidence: [
        { name: 'standardised features', k: 3, silhouette: 0.36, stability: 0.86, stable: true, agreement: 0.71, agreementWith: { 'autoencoder embedding': 0.71 }, chosen: false },
        { name: 'autoencoder embedding', k: 3, silhouette: 0.42, stability: 0.88, stable: true, agreement: 0.71, agreementWith: { 'standardised features': 0.71 }, chosen: true },
      ],
      reason: 'Both representations are stable and agree equally; the autoencoder embedding was listed first among the tied candidates in this fixture.',
      weights: null,
      method: 'kmeans',
      sampledRows: null,
    },
    embedding: options.noEmbedding
      ? null
      : {
          embedding: [],
          lossHistory,
          reconstructionError: { overall: 0.131, perFeature: features.map((feature, j) => ({ feature, mse: [0.09, 0.14, 0.17, 0.12][j] })) },
          backend: 'wasm',
        },
    clustering: {
      k: 3,
      labels: labelsOf,
      centroids: [[-0.6, 0, -0.25, 0], [1.3, -0.8, -0.7, -0.4], [-0.8, 1.4, 1.9, 0.9]],
      iterations: 14,
      converged: true,
      candidates,
      warnings: [],
      rule: 'k = 3 has the best mean rank (1.4) over silhouette, Calinski\u2013Harabasz, Davies\u2013Bouldin, elbow and gap among the stable k.',
    },
    profiles,
    fairness: {
      lower: config.fairness.lower,
      upper: config.fairness.upper,
      minCellSize,
      attributes: [gender],
      warnings: [`group "${groups[2]}" of "gender" has only ${groupTotals[2]} customers; its ratios are noisy.`],
    },
    fairnessCard: card,
    clv: options.bare ? null : customerLifetimeValue(customerIds, fixtureTransactions(customerIds, labelsOf), segmentOf, { margin: 0.3 }),
    campaigns: options.bare ? null : { ...campaigns, budget: allocateBudget(campaigns.decisions, 120) },
    warnings: [],
    map,
    customerIds,
    dataQuality: options.bare ? [] : dataProfiles,
    distributions: options.bare ? [] : featureDistributions(features, raw, labelsOf, 3, { minCellSize }),
    backend: 'wasm',
    timings,
  };
  const manifest: Manifest = {
    seglabVersion: '0.1.0',
    createdAt: '2025-01-15T10:30:00.000Z',
    config,
    seed: config.seed,
    inputs: [
      { role: 'customers', file: '/data/fixture/customers.csv', sha256: 'a3f1c2'.repeat(10) + '0b1c', rows: 1032 },
      { role: 'transactions', file: '/data/fixture/transactions.csv', sha256: '9e8d7c'.repeat(10) + 'ffee', rows: 15840 },
    ],
    packages: { 'vega-lite': '6.4.3', vega: '6.4.0', '@tensorflow/tfjs': '4.22.0', 'ml-kmeans': '7.0.1', 'danfojs-node': '1.2.0' },
    node: 'v20.19.0',
    platform: 'linux x64',
    backend: 'wasm',
    timings,
    ledger,
    outputs: {},
    fingerprints: Object.fromEntries(STAGES.map((stage) => [stage, sha256(`fixture:${stage}`)])) as StageFingerprints,
  };
  return { run, manifest };
}
