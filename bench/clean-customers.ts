/**
 * Time of the customers cleaning (cleanCustomers, every verb plus the customer frame) on one
 * customers file, with the benchmark config that sits next to it (or the demo config's rules):
 * the figure that must not grow when a verb moves to Danfo.
 *
 *   node dist/bench/clean-customers.js /tmp/seglab-bench/retail-1000000-seed7/customers.csv
 *   node dist/bench/clean-customers.js /tmp/seglab-bench/retail-1000000-seed7/customers.csv consent
 *
 * With "consent", customers without marketing consent (column consent_marketing) are excluded
 * too: the path where Danfo's query selects the kept rows.
 *
 * Prints reading time, then cleaning wall time and CPU time (user + system) of one cleaning and
 * a digest of the result (rows kept, ledger, fit) so two builds can be checked for identical output.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanCustomers } from '../lib/clean/customers';
import { buildFrame } from '../lib/clean/frame';
import { validateConfig } from '../lib/config/validate';
import { readDelimited } from '../lib/load/csv';

const file = path.resolve(process.argv[2] ?? '');
if (!fs.existsSync(file)) throw new Error(`usage: node dist/bench/clean-customers.js <customers.csv> (no file ${file})`);
const consent = process.argv[3] === 'consent';
const demo = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'data', 'demo', 'seglab.config.json'), 'utf8'));
const config = validateConfig(
  {
    ...demo,
    outDir: path.join(path.dirname(file), 'clean-bench-out'),
    sources: { customers: { path: file } },
    clean: { ...demo.clean, missing: { income: 'median', marital_status: 'mode' }, winsorise: { income: { quantiles: [0.01, 0.99] } }, ...(consent ? { excludeWithoutConsent: true } : {}) },
    ...(consent ? { columns: { ...demo.columns, consent: 'consent_marketing' } } : {}),
    embed: { ...demo.embed, enabled: false },
  },
  path.dirname(file),
);
let t0 = performance.now();
const table = readDelimited(file, 'customers', ',');
console.log(`read ${table.rows.length} rows: ${Math.round(performance.now() - t0)} ms`);
const cpu0 = process.cpuUsage();
t0 = performance.now();
const cleaned = cleanCustomers(table, config, {}, {});
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(`cleanCustomers: ${Math.round(wall)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU`);
const digest = crypto.createHash('sha256').update(JSON.stringify({ ids: cleaned.ids, numeric: cleaned.numeric, text: cleaned.text, ledger: cleaned.ledger, fit: cleaned.fit, frame: cleaned.frame.shape })).digest('hex');
const f0 = process.cpuUsage();
buildFrame({ id: cleaned.publicIds, ...cleaned.numeric, ...cleaned.text });
const f1 = process.cpuUsage(f0);
console.log(`of which the customer frame (buildFrame, rebuilt here): ${Math.round((f1.user + f1.system) / 1000)} ms CPU`);
console.log(`kept ${cleaned.ids.length}; ledger ${JSON.stringify(cleaned.ledger.dropped)}; result sha256 ${digest.slice(0, 16)}`);
