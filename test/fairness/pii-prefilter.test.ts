import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanForPii, type PersonalValue } from '../../lib/fairness/pii-scan';
import { createRng, type Rng } from '../../lib/random/rng';

// The scan skips fields whose character codes show they cannot match (ASCII, no key's hash bit):
// the hits must be exactly those of the full comparison of every field.

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function personal(rng: Rng): PersonalValue[] {
  const names = ['anna', 'Jo', 'x', 'Émile', 'ÇAĞLA', 'straße', 'li', 'O', 'Root', 'White', 'marks'];
  const values: PersonalValue[] = [];
  for (let i = 0; i < 400; i++) {
    const name = pick(rng, names) + (rng.next() < 0.5 ? String(rng.int(1000)) : '');
    const kind = rng.int(6);
    const value =
      kind === 0 ? `${name}.${pick(rng, names)}@example.${pick(rng, ['com', 'org', 'de'])}`
      : kind === 1 ? `+44 ${rng.int(100)} ${1000 + rng.int(9000)} ${rng.int(10000)}`
      : kind === 2 ? `${pick(rng, names)} ${pick(rng, names)}`
      : kind === 3 ? `${rng.int(10)}${name}@mail.test`
      : kind === 4 ? `C${String(rng.int(100000)).padStart(6, '0')}`
      : ` ${name.toUpperCase()} `;
    values.push({ value, column: `col${kind}` });
  }
  return values;
}

function noisy(rng: Rng, value: string): string {
  const cased = rng.next() < 0.3 ? value.toUpperCase() : rng.next() < 0.3 ? value.toLowerCase() : value;
  return `${pick(rng, ['', ' ', '\t', '\u00a0', '  '])}${cased}${pick(rng, ['', ' ', '\r', '\u2028'])}`;
}

function outputs(rng: Rng, values: readonly PersonalValue[]): Record<string, string> {
  const fill = (): string => pick(rng, ['12.5', 'Segment 2', 'repeat-purchases', '', '0', 'C000123', 'émigré', 'x', '"a,b"', 'root', 'ANNA.li']);
  const planted = (): string => (rng.next() < 0.15 ? noisy(rng, pick(rng, values).value) : fill());
  const csv: string[] = ['customer_id,segment,value,note'];
  for (let i = 0; i < 800; i++) {
    const fields = [planted(), String(rng.int(9)), planted(), rng.next() < 0.1 ? `"${planted().replace(/"/g, '""')}, said ""${planted()}"""` : `${planted()} and ${planted()}`];
    csv.push(fields.map((f) => (f.includes('\n') ? f.replace(/\n/g, ' ') : f)).join(','));
  }
  const json = JSON.stringify({ rows: Array.from({ length: 200 }, () => ({ [planted()]: planted(), v: [planted(), rng.next()] })) }, null, 2);
  const html = `<html><body>${Array.from({ length: 200 }, () => `<p title="${planted().replace(/"/g, '&quot;')}">${planted().replace(/</g, '&lt;')} &amp; ${planted()}</p>`).join('\n')}
<script type="application/json">${JSON.stringify({ data: [{ values: Array.from({ length: 50 }, () => ({ name: planted() })) }] })}</script></body></html>`;
  const plain = Array.from({ length: 300 }, () => `${planted()} ${fill()} ${planted()}`).join('\n');
  return { 'segments.csv': csv.join('\n'), 'profiles.json': json, 'report.html': html, 'charts/a.svg': html.replace(/<\/?(html|body|p)\b/g, '<text'), 'notes.txt': plain };
}

test('the scan with its prefilter finds exactly the hits of the full comparison (seeded texts: CSV, JSON, HTML, SVG, plain)', () => {
  let total = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const rng = createRng(seed);
    const values = personal(rng);
    const texts = outputs(rng, values);
    for (const minLength of [1, 4]) {
      const full = scanForPii(texts, values, minLength, { prefilter: false });
      const fast = scanForPii(texts, values, minLength);
      assert.deepEqual(fast, full, `seed ${seed}, minLength ${minLength}`);
      total += full.length;
    }
  }
  // The texts plant values (as fields, inside fields, in other case, with spaces): hits are many.
  assert.ok(total > 500, `${total} hits in all`);
});

test('the prefilter keeps the hits that need trimming, case folding, non-ASCII text and quoted CSV', () => {
  const values: PersonalValue[] = [{ value: 'Anna.Li@example.com', column: 'email' }, { value: 'Çağla Öz', column: 'name' }, { value: '0151 2345678', column: 'phone' }, { value: 'Root', column: 'surname' }];
  const texts = {
    'a.csv': 'id,email\n1, ANNA.LI@EXAMPLE.COM \n2,"x, anna.li@example.com, y"\n3,root\n',
    'b.txt': 'call 0151 2345678 today\nçağla öz wrote\u00a0',
    'c.json': '{"Root": "fine", "v": "ROOT"}',
  };
  const hits = scanForPii(texts, values, 4);
  assert.deepEqual(hits, scanForPii(texts, values, 4, { prefilter: false }));
  assert.deepEqual(hits.map((h) => [h.file, h.line, h.column]), [
    ['a.csv', 2, 'email'],
    ['a.csv', 4, 'surname'],
    ['b.txt', 2, 'name'],
    ['b.txt', 1, 'phone'],
    ['c.json', 1, 'surname'],
  ]);
});
