import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import { isMissing, missingSet, parseNumber } from './coerce';
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
    if (order !== 'ymd') notes.push(`${cols.orderDate}: dates read as ${order} (guessed from values such as ${sniff.examples.map((e) => `"${e}"`).join(', ')})`);
  }

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
    const time = parseDate(row[dateIdx], order);
    if (Number.isNaN(time)) {
      badDates.push(table.lines[r]);
      if (!badDateExample) badDateExample = row[dateIdx];
      return drop('unreadable order date');
    }
    const quantity = qtyIdx === -1 ? NaN : parseNumber(row[qtyIdx]);
    const amount = hasAmount ? parseNumber(row[amountIdx]) : quantity * parseNumber(row[priceIdx]);
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
  return { ...out, returns, ledger, isReturn: returnFlags, returnsByCustomer, category, discount, notes };
}
