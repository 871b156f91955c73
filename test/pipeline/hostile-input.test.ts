/**
 * Hostile names and values go through the whole pipeline and the run folder without a crash:
 * columns named constructor / __proto__ / toString, a protected attribute whose name ends in a
 * backslash (it reached a Vega expression), NUL bytes in a value and a name, 1,000 unused columns,
 * and JSON records with a __proto__ key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, tempDir } from '../helpers/paths';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { writeRunOutputs } from '../../lib/pipeline/outputs';
import { readJsonTable } from '../../lib/load/json';
import { parseDelimitedText } from '../../lib/load/csv';
import { verifyRunFolder } from '../../lib/io/run-folder';
import { terminalSafe, MAX_ECHOED_CHARS } from '../../lib/errors/sanitize';
import { msg } from '../../lib/errors/messages';

const demo = path.join(repoRoot, 'data', 'demo');

/** The first 400 demo customers (and their order lines) with hostile columns added. */
function hostileData(): { dir: string; header: string[] } {
  const dir = tempDir('seglab-hostile-');
  const lines = fs.readFileSync(path.join(demo, 'customers.csv'), 'utf8').trimEnd().split('\n').slice(0, 401);
  const header = lines[0].split(',').map((h) => (h === 'gender' ? 'gen\\' : h));
  const unused = Array.from({ length: 1000 }, (_, j) => `unused_${j}`);
  const extraNames = ['constructor', '__proto__', 'toString', 'nul\u0000name', ...unused];
  const out = [[...header, ...extraNames].join(',')];
  lines.slice(1).forEach((line, i) => {
    const region = i % 50 === 0 ? 'We\u0000st' : null;
    const fields = line.split(',');
    if (region) fields[header.indexOf('region')] = region;
    out.push([...fields, ['a', 'b'][i % 2], String(i % 3), 'x', 'v\u0000', ...unused.map((_, j) => String((i + j) % 5))].join(','));
  });
  fs.writeFileSync(path.join(dir, 'customers.csv'), `${out.join('\n')}\n`);
  const ids = new Set(lines.slice(1).map((l) => l.split(',')[0]));
  const tx = fs.readFileSync(path.join(demo, 'transactions.csv'), 'utf8').trimEnd().split('\n');
  fs.writeFileSync(path.join(dir, 'transactions.csv'), `${[tx[0], ...tx.slice(1).filter((l) => ids.has(l.split(',')[1]))].join('\n')}\n`);
  return { dir, header };
}

test('hostile column names and values run end to end: no crash, a complete run folder', async () => {
  const { dir } = hostileData();
  const outDir = path.join(tempDir('seglab-hostile-out-'), 'run');
  const config = validateConfig(
    {
      name: 'hostile',
      outDir,
      sources: { customers: { path: path.join(dir, 'customers.csv') }, transactions: { path: path.join(dir, 'transactions.csv') } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', pii: ['email'] },
      features: { customerColumns: ['income'] },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 4, restarts: 2 },
      // Protected attributes named with a trailing backslash and "constructor" reach the report's charts.
      fairness: { protected: ['gen\\', 'constructor'] },
    },
    dir,
  );
  const run = await runPipeline(config);
  assert.ok(run.customerIds.length > 300);
  assert.deepEqual(run.fairness.attributes.map((a) => a.attribute).sort(), ['constructor', 'gen\\']);
  const manifest = await writeRunOutputs(run, run.inputs);
  assert.deepEqual(verifyRunFolder(outDir, manifest.outputs), []);
  const html = fs.readFileSync(path.join(outDir, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /\u0000/, 'no NUL in the report');
  for (const f of Object.keys(manifest.outputs).filter((f) => f.endsWith('.svg'))) assert.doesNotMatch(fs.readFileSync(path.join(outDir, f), 'utf8'), /\u0000/, f);
  // The data-quality profile keeps the 1,000 unused columns (as data), and "constructor" is an ordinary column.
  const quality = JSON.parse(fs.readFileSync(path.join(outDir, 'data-quality.json'), 'utf8')) as { source: string; columns: { name: string }[] }[];
  const names = quality.find((p) => p.source === 'customers')?.columns.map((c) => c.name) ?? [];
  assert.ok(names.includes('constructor') && names.includes('__proto__') && names.includes('unused_999'));
});

test('JSON records with a __proto__ key are ordinary columns; a missing key is missing, not Object.prototype', () => {
  const dir = tempDir('seglab-json-');
  const file = path.join(dir, 'web.json');
  fs.writeFileSync(file, '[{"customer_id":"C1","__proto__":{"polluted":1},"constructor":"x"},{"customer_id":"C2"}]');
  const t = readJsonTable(file, 'web', 'json');
  assert.deepEqual(t.header, ['customer_id', '__proto__', 'constructor']);
  assert.deepEqual(t.rows, [['C1', '{"polluted":1}', 'x'], ['C2', '', '']]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
});

test('error messages: control characters escaped, long names cut with the fix hint kept, a non-table file not echoed', () => {
  const long = 'x'.repeat(65536);
  const shown = terminalSafe(`load: column "${long}\u001b[31m" not found. Fix columns.amount.`);
  assert.ok(shown.length < 400);
  assert.match(shown, /\(65544 characters\)/);
  assert.match(shown, /Fix columns\.amount\.$/);
  assert.doesNotMatch(shown, /\u001b/);
  assert.equal(terminalSafe('a "\u001b]0;pwned\u0007" b'), 'a "\\x1b]0;pwned\\x07" b');
  assert.ok(MAX_ECHOED_CHARS <= 200);
  // /etc/shadow-like content: one field per line; the message says so and never echoes the line.
  const secret = 'root:$6$abcdefgh$0123456789:19000:0:99999:7:::';
  const t = parseDelimitedText(`${secret}\ndaemon:*:19000:0:99999:7:::\n`, 'customers', '/tmp/shadow', { delimiter: ',' });
  const text = msg.missingColumn('customers', '/tmp/shadow', 'customer_id', 'columns.customerId', t.header);
  assert.doesNotMatch(text, /abcdefgh/);
  assert.match(text, /does not look like a delimited table/);
});
