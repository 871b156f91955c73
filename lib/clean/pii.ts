import type { RawTable } from '../load/csv';
import { isMissing } from './coerce';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{7,}$/;
const PII_NAMES = /(^|_|\b)(e-?mail|phone|mobile|tel|first_?name|last_?name|full_?name|surname|address|street|ssn|passport)(_|\b|$)/i;
/** Postal-code names: personal only when the values look like postal codes (they hold digits). */
const POSTAL_NAMES = /(^|_|\b)(post_?code|postal_?code|zip|zip_?code)(_|\b|$)/i;

/**
 * Columns holding personal data: those declared in columns.pii, those whose name says so
 * (email, phone, name, address...), postcode/zip columns whose values look like postal codes
 * (most hold a digit: "SW1A 1AA", "02139"; an area type such as "Urban" / "Rural" is not one),
 * and those whose values mostly look like e-mail addresses or phone numbers (checked on up to
 * 200 non-missing values).
 * @example detectPiiColumns(table, ['email'], missingSet([''])) // ['email', 'phone']
 */
export function detectPiiColumns(table: RawTable, declared: readonly string[], missing: Set<string>): string[] {
  const found = new Set(declared);
  table.header.forEach((col, idx) => {
    if (PII_NAMES.test(col)) {
      found.add(col);
      return;
    }
    const postal = POSTAL_NAMES.test(col);
    let seen = 0;
    let emails = 0;
    let phones = 0;
    let withDigits = 0;
    for (const row of table.rows) {
      const v = row[idx].trim();
      if (isMissing(v, missing)) continue;
      seen++;
      if (/\d/.test(v)) withDigits++;
      if (EMAIL.test(v)) emails++;
      else if (PHONE.test(v) && /\d{3}.*\d{3}/.test(v) && /[\s().+-]/.test(v)) phones++;
      if (seen >= 200) break;
    }
    if (seen > 0 && (emails / seen >= 0.5 || phones / seen >= 0.5 || (postal && withDigits / seen >= 0.5))) found.add(col);
  });
  return table.header.filter((c) => found.has(c));
}
