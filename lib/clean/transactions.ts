import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import { isMissing, missingSet, parseIsoDate, parseNumber } from './coerce';
import type { LedgerEntry } from './types';

/** Cleaned transactions, column-wise. Amounts are net: returns stay in as negative amounts. */
export interface CleanTransactions {
  customerId: string[];
  /** Order time, epoch milliseconds (UTC). */
  time: number[];
  amount: number[];
  /** Rows with a negative amount (returns / cancellations), kept and netted into monetary value. */
  returns: number;
  ledger: LedgerEntry;
}

/**
 * Clean transactions: drop rows without a customer id, with an unreadable date or amount (an error
 * when more than clean.maxUnreadableShare of rows are unreadable: that is a format problem, not
 * dirt), or for a customer that is not in the cleaned customer table. Returns are netted.
 * @param knownCustomers ids kept by cleanCustomers
 * @param allCustomerIds every id that appeared in the raw customers file (to tell "unknown" from "dropped")
 */
export function cleanTransactions(
  table: RawTable,
  config: RunConfig,
  knownCustomers: ReadonlySet<string>,
  allCustomerIds: ReadonlySet<string>,
): CleanTransactions {
  const missing = missingSet(config.clean.missingTokens);
  const idIdx = requireColumn(table, config.columns.customerId, 'columns.customerId');
  const dateIdx = requireColumn(table, config.columns.orderDate, 'columns.orderDate');
  const amountIdx = requireColumn(table, config.columns.amount, 'columns.amount');

  const dropped: Record<string, number> = {};
  const drop = (reason: string): void => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  const badDates: number[] = [];
  const badAmounts: number[] = [];
  let badDateExample = '';
  let badAmountExample = '';
  const out: Pick<CleanTransactions, 'customerId' | 'time' | 'amount'> = { customerId: [], time: [], amount: [] };
  let returns = 0;

  table.rows.forEach((row, r) => {
    const id = row[idIdx].trim();
    if (isMissing(id, missing)) return drop('missing customer id');
    const time = parseIsoDate(row[dateIdx]);
    if (Number.isNaN(time)) {
      badDates.push(table.lines[r]);
      if (!badDateExample) badDateExample = row[dateIdx];
      return drop('unreadable order date');
    }
    const amount = parseNumber(row[amountIdx]);
    if (Number.isNaN(amount)) {
      badAmounts.push(table.lines[r]);
      if (!badAmountExample) badAmountExample = row[amountIdx];
      return drop('unreadable amount');
    }
    if (!knownCustomers.has(id)) {
      return drop(allCustomerIds.has(id) ? 'customer dropped while cleaning customers' : 'customer id not in the customers file');
    }
    if (amount < 0) returns++;
    out.customerId.push(id);
    out.time.push(time);
    out.amount.push(amount);
  });

  const limit = config.clean.maxUnreadableShare * table.rows.length;
  if (badDates.length > limit) {
    throw new SeglabError(
      'clean',
      msg.unparseableValues(table.role, table.file, config.columns.orderDate, badDates.length, table.rows.length, badDates, badDateExample,
        'Dates must be ISO yyyy-mm-dd (optionally with a time); convert the column, or point columns.orderDate at the right column.'),
    );
  }
  if (badAmounts.length > limit) {
    throw new SeglabError(
      'clean',
      msg.unparseableValues(table.role, table.file, config.columns.amount, badAmounts.length, table.rows.length, badAmounts, badAmountExample,
        'Amounts must be numbers ("$1,200" and "1.200,50" are read); fix the values or point columns.amount at the right column.'),
    );
  }
  const ledger: LedgerEntry = {
    source: table.role,
    file: table.file,
    rowsRead: table.rows.length,
    rowsKept: out.customerId.length,
    dropped,
    repairs: {
      ...(returns ? { 'returns (negative amounts) netted into monetary value': returns } : {}),
      ...(table.blankLines ? { 'blank lines skipped (not rows)': table.blankLines } : {}),
    },
  };
  const nDropped = Object.values(dropped).reduce((a, b) => a + b, 0);
  if (ledger.rowsKept + nDropped !== ledger.rowsRead)
    throw new SeglabError('clean', msg.ledgerMismatch(table.role, ledger.rowsRead, ledger.rowsKept, nDropped));
  return { ...out, returns, ledger };
}
