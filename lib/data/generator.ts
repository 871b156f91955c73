/**
 * Deterministic synthetic retail data with planted segments and documented dirt: the bundled
 * demo, test fixtures and large benchmarks.
 *
 *   options -> segment quotas (stream "data/segments")
 *           -> per block of customers: clean facts (stream "data/customers", behaviour.ts)
 *                                      + dirt (stream "data/dirt", dirt.ts)
 *           -> rows of customers.csv / transactions.csv / truth.csv + exact dirt counts
 *
 * Everything is drawn from streams derived from the one seed, block by block, so 1M customers
 * stream to disk in bounded memory and the same seed gives the same rows. The dirt stream is
 * separate, so dirt=false gives the same customers, segments and purchases without the dirt.
 */
import { stageRng, type Rng } from '../random/rng';
import { fail, msg } from '../errors/messages';
import { SEGMENTS, type SegmentSpec } from './segments';
import { drawCustomer, type OrderFacts } from './behaviour';
import {
  addSummaries,
  customerDirtSamplers,
  customerRow,
  drawCustomerDirt,
  duplicateRow,
  emptySummary,
  NO_DIRT,
  type CustomerDirt,
  orphanOrders,
  returnOf,
  DIRT_RATES,
} from './dirt';
import { isoDayFormatter, isoToDay, quotas, sortByDay } from './sampling';
import type { CustomerRow, DirtSummary, RetailBlock, RetailOptions, RetailOptionsInput, TransactionRow, TruthRow } from './types';

/** A seeded, re-runnable source of the rows; every method starts a fresh pass from the seed. */
export interface RetailGenerator {
  /** The options with defaults filled in. */
  readonly options: RetailOptions;
  /** The planted segments (names and planned shares). */
  readonly segments: readonly SegmentSpec[];
  /** Blocks of `blockCustomers` customers with their transactions, truth and dirt counts. */
  blocks(): Generator<RetailBlock, void, undefined>;
  /** Rows of customers.csv, in file order. */
  customerRows(): Generator<CustomerRow, void, undefined>;
  /** Rows of transactions.csv, in file order. */
  transactionRows(): Generator<TransactionRow, void, undefined>;
  /** Rows of truth.csv (one per distinct customer). */
  truthRows(): Generator<TruthRow, void, undefined>;
  /** Exact counts of rows and dirt (one full pass; nothing is kept in memory). */
  summary(): DirtSummary;
}

/** Every row of a run in memory: for tests and small fixtures only. */
export interface RetailTables {
  customers: CustomerRow[];
  transactions: TransactionRow[];
  truth: TruthRow[];
  dirt: DirtSummary;
}

/** Fill defaults and check the options; throws a SeglabError naming the bad option. */
export function resolveRetailOptions(input: RetailOptionsInput): RetailOptions {
  const { customers, seed } = input;
  const asOf = input.asOf ?? '2025-12-31';
  const dirt = input.dirt ?? true;
  const blockCustomers = input.blockCustomers ?? 5000;
  if (!Number.isInteger(customers) || customers < 1 || customers > 50_000_000)
    fail('data', msg.dataOptionInvalid('customers', customers, 'an integer from 1 to 50,000,000'));
  if (!Number.isInteger(seed)) fail('data', msg.dataOptionInvalid('seed', seed, 'an integer'));
  if (Number.isNaN(isoToDay(asOf))) fail('data', msg.dataOptionInvalid('asOf', asOf, 'a real date yyyy-mm-dd'));
  if (typeof dirt !== 'boolean') fail('data', msg.dataOptionInvalid('dirt', dirt, 'true or false'));
  if (!Number.isInteger(blockCustomers) || blockCustomers < 1)
    fail('data', msg.dataOptionInvalid('blockCustomers', blockCustomers, 'an integer >= 1'));
  return { customers, seed, asOf, dirt, blockCustomers };
}

/** A transaction before invoice numbers are given (they follow date order within a block). */
interface PendingRow {
  order: OrderFacts;
  customerId: string;
  /** For a return: the purchase it returns. */
  returns: PendingRow | null;
  invoice: number;
}

/** Segment index of each customer: exact quotas in seeded random order, one byte per customer. */
function plannedSegments(n: number, rng: Rng): Uint8Array {
  const counts = quotas(n, SEGMENTS.map((s) => s.share));
  const segmentOf = new Uint8Array(n);
  for (let s = 0, at = 0; s < counts.length; s++) segmentOf.fill(s, at, (at += counts[s]));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = segmentOf[i];
    segmentOf[i] = segmentOf[j];
    segmentOf[j] = t;
  }
  return segmentOf;
}

function* generateBlocks(options: RetailOptions): Generator<RetailBlock, void, undefined> {
  const n = options.customers;
  const asOfDay = isoToDay(options.asOf);
  const idWidth = Math.max(6, String(2 * n).length);
  const idOf = (k: number) => `C${String(k).padStart(idWidth, '0')}`;

  // Exact segment sizes, in seeded random order over customer ids.
  const segmentOf = plannedSegments(n, stageRng(options.seed, 'data/segments'));

  const factsRng = stageRng(options.seed, 'data/customers');
  const dirtRng = stageRng(options.seed, 'data/dirt');
  const samplers = customerDirtSamplers(n);
  const isoOf = isoDayFormatter();
  let nextInvoice = 100_001;
  let nextOrphan = n + 1;

  for (let start = 0; start < n; start += options.blockCustomers) {
    const end = Math.min(n, start + options.blockCustomers);
    const customers: CustomerRow[] = [];
    const duplicates: CustomerRow[] = [];
    const truth: TruthRow[] = [];
    const pending: PendingRow[] = [];
    const dirt = emptySummary();
    const countCustomerRow = (row: CustomerRow, d: CustomerDirt) => {
      dirt.customerRows++;
      if (d.incomeMissingToken !== null) {
        dirt.incomeMissing++;
        const key = d.incomeMissingToken === '' ? '(empty)' : d.incomeMissingToken;
        dirt.incomeMissingByToken[key] = (dirt.incomeMissingByToken[key] ?? 0) + 1;
      }
      if (d.incomeFormatted) dirt.incomeFormatted++;
      if (d.impossibleAge !== null) dirt.impossibleAge++;
      return row;
    };

    for (let i = start; i < end; i++) {
      const segment = segmentOf[i];
      const facts = drawCustomer(factsRng, SEGMENTS[segment], segment, idOf(i + 1), asOfDay);
      truth.push({ customer_id: facts.id, segment: SEGMENTS[segment].name });
      dirt.customers++;
      const d = options.dirt ? drawCustomerDirt(dirtRng, samplers) : NO_DIRT;
      const row = countCustomerRow(customerRow(facts, d), d);
      customers.push(row);
      if (d.duplicate !== null) {
        duplicates.push(countCustomerRow(duplicateRow(dirtRng, row, d.duplicate), d));
        dirt.duplicateCustomerRows++;
        if (d.duplicate === 'exact') dirt.duplicateCustomerRowsExact++;
        else dirt.duplicateCustomerRowsUpdated++;
      }
      for (const order of facts.orders) {
        const purchase: PendingRow = { order, customerId: facts.id, returns: null, invoice: 0 };
        pending.push(purchase);
        if (!options.dirt) continue;
        if (dirtRng.next() < DIRT_RATES.missingCustomerId) {
          purchase.customerId = '';
          dirt.missingCustomerId++;
        }
        if (dirtRng.next() < DIRT_RATES.returns) {
          pending.push({ order: returnOf(dirtRng, order, asOfDay), customerId: facts.id, returns: purchase, invoice: 0 });
          dirt.returns++;
        }
      }
      if (d.orphan) {
        const orphanId = idOf(nextOrphan++);
        for (const order of orphanOrders(dirtRng, asOfDay)) {
          pending.push({ order, customerId: orphanId, returns: null, invoice: 0 });
          dirt.orphanTransactions++;
        }
        dirt.orphanCustomerIds++;
      }
    }

    const byDate = sortByDay(pending, (row) => row.order.day);
    for (const row of byDate) if (row.returns === null) row.invoice = nextInvoice++;
    const transactions = byDate.map(
      (row): TransactionRow => ({
        invoice_no: row.returns === null ? String(row.invoice) : `C${row.returns.invoice}`,
        customer_id: row.customerId,
        order_date: isoOf(row.order.day),
        amount: row.order.amount.toFixed(2),
        quantity: String(row.order.quantity),
        category: row.order.category,
      }),
    );
    dirt.transactionRows = transactions.length;
    yield { customers: customers.concat(duplicates), transactions, truth, dirt };
  }
}

/**
 * A deterministic generator of retail customers and transactions with six planted segments.
 * Nothing is generated until a method is called; each call is a fresh pass from the seed.
 * @param input customers (>= 1), seed (integer), asOf (default "2025-12-31"), dirt (default true),
 *   blockCustomers (default 5000).
 * @example for (const row of generateRetail({ customers: 1000, seed: 7 }).customerRows()) console.log(row.customer_id)
 */
export function generateRetail(input: RetailOptionsInput): RetailGenerator {
  const options = resolveRetailOptions(input);
  const blocks = () => generateBlocks(options);
  return {
    options,
    segments: SEGMENTS,
    blocks,
    *customerRows() {
      for (const block of blocks()) yield* block.customers;
    },
    *transactionRows() {
      for (const block of blocks()) yield* block.transactions;
    },
    *truthRows() {
      for (const block of blocks()) yield* block.truth;
    },
    summary() {
      let total = emptySummary();
      for (const block of blocks()) total = addSummaries(total, block.dirt);
      return total;
    },
  };
}

/**
 * Every row of a run, in memory (one pass). For tests and fixtures up to ~100k customers;
 * use `writeRetailCsv` or `blocks()` beyond that.
 * @example const { customers, transactions, truth, dirt } = generateRetailTables({ customers: 500, seed: 1 })
 */
export function generateRetailTables(input: RetailOptionsInput): RetailTables {
  const tables: RetailTables = { customers: [], transactions: [], truth: [], dirt: emptySummary() };
  for (const block of generateRetail(input).blocks()) {
    for (const row of block.customers) tables.customers.push(row);
    for (const row of block.transactions) tables.transactions.push(row);
    for (const row of block.truth) tables.truth.push(row);
    tables.dirt = addSummaries(tables.dirt, block.dirt);
  }
  return tables;
}
