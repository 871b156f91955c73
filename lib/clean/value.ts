/**
 * The value measure of a customers file without order lines (profile.valueColumns): per customer,
 * the sum of the listed amount columns as read from the file, before any cleaning rule that fills
 * or clips feature values (a median filled in, or a winsorised amount, is not money a customer
 * spent). Missing, out-of-range (clean.ranges) and negative amounts count as 0, and are counted so
 * the run can say how many. Unreadable amounts are missing when rare and an error (file, column,
 * rows, fix) when more than clean.maxUnreadableShare of the customers have one, as for features.
 */
import type { RunConfig } from '../config/types';
import type { RawTable } from '../load/csv';
import { SeglabError, msg } from '../errors/messages';
import { isMissing, parseNumber } from './coerce';

/** Per customer the value, and per column what was counted as 0. */
export interface CustomerValue {
  columns: string[];
  /** Sum of the columns' amounts per kept customer (same order as the cleaned customers), >= 0. */
  values: number[];
  /** Per column and customer: 0 an amount counted, 1 missing (absent, unreadable or outside clean.ranges), 2 negative; both count as 0. */
  status: Uint8Array[];
}

/**
 * Per value column, how many of the customers `rows` (indexes into the value's customers) had a
 * missing or negative amount counted as 0; columns with none are left out.
 * @example zeroedAmounts(value, segmentedRows) // [{ column: 'Fresh', missing: 3, negative: 0 }]
 */
export function zeroedAmounts(value: CustomerValue, rows: readonly number[]): { column: string; missing: number; negative: number }[] {
  return value.columns
    .map((column, c) => {
      let missing = 0;
      let negative = 0;
      for (const r of rows) {
        const s = value.status[c][r];
        if (s === 1) missing++;
        else if (s === 2) negative++;
      }
      return { column, missing, negative };
    })
    .filter((c) => c.missing > 0 || c.negative > 0);
}

/**
 * The value of each kept customer (`rows`: the raw row index of each, in order), or null when
 * profile.valueColumns is empty.
 * @example customerValue(table, [0, 1], config, missingSet(['']))?.values // e.g. [120.5, 0]
 */
export function customerValue(table: RawTable, rows: readonly number[], config: RunConfig, missing: Set<string>): CustomerValue | null {
  const columns = config.profile.valueColumns;
  if (columns.length === 0) return null;
  const values = new Array<number>(rows.length).fill(0);
  const status = columns.map((column) => {
    const idx = table.header.indexOf(column);
    const range = config.clean.ranges[column];
    const codes = new Uint8Array(rows.length);
    const badLines: number[] = [];
    let example = '';
    rows.forEach((r, i) => {
      const raw = table.rows[r][idx];
      if (isMissing(raw, missing)) {
        codes[i] = 1;
        return;
      }
      const v = parseNumber(raw);
      if (Number.isNaN(v)) {
        codes[i] = 1;
        badLines.push(table.lines[r]);
        if (!example) example = raw;
      } else if (range && (v < range[0] || v > range[1])) codes[i] = 1;
      else if (v < 0) codes[i] = 2;
      else values[i] += v;
    });
    if (badLines.length > config.clean.maxUnreadableShare * rows.length) {
      throw new SeglabError(
        'clean',
        msg.unparseableValues(table.role, table.file, column, badLines.length, rows.length, badLines, example, `List only amount columns under profile.valueColumns, add such tokens to clean.missingTokens, or fix the values.`),
      );
    }
    return codes;
  });
  return { columns: columns.slice(), values, status };
}
