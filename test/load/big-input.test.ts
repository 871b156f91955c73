/**
 * Big and hostile inputs for the readers: a gzip bomb stops at the inflate cap, role detection
 * reads a sample, and the DuckDB path's unreadable-date error gives row numbers and the fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { tempDir } from '../helpers/paths';
import { MAX_JS_BYTES, readDelimited, readDelimitedSample, readFileBytes } from '../../lib/load/csv';
import { msg } from '../../lib/errors/messages';
import { validateConfig } from '../../lib/config/validate';
import { loadSources } from '../../lib/load/source';
import { cleanSources } from '../../lib/pipeline/sources';

test('a gzip bomb is refused at the inflate cap with one sentence, before it fills memory', () => {
  const dir = tempDir('seglab-bomb-');
  const file = path.join(dir, 'customers.csv.gz');
  // 64 MB of zeros compress to ~64 KB; with a 4 MB cap the reader stops after 4 MB.
  fs.writeFileSync(file, zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x30), { level: 1 }));
  const before = process.memoryUsage().rss;
  assert.throws(() => readFileBytes(file, 'customers', 4 * 1024 * 1024), {
    message: `load: ${msg.gzipTooLarge('customers', file, fs.statSync(file).size, 4 * 1024 * 1024)}`,
  });
  assert.ok(process.memoryUsage().rss - before < 48 * 1024 * 1024, 'did not inflate the whole bomb');
  assert.ok(MAX_JS_BYTES <= 512 * 1024 * 1024);
});

test('role detection reads a sample: the first lines up to the byte budget, cut at a full line', () => {
  const dir = tempDir('seglab-sample-');
  const file = path.join(dir, 'transactions.csv');
  const lines = ['customer_id,order_date,amount'];
  for (let i = 0; i < 20000; i++) lines.push(`C${i},2025-01-${String(1 + (i % 28)).padStart(2, '0')},${i}.25`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const whole = readDelimited(file, 'transactions');
  const sample = readDelimitedSample(file, 'transactions', undefined, 64 * 1024);
  assert.deepEqual(sample.header, whole.header);
  assert.ok(sample.rows.length > 1000 && sample.rows.length < whole.rows.length);
  assert.deepEqual(sample.rows, whole.rows.slice(0, sample.rows.length), 'the sample is the top of the file, no cut line');
  assert.equal(readDelimitedSample(file, 'transactions', undefined, 64 * 1024 * 1024).rows.length, whole.rows.length);
});

test('DuckDB path: unreadable dates name their row numbers and the columns.dateFormat fix', async () => {
  const dir = tempDir('seglab-duckdate-');
  const c = ['customer_id,age'];
  const t = ['customer_id,order_date,amount'];
  for (let i = 0; i < 40; i++) {
    c.push(`C${i},${20 + i}`);
    // Month names: no date format reads them (dd/mm/yyyy with every part <= 12 would now stop
    // earlier, as on the JavaScript path: day and month cannot be told apart).
    t.push(`C${i},0${1 + (i % 9)}-Jan-2025,10.5`);
  }
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${c.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${t.join('\n')}\n`);
  const out = tempDir('seglab-duckdate-out-');
  const config = validateConfig(
    { outDir: out, sources: { customers: { path: path.join(dir, 'customers.csv') }, transactions: { path: path.join(dir, 'transactions.csv'), engine: 'duckdb' } } },
    dir,
  );
  const loaded = await loadSources(config);
  await assert.rejects(cleanSources(loaded, config, {}, { notAfter: Date.UTC(2026, 0, 1) }), (e: Error) => {
    assert.match(e.message, /has 40 of 40 values that cannot be read \(rows 2, 3, 4, 5, 6, \.\.\.\); e\.g\. "01-Jan-2025"/);
    assert.match(e.message, /columns\.dateFormat/);
    assert.doesNotMatch(e.message, /see the file/);
    return true;
  });
});

test('DuckDB path: a 2099 order line is dropped and counted (observation end unmoved); declared comma decimals read right; Infinity refused', async () => {
  const dir = tempDir('seglab-duckskew-');
  const c = ['customer_id,age'];
  const t = ['customer_id,order_date,amount'];
  for (let i = 0; i < 40; i++) {
    c.push(`C${i},${20 + i}`);
    t.push(`C${i},2025-03-01,"1.200,50"`, `C${i},2025-06-01,"10,25"`);
  }
  t.push('C1,2099-12-31,"5,00"', `C2,2025-05-01,${'9'.repeat(309)}`);
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${c.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${t.join('\n')}\n`);
  const config = validateConfig(
    {
      outDir: tempDir('seglab-duckskew-out-'),
      columns: { decimal: ',' },
      sources: { customers: { path: path.join(dir, 'customers.csv') }, transactions: { path: path.join(dir, 'transactions.csv'), engine: 'duckdb' } },
    },
    dir,
  );
  const cleaned = await cleanSources(await loadSources(config), config, {}, { notAfter: Date.UTC(2026, 0, 1) });
  const b = cleaned.behaviour;
  assert.ok(b);
  assert.equal(b.ledger.dropped[msg.futureReason('2026-01-01')], 1);
  assert.equal(b.ledger.dropped['unreadable amount'], 1);
  assert.equal(new Date(b.asOf).toISOString().slice(0, 10), '2025-06-02');
  assert.ok(b.monetary.every((m) => Math.abs(m - 1210.75) < 1e-9), `monetary ${b.monetary.slice(0, 3)}`);
});
