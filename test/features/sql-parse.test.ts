/**
 * The DuckDB path reads numbers and dates exactly as the JavaScript path does (issue 15 parity):
 * lib/features/sql-parse.ts against clean/coerce.ts parseNumber and clean/dates.ts parseDate, on
 * hand-picked strings (each a difference DuckDB's own casts had) and thousands of seeded random ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseNumber } from '../../lib/clean/coerce';
import { parseDate } from '../../lib/clean/dates';
import { withDuckdb } from '../../lib/load/duckdb';
import { dateLayers, jsTrim, numberLayers, withLayers, JS_SPACE } from '../../lib/features/sql-parse';
import { createRng } from '../../lib/random/rng';

async function evaluate(con: DuckDBConnection, values: readonly (string | null)[], layers: { layers: string[]; out: string }): Promise<(number | null)[]> {
  await con.run('DROP TABLE IF EXISTS v; CREATE TABLE v (i INTEGER, s VARCHAR)');
  const appender = await con.createAppender('v');
  values.forEach((s, i) => {
    appender.appendInteger(i);
    if (s === null) appender.appendNull();
    else appender.appendVarchar(s);
    appender.endRow();
  });
  appender.closeSync();
  const rows = (await con.runAndReadAll(`SELECT i, ${layers.out} FROM ${withLayers('v', layers.layers)} ORDER BY i`)).getRows();
  return rows.map((r) => (r[1] === null ? null : Number(r[1])));
}

/** Same reading: equal numbers (0 and -0 told apart), or NaN in JavaScript where SQL gives NULL. */
function same(js: number, sql: number | null): boolean {
  return Number.isNaN(js) ? sql === null : sql !== null && Object.is(js, sql);
}

const NUMBER_CASES = [
  '5e2', '1E+03', '1e5', '1_000', '0x1A', ' 12 ', '+12', '.5', '5.', '1,000', '12,5', '1.200,50', '1,200.50', '$12', '12 €', '€ 99',
  '(12.50)', '-(12)', '(-12)', '12%', '12 %', '% 12', 'inf', 'NaN', '-', '.', '', '1'.repeat(400), '1.2.3', '1,2,3', '1.200.300', ',500',
  '0012', '-0', '-0.00', '- 12', '12-', '5-', '-.', '-.5', '1 200', '1\u00a0200', '\t7\t', '(12\r)', '()', '¥1,234,567', '1,23', '1,2345',
  '12.345.678,9', '1.2,3', '1,2.3', '--5', '+-5', '-$12', '$-12', '£(5)', '12.5.', '١٢', '٣', '12e', 'e5', '1..5', 'infinity', '-inf', '+nan', '0b101', '0o17', '1f', '1d', '0x1p3', '\t5\n', '１２', '1.5E3', '-.5e1',
  '9.3448e-05', '2E+05', '1.5e-3', '+3.e2', ' 1e5 ', '1e400', '1e-400', '-0e0', '1,5e-3', ',5e1', '1,200e3', '1.2.3e4', '3E4B', '1e5x', '1.5e+', '(1e5)', '$1e5', '1e5%', '1e+-5', '.e5',
];

test('numbers: SQL reads every hand-picked string as parseNumber does, for each decimal setting', async () => {
  await withDuckdb(async (con) => {
    for (const decimal of [undefined, '.', ','] as const) {
      const sql = await evaluate(con, NUMBER_CASES, numberLayers('s', 'a', decimal));
      NUMBER_CASES.forEach((s, i) => {
        const js = parseNumber(s, decimal);
        assert.ok(same(js, sql[i]), `decimal ${decimal ?? 'undeclared'}: ${JSON.stringify(s)} is ${js} in JavaScript, ${sql[i]} in SQL`);
      });
    }
    // A missing field (NULL in DuckDB, '' in JavaScript) is unreadable on both paths.
    assert.deepEqual(await evaluate(con, [null], numberLayers('s', 'a', undefined)), [null]);
  });
});

test('numbers: 6,000 seeded random strings read the same in SQL and JavaScript', async () => {
  const rng = createRng(2026);
  const alphabet = ['0', '1', '2', '5', '9', '0', '3', '.', ',', '-', '+', '(', ')', ' ', '$', '€', '%', 'e', 'E', '\t', '\n', '\u00a0', '_', 'x', 'b', 'o', 'd', 'f', 'i', 'n', 'a', 'p'];
  // Half the strings from the number-like characters only (more of them readable), half from all.
  const numeric = alphabet.slice(0, 16);
  const values = Array.from({ length: 6000 }, (_, i) => {
    const from = i % 2 === 0 ? numeric : alphabet;
    return Array.from({ length: Math.floor(rng.next() * 9) }, () => from[Math.floor(rng.next() * from.length)]).join('');
  });
  await withDuckdb(async (con) => {
    for (const decimal of [undefined, '.', ','] as const) {
      const sql = await evaluate(con, values, numberLayers('s', 'a', decimal));
      const wrong = values.filter((s, i) => !same(parseNumber(s, decimal), sql[i]));
      assert.deepEqual(wrong.slice(0, 5).map((s) => [s, parseNumber(s, decimal)]), [], `decimal ${decimal ?? 'undeclared'}: ${wrong.length} strings differ`);
      // The generator reaches both outcomes often enough to mean something.
      assert.ok(sql.filter((v) => v !== null).length > 600, 'enough readable values');
    }
  });
});

const DATE_CASES = [
  '2025-03-01', '2025-3-1', '2025-03-01T10:30', '2025-03-01 23:30:00', '2025-03-01T23:30:00Z', '2025-03-01T23:30:00+05:00', '2025-03-01T01:30:00-0500',
  '2025-03-01 10:30:00.123', '2025-03-01 10:30.5', '2025-02-30', '2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2025-03-01T24:00', '2025/03/01',
  '20250301', '2025-03-01 10:30:00 UTC', '2025-03-01T10', '  2025-03-01  ', '\u00a02025-03-01\t', '2025-03-01T10:30:61', '2025-03-01T10:60', '1/3/2025',
  '01.03.2025', '13/03/2025', '03/13/2025', '1-3-25', '1-3-69', '1-3-70', '31/12/99 23:59', '2025-03-01 1:05', '02025-03-01', '0099-03-01', '0100-03-01',
  '+025-03-01', '2025-03-+1', '2025-03-1Z', '2025-03-1T', '2025-03-1.', ' 025-03-01', '-025-03-01', '0000-03-01', '2025-03-0a', 'infinity', '20 5-03-01', 'March 1, 2025', '', '2025-13-01', '2025-00-10', '2025-12-00', '9999-12-31', '2025-03-01T10:30:00.1234567',
];

test('dates: SQL reads every hand-picked string as parseDate does, for each date order', async () => {
  await withDuckdb(async (con) => {
    for (const order of [null, 'dmy', 'mdy'] as const) {
      const sql = await evaluate(con, DATE_CASES, dateLayers('s', 'd', order));
      DATE_CASES.forEach((s, i) => {
        const js = parseDate(s, order ?? 'ymd');
        assert.ok(same(js, sql[i]), `order ${order ?? 'ymd'}: ${JSON.stringify(s)} is ${js} in JavaScript, ${sql[i]} in SQL`);
      });
    }
  });
});

test('dates: 6,000 seeded random date-like strings read the same in SQL and JavaScript', async () => {
  const rng = createRng(11);
  const int = (n: number): number => Math.floor(rng.next() * n);
  const digits = (n: number, max: number): string => String(int(max)).padStart(n, '0');
  const noise = ['-', '/', '.', ' ', 'T', ':', 'Z', '+', '0', '1', '9', ''];
  const values = Array.from({ length: 6000 }, () => {
    const sep = ['-', '/', '.'][int(3)];
    const iso = rng.next() < 0.5;
    let s = iso
      ? `${digits(int(6), 10_000)}-${digits(1 + int(2), 14)}-${digits(1 + int(2), 33)}`
      : `${digits(1 + int(2), 33)}${sep}${digits(1 + int(2), 14)}${sep}${rng.next() < 0.5 ? digits(2, 100) : digits(4, 3000)}`;
    if (rng.next() < 0.4) s += `${['T', ' '][int(2)]}${digits(1 + int(2), 26)}:${digits(2, 62)}${rng.next() < 0.5 ? `:${digits(2, 62)}` : ''}${rng.next() < 0.2 ? '.25' : ''}`;
    if (rng.next() < 0.1) s += ['Z', '+05:00', '-0130', ' UTC'][int(4)];
    if (rng.next() < 0.2) {
      const at = int(s.length + 1);
      s = s.slice(0, at) + noise[int(noise.length)] + s.slice(at + int(2));
    }
    return s;
  });
  await withDuckdb(async (con) => {
    for (const order of [null, 'dmy', 'mdy'] as const) {
      const sql = await evaluate(con, values, dateLayers('s', 'd', order));
      const wrong = values.filter((s, i) => !same(parseDate(s, order ?? 'ymd'), sql[i]));
      assert.deepEqual(wrong.slice(0, 5).map((s) => [s, parseDate(s, order ?? 'ymd')]), [], `order ${order ?? 'ymd'}: ${wrong.length} strings differ`);
      assert.ok(sql.filter((v) => v !== null).length > 1000, 'enough readable dates');
    }
  });
});

test('jsTrim removes exactly the white space JavaScript trim() removes', async () => {
  const values = [` ${JS_SPACE}a b${JS_SPACE} `, '\u200b x \u200b', '\u0085y\u0085', 'z'];
  await withDuckdb(async (con) => {
    const rows = (await con.runAndReadAll(`SELECT ${values.map((v) => jsTrim(`'${v.replace(/'/g, "''")}'`)).join(', ')}`)).getRows()[0];
    assert.deepEqual(rows, values.map((v) => v.trim()));
  });
});
