/**
 * The documented dirt of the synthetic retail data: which kinds, how often, and how each one
 * looks in the files. Customer-level dirt is injected in exact numbers (sequential selection
 * sampling, so it streams); transaction-level dirt is a per-row coin flip.
 */
import type { Rng } from '../random/rng';
import type { CustomerFacts, OrderFacts } from './behaviour';
import type { CustomerRow, DirtSummary } from './types';
import { CATEGORIES } from './segments';
import { REGIONS } from './people';
import { dayToIso, lognormal, pick, poisson, uniformInt } from './sampling';

/** Rates of each kind of dirt. Customer kinds are shares of customers (exact, at least 1 each). */
export const DIRT_RATES = {
  /** Customers whose row appears twice (half exact copies, half with one field updated). */
  duplicateCustomers: 0.01,
  /** Customers with income "", "n/a" or "?". */
  incomeMissing: 0.02,
  /** Customers with income written like "$52,300". */
  incomeFormatted: 0.006,
  /** Customers with an impossible age (see IMPOSSIBLE_AGES). */
  impossibleAge: 0.002,
  /** Unknown customers (ids above the customer range) who place 1 + Poisson(2) orders. */
  orphanCustomers: 0.002,
  /** Per purchase row: customer_id left empty. */
  missingCustomerId: 0.005,
  /** Per purchase: followed by a (partial) return row. */
  returns: 0.02,
} as const;

/** Tokens used for a missing income, in the order they are drawn. */
export const MISSING_INCOME_TOKENS: readonly string[] = ['', 'n/a', '?'];
/** Ages that cannot be right. */
export const IMPOSSIBLE_AGES: readonly number[] = [150, 0, -1, 199, 999];

/** Exact number of customers to receive each customer-level dirt kind, for n customers. */
export interface DirtTargets {
  duplicate: number;
  incomeMissing: number;
  incomeFormatted: number;
  impossibleAge: number;
  orphan: number;
}

/** Targets for n customers: round(rate * n), at least 1, missing + formatted <= n. */
export function dirtTargets(n: number): DirtTargets {
  const at = (rate: number, cap: number) => Math.min(cap, Math.max(1, Math.round(rate * n)));
  const incomeMissing = at(DIRT_RATES.incomeMissing, n);
  return {
    duplicate: at(DIRT_RATES.duplicateCustomers, n),
    incomeMissing,
    incomeFormatted: at(DIRT_RATES.incomeFormatted, n - incomeMissing),
    impossibleAge: at(DIRT_RATES.impossibleAge, n),
    orphan: at(DIRT_RATES.orphanCustomers, n),
  };
}

/**
 * Sequential selection sampling (Knuth's algorithm S, several disjoint classes): called once per
 * item, it returns the class index picked for that item or -1, so that over `total` calls each
 * class c is picked exactly counts[c] times.
 */
export function selectionSampler(total: number, counts: readonly number[]): (rng: Rng) => number {
  const left = counts.slice();
  let itemsLeft = total;
  return (rng) => {
    let u = rng.next() * itemsLeft;
    itemsLeft--;
    for (let c = 0; c < left.length; c++) {
      if (u < left[c]) {
        left[c]--;
        return c;
      }
      u -= left[c];
    }
    return -1;
  };
}

/** The dirt decided for one customer. */
export interface CustomerDirt {
  incomeMissingToken: string | null;
  incomeFormatted: boolean;
  impossibleAge: number | null;
  duplicate: 'exact' | 'updated' | null;
  orphan: boolean;
}

/** No dirt at all (dirt=false). */
export const NO_DIRT: CustomerDirt = { incomeMissingToken: null, incomeFormatted: false, impossibleAge: null, duplicate: null, orphan: false };

/** Samplers deciding customer-level dirt over a whole run of n customers. */
export interface CustomerDirtSamplers {
  income: (rng: Rng) => number;
  age: (rng: Rng) => number;
  duplicate: (rng: Rng) => number;
  orphan: (rng: Rng) => number;
}

export function customerDirtSamplers(n: number): CustomerDirtSamplers {
  const t = dirtTargets(n);
  return {
    income: selectionSampler(n, [t.incomeMissing, t.incomeFormatted]),
    age: selectionSampler(n, [t.impossibleAge]),
    duplicate: selectionSampler(n, [t.duplicate]),
    orphan: selectionSampler(n, [t.orphan]),
  };
}

/** Decide the next customer's dirt (draws from `rng` in a fixed order). */
export function drawCustomerDirt(rng: Rng, samplers: CustomerDirtSamplers): CustomerDirt {
  const income = samplers.income(rng);
  const age = samplers.age(rng);
  const duplicate = samplers.duplicate(rng);
  const orphan = samplers.orphan(rng);
  return {
    incomeMissingToken: income === 0 ? pick(rng, MISSING_INCOME_TOKENS) : null,
    incomeFormatted: income === 1,
    impossibleAge: age === 0 ? pick(rng, IMPOSSIBLE_AGES) : null,
    duplicate: duplicate === 0 ? (rng.next() < 0.5 ? 'exact' : 'updated') : null,
    orphan: orphan === 0,
  };
}

/** "$52,300" style. */
function formatCurrency(value: number): string {
  return `$${Math.round(value).toLocaleString('en-US')}`;
}

/** The customers.csv row of a customer, with its dirt applied. */
export function customerRow(facts: CustomerFacts, dirt: CustomerDirt): CustomerRow {
  const income =
    dirt.incomeMissingToken !== null ? dirt.incomeMissingToken : dirt.incomeFormatted ? formatCurrency(facts.income) : String(facts.income);
  return {
    customer_id: facts.id,
    signup_date: dayToIso(facts.signupDay),
    email: facts.email,
    gender: facts.gender,
    age: String(dirt.impossibleAge ?? facts.age),
    region: facts.region,
    income,
    marital_status: facts.maritalStatus,
    consent_marketing: facts.consent ? 'yes' : 'no',
  };
}

/** A later copy of `row`; 'updated' changes one field as a CRM re-import would (email case, region, consent). */
export function duplicateRow(rng: Rng, row: CustomerRow, kind: 'exact' | 'updated'): CustomerRow {
  if (kind === 'exact') return { ...row };
  switch (rng.int(3)) {
    case 0:
      return { ...row, email: row.email.charAt(0).toUpperCase() + row.email.slice(1) };
    case 1:
      return { ...row, region: pick(rng, REGIONS.filter((r) => r !== row.region)) };
    default:
      return { ...row, consent_marketing: row.consent_marketing === 'yes' ? 'no' : 'yes' };
  }
}

/** A return of part of `order`: same category, up to 30 days later (never on or after asOf). */
export function returnOf(rng: Rng, order: OrderFacts, asOfDay: number): OrderFacts {
  const returned = uniformInt(rng, 1, order.quantity);
  return {
    day: Math.min(asOfDay - 1, order.day + uniformInt(rng, 0, 30)),
    category: order.category,
    quantity: -returned,
    amount: -Math.max(0.5, Math.round((order.amount * returned * 100) / order.quantity) / 100),
  };
}

/** Orders of an unknown (orphan) customer: 1 + Poisson(2) small orders in the last two years. */
export function orphanOrders(rng: Rng, asOfDay: number): OrderFacts[] {
  const count = 1 + poisson(rng, 2);
  return Array.from({ length: count }, () => ({
    day: uniformInt(rng, asOfDay - 730, asOfDay - 1),
    category: pick(rng, CATEGORIES),
    quantity: 1 + poisson(rng, 1),
    amount: Math.max(0.5, Math.round(lognormal(rng, 40, 0.8) * 100) / 100),
  }));
}

/** A summary with every count at zero. */
export function emptySummary(): DirtSummary {
  return {
    customers: 0,
    customerRows: 0,
    transactionRows: 0,
    duplicateCustomerRows: 0,
    duplicateCustomerRowsExact: 0,
    duplicateCustomerRowsUpdated: 0,
    incomeMissing: 0,
    incomeMissingByToken: {},
    incomeFormatted: 0,
    impossibleAge: 0,
    missingCustomerId: 0,
    returns: 0,
    orphanTransactions: 0,
    orphanCustomerIds: 0,
  };
}

/** The sum of two summaries (a new object). */
export function addSummaries(a: DirtSummary, b: DirtSummary): DirtSummary {
  const tokens: Record<string, number> = { ...a.incomeMissingByToken };
  for (const [k, v] of Object.entries(b.incomeMissingByToken)) tokens[k] = (tokens[k] ?? 0) + v;
  return {
    customers: a.customers + b.customers,
    customerRows: a.customerRows + b.customerRows,
    transactionRows: a.transactionRows + b.transactionRows,
    duplicateCustomerRows: a.duplicateCustomerRows + b.duplicateCustomerRows,
    duplicateCustomerRowsExact: a.duplicateCustomerRowsExact + b.duplicateCustomerRowsExact,
    duplicateCustomerRowsUpdated: a.duplicateCustomerRowsUpdated + b.duplicateCustomerRowsUpdated,
    incomeMissing: a.incomeMissing + b.incomeMissing,
    incomeMissingByToken: tokens,
    incomeFormatted: a.incomeFormatted + b.incomeFormatted,
    impossibleAge: a.impossibleAge + b.impossibleAge,
    missingCustomerId: a.missingCustomerId + b.missingCustomerId,
    returns: a.returns + b.returns,
    orphanTransactions: a.orphanTransactions + b.orphanTransactions,
    orphanCustomerIds: a.orphanCustomerIds + b.orphanCustomerIds,
  };
}
