/**
 * CSV reader benchmark: readDelimited (lib/load/csv.ts) on one file, in its own process so peak RSS
 * is the reader's alone. Prints one JSON line: rows, wall and CPU seconds, peak RSS (MiB), heap after.
 *
 *   node dist/bench/csv-read.js <file.csv> [role=transactions]
 *
 * Files used for the figures in the notes: /tmp/seglab-bench/retail-200000-seed7/{customers,transactions}.csv
 * (written by lib/data/write.ts, 200,000 customers, seed 7; 14.7 MB and 131.5 MB).
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readDelimited } from '../lib/load/csv';

const [file, role = 'transactions'] = process.argv.slice(2);
if (!file || !fs.existsSync(file)) {
  console.error('usage: node dist/bench/csv-read.js <file.csv> [role]');
  process.exit(2);
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const table = readDelimited(file, role);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    file,
    bytes: fs.statSync(file).size,
    rows: table.rows.length,
    columns: table.header.length,
    wallSeconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
  }),
);
