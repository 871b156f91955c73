import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPersonalColumns, detectPiiColumns, isCardNumber, isIban, isPhone, personalValuesInText } from '../../lib/clean/pii';
import { missingSet } from '../../lib/clean/coerce';
import type { RawTable } from '../../lib/load/csv';

const table = (header: string[], rows: string[][]): RawTable => ({
  role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0,
});

test('PII by name, by e-mail and phone content; a zip column is personal only when it holds postal codes', () => {
  const t = table(
    ['id', 'first_name', 'contact', 'tel_no', 'zip_code', 'postcode', 'area'],
    [
      ['1', 'Ann', 'ann@example.org', '+44 20 7946 0018', 'Urban', 'SW1A 1AA', 'Urban'],
      ['2', 'Bob', 'bob@example.org', '+44 20 7946 0019', 'Rural', 'EC1A 1BB', 'Rural'],
    ],
  );
  assert.deepEqual(detectPiiColumns(t, [], missingSet([''])), ['first_name', 'contact', 'tel_no', 'postcode']);
  // Declared columns are always personal.
  assert.deepEqual(detectPiiColumns(t, ['area'], missingSet([''])), ['first_name', 'contact', 'tel_no', 'postcode', 'area']);
});

test('validated detectors: phones (with and without separators), IBANs, cards, e-mails in free text; never plain decimals', () => {
  for (const phone of ['+44 20 7946 0958', '+447911123456', '07911123456', '0044 20 7946 0958', '020 7946 0958', '07911 123456', '015112345678', '0612345678', '+1 (415) 555-2671']) assert.equal(isPhone(phone), true, phone);
  for (const notPhone of ['3202.467416', '1563460212', '15634602', '2021-03-04', '12/03/2021', '1,234,567.25', '-122.4194', '619.0']) assert.equal(isPhone(notPhone), false, notPhone);
  assert.equal(isIban('GB82 WEST 1234 5698 7654 32'), true);
  assert.equal(isIban('DE89370400440532013000'), true);
  assert.equal(isIban('GB82WEST12345698765433'), false); // one digit off: mod-97 fails
  assert.equal(isCardNumber('4111 1111 1111 1111'), true);
  assert.equal(isCardNumber('5500-0000-0000-0004'), true);
  assert.equal(isCardNumber('4111111111111112'), false); // Luhn fails
  assert.equal(isCardNumber('3202.467416'), false);
  const found = personalValuesInText('Please call +44 20 7946 0958 or write to anna.smith@example.co.uk; refund to GB82 WEST 1234 5698 7654 32.');
  assert.deepEqual(found.map((f) => f.kind).sort(), ['email', 'iban', 'phone']);
});

test('credit-card-style money columns and a declared Surname: only the real personal columns are found, with reason and masked example', () => {
  const rows: string[][] = [];
  const surnames = ['White', 'Marks', 'Root', 'Hill', 'Young'];
  for (let i = 0; i < 60; i++) {
    rows.push([
      `C${10000 + i}`, surnames[i % 5], (3202.467416 + i * 17.3).toFixed(6), (1000 + i * 3.1).toFixed(6), `${2000000000 + i * 7919}`,
      `0770090${String(1000 + i).slice(1)}`, i % 2 ? 'GB82 WEST 1234 5698 7654 32' : 'DE89370400440532013000',
      i % 10 === 0 ? `call me at joe${i}@example.org` : 'no comment today', String(i % 2),
    ]);
  }
  const t = table(['CUST_ID', 'Surname', 'BALANCE', 'PAYMENTS', 'ACCOUNT_NO', 'contact_1', 'bank', 'notes', 'SeniorCitizen'], rows);
  const f = detectPersonalColumns(t, ['Surname'], missingSet(['']), ['CUST_ID']);
  assert.deepEqual(f.map((x) => [x.column, x.reason]), [['Surname', 'declared'], ['contact_1', 'phone'], ['bank', 'iban'], ['notes', 'free-text']]);
  const notes = f.find((x) => x.column === 'notes');
  assert.equal(notes?.matched, 6);
  assert.match(String(notes?.example), /^j\*+g$/);
});

test('dates of birth: a column named so with full dates is personal (date-of-birth); birth years and other dates are not', () => {
  const rows: string[][] = [];
  for (let i = 0; i < 40; i++) {
    const y = 1940 + i;
    const m = 1 + (i % 12);
    const d = 1 + (i % 28);
    rows.push([`C${i}`, `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, `${d}/${m}/${y}`, String(y), String(y), `2024-0${1 + (i % 9)}-1${i % 10}`]);
  }
  const t = table(['id', 'date_of_birth', 'Birthday', 'Year_Birth', 'birth_date', 'signup_date'], rows);
  const found = detectPersonalColumns(t, [], missingSet(['']), ['id']);
  // Full dates under a birth-date name are personal; a birth_date holding years is a birth year (read as an age); signup dates are not personal.
  assert.deepEqual(found.map((f) => [f.column, f.reason, f.matched, f.example]), [['date_of_birth', 'date-of-birth', 40, null], ['Birthday', 'date-of-birth', 40, null]]);
  // camelCase and DOB spellings.
  const camel = table(['dateOfBirth', 'DOB', 'dob_year'], rows.map((r) => [r[1], r[2], r[3]]));
  assert.deepEqual(detectPersonalColumns(camel, [], missingSet([''])).map((f) => f.column), ['dateOfBirth', 'DOB']);
});
