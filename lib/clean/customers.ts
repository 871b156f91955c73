import type * as dfd from 'danfojs-node';
import type { ExtraSourceRole, MissingRule, RunConfig } from '../config/types';
import { EXTRA_SOURCE_ROLES } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import { isMissing, missingSet, parseNumber } from './coerce';
import { parseDate } from './dates';
import { buildFrame, fillMissingValues, queryRows } from './frame';
import { joinSource } from './join';
import { consentGiven, pseudonymise, pseudonymSalt } from './privacy';
import { clipAt, fillNumeric, fillNumericWith, fillText, missingIndicator, recodeText, winsorise } from './rules';
import { emptyCleanFit, type CleanFit, type NumericFill } from './fit';
import type { LedgerEntry } from './types';
import { detectPersonalColumns, type PiiFinding } from './pii';
import { postcodeArea } from './postcode';
import { customerValue, type CustomerValue } from './value';
import { dict, dictFrom, own } from '../io/dict';

/** The cleaned customer table. */
export interface CleanCustomers {
  /** Unique customer ids, in file order of the kept rows. */
  ids: string[];
  /** Numeric columns (features and numeric protected attributes), missing as null. */
  numeric: Record<string, (number | null)[]>;
  /** Text columns (categorical, protected), trimmed, missing as null. PII columns are not here. */
  text: Record<string, (string | null)[]>;
  /** Columns treated as personal data: dropped here, never features, never in outputs. */
  piiColumns: string[];
  /** Why each personal column is personal (declared, named, e-mail, phone, IBAN...), with counts; never values. */
  piiFindings: PiiFinding[];
  /** The customer-level Danfo DataFrame notebooks explore: id (pseudonym when on) + numeric + text columns, no PII. */
  frame: dfd.DataFrame;
  ledger: LedgerEntry;
  /** Ids as written to outputs: salted pseudonyms when privacy.pseudonymise, else the ids. */
  publicIds: string[];
  /** Ledger entries of the joined optional sources (surveys, web, campaigns, consent). */
  extraLedger: LedgerEntry[];
  /** Ground-truth label per customer (columns.label), kept aside: never a feature. */
  label: (string | null)[] | null;
  /** The value measure of profile.valueColumns per customer (sum of the amounts as read), or null without them. */
  value?: CustomerValue | null;
  /** Per numeric column, true for the rows whose value was filled in by a missing-value rule (missing by design or by accident). Default {}. */
  imputed?: Record<string, boolean[]>;
  /** What this cleaning learned (fills, winsor limits) or applied (recodes): the fit given in the options, or the one learned here. */
  fit: CleanFit;
}

/** Options of cleanCustomers. */
export interface CleanCustomersOptions {
  /** A saved cleaning fit (model.json's cleanFit): its fill values, winsor limits and recodes are applied, not learned from this table. */
  fit?: CleanFit | null;
}

const DROP_MISSING_ID = 'missing customer id';
const DROP_DUPLICATE = 'duplicate customer id (kept the last row in the file)';

/** A column is numeric when at least 90% of its non-missing values parse as numbers. */
function looksNumeric(values: readonly string[], missing: Set<string>): boolean {
  let present = 0;
  let numeric = 0;
  for (const v of values) {
    if (isMissing(v, missing)) continue;
    present++;
    if (!Number.isNaN(parseNumber(v))) numeric++;
  }
  return present > 0 && numeric / present >= 0.9;
}

/** Counts of dropped rows and repaired values by reason, for the ledger. */
interface Tally {
  dropped: Record<string, number>;
  repairs: Record<string, number>;
}

function count(bag: Record<string, number>, reason: string, n = 1): void {
  if (n > 0) bag[reason] = (bag[reason] ?? 0) + n;
}

/** The customer rows being cleaned: per-row arrays that always have the same length. */
interface CustomerRows {
  /** Row index in the raw table of each kept row. */
  rows: number[];
  ids: string[];
  label: (string | null)[] | null;
  numeric: Record<string, (number | null)[]>;
  text: Record<string, (string | null)[]>;
}

/** Keep rows where keep[i]; the others are dropped for `reason` (every per-row array follows). */
function keepRows(state: CustomerRows, keep: readonly boolean[], reason: string, tally: Tally): void {
  count(tally.dropped, reason, keep.filter((k) => !k).length);
  // Danfo's query with the boolean mask on a frame of every per-row column (clean/frame.ts says why it is exact).
  const numericCols = Object.keys(state.numeric);
  const textCols = Object.keys(state.text);
  const columns: (readonly (string | number | null)[])[] = [state.rows, state.ids, ...numericCols.map((c) => state.numeric[c]), ...textCols.map((c) => state.text[c])];
  if (state.label) columns.push(state.label);
  const kept = queryRows(columns, keep);
  state.rows = kept[0] as number[];
  state.ids = kept[1] as string[];
  numericCols.forEach((c, i) => (state.numeric[c] = kept[2 + i] as (number | null)[]));
  textCols.forEach((c, i) => (state.text[c] = kept[2 + numericCols.length + i] as (string | null)[]));
  if (state.label) state.label = kept[2 + numericCols.length + textCols.length] as (string | null)[];
}

/**
 * True for "<col>_missing" when clean.missing gives <col> the rule "indicator": cleaning makes that 0/1
 * column, so it may be a feature although the file has no such column.
 */
function isIndicatorColumn(name: string, config: RunConfig): boolean {
  const base = name.slice(0, -'_missing'.length);
  return name.endsWith('_missing') && Object.hasOwn(config.clean.missing, base) && config.clean.missing[base] === 'indicator';
}

/** Verb 1: every column the config names must exist (feature columns may come from a joined source, or be a missing-value indicator, instead). */
function requireConfiguredColumns(table: RawTable, config: RunConfig, extras: Partial<Record<ExtraSourceRole, RawTable>>): number {
  const idIdx = requireColumn(table, config.columns.customerId, 'columns.customerId');
  const extraHeaders = new Set(EXTRA_SOURCE_ROLES.flatMap((role) => extras[role]?.header ?? []));
  for (const col of config.features.customerColumns) if (!extraHeaders.has(col) && !isIndicatorColumn(col, config)) requireColumn(table, col, 'features.customerColumns');
  for (const col of config.fairness.protected) {
    if (!table.header.includes(col)) throw new SeglabError('clean', msg.protectedMissing(col, table.header));
  }
  for (const col of config.columns.pii) requireColumn(table, col, 'columns.pii');
  for (const col of config.profile.valueColumns) requireColumn(table, col, 'profile.valueColumns');
  if (config.columns.updatedAt) requireColumn(table, config.columns.updatedAt, 'columns.updatedAt');
  if (config.columns.label) requireColumn(table, config.columns.label, 'columns.label');
  return idIdx;
}

/**
 * Verb 2: rows without an id are dropped; duplicated ids keep their latest row (by
 * columns.updatedAt, ties and unreadable times to the later row in the file), or their last row
 * in the file. Returns the kept raw row indexes in file order.
 */
function dedupeIds(table: RawTable, config: RunConfig, idIdx: number, missing: Set<string>, tally: Tally): number[] {
  const lastRowOf = new Map<string, number>();
  const timeIdx = config.columns.updatedAt ? table.header.indexOf(config.columns.updatedAt) : -1;
  const timeOf = (r: number): number => {
    const t = parseDate(table.rows[r][timeIdx], config.columns.dateFormat);
    return Number.isNaN(t) ? -Infinity : t;
  };
  let withId = 0;
  table.rows.forEach((row, r) => {
    const id = row[idIdx].trim();
    if (isMissing(id, missing)) {
      count(tally.dropped, DROP_MISSING_ID);
      return;
    }
    withId++;
    const prev = lastRowOf.get(id);
    if (prev === undefined || timeIdx === -1 || timeOf(r) >= timeOf(prev)) lastRowOf.set(id, r);
  });
  if (withId === 0) throw new SeglabError('clean', msg.noIdValues(table.role, table.file, config.columns.customerId));
  count(tally.dropped, timeIdx === -1 ? DROP_DUPLICATE : `duplicate customer id (kept the latest by ${config.columns.updatedAt})`, withId - lastRowOf.size);
  return [...lastRowOf.values()].sort((a, b) => a - b);
}

/**
 * Verb 3: which columns are numbers: feature columns, columns with a numeric rule (ranges,
 * winsorise, bands, distances, a numeric missing rule) and protected columns that look numeric.
 * With a saved fit, its list (the columns present in this table): the decision is not re-made.
 */
function numericColumnsOf(table: RawTable, config: RunConfig, keptRows: readonly number[], missing: Set<string>, fit: CleanFit | null): Set<string> {
  const has = (col: string): boolean => table.header.includes(col);
  const numericCols = new Set(config.features.customerColumns.filter(has));
  if (fit) {
    for (const col of fit.numericColumns) if (has(col)) numericCols.add(col);
  } else {
    for (const col of config.fairness.protected) {
      const idx = table.header.indexOf(col);
      if (looksNumeric(keptRows.map((r) => table.rows[r][idx]), missing)) numericCols.add(col);
    }
    const numericHint = [...Object.keys(config.clean.ranges), ...Object.keys(config.clean.winsorise), ...Object.keys(config.features.bands)];
    for (const col of numericHint) if (has(col)) numericCols.add(col);
    // Distances of the geographic criterion (features.geographic.distanceBands) are numbers too.
    for (const col of Object.keys(config.features.geographic?.distanceBands ?? {})) if (has(col)) numericCols.add(col);
    for (const [col, rule] of Object.entries(config.clean.missing)) {
      const idx = table.header.indexOf(col);
      if (idx !== -1 && rule !== 'mode' && !(typeof rule === 'object' && typeof rule.constant === 'string') && looksNumeric(keptRows.map((r) => table.rows[r][idx]), missing))
        numericCols.add(col);
    }
  }
  if (config.columns.label) numericCols.delete(config.columns.label);
  return numericCols;
}


/** Verb 4: coerce numeric columns; unreadable values become missing when rare (else a clear error), implausible ones (clean.ranges) too. */
function coerceNumeric(table: RawTable, columns: ReadonlySet<string>, keptRows: readonly number[], config: RunConfig, missing: Set<string>, tally: Tally): Record<string, (number | null)[]> {
  const numericAll: Record<string, (number | null)[]> = dict();
  for (const col of columns) {
    const idx = table.header.indexOf(col);
    const values: (number | null)[] = [];
    const badRows: number[] = [];
    let example = '';
    let outOfRange = 0;
    const range = config.clean.ranges[col];
    for (const r of keptRows) {
      const raw = table.rows[r][idx];
      if (isMissing(raw, missing)) {
        values.push(null);
        continue;
      }
      const v = parseNumber(raw);
      if (Number.isNaN(v)) {
        badRows.push(table.lines[r]);
        if (!example) example = raw;
        values.push(null);
      } else if (range && (v < range[0] || v > range[1])) {
        outOfRange++;
        values.push(null);
      } else values.push(v);
    }
    if (badRows.length > config.clean.maxUnreadableShare * keptRows.length) {
      // Trial of 2026-11-29 (BankChurners): "$60K - $80K" in customerColumns got "add such tokens to
      // clean.missingTokens", which does not fix it.
      const readable = values.filter((v) => v !== null).length + outOfRange;
      const kind = config.features.customerColumns.includes(col) && readable < 0.1 * (readable + badRows.length) ? 'text' : 'tokens';
      throw new SeglabError(
        'clean',
        msg.unparseableValues(
          table.role,
          table.file,
          col,
          badRows.length,
          keptRows.length,
          badRows,
          example,
          msg.unreadableNumberFix(col, kind),
        ),
      );
    }
    count(tally.repairs, `${col}: unreadable value set to missing`, badRows.length);
    if (range) count(tally.repairs, `${col}: outside plausible range [${range[0]}, ${range[1]}], set to missing`, outOfRange);
    numericAll[col] = values;
  }
  return numericAll;
}

/**
 * Verb 5: text columns (everything but the id, the label, numbers and personal data), trimmed,
 * recoded by the fit's recode maps, values outside the allowed lists to "other"; plus the
 * geographic criterion's postcode area, derived before a full postcode (personal data) is dropped.
 */
function recodeTextColumns(
  table: RawTable,
  skip: (col: string, idx: number) => boolean,
  keptRows: readonly number[],
  config: RunConfig,
  missing: Set<string>,
  fit: CleanFit,
  tally: Tally,
): Record<string, (string | null)[]> {
  const text: Record<string, (string | null)[]> = dict();
  table.header.forEach((col, idx) => {
    if (skip(col, idx)) return;
    const values = keptRows.map((r) => {
      const raw = table.rows[r][idx].trim();
      return isMissing(raw, missing) ? null : raw;
    });
    const rec = recodeText(col, values, own(fit.recode, col), own(fit.allowedValues, col));
    count(tally.repairs, `${col}: recoded by clean.recode`, rec.recoded);
    count(tally.repairs, `${col}: value outside clean.allowedValues grouped into "other"`, rec.junk);
    text[col] = rec.values;
  });
  const postcode = config.features.geographic?.postcode;
  const postcodeIdx = postcode ? table.header.indexOf(postcode) : -1;
  if (postcode && postcodeIdx !== -1) {
    text[`${postcode}_area`] = keptRows.map((r) => {
      const raw = table.rows[r][postcodeIdx].trim();
      return isMissing(raw, missing) ? null : postcodeArea(raw, config.features.geographic.postcodeDigits);
    });
  }
  return text;
}

/** Verb 6: join the optional per-customer sources (surveys, web, ...) on the customer id. */
function joinExtras(state: CustomerRows, table: RawTable, config: RunConfig, extras: Partial<Record<ExtraSourceRole, RawTable>>, missing: Set<string>): LedgerEntry[] {
  const extraLedger: LedgerEntry[] = [];
  for (const role of EXTRA_SOURCE_ROLES) {
    const extra = extras[role];
    if (!extra) continue;
    const existing = new Set([...table.header, ...Object.keys(state.numeric), ...Object.keys(state.text)]);
    const idColumn = config.sources[role]?.idColumn ?? config.columns.customerId;
    const joined = joinSource(role, extra, state.ids, existing, config.columns, idColumn, missing);
    Object.assign(state.numeric, joined.numeric);
    state.text = Object.assign(dict<(string | null)[]>(), state.text, joined.text);
    extraLedger.push(joined.ledger);
  }
  return extraLedger;
}

/** Verb 7: customers who did not opt in to marketing are excluded (clean.excludeWithoutConsent), counted. */
function excludeWithoutConsent(state: CustomerRows, table: RawTable, config: RunConfig, tally: Tally): void {
  const consentCol = config.columns.consent;
  if (!consentCol || !config.clean.excludeWithoutConsent) return;
  const values = state.text[consentCol] ?? state.text[`consent_${consentCol}`] ?? state.numeric[consentCol]?.map((v) => (v === null ? null : String(v)));
  if (!values) throw new SeglabError('clean', msg.consentColumnMissing(consentCol, [...table.header, ...Object.keys(state.text), ...Object.keys(state.numeric)]));
  keepRows(state, values.map((v) => consentGiven(v)), `no marketing consent (${consentCol}; clean.excludeWithoutConsent)`, tally);
}

/**
 * Verb 8: missing values, per column rule (clean.missing), else clean.numericMissing for features:
 * "drop" drops the row, "indicator" adds a 0/1 column, the others fill. Fill values come from the
 * saved fit when it has the column, else from these rows (and are recorded in `learned`).
 */
function fillMissing(state: CustomerRows, table: RawTable, config: RunConfig, saved: CleanFit | null, learned: CleanFit, tally: Tally): Record<string, boolean[]> {
  const missingFeature = config.features.customerColumns.find((c) => !(c in state.numeric) && !isIndicatorColumn(c, config));
  if (missingFeature !== undefined) {
    if (missingFeature in state.text) throw new SeglabError('features', msg.featureNotNumeric(missingFeature, String(state.text[missingFeature].find((v) => v !== null) ?? '')));
    requireColumn(table, missingFeature, 'features.customerColumns');
  }
  const imputed: Record<string, boolean[]> = {};
  const featureCols = config.features.customerColumns;
  const ruleOf = (col: string): MissingRule | undefined => config.clean.missing[col] ?? (featureCols.includes(col) ? config.clean.numericMissing : undefined);
  const dropCols = Object.keys(state.numeric).filter((c) => ruleOf(c) === 'drop');
  const dropText = Object.keys(state.text).filter((c) => ruleOf(c) === 'drop');
  if (dropCols.length || dropText.length) {
    const keep = state.rows.map((_, i) => dropCols.every((c) => state.numeric[c][i] !== null) && dropText.every((c) => state.text[c][i] !== null));
    const explicit = [...dropCols, ...dropText].some((c) => config.clean.missing[c] === 'drop');
    keepRows(state, keep, explicit ? `missing value in ${[...dropCols, ...dropText].join(', ')} (clean.missing: drop)` : 'missing value in a feature column', tally);
  }
  for (const col of Object.keys(state.numeric)) {
    const rule = ruleOf(col);
    if (rule === undefined || rule === 'drop') continue;
    const values = state.numeric[col];
    const savedFill = (saved ? own(saved.numericFill, col) : undefined);
    if (!savedFill && featureCols.includes(col) && values.every((v) => v === null)) throw new SeglabError('clean', msg.noFeatures());
    if (rule === 'indicator') state.numeric[`${col}_missing`] = missingIndicator(values);
    if (values.some((v) => v === null)) imputed[col] = values.map((v) => v === null);
    const kind: NumericFill['rule'] = typeof rule === 'object' ? 'constant' : rule;
    if (savedFill) {
      const filled = fillNumericWith(col, values, savedFill.value, savedFill.rule === 'indicator' ? 'median' : savedFill.rule, fillMissingValues);
      count(tally.repairs, filled.reason, filled.changed);
      state.numeric[col] = filled.values;
      learned.numericFill[col] = { ...savedFill };
    } else {
      const filled = fillNumeric(col, values, rule, fillMissingValues);
      count(tally.repairs, filled.reason, filled.changed);
      state.numeric[col] = filled.values;
      learned.numericFill[col] = { rule: kind, value: filled.fill };
    }
  }
  for (const col of Object.keys(state.text)) {
    const rule = config.clean.missing[col];
    if (rule === undefined || rule === 'drop') continue;
    if (rule === 'indicator') {
      state.numeric[`${col}_missing`] = missingIndicator(state.text[col]);
      continue;
    }
    const textRule = rule === 'median' ? 'mode' : rule;
    const filled = fillText(col, state.text[col], textRule, (saved ? own(saved.textFill, col) : undefined), fillMissingValues);
    count(tally.repairs, filled.reason, filled.changed);
    state.text[col] = filled.values;
    learned.textFill[col] = { rule: typeof textRule === 'object' ? 'constant' : 'mode', value: filled.fill };
  }
  return imputed;
}

/** Verb 9: outliers winsorised by rule (clean.winsorise), counted; limits from the saved fit when it has them. */
function winsoriseColumns(state: CustomerRows, config: RunConfig, saved: CleanFit | null, learned: CleanFit, tally: Tally): void {
  for (const [col, rule] of Object.entries(config.clean.winsorise)) {
    if (!(col in state.numeric)) continue;
    const limits = (saved ? own(saved.winsor, col) : undefined);
    const w = limits ? clipAt(col, state.numeric[col], limits.bounds, 'limits of the saved cleaning fit') : winsorise(col, state.numeric[col], rule);
    count(tally.repairs, w.reason, w.changed);
    state.numeric[col] = w.values;
    learned.winsor[col] = { rule: limits ? limits.rule : rule, bounds: [w.bounds[0], w.bounds[1]] };
  }
}

/** Verb 10: the ledger entry; rows read must equal rows kept plus rows dropped. */
function customersLedger(table: RawTable, kept: number, tally: Tally): LedgerEntry {
  const rowsDropped = Object.values(tally.dropped).reduce((a, b) => a + b, 0);
  const ledger: LedgerEntry = {
    source: table.role,
    file: table.file,
    rowsRead: table.rows.length,
    rowsKept: kept,
    dropped: tally.dropped,
    repairs: table.blankLines ? { ...tally.repairs, 'blank lines skipped (not rows)': table.blankLines } : tally.repairs,
  };
  if (ledger.rowsKept + rowsDropped !== ledger.rowsRead)
    throw new SeglabError('clean', msg.ledgerMismatch(table.role, ledger.rowsRead, ledger.rowsKept, rowsDropped));
  return ledger;
}

/**
 * Clean the customers table, verb by verb: check the configured columns, drop rows without an id
 * and keep the latest row of each duplicated id, decide the numeric columns, coerce them (implausible
 * values by clean.ranges become missing), recode text columns, join the optional sources, exclude
 * customers without consent, fill or drop missing values, winsorise, remove personal data. Every
 * dropped row and every repaired value is counted in the ledger. The input table is not modified.
 *
 * Fit/apply: the result's `fit` holds the fill values, winsor limits and recodes used. Pass a saved
 * fit (`options.fit`, e.g. model.json's cleanFit) to apply those instead of learning them from
 * this table: a new file is filled with the training median, not its own.
 * @example const c = cleanCustomers(readDelimited('customers.csv', 'customers'), config);
 * @example const scored = cleanCustomers(newTable, config, {}, process.env, { fit: c.fit });
 */
export function cleanCustomers(
  table: RawTable,
  config: RunConfig,
  extras: Partial<Record<ExtraSourceRole, RawTable>> = {},
  env: NodeJS.ProcessEnv = process.env,
  options: CleanCustomersOptions = {},
): CleanCustomers {
  const saved = options.fit ?? null;
  const missing = missingSet(config.clean.missingTokens);
  const salt = pseudonymSalt(config.privacy, env);
  const tally: Tally = { dropped: {}, repairs: {} };
  const learned: CleanFit = emptyCleanFit();
  // Prototype-free copies: a column may be called "constructor" or "__proto__".
  learned.recode = dictFrom(Object.entries(JSON.parse(JSON.stringify(saved ? saved.recode : config.clean.recode)) as CleanFit['recode']));
  learned.allowedValues = dictFrom(Object.entries(JSON.parse(JSON.stringify(saved ? saved.allowedValues : config.clean.allowedValues)) as CleanFit['allowedValues']));

  const idIdx = requireConfiguredColumns(table, config, extras);
  const keptRows = dedupeIds(table, config, idIdx, missing, tally);
  const piiFindings = detectPersonalColumns(table, config.columns.pii, missing, [config.columns.customerId]);
  const piiColumns = piiFindings.map((f) => f.column);
  const numericCols = numericColumnsOf(table, config, keptRows, missing, saved);
  learned.numericColumns = [...numericCols];
  const labelCol = config.columns.label;
  const labelIdx = labelCol ? table.header.indexOf(labelCol) : -1;
  const state: CustomerRows = {
    rows: keptRows,
    ids: keptRows.map((r) => table.rows[r][idIdx].trim()),
    label:
      labelIdx === -1
        ? null
        : recodeText(labelCol as string, keptRows.map((r) => (isMissing(table.rows[r][labelIdx], missing) ? null : table.rows[r][labelIdx].trim())), own(learned.recode, labelCol as string)).values,
    numeric: coerceNumeric(table, numericCols, keptRows, config, missing, tally),
    text: recodeTextColumns(table, (col, idx) => idx === idIdx || numericCols.has(col) || piiColumns.includes(col) || col === labelCol, keptRows, config, missing, learned, tally),
  };
  const extraLedger = joinExtras(state, table, config, extras, missing);
  excludeWithoutConsent(state, table, config, tally);
  const imputed = fillMissing(state, table, config, saved, learned, tally);
  winsoriseColumns(state, config, saved, learned, tally);

  const ids = state.ids;
  // After every row rule (duplicates, consent, drop-if-missing): one value per kept customer, from the file as read.
  const value = customerValue(table, state.rows, config, missing);
  const publicIds = salt === null ? ids.slice() : ids.map((id) => pseudonymise(id, salt));
  if (salt !== null) count(tally.repairs, 'customer ids replaced by salted pseudonyms (privacy.pseudonymise)', ids.length);
  const ledger = customersLedger(table, ids.length, tally);
  // The customer frame is built when first read (notebooks, the workbench), not for the pipeline,
  // which computes on the arrays: about 2.2 s CPU of 8.8 at 1M customers (clean/frame.ts).
  const frameColumns = { [config.columns.customerId]: publicIds, ...state.numeric, ...state.text };
  return withLazyFrame(frameColumns, {
    ids,
    numeric: state.numeric,
    text: state.text,
    piiColumns,
    piiFindings,
    ledger,
    publicIds,
    extraLedger,
    label: state.label,
    imputed,
    value,
    fit: learned,
  });
}

/**
 * `result` with a `frame` getter that builds the Danfo frame of `columns` when first read. Defined
 * here, not in cleanCustomers: a getter there shares that function's closure context, which holds the
 * raw input table its row callbacks read, and kept every raw customer row alive for the whole run
 * (~390 MB at 1M customers, issue 15).
 */
function withLazyFrame(columns: Parameters<typeof buildFrame>[0], result: Omit<CleanCustomers, 'frame'>): CleanCustomers {
  let frame: dfd.DataFrame | null = null;
  return Object.defineProperty(result, 'frame', {
    get(): dfd.DataFrame {
      frame ??= buildFrame(columns);
      return frame;
    },
    enumerable: true,
    configurable: true,
  }) as CleanCustomers;
}
