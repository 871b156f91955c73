/**
 * Seeded tables shaped like the public bank-churn and credit-card-usage tables (which are not in
 * ../shared/datasets): a Surname column of common words that also occur in chart markup (White,
 * Marks, Root, Path, Group...), decimal money columns such as 3202.467416, 0/1 flags, and, in the
 * credit-card table, undeclared personal columns under neutral names (e-mails, phones without
 * separators, IBANs, card numbers, e-mails inside free text).
 */
import { createRng, type Rng } from '../../lib/random/rng';
import { luhnValid } from '../../lib/clean/pii';

const SURNAMES = ['White', 'Marks', 'Root', 'Path', 'Group', 'Text', 'Title', 'Label', 'Line', 'Value', 'Legend', 'Mark', 'Axis', 'Scale', 'Fill', 'Stroke', 'Black', 'Green', 'Young', 'Hill'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function csv(header: string[], rows: (string | number)[][]): string {
  return `${[header.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`;
}

/** Bank churn: 10 columns like the public "Churn_Modelling" table; Surname declared personal. */
export function bankChurn(n: number, seed = 7): { text: string; surnames: string[]; geography: string[]; gender: string[]; ids: string[] } {
  const rng = createRng(seed);
  const header = ['RowNumber', 'CustomerId', 'Surname', 'CreditScore', 'Geography', 'Gender', 'Age', 'Tenure', 'Balance', 'NumOfProducts', 'HasCrCard', 'IsActiveMember', 'EstimatedSalary', 'Exited'];
  const rows: (string | number)[][] = [];
  const surnames: string[] = [];
  const geography: string[] = [];
  const gender: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const geo = u < 0.5 ? 'France' : u < 0.75 ? 'Germany' : 'Spain';
    const g = rng.next() < 0.45 ? 'Female' : 'Male';
    const rich = geo === 'Germany' || rng.next() < 0.3;
    const balance = rich ? (60000 + rng.next() * 120000).toFixed(2) : '0.0';
    const surname = pick(rng, SURNAMES);
    const id = String(15634602 + i * 7);
    surnames.push(surname);
    geography.push(geo);
    gender.push(g);
    ids.push(id);
    rows.push([i + 1, id, surname, Math.round(350 + rng.next() * 500), geo, g, 18 + rng.int(70), rng.int(11), balance, 1 + rng.int(4), rng.int(2), rng.int(2), (11 + rng.next() * 199990).toFixed(2), rng.next() < 0.2 ? 1 : 0]);
  }
  return { text: csv(header, rows), surnames, geography, gender, ids };
}

function cardNumber(rng: Rng): string {
  let body = '4';
  while (body.length < 15) body += rng.int(10);
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

function iban(rng: Rng): string {
  // German IBAN: DE + check digits + 18-digit BBAN; check digits = 98 - mod97(BBAN + "DE00").
  let bban = '';
  while (bban.length < 18) bban += rng.int(10);
  const numeric = `${bban}131400`;
  let rest = 0;
  for (const ch of numeric) rest = (rest * 10 + Number(ch)) % 97;
  return `DE${String(98 - rest).padStart(2, '0')}${bban}`;
}

/** Credit-card usage: decimals like 3202.467416, a 0/1 SeniorCitizen, and undeclared personal columns. */
export function creditCard(n: number, seed = 9): { text: string; personal: string[]; senior: number[]; ids: string[] } {
  const rng = createRng(seed);
  const header = ['CUST_ID', 'BALANCE', 'PURCHASES', 'PAYMENTS', 'MINIMUM_PAYMENTS', 'CREDIT_LIMIT', 'TENURE', 'SeniorCitizen', 'contact', 'reach', 'acct', 'ref', 'memo'];
  const rows: (string | number)[][] = [];
  const personal: string[] = [];
  const senior: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = rng.next() < 0.162 ? 1 : 0;
    const email = `user${i}.${pick(rng, SURNAMES).toLowerCase()}@example-mail.com`;
    const phone = `079${String(10000000 + rng.int(89999999))}`;
    const account = iban(rng);
    const card = cardNumber(rng);
    const memo = i % 20 === 0 ? `asked to be reached at ${email} after 6pm` : pick(rng, ['paid on time', 'late fee waived', 'limit raised', 'no note']);
    personal.push(email, phone, account, card);
    senior.push(s);
    ids.push(`C${10001 + i}`);
    rows.push([`C${10001 + i}`, (rng.next() * 5000 + 0.000001).toFixed(6), (rng.next() * 3000).toFixed(2), (rng.next() * 4000 + 1).toFixed(6), (rng.next() * 900 + 1).toFixed(6), 1000 + 500 * rng.int(20), 6 + rng.int(7), s, email, phone, account, card, memo]);
  }
  return { text: csv(header, rows), personal, senior, ids };
}
