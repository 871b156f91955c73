/**
 * Types of the synthetic retail generator (`generateRetail`): options, the rows of the three
 * files it writes (customers.csv, transactions.csv, truth.csv) and the exact dirt counts.
 */

/** What a caller passes to `generateRetail`; missing fields get their defaults. */
export interface RetailOptionsInput {
  /** Number of distinct customers (rows in truth.csv). Integer >= 1. */
  customers: number;
  /** The one seed; every draw comes from streams derived from it. Integer. */
  seed: number;
  /** Reference date, ISO yyyy-mm-dd; no order is later than the day before. Default "2025-12-31". */
  asOf?: string;
  /** Inject documented dirt (duplicates, bad incomes, returns, ...). Default true. */
  dirt?: boolean;
  /**
   * Customers generated per block. Transactions are sorted by date within a block, so output
   * depends on it; memory grows with it. Default 5000 (the 2,000-customer demo is one block).
   */
  blockCustomers?: number;
}

/** Options with every default filled in. */
export interface RetailOptions {
  customers: number;
  seed: number;
  asOf: string;
  dirt: boolean;
  blockCustomers: number;
}

/** One row of customers.csv, as written (every field is text, dirt included). */
export interface CustomerRow {
  customer_id: string;
  signup_date: string;
  email: string;
  gender: string;
  age: string;
  region: string;
  income: string;
  marital_status: string;
  consent_marketing: string;
}

/** One row of transactions.csv, as written. */
export interface TransactionRow {
  invoice_no: string;
  customer_id: string;
  order_date: string;
  amount: string;
  quantity: string;
  category: string;
}

/** One row of truth.csv: the planted segment of each distinct customer. */
export interface TruthRow {
  customer_id: string;
  segment: string;
}

/** Column order of each file. */
export const CUSTOMER_COLUMNS: readonly (keyof CustomerRow)[] = [
  'customer_id',
  'signup_date',
  'email',
  'gender',
  'age',
  'region',
  'income',
  'marital_status',
  'consent_marketing',
];
export const TRANSACTION_COLUMNS: readonly (keyof TransactionRow)[] = [
  'invoice_no',
  'customer_id',
  'order_date',
  'amount',
  'quantity',
  'category',
];
export const TRUTH_COLUMNS: readonly (keyof TruthRow)[] = ['customer_id', 'segment'];

/**
 * Exact counts of what was written, dirt by kind. Counts are of rows in the files: a duplicated
 * customer row that copies a bad income counts once more under `incomeMissing`.
 */
export interface DirtSummary {
  /** Distinct customers (= rows of truth.csv). */
  customers: number;
  /** Rows of customers.csv (= customers + duplicateCustomerRows). */
  customerRows: number;
  /** Rows of transactions.csv, returns and orphans included. */
  transactionRows: number;
  /** Extra customer rows repeating an id already written (exact copies + updated copies). */
  duplicateCustomerRows: number;
  /** ...of which identical to the first row of that id. */
  duplicateCustomerRowsExact: number;
  /** ...of which with one field changed (email, region or consent). */
  duplicateCustomerRowsUpdated: number;
  /** Customer rows whose income is "", "n/a" or "?". */
  incomeMissing: number;
  /** The same, by token ("" is counted under "(empty)"). */
  incomeMissingByToken: Record<string, number>;
  /** Customer rows whose income is currency-formatted, e.g. "$52,300". */
  incomeFormatted: number;
  /** Customer rows with an impossible age (<= 0 or > 120). */
  impossibleAge: number;
  /** Transaction rows with an empty customer_id. */
  missingCustomerId: number;
  /** Return rows: invoice_no "C<original invoice>", negative quantity and amount. */
  returns: number;
  /** Transaction rows whose customer_id is not in customers.csv (ids above the customer range). */
  orphanTransactions: number;
  /** Distinct customer ids of those orphan rows. */
  orphanCustomerIds: number;
}

/** One block of generated rows (`blockCustomers` customers and their transactions). */
export interface RetailBlock {
  customers: CustomerRow[];
  transactions: TransactionRow[];
  truth: TruthRow[];
  /** Counts for this block alone; `addSummaries` over all blocks gives the run's DirtSummary. */
  dirt: DirtSummary;
}
