import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeRetailCsv, type RetailFiles } from '../../lib/data/write';
import { describeRetail } from '../../lib/data/readme';
import { CUSTOMER_COLUMNS, TRANSACTION_COLUMNS, TRUTH_COLUMNS } from '../../lib/data/types';
import { sha256File } from '../../lib/io/atomic';
import { repoRoot, tempDir } from '../helpers/paths';
import { readCsv } from './read-csv';

const DEMO_COMMAND = 'node node_modules/ts-node/dist/bin.js scripts/generate-data.ts --customers 2000 --seed 7 --out data/demo';

let cached: { dir: string; files: RetailFiles } | undefined;
/** The demo run (2,000 customers, seed 7), written once to a temporary folder. */
function demoRun(): { dir: string; files: RetailFiles } {
  if (cached === undefined) {
    const dir = tempDir('seglab-data-');
    cached = { dir, files: writeRetailCsv(dir, { customers: 2000, seed: 7 }) };
  }
  return cached;
}

test('writes three CSVs with the documented headers, atomically (no temp files left)', () => {
  const { dir, files } = demoRun();
  assert.deepEqual(fs.readdirSync(dir).sort(), ['customers.csv', 'transactions.csv', 'truth.csv']);
  assert.deepEqual(readCsv(files.customers.path).header, CUSTOMER_COLUMNS);
  assert.deepEqual(readCsv(files.transactions.path).header, TRANSACTION_COLUMNS);
  assert.deepEqual(readCsv(files.truth.path).header, TRUTH_COLUMNS);
  for (const f of [files.customers, files.transactions, files.truth]) {
    assert.equal(fs.statSync(f.path).size, f.bytes);
    assert.equal(sha256File(f.path), f.sha256);
  }
});

test('same seed gives byte-identical files; a different seed does not', () => {
  const { files } = demoRun();
  const again = writeRetailCsv(tempDir('seglab-data-'), { customers: 2000, seed: 7 });
  const other = writeRetailCsv(tempDir('seglab-data-'), { customers: 2000, seed: 8 });
  for (const name of ['customers', 'transactions', 'truth'] as const) {
    assert.equal(fs.readFileSync(again[name].path, 'utf8'), fs.readFileSync(files[name].path, 'utf8'));
    assert.notEqual(other[name].sha256, files[name].sha256);
  }
});

test('the committed data/demo files are exactly what the generator writes for seed 7', () => {
  const { files } = demoRun();
  const demo = path.join(repoRoot, 'data', 'demo');
  for (const name of ['customers', 'transactions', 'truth'] as const) {
    assert.equal(sha256File(path.join(demo, `${name}.csv`)), files[name].sha256, `data/demo/${name}.csv is stale: rerun "${DEMO_COMMAND}"`);
  }
  const readme = fs.readFileSync(path.join(demo, 'README.md'), 'utf8');
  assert.equal(readme, describeRetail(files, DEMO_COMMAND), `data/demo/README.md is stale: rerun "${DEMO_COMMAND}"`);
  const totalBytes = files.customers.bytes + files.transactions.bytes + files.truth.bytes;
  assert.ok(totalBytes < 2 * 1024 * 1024, `demo is ${totalBytes} bytes`);
});

test('row counts in the files match the summary', () => {
  const { files } = demoRun();
  const customers = readCsv(files.customers.path).rows;
  const transactions = readCsv(files.transactions.path).rows;
  const truth = readCsv(files.truth.path).rows;
  assert.equal(truth.length, files.dirt.customers);
  assert.equal(truth.length, 2000);
  assert.equal(customers.length, files.dirt.customerRows);
  assert.equal(transactions.length, files.dirt.transactionRows);
  assert.ok(transactions.length >= 20_000 && transactions.length <= 40_000, `${transactions.length} transactions`);
  assert.equal(new Set(truth.map((r) => r.customer_id)).size, truth.length);
});

test('every kind of dirt in the files is counted exactly by the summary', () => {
  const { files } = demoRun();
  const d = files.dirt;
  const customers = readCsv(files.customers.path).rows;
  const transactions = readCsv(files.transactions.path).rows;

  // Duplicates: later rows repeating an id; exact copies vs updated copies.
  const first = new Map<string, Record<string, string>>();
  let exact = 0;
  let updated = 0;
  for (const row of customers) {
    const earlier = first.get(row.customer_id);
    if (earlier === undefined) first.set(row.customer_id, row);
    else if (JSON.stringify(earlier) === JSON.stringify(row)) exact++;
    else updated++;
  }
  assert.equal(exact + updated, d.duplicateCustomerRows);
  assert.equal(exact, d.duplicateCustomerRowsExact);
  assert.equal(updated, d.duplicateCustomerRowsUpdated);
  assert.ok(d.duplicateCustomerRows >= 0.005 * 2000 && d.duplicateCustomerRows <= 0.02 * 2000);

  // Incomes: missing tokens, currency-formatted, otherwise plain integers.
  const missing: Record<string, number> = {};
  let formatted = 0;
  for (const row of customers) {
    if (['', 'n/a', '?'].includes(row.income)) {
      const key = row.income === '' ? '(empty)' : row.income;
      missing[key] = (missing[key] ?? 0) + 1;
    } else if (/^\$\d{1,3}(,\d{3})+$|^\$\d{1,3}$/.test(row.income)) formatted++;
    else assert.match(row.income, /^\d+$/, `customer ${row.customer_id} income "${row.income}"`);
  }
  assert.deepEqual(missing, d.incomeMissingByToken);
  assert.equal(Object.values(missing).reduce((a, b) => a + b, 0), d.incomeMissing);
  assert.ok(d.incomeMissing >= 0.01 * 2000 && d.incomeMissing <= 0.03 * 2000);
  assert.equal(formatted, d.incomeFormatted);
  assert.ok(formatted >= 1);

  const impossible = customers.filter((r) => Number(r.age) <= 0 || Number(r.age) > 120).length;
  assert.equal(impossible, d.impossibleAge);
  assert.ok(impossible >= 1);

  // Transactions: empty ids, returns that point at a purchase, orphans.
  const known = new Set(customers.map((r) => r.customer_id));
  const purchases = new Map(transactions.filter((t) => !t.invoice_no.startsWith('C')).map((t) => [t.invoice_no, t]));
  assert.equal(purchases.size, transactions.filter((t) => !t.invoice_no.startsWith('C')).length, 'purchase invoice numbers are unique');
  const emptyIds = transactions.filter((t) => t.customer_id === '').length;
  assert.equal(emptyIds, d.missingCustomerId);
  assert.ok(emptyIds >= 0.002 * transactions.length && emptyIds <= 0.01 * transactions.length);

  const returns = transactions.filter((t) => t.invoice_no.startsWith('C'));
  assert.equal(returns.length, d.returns);
  assert.ok(returns.length >= 0.01 * transactions.length && returns.length <= 0.03 * transactions.length);
  for (const r of returns) {
    assert.ok(Number(r.amount) < 0 && Number(r.quantity) < 0, `return ${r.invoice_no}`);
    const bought = purchases.get(r.invoice_no.slice(1));
    assert.ok(bought !== undefined, `return ${r.invoice_no} has no purchase`);
    assert.ok(r.order_date >= bought.order_date);
    assert.ok(-Number(r.quantity) <= Number(bought.quantity));
    assert.ok(-Number(r.amount) <= Number(bought.amount) + 0.005);
    assert.equal(r.category, bought.category);
  }
  assert.ok(transactions.every((t) => t.invoice_no.startsWith('C') || Number(t.amount) > 0));

  const orphans = transactions.filter((t) => t.customer_id !== '' && !known.has(t.customer_id));
  assert.equal(orphans.length, d.orphanTransactions);
  assert.equal(new Set(orphans.map((t) => t.customer_id)).size, d.orphanCustomerIds);
  assert.ok(d.orphanCustomerIds >= 1);
});

test('the README states the exact dirt counts and the command', () => {
  const { files } = demoRun();
  const text = describeRetail(files, DEMO_COMMAND);
  assert.ok(text.includes(DEMO_COMMAND));
  assert.ok(text.includes(`| ${files.dirt.returns} |`));
  assert.ok(text.includes(`| ${files.dirt.missingCustomerId} |`));
  assert.ok(text.includes(files.transactions.sha256.slice(0, 16)));
});
