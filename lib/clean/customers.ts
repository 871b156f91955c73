import * as dfd from 'danfojs-node';
import { ss } from '../stats/simple-statistics';
import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import { isMissing, missingSet, parseNumber } from './coerce';
import type { LedgerEntry } from './types';
import { detectPiiColumns } from './pii';

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
  /** The customer-level Danfo DataFrame notebooks explore: id + numeric + text columns, no PII. */
  frame: dfd.DataFrame;
  ledger: LedgerEntry;
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
export function cleanCustomers(table: RawTable, config: RunConfig): CleanCustomers {
  const missing = missingSet(config.clean.missingTokens);
  const idIdx = requireColumn(table, config.columns.customerId, 'columns.customerId');
  for (const col of config.features.customerColumns) requireColumn(table, col, 'features.customerColumns');
  for (const col of config.fairness.protected) {
    if (!table.header.includes(col)) throw new SeglabError('clean', msg.protectedMissing(col, table.header));
  }
  for (const col of config.columns.pii) requireColumn(table, col, 'columns.pii');

  const dropped: Record<string, number> = {};
  const repairs: Record<string, number> = {};
  const count = (bag: Record<string, number>, reason: string, n = 1): void => {
    if (n > 0) bag[reason] = (bag[reason] ?? 0) + n;
  };

  // 1. Rows without an id are dropped; duplicated ids keep their last row.
  const lastRowOf = new Map<string, number>();
  let withId = 0;
  table.rows.forEach((row, r) => {
    const id = row[idIdx].trim();
    if (isMissing(id, missing)) {
      count(dropped, DROP_MISSING_ID);
      return;
    }
    withId++;
    lastRowOf.set(id, r);
  });
  if (withId === 0) throw new SeglabError('clean', msg.noIdValues(table.role, table.file, config.columns.customerId));
  count(dropped, DROP_DUPLICATE, withId - lastRowOf.size);
  let keptRows = [...lastRowOf.values()].sort((a, b) => a - b);

  // 2. Which columns are what.
  const piiColumns = detectPiiColumns(table, config.columns.pii, missing);
  const numericCols = new Set(config.features.customerColumns);
  for (const col of config.fairness.protected) {
    const idx = table.header.indexOf(col);
    if (looksNumeric(keptRows.map((r) => table.rows[r][idx]), missing)) numericCols.add(col);
  }
  for (const col of Object.keys(config.clean.ranges)) {
    if (table.header.includes(col)) numericCols.add(col);
  }

  // 3. Coerce numeric columns; unreadable values become missing when rare, else a clear error.
  const numericAll: Record<string, (number | null)[]> = {};
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

  // 4. Missing feature values: drop the row, or fill with the column median.
  const featureCols = config.features.customerColumns;
  if (config.clean.numericMissing === 'drop') {
    const keep = keptRows.map((_, i) => featureCols.every((c) => numericAll[c][i] !== null));
    const nDrop = keep.filter((k) => !k).length;
    count(dropped, 'missing value in a feature column', nDrop);
    keptRows = keptRows.filter((_, i) => keep[i]);
    for (const col of Object.keys(numericAll)) numericAll[col] = numericAll[col].filter((_, i) => keep[i]);
  } else {
    for (const col of featureCols) {
      const present = numericAll[col].filter((v): v is number => v !== null);
      if (present.length === 0) throw new SeglabError('clean', msg.noFeatures());
      const median = ss.median(present);
      const nMissing = numericAll[col].length - present.length;
      count(repairs, `${col}: missing filled with median ${Number(median.toPrecision(6))}`, nMissing);
      numericAll[col] = numericAll[col].map((v) => (v === null ? median : v));
    }
  }

  // 5. Text columns: everything else but the id and PII.
  const text: Record<string, (string | null)[]> = {};
  table.header.forEach((col, idx) => {
    if (idx === idIdx || numericCols.has(col) || piiColumns.includes(col)) return;
    text[col] = keptRows.map((r) => {
      const raw = table.rows[r][idx].trim();
      return isMissing(raw, missing) ? null : raw;
    });
  });

  const ids = keptRows.map((r) => table.rows[r][idIdx].trim());
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

  const frameData: Record<string, (string | number | null)[]> = { [config.columns.customerId]: ids.slice() };
  for (const [col, values] of Object.entries(numericAll)) frameData[col] = values.slice();
  for (const [col, values] of Object.entries(text)) frameData[col] = values.slice();
  const frame = new dfd.DataFrame(frameData);
  return { ids, numeric: numericAll, text, piiColumns, frame, ledger };
}
