import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import { isMissing, missingSet, parseNumber, sniffDecimal } from './coerce';
import { parseDate, sniffDateOrder } from './dates';
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
  /** 1 where the kept row is a return / cancellation (negative quantity or amount, invoice "C..."). */
  isReturn: number[];
  /** Returns per customer id, counted before clean.returns "drop" removes them (for the return rate). */
  returnsByCustomer: Map<string, number>;
  /** Category per kept row (columns.category), or null when not configured. */
  category: (string | null)[] | null;
  /** Discount per kept row (columns.discount; > 0 means a discount was used), or null. */
  discount: number[] | null;
  /** What was guessed (e.g. the day/month order of dates). */
  notes: string[];
  /** Warnings for the report (rows dated after the as-of date, the id join rate when it is low). Default []. */
  warnings?: string[];
}

/** Amounts beyond this size (either sign) are refused with their row: no order line is worth 10^12. */
export const MAX_ABS_AMOUNT = 1e12;

/** Below this share of rows whose id is in the customers file, the files do not join: an error. */
export const MIN_JOIN_RATE = 0.05;

/** Options of cleanTransactions. */
export interface CleanTransactionsOptions {
  /**
   * Rows dated after this instant (epoch ms) are dropped and counted: features.asOf when declared,
   * else the end of the run's day (a 2099-12-31 typo must not move the observation end).
   */
  notAfter?: number;
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
  options: CleanTransactionsOptions = {},
): CleanTransactions {
  const missing = missingSet(config.clean.missingTokens);
  const cols = config.columns;
  const idIdx = requireColumn(table, config.sources.transactions?.idColumn ?? cols.customerId, 'columns.customerId');
  const dateIdx = requireColumn(table, cols.orderDate, 'columns.orderDate');
  const hasAmount = table.header.includes(cols.amount);
  if (!hasAmount && !(cols.quantity && cols.price)) throw new SeglabError('load', msg.noPriceOrAmount(table.role, table.file, cols.amount, table.header));
  const amountIdx = hasAmount ? table.header.indexOf(cols.amount) : -1;
  const qtyIdx = cols.quantity ? requireColumn(table, cols.quantity, 'columns.quantity') : -1;
  const priceIdx = !hasAmount && cols.price ? requireColumn(table, cols.price, 'columns.price') : -1;
  const invIdx = cols.invoice ? requireColumn(table, cols.invoice, 'columns.invoice') : -1;
  const catIdx = cols.category ? requireColumn(table, cols.category, 'columns.category') : -1;
  const discIdx = cols.discount ? requireColumn(table, cols.discount, 'columns.discount') : -1;

  // Day/month order: declared, or evident from the data; ambiguous is an error.
  const notes: string[] = [];
  let order = cols.dateFormat;
  if (order === 'auto') {
    const sniff = sniffDateOrder(table.rows.map((r) => r[dateIdx]), missing);
    if (sniff.ambiguous) throw new SeglabError('clean', msg.ambiguousDates(table.role, table.file, cols.orderDate, sniff.examples));
    order = sniff.order;
    if (order !== 'ymd') notes.push(msg.dateOrderGuessed(cols.orderDate, order, sniff.examples));
  }

  // Decimal separator: declared, or one reading for the whole column; a mix is an error.
  const decimal = cols.decimal;
  if (!decimal) {
    const sniffCols = hasAmount ? [amountIdx] : [priceIdx];
    for (const j of sniffCols) {
      const sniff = sniffDecimal(table.rows.map((r) => r[j]));
      if (sniff.ambiguous) throw new SeglabError('clean', msg.ambiguousDecimal(table.role, table.file, table.header[j], sniff.examples));
    }
  }
  const asOfLimit = config.features.asOf ? Date.parse(`${config.features.asOf}T00:00:00Z`) + 86_400_000 - 1 : options.notAfter;
  const asOfText = asOfLimit === undefined ? '' : new Date(asOfLimit).toISOString().slice(0, 10);
  let future = 0;
  let idsSeen = 0;
  let idsFound = 0;
  let latestFuture = '';
  let latestFutureTime = -Infinity;
  const dropped: Record<string, number> = {};
  const drop = (reason: string): void => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  const badDates: number[] = [];
  const badAmounts: number[] = [];
  let badDateExample = '';
  let badAmountExample = '';
  const out: Pick<CleanTransactions, 'customerId' | 'time' | 'amount'> = { customerId: [], time: [], amount: [] };
  const returnFlags: number[] = [];
  const category: (string | null)[] | null = catIdx === -1 ? null : [];
  const discount: number[] | null = discIdx === -1 ? null : [];
  const returnsByCustomer = new Map<string, number>();
  let returns = 0;
  let cancelled = 0;
  const dropReturns = config.clean.returns === 'drop';

  table.rows.forEach((row, r) => {
    const id = row[idIdx].trim();
    if (isMissing(id, missing)) return drop('missing customer id');
    idsSeen++;
    if (allCustomerIds.has(id)) idsFound++;
    const time = parseDate(row[dateIdx], order);
    if (Number.isNaN(time)) {
      badDates.push(table.lines[r]);
      if (!badDateExample) badDateExample = row[dateIdx];
      return drop('unreadable order date');
    }
    if (asOfLimit !== undefined && time > asOfLimit) {
      future++;
      if (time > latestFutureTime) {
        latestFutureTime = time;
        latestFuture = row[dateIdx].trim();
      }
      return drop(msg.futureReason(asOfText));
    }
    const quantity = qtyIdx === -1 ? NaN : parseNumber(row[qtyIdx], decimal);
    const amount = hasAmount ? parseNumber(row[amountIdx], decimal) : quantity * parseNumber(row[priceIdx], decimal);
    if (Math.abs(amount) > MAX_ABS_AMOUNT) return drop(msg.absurdAmountReason(MAX_ABS_AMOUNT));
    if (Number.isNaN(amount)) {
      badAmounts.push(table.lines[r]);
      if (!badAmountExample) badAmountExample = hasAmount ? row[amountIdx] : `${row[qtyIdx]} x ${row[priceIdx]}`;
      return drop('unreadable amount');
    }
    if (!knownCustomers.has(id)) {
      return drop(allCustomerIds.has(id) ? 'customer dropped while cleaning customers' : 'customer id not in the customers file');
    }
    const invoiceCancelled = invIdx !== -1 && /^\s*C/i.test(row[invIdx]);
    const isReturn = amount < 0 || quantity < 0 || invoiceCancelled;
    if (isReturn) {
      returnsByCustomer.set(id, (returnsByCustomer.get(id) ?? 0) + 1);
      if (invoiceCancelled) cancelled++;
      if (dropReturns) return drop('return / cancellation (clean.returns: drop)');
      returns++;
    }
    out.customerId.push(id);
    out.time.push(time);
    // A cancellation line with a positive amount is a refund all the same: net it.
    out.amount.push(isReturn && amount > 0 ? -amount : amount);
    returnFlags.push(isReturn ? 1 : 0);
    if (category) category.push(isMissing(row[catIdx], missing) ? null : row[catIdx].trim());
    if (discount) {
      const d = parseNumber(row[discIdx]);
      discount.push(Number.isNaN(d) ? 0 : d);
    }
  });

  // Do the files join? Rows with an id, against those whose id is in the customers file at all.
  const withId = idsSeen;
  const matched = idsFound;
  const warnings: string[] = [];
  if (withId > 0 && matched / withId < MIN_JOIN_RATE) {
    const theirs = [...new Set(table.rows.slice(0, 200).map((r) => r[idIdx].trim()).filter((id) => id && !allCustomerIds.has(id)))].slice(0, 3);
    throw new SeglabError('clean', msg.idsDoNotJoin(table.role, table.file, cols.customerId, matched, withId, theirs, [...allCustomerIds].slice(0, 3)));
  }
  if (matched < withId) warnings.push(msg.joinRate(table.role, matched, withId));
  if (future > 0) warnings.push(msg.futureRowsDropped(table.role, cols.orderDate, future, asOfText, latestFuture));
  const limit = config.clean.maxUnreadableShare * table.rows.length;
  if (badDates.length > limit) {
    throw new SeglabError(
      'clean',
      msg.unparseableValues(table.role, table.file, cols.orderDate, badDates.length, table.rows.length, badDates, badDateExample,
        'Dates must be ISO yyyy-mm-dd (optionally with a time), or dd/mm/yyyy / mm/dd/yyyy with columns.dateFormat "dmy" / "mdy"; convert the column, or point columns.orderDate at the right column.'),
    );
  }
  if (badAmounts.length > limit) {
    throw new SeglabError(
      'clean',
      msg.unparseableValues(table.role, table.file, hasAmount ? cols.amount : `${cols.quantity} x ${cols.price}`, badAmounts.length, table.rows.length, badAmounts, badAmountExample,
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
      ...(cancelled ? { [`cancellations (${cols.invoice} starting "C") counted as returns`]: cancelled } : {}),
      ...(table.blankLines ? { 'blank lines skipped (not rows)': table.blankLines } : {}),
    },
  };
  const nDropped = Object.values(dropped).reduce((a, b) => a + b, 0);
  if (ledger.rowsKept + nDropped !== ledger.rowsRead)
    throw new SeglabError('clean', msg.ledgerMismatch(table.role, ledger.rowsRead, ledger.rowsKept, nDropped));
  return { ...out, returns, ledger, isReturn: returnFlags, returnsByCustomer, category, discount, notes, warnings };
}
