/**
 * Which columns of a table could hold the customer id: by name (customer_id, CLIENTNUM, ..._id,
 * ..._no) and, for a table of one row per customer, by values (a distinct value on every row,
 * written as a key: same-width numbers or letter-and-digit codes). Used by the role guess and by the
 * "no such column" error, which must never propose an age or an amount because its name is close
 * (trial of 2026-11-29: BankChurners with columns.customerId "customer_id" got "Closest: Customer_Age").
 */

/** A name that ends like an id's: ..._id, ..._key, ..._code, ..._number, ..._no (after lower-casing, spaces as "_"). */
export const ID_LIKE = /(^|_)(id|uuid|guid|key|code|number|no)$/i;
/** Usual names of a customer id column, in the order the role guess prefers them. */
export const ID_NAMES = ['customer_id', 'customerid', 'customer', 'cust_id', 'client_id', 'clientid', 'user_id', 'userid', 'clientnum', 'client_number', 'customer_number', 'cust_no', 'member_id', 'account_id', 'id'];

const norm = (s: string): string => s.toLowerCase().replace(/[\s-]+/g, '_');

/** Names ending like an id's that hold personal data or a place, never a customer id to propose. */
const NOT_AN_ID = /(phone|mobile|tel|fax|card|passport|ssn|iban|zip|post(al)?_?code|house|street)/i;

/** True when the name alone reads as an id's (see ID_LIKE and ID_NAMES; camel case "CustomerID" too). */
export function idLikeName(column: string): boolean {
  const n = norm(column);
  if (NOT_AN_ID.test(n)) return false;
  return ID_LIKE.test(n) || /[a-z]I[Dd]$/.test(column) || ID_NAMES.some((name) => n === name || n.replace(/_/g, '') === name.replace(/_/g, ''));
}

/**
 * Values of a key: at least 100, all distinct, all whole numbers written with the same number (6 or
 * more) of digits, such as BankChurners' CLIENTNUM (768805383, 818770008, ...). Measurements repeat,
 * or vary in length, long before 100 rows.
 */
export function keyLike(values: readonly string[]): boolean {
  if (values.length < 100) return false;
  const width = values[0]?.trim().length ?? 0;
  if (width < 6) return false;
  const seen = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    if (v.length !== width || !/^\d+$/.test(v) || seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

/** At least 20 values, all distinct, each a code of letters and digits with both in it ("C00042", "a1b2-..."), no spaces. */
function codeLike(values: readonly string[]): boolean {
  if (values.length < 20) return false;
  const seen = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(v) || !/[A-Za-z]/.test(v) || !/[0-9]/.test(v) || seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

function allDistinct(values: readonly string[]): boolean {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  return present.length > 0 && new Set(present).size === present.length;
}

/** Why a column could be the customer id: its name only (values not read), its name and no repeated value, or its values alone. */
export type IdEvidence = 'name' | 'name and values' | 'values';

/**
 * The columns that could be a customer id, in header order, with why (`IdEvidence`). In a table of
 * one row per customer an id-named column must have no repeated value, and a column of another
 * name counts when its values are a key (`keyLike` numbers, or distinct letter-and-digit codes).
 * Without `valuesOf` (a source whose rows are not in memory), or in a table of many rows per
 * customer, only names count.
 * @example plausibleIdColumns(['CLIENTNUM', 'Customer_Age'], (j) => rows.map((r) => r[j]), true) // [{ column: 'CLIENTNUM', by: 'name and values' }]
 */
export function plausibleIdColumns(
  header: readonly string[],
  valuesOf: ((j: number) => readonly string[]) | null,
  oneRowPerCustomer: boolean,
): { column: string; by: IdEvidence }[] {
  const out: { column: string; by: IdEvidence }[] = [];
  header.forEach((column, j) => {
    const values = valuesOf && oneRowPerCustomer ? valuesOf(j) : null;
    if (idLikeName(column)) {
      if (!values) out.push({ column, by: 'name' });
      else if (allDistinct(values)) out.push({ column, by: 'name and values' });
    } else if (values && (keyLike(values) || codeLike(values))) out.push({ column, by: 'values' });
  });
  return out;
}
