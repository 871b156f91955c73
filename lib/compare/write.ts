/**
 * The files of `seglab compare`:
 *
 * - migration.json: the k x k matrix with its "entered" row and "exited" column (counts, row
 *   shares, CLV-weighted when asked), the matching (overlap, events, Jaccard, ARI), the identities;
 * - drift.json: segment-share PSI, per-feature PSI / Jensen–Shannon / Wasserstein, distance drift,
 *   novel and boundary shares, centroid displacement, and the thresholds used;
 * - audiences/<segment>-entered.csv and -exited.csv: per segment, the customers who entered it
 *   (from another segment or new) and who left it (to another segment or gone), for activation.
 *   Ids are CSV-injection-safe (see safeCsvId).
 */
import { csvField } from '../io/csv';
import { BOUNDARY_RATIO, NOVEL_QUANTILE, type CompareResult } from './compare';
import { FEATURE_BINS, PSI_ALERT, PSI_EPSILON, PSI_WARN } from './drift';
import { MATCH_SHARE, SPLIT_SHARE } from './match';
import type { Snapshot } from './snapshot';

/**
 * A customer id (or segment name) safe to open in a spreadsheet: a value starting with =, +, -, @, a tab or a carriage
 * return is a formula there (OWASP "CSV injection"), so it gets a leading apostrophe, then RFC 4180
 * quoting when needed.
 * @example safeCsvId('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 */
export function safeCsvId(id: string): string {
  return csvField(/^[=+\-@\t\r]/.test(id) ? `'${id}` : id);
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const round = (x: number): number => Number(x.toPrecision(6));

/** migration.json (positions of customers are left out: the audiences hold the ids). */
export function migrationJson(r: CompareResult): string {
  const m = r.migration;
  const rows = [...r.before.segmentNames, 'entered'];
  const columns = [...r.after.segmentNames, 'exited'];
  return json({
    format: 'seglab.migration',
    version: 1,
    before: r.before,
    after: r.after,
    refit: r.refit,
    refitReason: r.refitReason,
    rows,
    columns,
    counts: m.counts,
    rowShares: m.rowShares.map((row) => row.map(round)),
    clvWeighted: m.weighted ? m.weighted.map((row) => row.map((x) => Number(x.toFixed(2)))) : null,
    common: m.common,
    entered: m.entered,
    exited: m.exited,
    stayedShare: round(r.stayedShare),
    identities: r.identities,
    afterIdentity: r.afterIdentity,
    matching: {
      method: 'Hungarian assignment maximising the overlap of common customers',
      thresholds: { matchShare: MATCH_SHARE, splitShare: SPLIT_SHARE },
      overlap: r.matching.overlap,
      beforeToAfter: r.matching.beforeToAfter,
      ari: round(r.matching.ari),
      before: r.matching.before.map((f) => ({ ...f, name: r.before.segmentNames[f.segment], jaccard: round(f.jaccard), retained: round(f.retained) })),
      after: r.matching.after.map((o) => ({ ...o, name: r.after.segmentNames[o.segment] })),
    },
    summary: r.summary,
  });
}

/** drift.json. */
export function driftJson(r: CompareResult): string {
  const dist = (d: NonNullable<CompareResult['distance']>['nearest']) => ({
    psi: round(d.psi),
    level: d.level,
    jensenShannon: round(d.jensenShannon),
    wasserstein: round(d.wasserstein),
    referenceMean: round(d.referenceMean),
    currentMean: round(d.currentMean),
    cuts: d.cuts.map(round),
    referenceShares: d.referenceShares.map(round),
    currentShares: d.currentShares.map(round),
  });
  return json({
    format: 'seglab.drift',
    version: 1,
    thresholds: { psiWarn: PSI_WARN, psiAlert: PSI_ALERT, psiEpsilon: PSI_EPSILON, featureBins: FEATURE_BINS, novelQuantile: NOVEL_QUANTILE, boundaryRatio: BOUNDARY_RATIO },
    segmentShares: {
      psi: round(r.segmentShares.psi),
      level: r.segmentShares.level,
      driver: r.segmentShares.driver?.name ?? null,
      segments: r.segmentShares.segments.map((s) => ({ name: s.name, before: round(s.before), after: round(s.after), term: round(s.term) })),
    },
    features: r.features ? r.features.map((f) => ({ name: f.name, ...dist(f.drift) })) : null,
    featuresUnavailable: r.featuresUnavailable,
    distance: r.distance
      ? {
          nearest: dist(r.distance.nearest),
          novelThreshold: round(r.distance.novelThreshold),
          novelShare: round(r.distance.novelShare),
          boundaryShare: { before: round(r.distance.boundaryShare.before), after: round(r.distance.boundaryShare.after) },
        }
      : null,
    centroidDisplacement: r.displacement ? r.displacement.map((d) => ({ ...d, distance: round(d.distance) })) : null,
  });
}

/** File-name-safe stem of a segment identity: "segment-3" (before numbering) or "new-2" (emerged, after numbering). */
export function audienceStem(r: CompareResult, identity: number): string {
  const id = r.identities[identity];
  return id.before >= 0 ? `segment-${id.before + 1}` : `new-${id.after + 1}`;
}

/** The audience files: relative path -> CSV text. */
export function audienceFiles(r: CompareResult, before: Snapshot, after: Snapshot): Record<string, string> {
  const name = (identity: number): string => r.identities[identity].name;
  const files: Record<string, string> = {};
  for (const a of r.audiences) {
    const stem = audienceStem(r, a.identity);
    files[`audiences/${stem}-entered.csv`] =
      `customer_id,segment,from\n${a.entered.map((e) => `${safeCsvId(after.ids[e.after])},${safeCsvId(name(a.identity))},${safeCsvId(e.from === 'new' ? 'new customer' : name(e.from))}\n`).join('')}`;
    files[`audiences/${stem}-exited.csv`] =
      `customer_id,segment,to\n${a.exited.map((e) => `${safeCsvId(before.ids[e.before])},${safeCsvId(name(a.identity))},${safeCsvId(e.to === 'gone' ? 'gone' : name(e.to))}\n`).join('')}`;
  }
  return files;
}
