/**
 * Issue 15's faster DuckDB data path: the CLV summaries grouped on integer customer keys (named by a
 * table, as behaviour-sql.ts hands them over) give exactly what they give on the ids themselves;
 * `readColumns` reads numbers and text as `getColumnsJS` does, over several chunks and with NULLs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDuckdb } from '../../lib/load/duckdb';
import { copyNumbers, readColumns } from '../../lib/load/duckdb-columns';
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

test('readColumns copies DOUBLE and INTEGER vectors whole (NULL as NaN), not value by value', async () => {
  await withDuckdb(async (con) => {
    const sql = `SELECT CASE WHEN i % 3 = 0 THEN NULL ELSE i END::INTEGER AS k, CASE WHEN i % 64 = 63 OR i = 40 THEN NULL ELSE i * 0.25 END::DOUBLE AS x, i::DOUBLE AS y FROM range(3000) r(i)`;
    const result = await con.run(sql);
    let copied = 0;
    let offset = 0;
    const outs = [new Float64Array(3000), new Float64Array(3000), new Float64Array(3000)];
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      for (let j = 0; j < 3; j++) {
        const vector = chunk.getColumnVector(j);
        // The whole-vector copy is taken (with a NULL mask in k and x, without one in y).
        assert.ok(copyNumbers(vector, chunk.rowCount, outs[j], offset), `chunk ${c} column ${j}`);
        copied++;
        for (let r = 0; r < chunk.rowCount; r++) {
          const v = vector.getItem(r) as number | null;
          assert.ok(v === null ? Number.isNaN(outs[j][offset + r]) : outs[j][offset + r] === v, `row ${offset + r} column ${j}`);
        }
      }
      offset += chunk.rowCount;
    }
    assert.equal(offset, 3000);
    assert.equal(copied, 3 * result.chunkCount);
    assert.ok(Number.isNaN(outs[0][0]) && outs[0][1] === 1 && Number.isNaN(outs[1][40]) && Number.isNaN(outs[1][63]) && outs[1][64] === 16);
    // A text vector is not a number vector: left to the value-by-value read.
    const text = (await con.run(`SELECT 'a' || i FROM range(10) r(i)`)).getChunk(0).getColumnVector(0);
    assert.equal(copyNumbers(text, 10, new Float64Array(10), 0), false);
  });
});
