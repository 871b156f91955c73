/**
 * Personal-data detection at ingest, on every source's columns, with validated detectors:
 * e-mail addresses (whole values or inside free text), phone numbers (validated with
 * libphonenumber-js), IBANs (ISO 13616 mod-97 checksum), payment-card numbers (Luhn checksum and
 * an issuer prefix), names (only when declared, or when the column is clearly named so), postal
 * codes (named columns whose values hold digits) and dates of birth (named columns whose values
 * are full dates; a birth-year column stays usable). Plain decimals (3202.467416) and dates
 * are never taken for phone or card numbers.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { RawTable } from '../load/csv';
import { isMissing } from './coerce';

/** Why a column is personal. */
export type PiiReason = 'declared' | 'name' | 'postal-code' | 'date-of-birth' | 'email' | 'phone' | 'iban' | 'card' | 'free-text';

/** One personal column: its name, why, and how many scanned values matched (never the values). */
export interface PiiFinding {
  column: string;
  reason: PiiReason;
  /** Values scanned (up to the scan limit) and values that matched the detector. */
  scanned: number;
  matched: number;
  /** A masked example of a matching value ("a***********m"), or null for declared/named columns. */
  example: string | null;
}

const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN_IN_TEXT = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const CARD_IN_TEXT = /(?<![\d.])(?:\d[ -]?){12,18}\d(?![\d.])/g;
const PHONE_IN_TEXT = /(?<![\w+])\+\d[\d ().-]{6,18}\d(?!\w)/g;
/** A plain decimal or integer with an optional sign, exponent or thousands commas: a quantity, never a phone or card. */
const PLAIN_NUMBER = /^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$/;
const DATE_LIKE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T].*)?$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;
const PHONE_SHAPE = /^\+?[\d\s().\-/]{7,22}$/;
/** Regions tried for national-format numbers; only numbers with a trunk prefix (leading 0) are tried, see `isPhone`. */
const REGIONS: CountryCode[] = ['GB', 'DE', 'FR', 'NL', 'IT', 'ES', 'BE', 'AT', 'CH', 'IE', 'AU', 'IN'];

const PII_NAMES = /(^|_|\b)(e-?mail|phone|mobile|tel|telephone|first_?name|last_?name|full_?name|given_?name|family_?name|sur_?name|customer_?name|client_?name|contact_?name|address|street|ssn|passport|iban|card_?number)(_|\b|$)/i;
const CAMEL_NAMES = /^(firstName|lastName|fullName|givenName|familyName|surName|Surname|customerName|clientName|contactName|phoneNumber|emailAddress)$/;
/** Postal-code names: personal only when the values look like postal codes (they hold digits). */
const POSTAL_NAMES = /(^|_|\b)(post_?code|postal_?code|zip|zip_?code)(_|\b|$)/i;

/**
 * Date-of-birth names: personal only when the values are full dates (day, month and year); a
 * column of years ("Year_Birth", "birth_year": 1972) is a birth year, read as an age.
 */
const BIRTH_DATE_NAMES = /(^|_|\b)(dob|d_o_b|date_?of_?birth|birth_?date|birthdate|birthday|date_?naissance|geburtsdatum|fecha_?nacimiento)(_|\b|$)/i;
const CAMEL_BIRTH_DATE = /^(dateOfBirth|DateOfBirth|birthDate|BirthDate|birthDay|BirthDay|DOB|Dob)$/;
/** A full date as files write them: 1967-05-04, 1967/5/4, 04.05.1967, 4/5/67 (time of day allowed after an ISO date). */
const FULL_DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T].*)?$|^\d{1,2}[-/.]\d{1,2}[-/.](\d{2}|\d{4})$/;

/** "anna@example.com" -> "a**************m": enough to find the row, not enough to leak it. */
export function maskValue(value: string): string {
  return value.length <= 2 ? '*'.repeat(value.length) : `${value[0]}${'*'.repeat(value.length - 2)}${value[value.length - 1]}`;
}

/** ISO 13616 IBAN: country, check digits, then mod-97 of the rearranged number equals 1. */
export function isIban(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** Luhn checksum of a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A payment-card number: 13-19 digits (spaces or dashes allowed), a known issuer prefix and a valid Luhn checksum. */
export function isCardNumber(raw: string): boolean {
  if (!/^\d[\d -]{11,22}\d$/.test(raw)) return false;
  const digits = raw.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  // Visa, Mastercard (51-55, 2221-2720), Amex, Discover, JCB, Diners.
  if (!/^(4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|35|30[0-5]|36|38)/.test(digits)) return false;
  return luhnValid(digits);
}

/**
 * A phone number, validated with libphonenumber-js: international numbers ("+44 20 7946 0018",
 * "0044...") in any layout; national numbers only when they keep a trunk prefix ("020 7946 0018",
 * "07700900457"), since a bare 10-digit integer is as likely an account number as a phone.
 * Plain decimals and dates are never phones.
 */
export function isPhone(raw: string): boolean {
  const v = raw.trim();
  // A decimal ("3202.467416", "1,234.5") is a quantity; a bare digit string goes on to the prefix rules below.
  if (!PHONE_SHAPE.test(v) || (!/^\+?\d+$/.test(v) && PLAIN_NUMBER.test(v)) || DATE_LIKE.test(v)) return false;
  const digits = v.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (v.startsWith('+') || v.startsWith('00')) {
    const p = parsePhoneNumberFromString(v.startsWith('00') ? `+${v.slice(2)}` : v);
    return p !== undefined && p.isValid();
  }
  if (!digits.startsWith('0')) return false;
  return REGIONS.some((region) => parsePhoneNumberFromString(v, region)?.isValid() === true);
}

/** Every validated e-mail, IBAN, card or international phone number inside a free-text value. */
export function personalValuesInText(text: string): { kind: 'email' | 'iban' | 'card' | 'phone'; value: string }[] {
  const out: { kind: 'email' | 'iban' | 'card' | 'phone'; value: string }[] = [];
  for (const m of text.matchAll(EMAIL_IN_TEXT)) out.push({ kind: 'email', value: m[0] });
  for (const m of text.matchAll(IBAN_IN_TEXT)) if (isIban(m[0])) out.push({ kind: 'iban', value: m[0] });
  for (const m of text.matchAll(CARD_IN_TEXT)) if (isCardNumber(m[0].trim())) out.push({ kind: 'card', value: m[0].trim() });
  for (const m of text.matchAll(PHONE_IN_TEXT)) if (isPhone(m[0])) out.push({ kind: 'phone', value: m[0] });
  return out;
}

/** Values scanned per column (the first non-missing ones). */
export const PII_SCAN_LIMIT = 5000;

/**
 * Personal columns of a table, with the reason and counts for each. A column is personal when
 * declared (columns.pii), clearly named (email, phone, first_name, surname, address...), a
 * postcode/zip column holding digits, or when at least half its scanned values are e-mails,
 * phones, IBANs or card numbers; a text column with any e-mail, IBAN, card or international
 * phone number inside its values is personal free text. `skip` columns (the customer id) are
 * not scanned.
 * @example detectPersonalColumns(table, ['Surname'], missingSet([''])).map((f) => f.column) // ['Surname', 'email']
 */
export function detectPersonalColumns(table: RawTable, declared: readonly string[], missing: Set<string>, skip: readonly string[] = []): PiiFinding[] {
  const findings: PiiFinding[] = [];
  table.header.forEach((col, idx) => {
    if (declared.includes(col)) {
      findings.push({ column: col, reason: 'declared', scanned: 0, matched: 0, example: null });
      return;
    }
    if (skip.includes(col)) return;
    if (PII_NAMES.test(col) || CAMEL_NAMES.test(col)) {
      findings.push({ column: col, reason: 'name', scanned: 0, matched: 0, example: null });
      return;
    }
    const postal = POSTAL_NAMES.test(col);
    const birthDate = BIRTH_DATE_NAMES.test(col) || CAMEL_BIRTH_DATE.test(col);
    let scanned = 0;
    let withDigits = 0;
    let fullDates = 0;
    const whole = { email: 0, phone: 0, iban: 0, card: 0 };
    const firstOf: Partial<Record<keyof typeof whole | 'free-text', string>> = {};
    let inText = 0;
    for (const row of table.rows) {
      const v = (row[idx] ?? '').trim();
      if (isMissing(v, missing)) continue;
      scanned++;
      if (/\d/.test(v)) withDigits++;
      if (birthDate && FULL_DATE.test(v)) fullDates++;
      const kind: keyof typeof whole | null = EMAIL.test(v) ? 'email' : isIban(v) ? 'iban' : isCardNumber(v) ? 'card' : isPhone(v) ? 'phone' : null;
      if (kind) {
        whole[kind]++;
        firstOf[kind] ??= v;
      } else if (v.length > 8 && !PLAIN_NUMBER.test(v)) {
        const found = personalValuesInText(v);
        if (found.length) {
          inText++;
          firstOf['free-text'] ??= found[0].value;
        }
      }
      if (scanned >= PII_SCAN_LIMIT) break;
    }
    if (scanned === 0) return;
    const best = (Object.keys(whole) as (keyof typeof whole)[]).sort((a, b) => whole[b] - whole[a])[0];
    const example = (v: string | undefined): string | null => (v === undefined ? null : maskValue(v));
    if (whole[best] / scanned >= 0.5) findings.push({ column: col, reason: best, scanned, matched: whole[best], example: example(firstOf[best]) });
    else if (postal && withDigits / scanned >= 0.5) findings.push({ column: col, reason: 'postal-code', scanned, matched: withDigits, example: null });
    else if (birthDate && fullDates / scanned >= 0.5) findings.push({ column: col, reason: 'date-of-birth', scanned, matched: fullDates, example: null });
    else if (inText + whole.email + whole.iban > 0) {
      // E-mails and IBANs are specific enough that one is evidence; a lone Luhn-valid number is not.
      const matched = inText + whole.email + whole.iban;
      findings.push({ column: col, reason: 'free-text', scanned, matched, example: example(firstOf['free-text'] ?? firstOf[best]) });
    }
  });
  const order = new Map(table.header.map((c, i) => [c, i]));
  return findings.sort((a, b) => (order.get(a.column) as number) - (order.get(b.column) as number));
}

/**
 * Names of the personal columns of a table (see `detectPersonalColumns`), in header order;
 * declared columns are always included.
 * @example detectPiiColumns(table, ['email'], missingSet([''])) // ['email', 'phone']
 */
export function detectPiiColumns(table: RawTable, declared: readonly string[], missing: Set<string>, skip: readonly string[] = []): string[] {
  return detectPersonalColumns(table, declared, missing, skip).map((f) => f.column);
}
