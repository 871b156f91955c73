import type * as dfd from 'danfojs-node';
import type { ExtraSourceRole, MissingRule, RunConfig } from '../config/types';
import { EXTRA_SOURCE_ROLES } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import { isMissing, missingSet, parseNumber } from './coerce';
import { parseDate } from './dates';
import { buildFrame } from './frame';
import { joinSource } from './join';
import { consentGiven, pseudonymise, pseudonymSalt } from './privacy';
import { fillNumeric, fillText, missingIndicator, recodeText, winsorise } from './rules';
import type { LedgerEntry } from './types';
import { detectPersonalColumns, type PiiFinding } from './pii';
import { postcodeArea } from '../features/geographic';
import { dict } from '../io/dict';

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
  /** Per numeric column, true for the rows whose value was filled in by a missing-value rule (missing by design or by accident). Default {}. */
  imputed?: Record<string, boolean[]>;
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

/**
 * Clean the customers table: drop rows without an id, keep the last row of each duplicated id,
 * coerce numeric columns (feature columns, and protected columns that look numeric), null out
 * implausible values (clean.ranges), fill or drop missing feature values (clean.numericMissing),
 * and remove PII columns. Every dropped row and every repaired value is counted in the ledger.
 * The input table is not modified.
 * @example const c = cleanCustomers(readDelimited('customers.csv', 'customers'), config);
 */
export function cleanCustomers(
  table: RawTable,
  config: RunConfig,
  extras: Partial<Record<ExtraSourceRole, RawTable>> = {},
  env: NodeJS.ProcessEnv = process.env,
): CleanCustomers {
  const missing = missingSet(config.clean.missingTokens);
  const salt = pseudonymSalt(config.privacy, env);
  const idIdx = requireColumn(table, config.columns.customerId, 'columns.customerId');
  // Feature columns may also come from a per-customer source (surveys, web): checked after the join.
  const extraHeaders = new Set(EXTRA_SOURCE_ROLES.flatMap((role) => extras[role]?.header ?? []));
  for (const col of config.features.customerColumns) if (!extraHeaders.has(col)) requireColumn(table, col, 'features.customerColumns');
  for (const col of config.fairness.protected) {
    if (!table.header.includes(col)) throw new SeglabError('clean', msg.protectedMissing(col, table.header));
  }
  for (const col of config.columns.pii) requireColumn(table, col, 'columns.pii');
  if (config.columns.updatedAt) requireColumn(table, config.columns.updatedAt, 'columns.updatedAt');
  if (config.columns.label) requireColumn(table, config.columns.label, 'columns.label');

  const dropped: Record<string, number> = {};
  const repairs: Record<string, number> = {};
  const count = (bag: Record<string, number>, reason: string, n = 1): void => {
    if (n > 0) bag[reason] = (bag[reason] ?? 0) + n;
  };

  // 1. Rows without an id are dropped; duplicated ids keep their latest row (by columns.updatedAt,
  // ties and unreadable times to the later row in the file), or their last row in the file.
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
      count(dropped, DROP_MISSING_ID);
      return;
    }
    withId++;
    const prev = lastRowOf.get(id);
    if (prev === undefined || timeIdx === -1 || timeOf(r) >= timeOf(prev)) lastRowOf.set(id, r);
  });
  if (withId === 0) throw new SeglabError('clean', msg.noIdValues(table.role, table.file, config.columns.customerId));
  count(dropped, timeIdx === -1 ? DROP_DUPLICATE : `duplicate customer id (kept the latest by ${config.columns.updatedAt})`, withId - lastRowOf.size);
  let keptRows = [...lastRowOf.values()].sort((a, b) => a - b);

  // 2. Which columns are what.
  const piiFindings = detectPersonalColumns(table, config.columns.pii, missing, [config.columns.customerId]);
  const piiColumns = piiFindings.map((f) => f.column);
  const numericCols = new Set(config.features.customerColumns.filter((c) => table.header.includes(c)));
  for (const col of config.fairness.protected) {
    const idx = table.header.indexOf(col);
    if (looksNumeric(keptRows.map((r) => table.rows[r][idx]), missing)) numericCols.add(col);
  }
  const numericHint = [...Object.keys(config.clean.ranges), ...Object.keys(config.clean.winsorise), ...Object.keys(config.features.bands)];
  for (const col of numericHint) {
    if (table.header.includes(col)) numericCols.add(col);
  }
  // Distances of the geographic criterion (features.geographic.distanceBands) are numbers too.
  for (const col of Object.keys(config.features.geographic?.distanceBands ?? {})) if (table.header.includes(col)) numericCols.add(col);
  for (const [col, rule] of Object.entries(config.clean.missing)) {
    const idx = table.header.indexOf(col);
    if (idx !== -1 && rule !== 'mode' && !(typeof rule === 'object' && typeof rule.constant === 'string') && looksNumeric(keptRows.map((r) => table.rows[r][idx]), missing))
      numericCols.add(col);
  }
  if (config.columns.label) numericCols.delete(config.columns.label);

  // 3. Coerce numeric columns; unreadable values become missing when rare, else a clear error.
  const numericAll: Record<string, (number | null)[]> = dict();
  for (const col of numericCols) {
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
          `Add such tokens to clean.missingTokens, fix the values, or drop "${col}" from the config.`,
        ),
      );
    }
    count(repairs, `${col}: unreadable value set to missing`, badRows.length);
    if (range) count(repairs, `${col}: outside plausible range [${range[0]}, ${range[1]}], set to missing`, outOfRange);
    numericAll[col] = values;
  }

  // 4. Text columns: everything else but the id, the label and PII; recoded, junk to "other".
  let text: Record<string, (string | null)[]> = dict();
  table.header.forEach((col, idx) => {
    if (idx === idIdx || numericCols.has(col) || piiColumns.includes(col) || col === config.columns.label) return;
    const values = keptRows.map((r) => {
      const raw = table.rows[r][idx].trim();
      return isMissing(raw, missing) ? null : raw;
    });
    const rec = recodeText(col, values, config.clean.recode[col], config.clean.allowedValues[col]);
    count(repairs, `${col}: recoded by clean.recode`, rec.recoded);
    count(repairs, `${col}: value outside clean.allowedValues grouped into "other"`, rec.junk);
    text[col] = rec.values;
  });
  // The geographic criterion's postcode area, derived before a full postcode (personal data) is dropped.
  const postcode = config.features.geographic?.postcode;
  const postcodeIdx = postcode ? table.header.indexOf(postcode) : -1;
  if (postcode && postcodeIdx !== -1) {
    text[`${postcode}_area`] = keptRows.map((r) => {
      const raw = table.rows[r][postcodeIdx].trim();
      return isMissing(raw, missing) ? null : postcodeArea(raw, config.features.geographic.postcodeDigits);
    });
  }
  const labelIdx = config.columns.label ? table.header.indexOf(config.columns.label) : -1;
  let label: (string | null)[] | null =
    labelIdx === -1
      ? null
      : recodeText(config.columns.label as string, keptRows.map((r) => (isMissing(table.rows[r][labelIdx], missing) ? null : table.rows[r][labelIdx].trim())), config.clean.recode[config.columns.label as string]).values;
  let rawIds = keptRows.map((r) => table.rows[r][idIdx].trim());

  // 5. Join the optional sources on the customer id.
  const extraLedger: LedgerEntry[] = [];
  for (const role of EXTRA_SOURCE_ROLES) {
    const extra = extras[role];
    if (!extra) continue;
    const existing = new Set([...table.header, ...Object.keys(numericAll), ...Object.keys(text)]);
    const idColumn = config.sources[role]?.idColumn ?? config.columns.customerId;
    const joined = joinSource(role, extra, rawIds, existing, config.columns, idColumn, missing);
    Object.assign(numericAll, joined.numeric);
    text = Object.assign(dict<(string | null)[]>(), text, joined.text);
    extraLedger.push(joined.ledger);
  }

  // Keep rows where keep[i]; drop the others for `reason` (every per-row array follows).
  const keepRows = (keep: boolean[], reason: string): void => {
    count(dropped, reason, keep.filter((k) => !k).length);
    keptRows = keptRows.filter((_, i) => keep[i]);
    rawIds = rawIds.filter((_, i) => keep[i]);
    if (label) label = label.filter((_, i) => keep[i]);
    for (const col of Object.keys(numericAll)) numericAll[col] = numericAll[col].filter((_, i) => keep[i]);
    for (const col of Object.keys(text)) text[col] = text[col].filter((_, i) => keep[i]);
  };

  // 6. Marketing consent: customers who did not opt in are excluded (by rule) and counted.
  const consentCol = config.columns.consent;
  if (consentCol && config.clean.excludeWithoutConsent) {
    const values = text[consentCol] ?? text[`consent_${consentCol}`] ?? numericAll[consentCol]?.map((v) => (v === null ? null : String(v)));
    if (!values) throw new SeglabError('clean', msg.consentColumnMissing(consentCol, [...table.header, ...Object.keys(text), ...Object.keys(numericAll)]));
    keepRows(values.map((v) => consentGiven(v)), `no marketing consent (${consentCol}; clean.excludeWithoutConsent)`);
  }

  // 7. Missing values: per-column rule (clean.missing), else clean.numericMissing for features.
  const missingFeature = config.features.customerColumns.find((c) => !(c in numericAll));
  if (missingFeature !== undefined) {
    if (missingFeature in text) throw new SeglabError('features', msg.featureNotNumeric(missingFeature, String(text[missingFeature].find((v) => v !== null) ?? '')));
    requireColumn(table, missingFeature, 'features.customerColumns');
  }
  const imputed: Record<string, boolean[]> = {};
  const featureCols = config.features.customerColumns;
  const ruleOf = (col: string): MissingRule | undefined => config.clean.missing[col] ?? (featureCols.includes(col) ? config.clean.numericMissing : undefined);
  const dropCols = Object.keys(numericAll).filter((c) => ruleOf(c) === 'drop');
  const dropText = Object.keys(text).filter((c) => ruleOf(c) === 'drop');
  if (dropCols.length || dropText.length) {
    const keep = keptRows.map((_, i) => dropCols.every((c) => numericAll[c][i] !== null) && dropText.every((c) => text[c][i] !== null));
    const explicit = [...dropCols, ...dropText].some((c) => config.clean.missing[c] === 'drop');
    keepRows(keep, explicit ? `missing value in ${[...dropCols, ...dropText].join(', ')} (clean.missing: drop)` : 'missing value in a feature column');
  }
  for (const col of Object.keys(numericAll)) {
    const rule = ruleOf(col);
    if (rule === undefined || rule === 'drop') continue;
    if (featureCols.includes(col) && numericAll[col].every((v) => v === null)) throw new SeglabError('clean', msg.noFeatures());
    if (rule === 'indicator') numericAll[`${col}_missing`] = missingIndicator(numericAll[col]);
    if (numericAll[col].some((v) => v === null)) imputed[col] = numericAll[col].map((v) => v === null);
    const filled = fillNumeric(col, numericAll[col], rule);
    count(repairs, filled.reason, filled.changed);
    numericAll[col] = filled.values;
  }
  for (const col of Object.keys(text)) {
    const rule = config.clean.missing[col];
    if (rule === undefined || rule === 'drop') continue;
    if (rule === 'indicator') {
      numericAll[`${col}_missing`] = missingIndicator(text[col]);
      continue;
    }
    const filled = fillText(col, text[col], rule === 'median' ? 'mode' : rule);
    count(repairs, filled.reason, filled.changed);
    text[col] = filled.values;
  }

  // 8. Outliers: winsorise by rule, counted.
  for (const [col, rule] of Object.entries(config.clean.winsorise)) {
    if (!(col in numericAll)) continue;
    const w = winsorise(col, numericAll[col], rule);
    count(repairs, w.reason, w.changed);
    numericAll[col] = w.values;
  }

  const ids = rawIds;
  const publicIds = salt === null ? ids.slice() : ids.map((id) => pseudonymise(id, salt));
  if (salt !== null) count(repairs, 'customer ids replaced by salted pseudonyms (privacy.pseudonymise)', ids.length);
  const rowsDropped = Object.values(dropped).reduce((a, b) => a + b, 0);
  const ledger: LedgerEntry = {
    source: table.role,
    file: table.file,
    rowsRead: table.rows.length,
    rowsKept: ids.length,
    dropped,
    repairs: table.blankLines ? { ...repairs, 'blank lines skipped (not rows)': table.blankLines } : repairs,
  };
  if (ledger.rowsKept + rowsDropped !== ledger.rowsRead)
    throw new SeglabError('clean', msg.ledgerMismatch(table.role, ledger.rowsRead, ledger.rowsKept, rowsDropped));

  const frame = buildFrame({ [config.columns.customerId]: publicIds, ...numericAll, ...text });
  return { ids, numeric: numericAll, text, piiColumns, piiFindings, frame, ledger, publicIds, extraLedger, label, imputed };
}
