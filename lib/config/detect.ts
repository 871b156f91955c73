import type { RawTable } from '../load/csv';
import { isMissing, missingSet, parseIsoDate, parseNumber } from '../clean/coerce';
import { detectPiiColumns } from '../clean/pii';
import { DEFAULTS } from './validate';

/** Column roles guessed from names and contents, for runs started with flags instead of a config. */
export interface DetectedRoles {
  customerId: string | null;
  orderDate: string | null;
  amount: string | null;
  /** Protected attributes found by name (gender, sex, age, race, ...). */
  protected: string[];
  /** Personal data found by name or content (e-mails, phones, names, addresses). */
  pii: string[];
  /** Numeric customer columns that are neither id, protected, PII nor dates: candidate features. */
  numericFeatures: string[];
}

const ID_NAMES = ['customer_id', 'customerid', 'customer', 'cust_id', 'client_id', 'clientid', 'user_id', 'userid', 'id'];
const DATE_NAMES = ['order_date', 'orderdate', 'invoicedate', 'invoice_date', 'date', 'transaction_date', 'purchase_date', 'timestamp', 'time'];
const AMOUNT_NAMES = ['amount', 'total', 'revenue', 'sales', 'value', 'spend', 'price', 'order_value'];
const PROTECTED = /^(gender|sex|age|race|ethnicity|ethnic_group|religion|nationality|native_country|marital_status|marital|disability)$/i;

const norm = (s: string): string => s.toLowerCase().replace(/[\s-]+/g, '_');

function byName(header: readonly string[], names: readonly string[]): string | null {
  for (const n of names) {
    const hit = header.find((h) => norm(h) === n || norm(h).replace(/_/g, '') === n.replace(/_/g, ''));
    if (hit) return hit;
  }
  return null;
}

function shareOf(table: RawTable, col: string, test: (v: string) => boolean, missing: Set<string>): number {
  const idx = table.header.indexOf(col);
  let seen = 0;
  let ok = 0;
  for (const row of table.rows) {
    const v = row[idx];
    if (isMissing(v, missing)) continue;
    seen++;
    if (test(v)) ok++;
    if (seen >= 500) break;
  }
  return seen ? ok / seen : 0;
}

/**
 * Guess column roles: ids, dates and amounts by name (then by content for dates and amounts),
 * protected attributes by name, PII by name and content, numeric candidate features by content.
 * @example detectRoles(customers, transactions).customerId // "customer_id"
 */
export function detectRoles(customers: RawTable, transactions: RawTable): DetectedRoles {
  const missing = missingSet(DEFAULTS.clean.missingTokens);
  const shared = customers.header.filter((h) => transactions.header.includes(h));
  const customerId = byName(shared, ID_NAMES) ?? byName(customers.header, ID_NAMES);
  const orderDate =
    byName(transactions.header, DATE_NAMES) ??
    transactions.header.find((h) => shareOf(transactions, h, (v) => !Number.isNaN(parseIsoDate(v)), missing) > 0.9) ??
    null;
  const amount = byName(transactions.header, AMOUNT_NAMES);
  const pii = detectPiiColumns(customers, [], missing).filter((c) => c !== customerId);
  const protectedCols = customers.header.filter((h) => PROTECTED.test(norm(h)));
  const numericFeatures = customers.header.filter(
    (h) =>
      h !== customerId &&
      !pii.includes(h) &&
      !protectedCols.includes(h) &&
      shareOf(customers, h, (v) => Number.isNaN(parseIsoDate(v)) && !Number.isNaN(parseNumber(v)), missing) > 0.9,
  );
  return { customerId, orderDate, amount, protected: protectedCols, pii, numericFeatures };
}
