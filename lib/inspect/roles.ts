import type { RawTable } from '../load/csv';
import type { RunConfigInput } from '../config/types';
import { isMissing, missingSet, parseIsoDate, parseNumber } from '../clean/coerce';
import { detectPiiColumns } from '../clean/pii';
import { DEFAULTS } from '../config/validate';
import { isBirthDateName, isBirthYearName } from '../clean/birth-year';
import { ID_LIKE, ID_NAMES, keyLike } from '../load/id-columns';

/** Column roles guessed from names and contents, for runs started with flags instead of a config. */
export interface DetectedRoles {
  customerId: string | null;
  orderDate: string | null;
  amount: string | null;
  /** Protected attributes found by name (gender, sex, age, race, ..., a year of birth such as Year_Birth). */
  protected: string[];
  /** Personal data found by name or content (e-mails, phones, names, addresses). */
  pii: string[];
  /** Numeric customer columns that are neither id, protected, PII nor dates: candidate features. */
  numericFeatures: string[];
  /** The outcome column found by name (churn, exited, response, ...): never a feature. Default null. */
  label?: string | null;
  /** True when a customers-only file has no id column and its rows are numbered as "row_id" instead (set by lib/inspect/inputs.ts). */
  rowNumbered?: boolean;
  /** Numeric features whose values look like codes (whole numbers from 1, 3 to 30 of them, a name that is no count): averaged, they mean nothing. Default []. */
  codeLike?: string[];
  /** Text columns with 2..20 distinct values (in the sample) that no role took: candidates for features.categoricalColumns. Default []. */
  textCategories?: { column: string; levels: number }[];
  /** Columns that are not features, with why (id-like, row number, outcome). Default []. */
  notFeatures?: { column: string; reason: string }[];
  /** The complete config input the run was resolved from (set by lib/inspect/inputs.ts), printed so it can be pasted and rerun. */
  config?: RunConfigInput;
}

const ROW_NUMBER = /^(row_?(number|num|no|id)?|rownum|index|idx|unnamed_?0?|_?id|#|n|no|nr)$/i;
// An outcome word, alone or with a flag-like suffix (BankChurners' Attrition_Flag).
const OUTCOME = /^(churn|churned|exited|attrition|attrited|response|responded|converted|conversion|target|label|outcome|class|y|default|is_churn|has_churned)(_(flag|ind|indicator|label))?$/i;

/**
 * The role a column's name alone gives away, or null: a row number (name, or the values 1..n / 0..n-1
 * in order), an id (name ending in id / key / number / no, or distinct integers in increasing order), the outcome.
 */
export function nameRole(col: string): 'outcome' | 'row number' | 'id' | null {
  const n = col.toLowerCase().replace(/[\s-]+/g, '_');
  return OUTCOME.test(n) ? 'outcome' : ROW_NUMBER.test(n) ? 'row number' : ID_LIKE.test(n) ? 'id' : null;
}

/** Why a numeric column of `table` cannot be a feature (see nameRole), by name or by its values. */
export function notFeatureReason(table: RawTable, col: string, outcome: string | null): string | null {
  if (col === outcome || OUTCOME.test(norm(col))) return 'outcome';
  if (ROW_NUMBER.test(norm(col))) return 'row number';
  if (ID_LIKE.test(norm(col))) return 'id';
  const idx = table.header.indexOf(col);
  const values = table.rows.map((r) => r[idx]);
  if (values.length >= 20) {
    const nums = values.map(Number);
    if (nums.every((v, i) => v === i + 1) || nums.every((v, i) => v === i)) return 'row number';
    // Distinct integers in increasing order: a surrogate key, not a measurement.
    if (nums.every((v, i) => Number.isInteger(v) && (i === 0 || v > nums[i - 1]))) return 'id';
  }
  if (keyLike(values)) return 'id';
  return null;
}

// A name that marks a column as an id; unlike ID_LIKE, not "code" (a postcode is no customer's id).
const ID_NAME = /(^|_)(id|uuid|guid|key|number|no)$/;

/** Every value present and distinct (at least 20 of them): a column that can key the rows. */
function distinctValues(values: readonly string[], missing: Set<string>): boolean {
  if (values.length < 20) return false;
  const seen = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    if (isMissing(v, missing) || seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

// A name that says the numbers are counted or measured (NumWebPurchases, Kidhome, Total_Relationship_Count).
// Tested word by word ("OperatingSystems" is "operating systems", not "rating").
const COUNT_WORD = /^(num|count|number|total|qty|quantity|size|visit|purchase|page|day|month|year|age|child|kid|home|item|order|time|duration|amount|mnt|score|rating)/;
const isCountName = (name: string): boolean =>
  name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).some((word) => COUNT_WORD.test(word));

/**
 * Values of a code (UCI Online Shoppers' Browser 1..13, OperatingSystems 1..8, TrafficType 1..20): whole
 * numbers from 1, between 3 and 30 of them, no 0, under a name that is not a count's. A flags run makes
 * such a column a numeric feature and the report then averages it ("Browser 2.42 on average").
 */
function looksLikeCode(name: string, values: readonly string[], missing: Set<string>): boolean {
  if (isCountName(name)) return false;
  const seen = new Set<number>();
  for (const raw of values) {
    if (isMissing(raw, missing)) continue;
    const v = Number(raw.trim());
    if (!Number.isInteger(v) || v < 1) return false;
    seen.add(v);
    if (seen.size > 30) return false;
  }
  return seen.size >= 3;
}

/** A text column with more distinct values than this is not proposed as a categorical feature. */
const MAX_CATEGORY_LEVELS = 20;

const DATE_NAMES = ['order_date', 'orderdate', 'invoicedate', 'invoice_date', 'date', 'transaction_date', 'purchase_date', 'timestamp', 'time'];
const AMOUNT_NAMES = ['amount', 'total', 'revenue', 'sales', 'value', 'spend', 'price', 'order_value'];
// Alone, or after a word for the person (BankChurners' Customer_Age): "account_age" is no person's age.
const PROTECTED = /^((customer|client|cust|user|member|person|applicant|holder|cardholder|employee|patient)_)?(gender|sex|age|race|ethnicity|ethnic_group|religion|nationality|native_country|marital_status|marital|disability)$/i;

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
export function detectRoles(customers: RawTable, transactions: RawTable | null): DetectedRoles {
  const missing = missingSet(DEFAULTS.clean.missingTokens);
  if (!transactions) transactions = { ...customers, header: [], rows: [], lines: [] };
  const shared = customers.header.filter((h) => (transactions as RawTable).header.includes(h));
  // By name, else the first customers column whose values are a key (trial of 2026-11-29: BankChurners'
  // CLIENTNUM was proposed as a clustering feature, and the run then stopped for want of "customer_id").
  // Then a column named as an id (session_id, visitor_key...) whose values are all distinct (trial of
  // 2026-11-29: a session_id column was set aside as "id" and the run then stopped for want of "customer_id").
  const piiByName = detectPiiColumns(customers, [], missing);
  const sample = (h: string): string[] => customers.rows.slice(0, 5000).map((r) => r[customers.header.indexOf(h)] ?? '');
  const customerId =
    byName(shared, ID_NAMES) ??
    byName(customers.header, ID_NAMES) ??
    customers.header.find((h) => keyLike(sample(h))) ??
    customers.header.find((h) => ID_NAME.test(norm(h)) && !piiByName.includes(h) && distinctValues(sample(h), missing)) ??
    null;
  const orderDate =
    byName(transactions.header, DATE_NAMES) ??
    transactions.header.find((h) => shareOf(transactions, h, (v) => !Number.isNaN(parseIsoDate(v)), missing) > 0.9) ??
    null;
  const amount = byName(transactions.header, AMOUNT_NAMES);
  const pii = piiByName.filter((c) => c !== customerId);
  // A year of birth is an age in another form (Year_Birth, birth_year, yob): protected, never a feature.
  // A date of birth (dob, date_of_birth, birthdate) counts when its values are years.
  const yearLike = (v: string): boolean => /^\d{4}$/.test(v.trim()) && +v >= 1800 && +v <= 2200;
  const birthYear = (h: string): boolean => !pii.includes(h) && (isBirthYearName(h) || isBirthDateName(h)) && shareOf(customers, h, yearLike, missing) > 0.9;
  const protectedCols = customers.header.filter((h) => PROTECTED.test(norm(h)) || birthYear(h));
  const numericFeatures = customers.header.filter(
    (h) =>
      h !== customerId &&
      !pii.includes(h) &&
      !protectedCols.includes(h) &&
      shareOf(customers, h, (v) => Number.isNaN(parseIsoDate(v)) && !Number.isNaN(parseNumber(v)), missing) > 0.9,
  );
  const label = customers.header.find((h) => h !== customerId && OUTCOME.test(norm(h))) ?? null;
  const notFeatures: { column: string; reason: string }[] = [];
  const features = numericFeatures.filter((h) => {
    const reason = notFeatureReason(customers, h, label);
    if (reason) notFeatures.push({ column: h, reason });
    return reason === null;
  });
  // Text columns of a few levels (UCI Online Shoppers' Month, VisitorType, Weekend) are not features of a
  // flags run; the terminal names them so they are not left out unseen.
  const textCategories = customers.header
    .filter((h) => h !== customerId && h !== label && !pii.includes(h) && !protectedCols.includes(h) && !numericFeatures.includes(h) && !notFeatures.some((x) => x.column === h))
    .filter((h) => shareOf(customers, h, (v) => Number.isNaN(parseIsoDate(v)) && Number.isNaN(parseNumber(v)), missing) > 0.9)
    .map((h) => ({ column: h, levels: new Set(customers.rows.map((r) => (r[customers.header.indexOf(h)] ?? '').trim()).filter((v) => !isMissing(v, missing))).size }))
    .filter((c) => c.levels >= 2 && c.levels <= MAX_CATEGORY_LEVELS);
  const codeLike = features.filter((h) => looksLikeCode(h, customers.rows.slice(0, 5000).map((r) => r[customers.header.indexOf(h)] ?? ''), missing));
  return { customerId, orderDate, amount, protected: protectedCols, pii, numericFeatures: features, label, notFeatures, textCategories, codeLike };
}
