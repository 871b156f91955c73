/**
 * Issue 15 asks for the DuckDB aggregation "with exact parity against the JavaScript path". Before
 * this test, files the DuckDB path reads (Parquet, CSV over 256 MB, engine "duckdb") kept or summed
 * other values than the JavaScript path: "12,5" became 125, "5e2" was kept where JavaScript refuses
 * it, an id with a tab around it did not join, a category "n/a" was a category, a blank invoice made
 * a line neither a purchase nor a return, and dd/mm/yyyy dates were unreadable under dateFormat
 * "auto". Here both paths read the same messy file and must give the same features and ledger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { buildFeatures } from '../../lib/features/build';
import { cleanInputs, loadInputs } from '../../lib/pipeline/run';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';
import { withDuckdb } from '../../lib/load/duckdb';

const AMOUNTS = ['12.5', '12,5', '1.200,50', '5e2', '1_000', '(12.50)', '12%', '$7', ' 8 ', '€ 9,99', 'n/a', '', '1,2,3', '0x10'];
const CATEGORIES = ['toys', ' toys', 'toys\t', 'n/a', 'NULL', '', 'Toys', '\u00a0home', 'home', '?'];
const INVOICES = ['C123', ' c9', '\tC5', 'X1', '', 'A7'];

/** A messy order-lines file: every kind of value above, dd/mm/yyyy dates, ids with white space. */
function writeMessy(dir: string, seed: number, amounts: readonly string[], dateOf: (day: number, month: number) => string): void {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const customers = ['customer_id,age'];
  const lines = ['customer_id,order_date,amount,category,invoice,quantity,discount'];
  for (let i = 0; i < 60; i++) {
    customers.push(`C${i},${20 + (i % 50)}`);
    const lineCount = 1 + Math.floor(rng.next() * 5);
    for (let l = 0; l < lineCount; l++) {
      const id = pick([`C${i}`, `C${i}`, `\tC${i}`, ` C${i} `]);
      const day = 1 + Math.floor(rng.next() * 28);
      const month = 1 + Math.floor(rng.next() * 11);
      const amount = rng.next() < 0.6 ? (rng.next() * 90 + 1).toFixed(2) : pick(amounts);
      const quantity = pick(['1', ' 2', '-1', '3', '', 'x']);
      const discount = pick(['0', '0.1', '', '5e2', 'x', '1,5']);
      lines.push([id, dateOf(day, month), `"${amount}"`, `"${pick(CATEGORIES)}"`, `"${pick(INVOICES)}"`, quantity, `"${discount}"`].join(','));
    }
  }
  lines.push('N/A,13/01/2025,5,toys,A,1,0', ' na ,13/01/2025,5,toys,A,1,0', 'X9,13/01/2025,5,toys,A,1,0');
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${lines.join('\n')}\n`);
}

async function readBoth(dir: string, columns: Record<string, unknown> = {}) {
  const run = async (engine: 'js' | 'duckdb') => {
    const config = validateConfig(
      {
        name: `parity-${engine}`,
        seed: 1,
        outDir: tempDir('seglab-parity-out-'),
        sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv', engine } },
        columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', category: 'category', invoice: 'invoice', quantity: 'quantity', discount: 'discount', ...columns },
        clean: { maxUnreadableShare: 0.9 },
        features: { asOf: '2025-12-31', behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'return_rate', 'category_shares', 'discount_share'] },
        embed: { enabled: false },
      },
      dir,
    );
    const cleaned = await cleanInputs(await loadInputs(config), config, {});
    assert.equal(cleaned.behaviour !== null, engine === 'duckdb', `${engine} path taken`);
    const table = buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config);
    const entry = cleaned.ledger.find((l) => l.source === 'transactions');
    assert.ok(entry);
    return { ids: table.customerIds, names: table.names, raw: table.raw, dropped: entry.dropped, repairs: entry.repairs, rowsKept: entry.rowsKept };
  };
  return { js: await run('js'), duck: await run('duckdb') };
}

const dmy = (day: number, month: number): string => `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2025`;

test('a messy file reads the same on both paths: features, drops and repairs (dd/mm/yyyy dates guessed)', async () => {
  // Undeclared separators: comma decimals beside plain dot decimals (not "1,200.50", which would make the column ambiguous).
  const dir = tempDir('seglab-parity-');
  writeMessy(dir, 5, AMOUNTS, dmy);
  const { js, duck } = await readBoth(dir);
  assert.deepEqual(duck.names, js.names);
  assert.deepEqual(duck.ids, js.ids);
  assert.deepEqual(duck.raw, js.raw);
  assert.deepEqual(duck.dropped, js.dropped);
  assert.deepEqual(duck.repairs, js.repairs);
  // The file was built to exercise these: dd/mm dates read (no unreadable dates), refused amounts,
  // ids without a value, cancellations, categories "Toys", "toys" and "home" only (no "n/a").
  assert.equal(duck.dropped['unreadable order date'], undefined);
  assert.ok((duck.dropped['unreadable amount'] ?? 0) > 5, JSON.stringify(duck.dropped));
  assert.equal(duck.dropped['missing customer id'], 2);
  assert.ok(Object.keys(duck.repairs).some((r) => r.startsWith('cancellations')));
  assert.deepEqual(duck.names.filter((n) => n.startsWith('share_')).sort(), ['share_Toys', 'share_home', 'share_toys']);
});

test('declared comma decimals read the same on both paths', async () => {
  const dir = tempDir('seglab-parity-comma-');
  writeMessy(dir, 9, ['12,5', '1.200,50', '(3,5)', '7%', '€ 9,99', '1.234.567,8', 'n/a'], (d, m) => `2025-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const { js, duck } = await readBoth(dir, { decimal: ',' });
  assert.deepEqual(duck.raw, js.raw);
  assert.deepEqual(duck.dropped, js.dropped);
  assert.deepEqual(duck.repairs, js.repairs);
});

test('DuckDB path: ambiguous decimals and ambiguous dates stop with the JavaScript path\'s message', async () => {
  const dir = tempDir('seglab-parity-ambiguous-');
  writeMessy(dir, 3, ['1.200', '1.200,50'], dmy);
  const messages = async (columns: Record<string, unknown>) => {
    const out: string[] = [];
    for (const engine of ['js', 'duckdb'] as const) {
      const config = validateConfig(
        { outDir: tempDir('seglab-parity-out-'), sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.csv', engine } }, columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', ...columns }, features: { asOf: '2025-12-31' } },
        dir,
      );
      await assert.rejects(async () => cleanInputs(await loadInputs(config), config, {}), (e: Error) => (out.push(e.message), true));
    }
    return out;
  };
  const [jsDecimal, duckDecimal] = await messages({});
  assert.match(jsDecimal, /mixes decimal separators/);
  assert.equal(duckDecimal, jsDecimal);
  // Every date with day and month <= 12: the order cannot be told.
  const lines = ['customer_id,order_date,amount', ...Array.from({ length: 30 }, (_, i) => `C${i},0${1 + (i % 9)}/0${1 + (i % 7)}/2025,5`)];
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${lines.join('\n')}\n`);
  const [jsDates, duckDates] = await messages({ decimal: '.' });
  assert.match(jsDates, /day and month cannot be told apart/);
  assert.equal(duckDates, jsDates);
});

test('a Parquet file with typed columns (DATE, DOUBLE, INTEGER) reads the same on both paths', async () => {
  const dir = tempDir('seglab-parity-parquet-');
  const customers = ['customer_id,age', ...Array.from({ length: 30 }, (_, i) => `C${i},${20 + i}`)];
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  const rng = createRng(17);
  const rows = Array.from({ length: 200 }, (_, r) => {
    const i = Math.floor(rng.next() * 32); // C30 and C31 are not customers
    const amount = r % 17 === 0 ? 'NULL' : r % 13 === 0 ? '-4.5' : r % 29 === 0 ? '1e-7' : (rng.next() * 80).toFixed(2);
    const date = r % 23 === 0 ? 'NULL' : `DATE '2025-${String(1 + (r % 12)).padStart(2, '0')}-${String(1 + (r % 28)).padStart(2, '0')}'`;
    return `('${r % 11 === 0 ? ' ' : ''}C${i}', ${date}, ${amount}::DOUBLE, ${1 + (r % 3)}::INTEGER, ${r % 7 === 0 ? 'NULL' : `'${['toys', 'home', 'n/a'][r % 3]}'`})`;
  });
  await withDuckdb(async (con) => {
    await con.run(`COPY (SELECT * FROM (VALUES ${rows.join(', ')}) t(customer_id, order_date, amount, quantity, category)) TO '${path.join(dir, 'transactions.parquet')}' (FORMAT parquet)`);
  });
  const run = async (engine: 'js' | 'duckdb') => {
    const config = validateConfig(
      {
        outDir: tempDir('seglab-parity-out-'),
        sources: { customers: { path: 'customers.csv' }, transactions: { path: 'transactions.parquet', engine } },
        columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', quantity: 'quantity', category: 'category' },
        clean: { maxUnreadableShare: 0.9 },
        features: { asOf: '2025-12-31', behavioural: ['recency_days', 'frequency', 'monetary', 'return_rate', 'category_shares'] },
        embed: { enabled: false },
      },
      dir,
    );
    const cleaned = await cleanInputs(await loadInputs(config), config, {});
    const table = buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config);
    return { path: cleaned.behaviour ? 'duckdb' : 'js', ids: table.customerIds, raw: table.raw, names: table.names, ledger: cleaned.ledger.find((l) => l.source === 'transactions') };
  };
  const js = await run('js');
  const duck = await run('duckdb');
  assert.equal(duck.path, 'duckdb');
  assert.deepEqual(duck.names, js.names);
  assert.deepEqual(duck.raw, js.raw);
  assert.deepEqual(duck.ledger?.dropped, js.ledger?.dropped);
  assert.ok((duck.ledger?.dropped['customer id not in the customers file'] ?? 0) > 0 && (duck.ledger?.dropped['unreadable order date'] ?? 0) > 0);
});
