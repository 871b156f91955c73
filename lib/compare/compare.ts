/**
 * Comparing two segmentations of customers at two times ("before" the reference, "after"):
 *
 *   Snapshot x2 ──migrationMatrix──> who stayed, moved, entered, exited (counts, shares, CLV)
 *               ──matchSegments────> when "after" is a refit: which new segment continues which old one
 *               ──drift────────────> PSI of segment shares, per-feature PSI / JS / Wasserstein,
 *                                    distance to the nearest centroid, novel and boundary shares
 *               ──audiences────────> per segment, the customers who entered it and who left it
 *
 * "after" is a refit when the two sides were made by different models (model sha256 differ, or
 * either is unknown and `refit` is not given). Then after's segments take the identity of the
 * before segment they continue (Hungarian matching on overlap); otherwise segment numbers are the
 * identity. A pure function of its inputs: see write.ts for the files.
 */
import { compareMsg, fail } from '../errors/messages';
import { distributionDrift, populationStabilityIndex, quantileSorted, sharesOf, type DistributionDrift, type DriftLevel } from './drift';
import { matchSegments, type SegmentMatching } from './match';
import { migrationMatrix, type MigrationMatrix } from './migration';
import type { Snapshot } from './snapshot';

/** Nearest/second-nearest distance ratio above which a customer sits near a segment boundary. */
export const BOUNDARY_RATIO = 0.9;
/** Quantile of before's nearest-centroid distances beyond which an after customer is "novel". */
export const NOVEL_QUANTILE = 0.99;

export interface CompareOptions {
  /** Weight the migration matrix by each customer's CLV (clv.csv of each side). Default false. */
  weightByClv?: boolean;
  /** Treat "after" as a refit (match segments) or not; default: when the models differ or are unknown. */
  refit?: boolean;
}

/** A segment identity across the two sides: a before segment, or one that emerged in after. */
export interface SegmentIdentity {
  /** Before segment index, or -1 for an emerged one. */
  before: number;
  /** After segment index continuing it, or -1 when it has none. */
  after: number;
  name: string;
}

export interface SegmentShareDrift {
  psi: number;
  level: DriftLevel;
  /** One row per identity: shares on each side and its PSI term. */
  segments: { name: string; before: number; after: number; term: number }[];
  /** The identity contributing most to the PSI. */
  driver: { name: string; before: number; after: number; term: number } | null;
}

export interface DistanceDrift {
  nearest: DistributionDrift;
  /** Before's 99th percentile of the nearest-centroid distance. */
  novelThreshold: number;
  /** Share of after customers farther than novelThreshold from every centroid (before: 1% by construction). */
  novelShare: number;
  /** Share with nearest/second-nearest distance ratio above 0.9, on each side. */
  boundaryShare: { before: number; after: number };
}

export interface CompareResult {
  before: { dir: string; kind: Snapshot['kind']; customers: number; k: number; segmentNames: string[]; asOf: string | null };
  after: { dir: string; kind: Snapshot['kind']; customers: number; k: number; segmentNames: string[]; asOf: string | null };
  refit: boolean;
  refitReason: string;
  migration: MigrationMatrix;
  /** Matching of after's segments to before's on the common customers (computed in every case). */
  matching: SegmentMatching;
  identities: SegmentIdentity[];
  /** Identity (index into identities) of each after segment. */
  afterIdentity: number[];
  /** Share of common customers whose identity is the same on both sides. */
  stayedShare: number;
  segmentShares: SegmentShareDrift;
  /** Per-feature drift (all customers of each side), null when either side has no features.csv. */
  features: { name: string; drift: DistributionDrift }[] | null;
  featuresUnavailable: string | null;
  distance: DistanceDrift | null;
  /** Per matched pair: Euclidean distance between the segments' mean standardised features. */
  displacement: { name: string; before: number; after: number; distance: number }[] | null;
  /** Per identity: positions of after customers who entered it (from another segment or new), of before customers who left it. */
  audiences: { identity: number; entered: { after: number; from: number | 'new' }[]; exited: { before: number; to: number | 'gone' }[] }[];
  summary: string[];
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const fixed = (x: number, digits = 3): string => x.toFixed(digits);

function refitOf(before: Snapshot, after: Snapshot, forced: boolean | undefined): { refit: boolean; reason: string } {
  if (forced !== undefined) return { refit: forced, reason: forced ? 'treated as a refit on request' : 'segment numbers treated as the identity on request' };
  if (before.modelSha256 && after.modelSha256) {
    return before.modelSha256 === after.modelSha256
      ? { refit: false, reason: 'both sides were scored with the same model (same model.json sha256)' }
      : { refit: true, reason: 'the two sides come from different models (their sha256 hashes differ)' };
  }
  return { refit: true, reason: 'the model of one side is unknown, so segment numbers are matched rather than trusted' };
}

function identitiesOf(before: Snapshot, after: Snapshot, refit: boolean, matching: SegmentMatching): { identities: SegmentIdentity[]; afterIdentity: number[] } {
  const identities: SegmentIdentity[] = before.segmentNames.map((name, b) => ({ before: b, after: -1, name }));
  const afterIdentity = after.segmentNames.map((name, a) => {
    const b = refit ? matching.afterToBefore[a] : a < before.k ? a : -1;
    if (b >= 0) {
      identities[b].after = a;
      return b;
    }
    identities.push({ before: -1, after: a, name: `${name} (new)` });
    return identities.length - 1;
  });
  return { identities, afterIdentity };
}

function shareDrift(before: Snapshot, after: Snapshot, identities: readonly SegmentIdentity[], afterIdentity: readonly number[]): SegmentShareDrift {
  const beforeCounts = new Array<number>(identities.length).fill(0);
  const afterCounts = new Array<number>(identities.length).fill(0);
  for (const l of before.labels) beforeCounts[l] += 1;
  for (const l of after.labels) afterCounts[afterIdentity[l]] += 1;
  const p = sharesOf(beforeCounts);
  const q = sharesOf(afterCounts);
  const { psi, level, terms } = populationStabilityIndex(p, q);
  const segments = identities.map((s, i) => ({ name: s.name, before: p[i], after: q[i], term: terms[i] }));
  const driver = segments.reduce<SegmentShareDrift['driver']>((best, s) => (best === null || s.term > best.term ? s : best), null);
  return { psi, level, segments, driver };
}

const present = <T>(xs: readonly (T | null)[]): T[] => xs.filter((x): x is T => x !== null);

function distanceDrift(before: Snapshot, after: Snapshot): DistanceDrift | null {
  if (!before.features || !after.features) return null;
  const nb = present(before.features.nearest);
  const na = present(after.features.nearest);
  if (nb.length === 0 || na.length === 0) return null;
  const threshold = quantileSorted(Float64Array.from(nb).sort(), NOVEL_QUANTILE);
  const boundary = (f: NonNullable<Snapshot['features']>): number => {
    let near = 0;
    let total = 0;
    f.nearest.forEach((d, i) => {
      const s = f.second[i];
      if (d === null || s === null) return;
      total += 1;
      if (s > 0 && d / s > BOUNDARY_RATIO) near += 1;
    });
    return total ? near / total : 0;
  };
  return {
    nearest: distributionDrift(nb, na),
    novelThreshold: threshold,
    novelShare: na.filter((d) => d > threshold).length / na.length,
    boundaryShare: { before: boundary(before.features), after: boundary(after.features) },
  };
}

function featureDrift(before: Snapshot, after: Snapshot): { drift: CompareResult['features']; reason: string | null } {
  if (!before.features || !after.features) {
    const missing = [before, after].filter((s) => !s.features).map((s) => s.dir || s.kind);
    return { drift: null, reason: `no features.csv in ${missing.join(' and ')} (written by "seglab score" and "seglab track"; score a run's customers with its model.json to get one)` };
  }
  const bNames = before.features.names;
  const aIndex = new Map(after.features.names.map((n, j) => [n, j]));
  const shared = bNames.filter((n) => aIndex.has(n));
  if (shared.length === 0) return { drift: null, reason: 'the two sides have no feature in common' };
  const bRows = present(before.features.scaled);
  const aRows = present(after.features.scaled);
  return {
    drift: shared.map((name) => {
      const bj = bNames.indexOf(name);
      const aj = aIndex.get(name) as number;
      return { name, drift: distributionDrift(bRows.map((r) => r[bj]), aRows.map((r) => r[aj])) };
    }),
    reason: null,
  };
}

function segmentMeans(s: Snapshot, names: readonly string[]): (number[] | null)[] {
  const f = s.features as NonNullable<Snapshot['features']>;
  const cols = names.map((n) => f.names.indexOf(n));
  const sums = Array.from({ length: s.k }, () => new Array<number>(names.length).fill(0));
  const counts = new Array<number>(s.k).fill(0);
  f.scaled.forEach((row, i) => {
    if (!row) return;
    counts[s.labels[i]] += 1;
    cols.forEach((c, j) => (sums[s.labels[i]][j] += row[c]));
  });
  return sums.map((sum, k) => (counts[k] ? sum.map((x) => x / counts[k]) : null));
}

function displacementOf(before: Snapshot, after: Snapshot, identities: readonly SegmentIdentity[]): CompareResult['displacement'] {
  if (!before.features || !after.features) return null;
  const names = before.features.names.filter((n) => after.features?.names.includes(n));
  if (!names.length) return null;
  const mb = segmentMeans(before, names);
  const ma = segmentMeans(after, names);
  return identities.flatMap((id) => {
    if (id.before < 0 || id.after < 0) return [];
    const x = mb[id.before];
    const y = ma[id.after];
    if (!x || !y) return [];
    return [{ name: id.name, before: id.before, after: id.after, distance: Math.sqrt(x.reduce((s, v, j) => s + (v - y[j]) ** 2, 0)) }];
  });
}

function audiencesOf(before: Snapshot, after: Snapshot, m: MigrationMatrix, identities: readonly SegmentIdentity[], afterIdentity: readonly number[]): CompareResult['audiences'] {
  const audiences: CompareResult['audiences'] = identities.map((_, identity) => ({ identity, entered: [], exited: [] }));
  m.commonBefore.forEach((bi, c) => {
    const aj = m.commonAfter[c];
    const from = before.labels[bi];
    const to = afterIdentity[after.labels[aj]];
    if (from === to) return;
    audiences[to].entered.push({ after: aj, from });
    audiences[from].exited.push({ before: bi, to });
  });
  for (const aj of m.enteredAfter) audiences[afterIdentity[after.labels[aj]]].entered.push({ after: aj, from: 'new' });
  for (const bi of m.exitedBefore) audiences[before.labels[bi]].exited.push({ before: bi, to: 'gone' });
  return audiences;
}

function summarise(r: Omit<CompareResult, 'summary'>): string[] {
  const m = r.migration;
  const lines = [
    `${m.common.toLocaleString('en-US')} customers are in both segmentations; ${m.entered.toLocaleString('en-US')} are new in "after" and ${m.exited.toLocaleString('en-US')} from "before" are gone.`,
    `${pct(r.stayedShare)} of the customers in both kept their segment; ${pct(1 - r.stayedShare)} moved.`,
  ];
  const s = r.segmentShares;
  const verdict = s.level === 'alert' ? 'a major shift (PSI >= 0.25)' : s.level === 'warn' ? 'a moderate shift (0.1 <= PSI < 0.25)' : 'stable (PSI < 0.1)';
  const driver = s.driver && s.level !== 'stable' ? `; the largest change is "${s.driver.name}", ${s.driver.after > s.driver.before ? 'growing' : 'shrinking'} from ${pct(s.driver.before)} to ${pct(s.driver.after)} of customers` : '';
  lines.push(`Segment shares: PSI ${fixed(s.psi)}, ${verdict}${driver}.`);
  let biggest: { from: number; to: number; n: number } | null = null;
  m.counts.slice(0, m.kBefore).forEach((row, b) =>
    row.slice(0, m.kAfter).forEach((n, a) => {
      if (r.afterIdentity[a] !== b && n > 0 && (!biggest || n > biggest.n)) biggest = { from: b, to: a, n };
    }),
  );
  const flow = biggest as { from: number; to: number; n: number } | null;
  if (flow) lines.push(`The largest move: ${flow.n.toLocaleString('en-US')} customers from "${r.before.segmentNames[flow.from]}" to "${r.identities[r.afterIdentity[flow.to]].name}".`);
  if (r.refit) {
    const events = ['survived', 'split', 'merged', 'disappeared'].map((e) => [e, r.matching.before.filter((f) => f.event === e).length] as const).filter(([, n]) => n > 0);
    const emerged = r.matching.after.filter((o) => o.origin === 'emerged').length;
    lines.push(
      `"after" is a refit (${r.refitReason}); its segments were matched to "before"'s by overlap; ${events.map(([e, n]) => `${n} ${e}`).join(', ')}${emerged ? `, ${emerged} emerged` : ''}; adjusted Rand index on the common customers ${fixed(r.matching.ari)}.`,
    );
  }
  if (r.features) {
    const drifted = r.features.filter((f) => f.drift.level !== 'stable').sort((a, b) => b.drift.psi - a.drift.psi);
    lines.push(
      drifted.length
        ? `${drifted.length} of ${r.features.length} features drifted (PSI >= 0.1): ${drifted.slice(0, 5).map((f) => `${f.name} ${fixed(f.drift.psi)}`).join(', ')}${drifted.length > 5 ? ', ...' : ''}.`
        : `None of the ${r.features.length} features drifted (every PSI below 0.1).`,
    );
  }
  if (r.distance) {
    lines.push(
      `${pct(r.distance.novelShare)} of "after" customers are farther from every centroid than 99% of "before" customers were (1.0% expected without drift); near a boundary: ${pct(r.distance.boundaryShare.before)} before, ${pct(r.distance.boundaryShare.after)} after.`,
    );
  }
  return lines;
}

/**
 * Compare two snapshots: migration, matching, drift and audiences.
 * @example const r = compareSnapshots(readSnapshot('scored/2011-06'), readSnapshot('scored/2011-12')); r.segmentShares.psi
 */
export function compareSnapshots(before: Snapshot, after: Snapshot, options: CompareOptions = {}): CompareResult {
  const weights = options.weightByClv
    ? { before: before.values ?? fail('compare', compareMsg.noWeights(before.dir)), after: after.values ?? fail('compare', compareMsg.noWeights(after.dir)) }
    : null;
  const migration = migrationMatrix(before, after, weights);
  if (migration.common === 0) fail('compare', compareMsg.noCommonCustomers(before.dir || 'before', after.dir || 'after'));
  const { refit, reason } = refitOf(before, after, options.refit);
  const matching = matchSegments(
    migration.commonBefore.map((i) => before.labels[i]),
    migration.commonAfter.map((j) => after.labels[j]),
    before.k,
    after.k,
  );
  const { identities, afterIdentity } = identitiesOf(before, after, refit, matching);
  let stayed = 0;
  migration.commonBefore.forEach((bi, c) => {
    if (before.labels[bi] === afterIdentity[after.labels[migration.commonAfter[c]]]) stayed += 1;
  });
  const features = featureDrift(before, after);
  const side = (s: Snapshot) => ({ dir: s.dir, kind: s.kind, customers: s.ids.length, k: s.k, segmentNames: s.segmentNames.slice(), asOf: s.asOf });
  const partial: Omit<CompareResult, 'summary'> = {
    before: side(before),
    after: side(after),
    refit,
    refitReason: reason,
    migration,
    matching,
    identities,
    afterIdentity,
    stayedShare: stayed / migration.common,
    segmentShares: shareDrift(before, after, identities, afterIdentity),
    features: features.drift,
    featuresUnavailable: features.reason,
    distance: distanceDrift(before, after),
    displacement: displacementOf(before, after, identities),
    audiences: audiencesOf(before, after, migration, identities, afterIdentity),
  };
  return { ...partial, summary: summarise(partial) };
}
