/**
 * Issue 15's faster DuckDB data path: the CLV summaries grouped on integer customer keys (named by a
 * table, as behaviour-sql.ts hands them over) give exactly what they give on the ids themselves;
 * `readColumns` reads numbers and text as `getColumnsJS` does, over several chunks and with NULLs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDuckdb } from '../../lib/load/duckdb';
import { readColumns } from '../../lib/load/duckdb-columns';
import { clvInputsFromDuckdb, rfmSummaryFromDuckdb } from '../../lib/clv/summary-sql';
import { createRng } from '../../lib/random/rng';

const DAY = 86_400_000;

test('CLV inputs keyed by integers (in id order) equal those keyed by the ids, bit for bit', async () => {
  // Skewed made-up lines: ids of varied length (so text order is not number order), refunds,
  // same-day lines, amounts with up to 4 decimals, 2 customers with only refunds.
  const rng = createRng(15);
  const ids = Array.from({ length: 300 }, (_, i) => `c${(i * 7919) % 1000}${i % 3 ? '' : 'x'}`);
  const rows: [string, number, number][] = [];
  for (const id of ids) {
    const lines = 1 + Math.floor(rng.next() ** 3 * 40);
    for (let l = 0; l < lines; l++) {
      const amount = Math.round((rng.next() < 0.1 ? -1 : 1) * rng.next() ** 2 * 5000 * 1e4) / 1e4;
      rows.push([id, Date.UTC(2024, 0, 1) + Math.floor(rng.next() * 400) * DAY + Math.floor(rng.next() * DAY), amount]);
    }
  }
  rows.push(['refund-only', Date.UTC(2024, 5, 1), -12.5], ['refund-only-2', Date.UTC(2024, 6, 1), -0.01]);
  const sorted = [...new Set(rows.map((r) => r[0]))];
  const result = await withDuckdb(async (con) => {
    await con.run('CREATE TABLE t (cid VARCHAR, ts DOUBLE, amt DOUBLE)');
    const app = await con.createAppender('t');
    for (const [cid, ts, amt] of rows) {
      app.appendVarchar(cid);
      app.appendDouble(ts);
      app.appendDouble(amt);
      app.endRow();
    }
    app.closeSync();
    await con.run(`CREATE TABLE names AS SELECT (row_number() OVER (ORDER BY cid) - 1)::INTEGER AS k, cid AS id FROM (SELECT DISTINCT cid FROM t)`);
    await con.run('CREATE TABLE tk AS SELECT n.k AS cid, t.ts, t.amt FROM t JOIN names n ON n.id = t.cid');
    const byId = await clvInputsFromDuckdb(con, 't', { holdoutDays: 60 });
    const byKey = await clvInputsFromDuckdb(con, 'tk', { holdoutDays: 60 }, { names: 'names' });
    const plain = await rfmSummaryFromDuckdb(con, 't', { calibrationEnd: Date.UTC(2024, 10, 1), unitDays: 7 });
    return { byId, byKey, plain };
  });
  const { byId, byKey } = result;
  assert.equal(sorted.length, 302);
  assert.deepEqual(byKey.options, byId.options);
  assert.deepEqual(byKey.summary, byId.summary);
  assert.deepEqual(byKey.calibration, byId.calibration);
  assert.ok((byId.calibration?.customerId.length ?? 0) > 200, 'most customers are in the calibration summary');
  // Customers whose every line is a refund are counted, not lost (the two made so, and any drawn so).
  const buyers = new Set(rows.filter((r) => r[2] >= 0).map((r) => r[0]));
  assert.equal(byId.summary.excluded.noPurchase, sorted.filter((id) => !buyers.has(id)).length);
  assert.ok(byId.summary.excluded.noPurchase >= 2);
  assert.deepEqual([...byKey.netRevenue].sort(), [...byId.netRevenue].sort());
  // Net revenue is the exact sum of the lines (4 decimals: exact in micro-units).
  const want = new Map<string, number>();
  for (const [cid, , amt] of rows) want.set(cid, (want.get(cid) ?? 0) + Math.round(amt * 1e6));
  for (const [cid, micro] of want) assert.equal(byId.netRevenue.get(cid), micro / 1e6, cid);
  // Customers listed in the ids' order either way.
  assert.deepEqual(byKey.summary.customerId, [...byKey.summary.customerId].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  assert.ok(result.plain.customerId.length > 0);
});

test('readColumns: numbers as Float64Array (NULL as NaN) and other values as getColumnsJS gives them, across chunks', async () => {
  await withDuckdb(async (con) => {
    const sql = `SELECT i::INTEGER AS k, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 3 END::DOUBLE AS x,
        CASE WHEN i % 5 = 0 THEN 'v' || i END AS s, (i * 1000000000000)::HUGEINT AS h
      FROM range(5000) r(i)`;
    const fast = await readColumns(con, sql);
    const slow = (await con.runAndReadAll(sql)).getColumnsJS();
    assert.ok(fast[0] instanceof Float64Array && fast[1] instanceof Float64Array);
    assert.equal(fast[0].length, 5000, 'more than two chunks of 2048 rows');
    for (let r = 0; r < 5000; r++) {
      assert.equal(fast[0][r], slow[0][r]);
      assert.equal(fast[1][r], slow[1][r] === null ? NaN : slow[1][r]);
      assert.equal((fast[2] as unknown[])[r], slow[2][r]);
      assert.equal((fast[3] as unknown[])[r], slow[3][r]);
    }
    const empty = await readColumns(con, 'SELECT 1::DOUBLE AS a, 2 AS b WHERE false');
    assert.deepEqual(empty, [[], []]);
  });
});
