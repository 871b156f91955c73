/**
 * The notebook workbench on Danfo: what a data scientist holds between stages is a Danfo
 * DataFrame, and every stage takes one back.
 *
 *   loadFrames ──raw frames──> cleanFrame (rules) ──cleaned frame + ledger + fit──> [filter, add columns
 *   with Danfo] ──> featuresFromFrame ──> cluster ──> segmentsFrame / profilesFrame ──joinSegments──> customers
 *
 * Danfo's own operations are used where they are correct and fast at customer-table size (query,
 * addColumn, valueCounts, a groupby over a few groups, describe on columns without missing values);
 * the measured workarounds (null-safe describe, group summaries over many groups, a join that
 * keeps "no segment" as null) are here and in ../clean/frame.ts, whose header lists each Danfo
 * pitfall in one place. Transactions at scale stay in DuckDB (no frame is built for them).
 */
import * as dfd from 'danfojs-node';
import type { CleanCustomers } from '../clean/customers';
import { cleanCustomers } from '../clean/customers';
import type { CleanFit } from '../clean/fit';
import { buildFrame, frameColumn, summarise } from '../clean/frame';
import { cleanTransactions, type CleanTransactions } from '../clean/transactions';
import type { LedgerEntry } from '../clean/types';
import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import { buildFeatures, type FeatureTable } from '../features/build';
import { dict } from '../io/dict';
import type { RawTable } from '../load/csv';
import { isDuckSource, loadSources, type LoadedSources } from '../load/source';
import type { SegmentProfile } from '../profile/types';

/** The raw sources as Danfo frames (every value text, exactly as read). */
export interface RawFrames {
  customers: dfd.DataFrame;
  /** null when there is no transactions source, or when it is read by DuckDB (large files stay there). */
  transactions: dfd.DataFrame | null;
  /** The sources as read, for the stages that work on them directly (DuckDB aggregation). */
  inputs: LoadedSources;
}

/** A raw table as a Danfo frame of text columns. */
export function tableFrame(table: RawTable): dfd.DataFrame {
  const columns: Record<string, string[]> = dict();
  table.header.forEach((name, j) => {
    columns[name] = table.rows.map((row) => row[j]);
  });
  return buildFrame(columns);
}

/** A frame as a raw table of text (missing values, NaN and null, as empty text), for the cleaning rules. */
export function frameTable(frame: dfd.DataFrame, role: string, file: string): RawTable {
  const header = [...frame.columns];
  const cols = header.map((c) => frameColumn(frame, c));
  const n = frame.shape[0];
  const rows: string[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    rows[r] = cols.map((col) => {
      const v = col[r];
      return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
    });
  }
  return { role, file, delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 } as RawTable;
}

/**
 * Stage 1 on frames: read every source of the config and give the customers (and, when read in
 * Node, the transactions) as Danfo frames of text.
 * @example const raw = await loadFrames(config); raw.customers.shape // [2020, 9]
 */
export async function loadFrames(config: RunConfig): Promise<RawFrames> {
  const inputs = await loadSources(config);
  const tx = inputs.transactions;
  return { customers: tableFrame(inputs.customers), transactions: tx && !isDuckSource(tx) ? tableFrame(tx) : null, inputs };
}

/** What cleanFrame returns. */
export interface CleanedFrame {
  /** The cleaned customers: id (pseudonym when privacy.pseudonymise) + numeric + text columns; no personal data. */
  frame: dfd.DataFrame;
  /** Where every row went and every repaired value. */
  ledger: LedgerEntry;
  /** Fill values, winsor limits and recodes used (apply them to new customers with options.fit). */
  fit: CleanFit;
  /** The same table as exact column arrays (what featuresFromFrame matches the frame's rows against). */
  customers: CleanCustomers;
}

/**
 * Stage 2 on frames: clean a customers frame by the config's rules (ids, duplicates, numbers,
 * ranges, recodes, missing values, winsorising, personal data). The frame is not modified.
 * @param options.fit a saved cleaning fit to apply instead of learning fills and limits from this frame
 * @example const { frame, ledger } = cleanFrame(raw.customers, config);
 */
export function cleanFrame(frame: dfd.DataFrame, config: RunConfig, options: { fit?: CleanFit | null; file?: string; env?: NodeJS.ProcessEnv } = {}): CleanedFrame {
  const table = frameTable(frame, 'customers', options.file ?? config.sources.customers.path);
  const customers = cleanCustomers(table, config, {}, options.env ?? process.env, { fit: options.fit ?? null });
  return { frame: customers.frame, ledger: customers.ledger, fit: customers.fit, customers };
}

/**
 * Clean a transactions frame for the cleaned customers (known ids kept, others counted).
 * @example const tx = cleanTransactionsFrame(raw.transactions, cleaned.customers, config);
 */
export function cleanTransactionsFrame(frame: dfd.DataFrame, customers: CleanCustomers, config: RunConfig): CleanTransactions {
  const table = frameTable(frame, 'transactions', config.sources.transactions?.path ?? 'transactions');
  return cleanTransactions(table, config, new Set(customers.ids), new Set(customers.ids));
}

/** Options of featuresFromFrame. */
export interface FrameFeatureOptions {
  /** Numeric customer columns used as features (e.g. one added with Danfo). Default: the config's features.customerColumns. */
  customerColumns?: readonly string[];
  /** Ledger reason for the rows of the cleaned table that are not in the frame. Default "left out by a filter in the notebook". */
  filterReason?: string;
}

/** A numeric column of a frame: every present value a finite number (Danfo's NaN counts as missing). */
function numericValues(values: readonly unknown[]): (number | null)[] | null {
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) out[i] = null;
    else if (typeof v === 'number' && Number.isFinite(v)) out[i] = v;
    else return null;
  }
  return out;
}

/**
 * Stage 3 on frames: build features from a customers frame the user changed with Danfo (rows
 * filtered, columns added). Rows are matched to the cleaned table by the id column; numbers are
 * taken from the frame's values (plain JavaScript numbers: exact, never through Danfo's float32
 * tensors); the rows the frame lacks are counted in the ledger as filtered out.
 * @example const features = featuresFromFrame(filtered, cleaned.customers, tx, config, { customerColumns: ['income', 'income_per_visit'] });
 */
export function featuresFromFrame(
  frame: dfd.DataFrame,
  cleaned: CleanCustomers,
  transactions: CleanTransactions | null,
  config: RunConfig,
  options: FrameFeatureOptions = {},
): FeatureTable & { frame: dfd.DataFrame } {
  const idColumn = config.columns.customerId;
  if (!frame.columns.includes(idColumn)) throw new SeglabError('features', msg.frameNoIdColumn(idColumn, [...frame.columns]));
  const positionOf = new Map<string, number>();
  cleaned.publicIds.forEach((id, i) => positionOf.set(id, i));
  const frameIds = frameColumn(frame, idColumn).map((v) => String(v));
  const rows = frameIds.map((id, r) => {
    const i = positionOf.get(id);
    if (i === undefined) throw new SeglabError('features', msg.frameUnknownId(id, r));
    return i;
  });
  const numeric: Record<string, (number | null)[]> = dict();
  const text: Record<string, (string | null)[]> = dict();
  for (const col of frame.columns) {
    if (col === idColumn) continue;
    const values = frameColumn(frame, col);
    const asNumbers = col in cleaned.text ? null : numericValues(values);
    if (asNumbers) numeric[col] = asNumbers;
    else text[col] = values.map((v) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v)));
  }
  const imputed: Record<string, boolean[]> = {};
  for (const [col, mask] of Object.entries(cleaned.imputed ?? {})) if (col in numeric) imputed[col] = rows.map((i) => mask[i]);
  const left = cleaned.ids.length - rows.length;
  const ledger: LedgerEntry = {
    ...cleaned.ledger,
    rowsKept: rows.length,
    dropped: { ...cleaned.ledger.dropped, ...(left > 0 ? { [options.filterReason ?? 'left out by a filter in the notebook']: left } : {}) },
  };
  const subset: CleanCustomers = {
    ...cleaned,
    ids: rows.map((i) => cleaned.ids[i]),
    publicIds: rows.map((i) => cleaned.publicIds[i]),
    label: cleaned.label ? rows.map((i) => (cleaned.label as (string | null)[])[i]) : null,
    numeric,
    text,
    imputed,
    frame,
    ledger,
  };
  const featureConfig: RunConfig = options.customerColumns ? { ...config, features: { ...config.features, customerColumns: [...options.customerColumns] } } : config;
  const features = buildFeatures(subset, transactions, featureConfig);
  const out: Record<string, (string | number | null)[]> = dict();
  out[idColumn] = features.customerIds;
  features.names.forEach((name, j) => {
    out[name] = features.raw.map((row) => row[j]);
  });
  return { ...features, frame: buildFrame(out) };
}

/**
 * The segments as a frame to join onto customers: id, segment (1..k, as in segments.csv) and its name.
 * @example const seg = segmentsFrame(features.customerIds, clustering.labels, profiles, 'customer_id');
 */
export function segmentsFrame(customerIds: readonly string[], labels: readonly number[], profiles: readonly Pick<SegmentProfile, 'segment' | 'label' | 'persona'>[] = [], idColumn = 'customer_id'): dfd.DataFrame {
  const name = (l: number): string => profiles[l]?.persona?.name ?? profiles[l]?.label ?? `Segment ${l + 1}`;
  return buildFrame({ [idColumn]: customerIds.slice(), segment: labels.map((l) => l + 1), segment_name: labels.map(name) });
}

/**
 * The segment profiles as a frame: one row per segment with size, shares and each feature's mean.
 * @example profilesFrame(profiles)
 */
export function profilesFrame(profiles: readonly SegmentProfile[]): dfd.DataFrame {
  const features = profiles[0]?.features.map((f) => f.feature) ?? [];
  const out: Record<string, (string | number | null)[]> = dict();
  out.segment = profiles.map((p) => p.segment + 1);
  out.name = profiles.map((p) => p.persona?.name ?? p.label);
  out.customers = profiles.map((p) => p.size);
  out.share = profiles.map((p) => p.share);
  out.value_share = profiles.map((p) => p.valueShare);
  for (const f of features) out[`mean_${f}`] = profiles.map((p) => p.features.find((x) => x.feature === f)?.mean ?? null);
  return buildFrame(out);
}

/**
 * Left join of segments onto customers by id, in the customers' row order: customers without a
 * segment (e.g. no purchase) get null, not NaN (Danfo's merge gives NaN and reorders nothing
 * better); linear in rows. Neither frame changes.
 * @example const withSegments = joinSegments(cleaned.frame, seg, 'customer_id');
 */
export function joinSegments(customers: dfd.DataFrame, segments: dfd.DataFrame, idColumn = 'customer_id'): dfd.DataFrame {
  for (const f of [customers, segments]) if (!f.columns.includes(idColumn)) throw new SeglabError('notebook', msg.frameNoIdColumn(idColumn, [...f.columns]));
  const at = new Map<string, number>();
  frameColumn(segments, idColumn).forEach((id, i) => at.set(String(id), i));
  const rows = frameColumn(customers, idColumn).map((id) => at.get(String(id)));
  const out: Record<string, (string | number | null)[]> = dict();
  for (const c of customers.columns) out[c] = frameColumn(customers, c);
  for (const c of segments.columns) {
    if (c === idColumn) continue;
    const values = frameColumn(segments, c);
    out[c in out ? `${c}_segment` : c] = rows.map((r) => (r === undefined ? null : values[r]));
  }
  return buildFrame(out);
}

/**
 * Danfo's describe for frames with missing values (Danfo's throws on a null): one row per numeric
 * column with count, missing, mean, sd (population), min, quartiles and max.
 * @example describeFrame(cleaned.frame)
 */
export function describeFrame(frame: dfd.DataFrame): dfd.DataFrame {
  const out: Record<string, (string | number | null)[]> = { variable: [], count: [], missing: [], mean: [], sd: [], min: [], q25: [], median: [], q75: [], max: [] };
  for (const c of frame.columns) {
    const values = numericValues(frameColumn(frame, c));
    if (!values) continue;
    const s = summarise(values);
    out.variable.push(c);
    for (const k of ['count', 'missing', 'mean', 'sd', 'min', 'q25', 'median', 'q75', 'max'] as const) out[k].push(Number.isNaN(s[k]) ? null : s[k]);
  }
  return buildFrame(out);
}

/**
 * Count, mean and median of a numeric column per group, in one Map pass: for many groups, where
 * Danfo's groupby is superlinear (100k groups: 483 s measured). Groups in first-seen order;
 * missing values of `column` are left out of mean and median, a missing group is the group null.
 * @example groupSummary(frame, 'region', 'income')
 */
export function groupSummary(frame: dfd.DataFrame, by: string, column: string): dfd.DataFrame {
  const keys = frameColumn(frame, by);
  const values = numericValues(frameColumn(frame, column));
  if (!values) throw new SeglabError('notebook', msg.frameNotNumeric(column));
  const groups = new Map<string | number | null, (number | null)[]>();
  keys.forEach((k, i) => {
    const key = k === undefined || (typeof k === 'number' && Number.isNaN(k)) ? null : k;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(values[i]);
  });
  const out: Record<string, (string | number | null)[]> = { [by]: [], customers: [], [`mean_${column}`]: [], [`median_${column}`]: [] };
  for (const [key, vs] of groups) {
    const s = summarise(vs);
    out[by].push(key);
    out.customers.push(vs.length);
    out[`mean_${column}`].push(Number.isNaN(s.mean) ? null : s.mean);
    out[`median_${column}`].push(Number.isNaN(s.median) ? null : s.median);
  }
  return buildFrame(out);
}
