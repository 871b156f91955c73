/**
 * Missing by design (new-user trial on IBM's public Telco churn table: TotalCharges is blank for
 * exactly the 11 customers with tenure 0, and the median fill gave them 1397.47 of charges). The
 * warning is a claim: recomputed here from the rows themselves, and absent when the blanks are random.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cleanCustomers } from '../../lib/clean/customers';
import { missingByDesign, missingByDesignWarnings } from '../../lib/clean/missing-by-design';
import { readDelimited } from '../../lib/load/csv';
import { createRng } from '../../lib/random/rng';
import { testConfig } from '../helpers/config';
import { writeFixture } from '../helpers/fixtures';

/** 200 customers; `blank(i, tenure)` says whether row i's total is left empty. */
function table(blank: (i: number, tenure: number) => boolean): { csv: string; rows: { tenure: number; total: string; plan: string }[] } {
  const rng = createRng(7);
  const rows = Array.from({ length: 200 }, (_, i) => {
    const tenure = i % 40 === 0 ? 0 : 1 + rng.int(70);
    const monthly = 20 + rng.int(90);
    return { tenure, total: blank(i, tenure) ? ' ' : String(tenure * monthly + rng.int(50)), plan: rng.next() < 0.5 ? 'basic' : 'plus' };
  });
  const csv = ['id,tenure,total,plan', ...rows.map((r, i) => `K${i},${r.tenure},${r.total},${r.plan}`)].join('\n') + '\n';
  return { csv, rows };
}

function clean(csv: string, missing: Record<string, unknown> = {}) {
  const dir = writeFixture({ 'c.csv': csv });
  const config = testConfig({ columns: { customerId: 'id' }, clean: { missing } as never, features: { behavioural: [], customerColumns: ['tenure', 'total'], categoricalColumns: ['plan'] } }, dir);
  return cleanCustomers(readDelimited(path.join(dir, 'c.csv'), 'customers'), config);
}

test('a column blank exactly where another column has one value: found, with counts recomputed from the rows', () => {
  const { csv, rows } = table((_, tenure) => tenure === 0);
  const blanks = rows.filter((r) => r.total.trim() === '');
  const zeroTenure = rows.filter((r) => r.tenure === 0).length;
  assert.ok(blanks.length >= 3 && blanks.every((r) => r.tenure === 0));
  const customers = clean(csv);
  const found = missingByDesign(customers);
  assert.equal(found.length, 1);
  assert.deepEqual({ ...found[0], fill: undefined }, { column: 'total', missing: blanks.length, other: 'tenure', value: 0, withValue: zeroTenure, fill: undefined });
  const present = rows.filter((r) => r.total.trim() !== '').map((r) => Number(r.total)).sort((a, b) => a - b);
  const mid = Math.floor(present.length / 2);
  const median = present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
  assert.equal(found[0].fill, `median ${Number(median.toPrecision(6))}`);
  const [warning] = missingByDesignWarnings(customers);
  assert.match(warning, new RegExp(`^customers "total" is missing in ${blanks.length} rows, and every one of them has tenure = 0 \\(no other customer has it\\)`));
  assert.ok(warning.includes('clean.missing {"total": {"constant": 0}}'));
});

test('no warning for blanks at random, for a declared constant fill, or for a value most customers share', () => {
  // Blanks spread over every tenure.
  assert.deepEqual(missingByDesign(clean(table((i) => i % 17 === 3).csv)), []);
  // The user declared what the blanks mean.
  assert.deepEqual(missingByDesign(clean(table((_, tenure) => tenure === 0).csv, { total: { constant: 0 } })), []);
  // Blanks that all share plan "basic", a value about half the customers have: no marker of the blanks.
  const { csv, rows } = table((i) => i % 9 === 0);
  const basicOnly = csv.split('\n').map((line, i) => (i > 0 && line && rows[i - 1].total.trim() === '' ? line.replace(/,plus$/, ',basic') : line)).join('\n');
  assert.deepEqual(missingByDesign(clean(basicOnly)).filter((m) => m.other === 'plan'), []);
});
