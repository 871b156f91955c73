import type { CleanCustomers } from '../clean/customers';
import type { CleanTransactions } from '../clean/transactions';
import type { LedgerEntry } from '../clean/types';
import type { BehaviouralFeature, RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import { nameRole } from '../inspect/roles';
import type { ExcludedColumn } from './excluded';
import { computeBehaviour, MAX_CATEGORY_SHARES, type Behaviour } from './behaviour';
import { geographicColumns, geographicSources } from './geographic';
import { applyOneHot, bandLabels, fitOneHot, oneHotNames, type BandFit, type OneHotFit } from './encode';
import { applyRfmScores, fitRfmScores, rfmSegment, type RfmScoreFit, type RfmSegmentName } from './rfm';
import { signedLog1p, type ScalerFit } from './scale';
import { sortFloat64 } from './radix-sort';
import { dict, own } from '../io/dict';
import { clippedReason, fitMixedScalerColumns, type ColumnKind, type ExtremeValue } from './mixed';

/** Every fitted transform of a feature table: plain JSON, saved with the model. */
export interface FeatureTransform {
  log1p: string[];
  scaler: ScalerFit;
  /** One-hot encoders of categorical and banded columns. Default []. */
  oneHot?: OneHotFit[];
  /** Bands cut before one-hot encoding. Default []. */
  bands?: BandFit[];
  /** RFM quintile edges (when transactions exist). */
  rfm?: RfmScoreFit;
  /** Values that filled missing customer-column values (median of the fitted rows), by column. Default {}. */
  fills?: Record<string, number>;
  /** Categories with their own share_<category> column, and whether a share_other column sums the rest. */
  categoryShares?: { categories: string[]; other: boolean };
}

/** The feature table of the customers that can be segmented. */
export interface FeatureTable {
  /** Ids as written to outputs (pseudonyms when privacy.pseudonymise). */
  customerIds: string[];
  /** Feature names, e.g. ["recency_days", "frequency", "monetary", "income", "region=North"]. */
  names: string[];
  /** Feature values in their own units (rows = customers). */
  raw: number[][];
  /** After log1p (when configured) and standardisation: what is embedded / clustered. */
  scaled: number[][];
  /** The fitted transforms, to score new customers with the same parameters. */
  transform: FeatureTransform;
  /** Columns of the customers file that are not features, and why. */
  excluded: ExcludedColumn[];
  /** Position of each kept customer in the cleaned customer table. */
  rowIndex: number[];
  /** The customers ledger entry, with customers that had no purchase counted as dropped. */
  ledger: LedgerEntry;
  /** Reference date of recency (ISO date); "" without transactions. */
  asOf: string;
  /** RFM scores (1..5) and the classic named segment per kept customer, when transactions exist. */
  rfm?: { r: number[]; f: number[]; m: number[]; segment: RfmSegmentName[] };
  /** The transactions ledger entry, when transactions exist. */
  transactionsLedger?: LedgerEntry;
  /** Protected attributes used as features (features.allowProtected); the report says so first. */
  protectedFeatures: string[];
  /** Plain z-scores (configured log1p, then mean / sd; no clipping, no block weights): the yardstick every run is compared in. */
  standardised: number[][];
  /** How each feature was scaled (lib/features/mixed.ts). */
  kinds: ColumnKind[];
  /** Extreme values clipped, per feature, and the most extreme named with their row. */
  clipped: Record<string, number>;
  extremes: ExtremeValue[];
}

/** Behavioural values heavy-tailed enough to log1p when features.logTransform is on. */
export const LOGGED: readonly string[] = ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days'];

function behaviourColumns(b: Behaviour, wanted: readonly BehaviouralFeature[]): Record<string, number[]> {
  const out: Record<string, number[]> = dict();
  for (const f of wanted) {
    switch (f) {
      case 'recency_days':
        out[f] = b.recencyDays;
        break;
      case 'frequency':
        out[f] = b.frequency;
        break;
      case 'monetary':
        out[f] = b.monetary;
        break;
      case 'tenure_days':
        out[f] = b.tenureDays;
        break;
      case 'avg_basket':
        out[f] = b.avgBasket;
        break;
      case 'interpurchase_days':
        out[f] = b.interpurchaseDays;
        break;
      case 'return_rate':
        out[f] = b.returnRate;
        break;
      case 'discount_share':
        out[f] = b.discountShare;
        break;
      case 'trend_90d':
        out[f] = b.trend90d;
        break;
      case 'category_shares':
        for (const [cat, v] of Object.entries(b.categoryShares)) out[`share_${cat}`] = v;
        break;
      case 'rfm_scores':
        break; // added after the customers are known (quintiles are fitted on them)
      default: {
        const never: never = f;
        throw new Error(`unhandled behavioural feature ${String(never)}`);
      }
    }
  }
  return out;
}

const isCleanTransactions = (x: CleanTransactions | Behaviour): x is CleanTransactions => 'customerId' in x;

/** The fitted state that featureColumns produces (FeatureTransform minus log1p and scaler). */
export type ColumnFit = Omit<FeatureTransform, 'log1p' | 'scaler'>;

/** signed log1p on the columns named in `log1p`; returns new rows. */
export function applyLog1p(raw: readonly (readonly number[])[], names: readonly string[], log1p: readonly string[]): number[][] {
  const logIdx = names.map((n) => log1p.includes(n));
  return raw.map((row) => row.map((x, j) => (logIdx[j] ? signedLog1p(x) : x)));
}

/**
 * Every candidate feature column (in units, before log1p and scaling) for the customers at
 * `rowIndex`: behavioural, RFM scores, customer columns, bands, categories, in that order.
 * Without `fitted` it fits the RFM edges, fill values and one-hot levels on these rows (buildFeatures);
 * with `fitted` it applies them unchanged (applyFeatures, lib/features/apply.ts).
 * @example featureColumns(customers, behaviour, rowIndex, config).columns.frequency
 */
export function featureColumns(
  customers: CleanCustomers,
  b: Behaviour | null,
  rowIndex: readonly number[],
  config: RunConfig,
  fitted?: ColumnFit,
): { columns: Record<string, number[]>; rfm: FeatureTable['rfm']; fit: ColumnFit } {
  const wanted = config.features.behavioural;
  // Each source column is picked once (recency, frequency and monetary feed both their columns and the RFM scores).
  const picked = new Map<readonly unknown[], unknown[]>();
  const pick = <T>(values: readonly T[]): T[] => {
    let out = picked.get(values) as T[] | undefined;
    if (!out) picked.set(values, (out = rowIndex.map((i) => values[i])));
    return out;
  };
  // Candidate columns, in order: behavioural, RFM scores, customer columns, bands, categories.
  const columns: Record<string, number[]> = dict();
  let rfm: FeatureTable['rfm'];
  let rfmFit: RfmScoreFit | undefined;
  if (b) {
    for (const [name, values] of Object.entries(behaviourColumns(b, wanted))) columns[name] = pick(values);
    const [r, f, m] = [pick(b.recencyDays), pick(b.frequency), pick(b.monetary)];
    rfmFit = fitted ? fitted.rfm : fitRfmScores(r, f, m);
    if (!rfmFit) throw new SeglabError('features', msg.modelTransformMissing('rfm'));
    const s = applyRfmScores(rfmFit, r, f, m);
    rfm = { ...s, segment: s.r.map((x, i) => rfmSegment(x, s.f[i], s.m[i])) };
    if (wanted.includes('rfm_scores')) Object.assign(columns, { r_score: s.r, f_score: s.f, m_score: s.m });
  }
  const fills: Record<string, number> = dict();
  for (const col of config.features.customerColumns) {
    const values = customers.numeric[col];
    if (!values) throw new SeglabError('features', msg.featureNotNumeric(col, String(customers.text[col]?.find((v) => v !== null) ?? '')));
    // Missing values left by the rules (a non-feature rule) would poison the scaler: use the median of the kept rows.
    const kept = pick(values);
    const median = fitted ? (fitted.fills ? own(fitted.fills, col) : undefined) ?? 0 : middleValue(kept);
    fills[col] = median;
    columns[col] = kept.map((v) => (v === null ? median : v));
  }
  const oneHot: OneHotFit[] = [];
  const bands: BandFit[] = [];
  const encode = (column: string, values: (string | null)[]): void => {
    const fit = fitted ? fitted.oneHot?.find((o) => o.column === column) : fitOneHot(column, values, config.features.rareShare);
    if (!fit) throw new SeglabError('features', msg.modelTransformMissing(`oneHot for "${column}"`));
    oneHot.push(fit);
    const encoded = applyOneHot(fit, values);
    oneHotNames(fit).forEach((name, j) => (columns[name] = encoded[j]));
  };
  for (const [col, edges] of Object.entries(config.features.bands)) {
    const values = customers.numeric[col];
    if (!values) throw new SeglabError('features', msg.featureNotNumeric(col, String(customers.text[col]?.find((v) => v !== null) ?? '')));
    const fit: BandFit = { column: col, edges: edges.slice() };
    bands.push(fit);
    encode(`${col}_band`, bandLabels(fit, pick(values)));
  }
  for (const col of config.features.categoricalColumns) {
    const values = customers.text[col] ?? customers.numeric[col]?.map((v) => (v === null ? null : String(v)));
    if (!values) throw new SeglabError('features', msg.missingColumn('customers', customers.ledger.file, col, 'features.categoricalColumns', [...Object.keys(customers.text), ...Object.keys(customers.numeric)]));
    encode(col, pick(values));
  }
  // The geographic criterion (features.geographic): region/country, postcode area, distance bands.
  if (config.features.geographic) for (const g of geographicColumns(customers, config.features.geographic)) encode(g.name, pick(g.values));
  // categorySharesOf lists the own categories sorted, then "other" when there were more than it keeps.
  const shares = b ? Object.keys(b.categoryShares) : [];
  const other = shares.length > MAX_CATEGORY_SHARES;
  const categoryShares = fitted?.categoryShares ?? { categories: other ? shares.slice(0, -1) : shares, other };
  // The fit is serialised state (model.json): a plain object again (own keys only, so "__proto__" stays a key).
  return { columns, rfm, fit: { oneHot, bands, fills: Object.fromEntries(Object.entries(fills)), ...(rfmFit ? { rfm: rfmFit } : {}), ...(b ? { categoryShares } : {}) } };
}

/**
 * Build features from the chosen families: behavioural values from transactions
 * (features.behavioural, RFM scores and named segments), numeric customer columns
 * (features.customerColumns: demographic, firmographic, psychographic survey scales, engagement
 * from web analytics), banded numbers (features.bands) and one-hot categories with rare levels
 * grouped (features.categoricalColumns); then log1p on heavy tails and standardisation. Protected
 * and PII columns are never features unless features.allowProtected says so for a protected one.
 * Customers without a purchase are dropped and counted in the ledger (when there are transactions).
 * @param behaviour cleaned transactions (computed here), behaviour from DuckDB, or null for none
 * @example buildFeatures(customers, tx, config).names
 */
export function buildFeatures(customers: CleanCustomers, behaviour: CleanTransactions | Behaviour | null, config: RunConfig): FeatureTable {
  const b = behaviour === null ? null : isCleanTransactions(behaviour) ? computeBehaviour(customers.ids, behaviour, config.features.asOf) : behaviour;
  const wanted = config.features.behavioural;
  if (!b && wanted.length) throw new SeglabError('features', msg.noTransactionsForBehaviour(wanted));
  const rowIndex: number[] = [];
  customers.ids.forEach((_, i) => {
    if (!b || b.hasPurchase[i]) rowIndex.push(i);
  });
  const noPurchase = customers.ids.length - rowIndex.length;
  const ledger: LedgerEntry = {
    ...customers.ledger,
    rowsKept: rowIndex.length,
    dropped: { ...customers.ledger.dropped, ...(noPurchase ? { 'no purchase in the transactions file': noPurchase } : {}) },
  };
  const { columns, rfm, fit } = featureColumns(customers, b, rowIndex, config);

  const candidates = Object.keys(columns);
  const excluded: ExcludedColumn[] = [];
  const names = candidates.filter((name) => {
    const v = columns[name];
    const constant = v.every((x) => x === v[0]);
    if (constant) excluded.push({ column: name, reason: 'constant' });
    return !constant;
  });
  if (names.length === 0) throw new SeglabError('features', msg.noFeatures());
  const chosen = names.map((name) => columns[name]);

  const loggedNames = new Set<string>([...(config.features.logTransform ? LOGGED : []), ...config.features.logColumns]);
  const configuredLog = names.filter((n) => loggedNames.has(n));
  // Column by column in typed arrays (issue 15): the configured log1p, the plain standardiser and the
  // mixed-type fit read these columns; the three row matrices are written once at the end. Every value
  // is the same double as applyLog1p / fitScaler / applyScaler on row matrices give.
  const logged = chosen.map((values, j) => {
    const out = new Float64Array(values);
    if (configuredLog.includes(names[j])) for (let i = 0; i < out.length; i++) out[i] = signedLog1p(out[i]);
    return out;
  });
  const plain = fitScalerColumns(logged, names);
  // Mixed-type scaling (lib/features/mixed.ts): one-hot blocks weigh one feature, flags at most
  // one, skewed columns logged, extreme values clipped; fitted on the observed (not filled) rows.
  const blocks = (fit.oneHot ?? []).map((o) => oneHotNames(o).filter((name) => names.includes(name)));
  const observed: Record<string, boolean[]> = {};
  for (const [col, mask] of Object.entries(customers.imputed ?? {})) {
    if (names.includes(col)) observed[col] = rowIndex.map((i) => !mask[i]);
  }
  const publicIdsAll = customers.publicIds ?? customers.ids;
  const keptIds = rowIndex.map((i) => publicIdsAll[i]);
  const mixed = fitMixedScalerColumns(logged, names, blocks, observed, keptIds, configuredLog);
  const log1p = names.filter((n) => loggedNames.has(n) || mixed.autoLog.includes(n));
  const scaler = mixed.scaler;
  // log1p of the configured columns is already in `logged`: only the columns the mixed scaler chose to log
  // are added (the same numbers as logging them all from raw).
  const autoLogged = names.map((name) => log1p.includes(name) && !configuredLog.includes(name));
  const { raw, standardised, scaled } = featureRows(chosen, logged, plain, scaler, autoLogged);
  for (const [col, count] of Object.entries(mixed.clipped)) ledger.repairs = { ...ledger.repairs, [clippedReason(col, log1p.includes(col))]: count };

  const used = new Set([...config.features.customerColumns, ...config.features.categoricalColumns, ...Object.keys(config.features.bands)]);
  for (const g of config.features.geographic ? geographicSources(config.features.geographic) : []) used.add(g);
  for (const col of [config.columns.customerId, ...customers.piiColumns, ...Object.keys(customers.numeric), ...Object.keys(customers.text)]) {
    if (used.has(col) || excluded.some((e) => e.column === col)) continue;
    const reason: ExcludedColumn['reason'] =
      col === config.columns.customerId
        ? 'id'
        : customers.piiColumns.includes(col)
          ? 'pii'
          : config.fairness.protected.includes(col)
            ? 'protected'
            : nameRole(col) ?? (col in customers.text && !mostlyNumbers(customers.text[col]) ? 'not numeric' : 'not selected');
    excluded.push({ column: col, reason });
  }
  // The outcome (columns.label) is kept aside by the cleaning stage: never a feature, profiled per segment.
  if (config.columns.label && !excluded.some((e) => e.column === config.columns.label)) excluded.push({ column: config.columns.label, reason: 'outcome' });
  return {
    customerIds: keptIds,
    names,
    raw,
    scaled,
    transform: { log1p, scaler, ...fit },
    excluded,
    rowIndex,
    ledger,
    asOf: b ? new Date(b.asOf).toISOString().slice(0, 10) : '',
    ...(rfm ? { rfm } : {}),
    ...(b ? { transactionsLedger: b.ledger } : {}),
    protectedFeatures: [...used].filter((c) => config.fairness.protected.includes(c)),
    standardised,
    kinds: mixed.kinds,
    clipped: mixed.clipped,
    extremes: mixed.extremes,
  };
}

/** True when at least 90% of the present values parse as numbers (a numeric column nobody selected, e.g. Adult's fnlwgt). */
function mostlyNumbers(values: readonly (string | null)[]): boolean {
  let present = 0;
  let numbers = 0;
  for (const v of values) {
    if (v === null || v === '') continue;
    present++;
    if (Number.isFinite(Number(v.replace(/,/g, '')))) numbers++;
  }
  return present > 0 && numbers >= 0.9 * present;
}

/** fitScaler on feature columns: per column, the mean and population sd summed in row order (the same doubles). */
function fitScalerColumns(columns: readonly Float64Array[], features: readonly string[]): ScalerFit {
  const mean = columns.map((c) => {
    const n = c.length;
    let m = 0;
    for (let i = 0; i < n; i++) m += c[i] / n;
    return m;
  });
  const sd = columns.map((c, j) => {
    const n = c.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += (c[i] - mean[j]) ** 2 / n;
    return Math.sqrt(s);
  });
  return { features: features.slice(), mean, sd };
}

/**
 * The row matrices a feature table holds, written in one pass: raw values, plain z-scores
 * (applyScaler of `plain` on the logged columns) and the mixed-type scaled values (the extra
 * log1p of `autoLogged` columns, clip, centre, divide). Rows are packed double arrays of exact size.
 */
function featureRows(
  chosen: readonly (readonly number[])[],
  logged: readonly Float64Array[],
  plain: ScalerFit,
  scaler: ScalerFit,
  autoLogged: readonly boolean[],
): { raw: number[][]; standardised: number[][]; scaled: number[][] } {
  const d = chosen.length;
  const n = d ? chosen[0].length : 0;
  // A template row of doubles: slice() gives a packed double array of exactly d slots.
  const template = Array.from({ length: d }, () => 0.5);
  const lo = scaler.features.map((_, j) => scaler.clip?.[j]?.[0] ?? -Infinity);
  const hi = scaler.features.map((_, j) => scaler.clip?.[j]?.[1] ?? Infinity);
  const hasClip = scaler.features.map((_, j) => Boolean(scaler.clip?.[j]));
  const raw = new Array<number[]>(n);
  const standardised = new Array<number[]>(n);
  const scaled = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const r = template.slice();
    const z = template.slice();
    const s = template.slice();
    for (let j = 0; j < d; j++) {
      r[j] = chosen[j][i];
      const x = logged[j][i];
      z[j] = plain.sd[j] > 0 ? (x - plain.mean[j]) / plain.sd[j] : 0;
      const y = autoLogged[j] ? signedLog1p(x) : x;
      const b = hasClip[j] ? Math.min(hi[j], Math.max(lo[j], y)) : y;
      s[j] = scaler.sd[j] > 0 ? (b - scaler.mean[j]) / scaler.sd[j] : 0;
    }
    raw[i] = r;
    standardised[i] = z;
    scaled[i] = s;
  }
  return { raw, standardised, scaled };
}

/**
 * The value at position floor(m / 2) of the m non-null values sorted ascending, as
 * `filter(v !== null).sort((x, y) => x - y)` gives it (a stable sort: among equal values, ±0
 * included, input order decides), from a typed sort; 0 when there is none.
 */
export function middleValue(values: readonly (number | null)[]): number {
  const present = new Float64Array(values.length);
  let m = 0;
  for (const v of values) if (v !== null) present[m++] = v;
  if (m === 0) return 0;
  const sorted = sortFloat64(present.subarray(0, m));
  const mid = Math.floor(m / 2);
  const x = sorted[mid];
  if (x !== 0) return x;
  // Zeros: -0 and 0 compare equal in the comparator sort, so the input order picks which one.
  let first = mid;
  while (first > 0 && sorted[first - 1] === 0) first--;
  let seen = 0;
  for (const v of values) if (v === 0 && seen++ === mid - first) return v;
  return x;
}
