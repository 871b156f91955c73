/**
 * The load and clean stages alone (issue 15), on a run config such as the side-by-side bench's
 * (/tmp/seglab-bench/retail-<N>-seed7/seglab-s6base.config.json), for timing and memory:
 *
 *   /usr/bin/time -v node dist/bench/clean-stage.js <config.json> [--sql]
 *
 * Prints one JSON line: wall and CPU (user+sys, every thread) seconds per part (the in-memory
 * sources' cleaning, the DuckDB order-line pass), with --sql the wall time of each SQL statement,
 * and a sha256 of everything the clean stage hands on (customers, behaviour, CLV inputs, profiles,
 * ledger), which must not change when a speed-up is not meant to change results.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBConnection } from '@duckdb/node-api';
import { validateConfig } from '../lib/config/validate';
import { cleanSources } from '../lib/pipeline/sources';
import { loadSources } from '../lib/load/source';

const sqlTimes: { ms: number; cpuMs: number; sql: string }[] = [];
let statements = 0;
/** Statements under way (runAndReadAll calls run: only the outer call is recorded). */
let depth = 0;

/** Wrap the connection's run methods to time each statement (--sql). */
function timeSql(): void {
  const proto = DuckDBConnection.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const name of ['run', 'runAndReadAll']) {
    const orig = proto[name];
    proto[name] = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const t0 = performance.now();
      // SEGLAB_EXPLAIN=<dir>: DuckDB writes each statement's profile tree (operator timings) to <dir>/q-NN.txt.
      if (process.env.SEGLAB_EXPLAIN && name === 'run' && String(args[0]).startsWith('SET memory_limit')) args[0] = `${String(args[0])}; PRAGMA enable_profiling = 'query_tree'`;
      if (process.env.SEGLAB_EXPLAIN && name === 'run' && !String(args[0]).startsWith('SET memory_limit')) {
        await orig.call(this, `SET profiling_output = '${process.env.SEGLAB_EXPLAIN}/q-${String(++statements).padStart(2, '0')}.txt'`);
      }
      // CPU of the whole process (DuckDB's threads included) while the statement runs; other JS
      // work overlapping it (none in the clean stage's sequence) would be counted too.
      const c0 = process.cpuUsage();
      depth++;
      try {
        return await orig.apply(this, args);
      } finally {
        depth--;
        const cpu = process.cpuUsage(c0);
        if (depth === 0) sqlTimes.push({ ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), sql: String(args[0]).replace(/\s+/g, ' ').slice(0, 90) });
      }
    };
  }
}

/** A stable sha256 of a value: typed arrays as plain arrays, NaN and infinities by name. */
function hashOf(value: unknown): string {
  const h = createHash('sha256');
  const walk = (v: unknown): void => {
    if (v === null || v === undefined) return void h.update(String(v) + ';');
    if (typeof v === 'number') return void h.update((Number.isFinite(v) ? String(v) : `#${v}`) + ';');
    if (typeof v !== 'object') return void h.update(JSON.stringify(v) + ';');
    if (typeof v === 'function') return;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const a = v as ArrayLike<unknown>;
      h.update(`[${a.length}`);
      for (let i = 0; i < a.length; i++) walk(a[i]);
      return void h.update(']');
    }
    // Maps by key order: their insertion order (e.g. DuckDB's result order) is not a result.
    if (v instanceof Map) return walk([...v.entries()].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0)));
    if (v instanceof Set) return walk([...v]);
    for (const k of Object.keys(v).sort()) {
      h.update(k + ':');
      walk((v as Record<string, unknown>)[k]);
    }
  };
  walk(value);
  return h.digest('hex');
}

async function main(): Promise<void> {
  const [file, flag] = process.argv.slice(2);
  if (flag === '--sql') timeSql();
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const config = validateConfig(raw, path.dirname(path.resolve(file)));
  const parts: Record<string, { seconds: number; cpuSeconds: number }> = {};
  const mark = (name: string, t0: number, c0: NodeJS.CpuUsage): void => {
    const cpu = process.cpuUsage(c0);
    parts[name] = { seconds: Math.round(performance.now() - t0) / 1000, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e3) / 1000 };
  };
  // RSS split (anonymous / file-mapped) at its peak, sampled every 50 ms (while DuckDB works, the loop is free).
  const peak = { rssAnonMiB: 0, rssFileMiB: 0, heapUsedMiB: 0 };
  const sampler = setInterval(() => {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    if (kb('RssAnon') / 1024 > peak.rssAnonMiB) Object.assign(peak, { rssAnonMiB: Math.round(kb('RssAnon') / 1024), rssFileMiB: Math.round(kb('RssFile') / 1024), heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576) });
  }, 50);
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const loaded = await loadSources(config);
  mark('load', t0, c0);
  t0 = performance.now();
  c0 = process.cpuUsage();
  // As the runner: future-dated rows after the end of today (UTC).
  const day = 86_400_000;
  const cleaned = await cleanSources(loaded, config, process.env, { notAfter: Math.floor(Date.now() / day) * day + day - 1 });
  mark('clean', t0, c0);
  const { customers, behaviour, clvInputs, profiles, ledger, personal, transactions } = cleaned;
  // Not the lazy Danfo frame (reading it would build it).
  const customersPlain = Object.fromEntries(Object.keys(customers).filter((k) => k !== 'frame').map((k) => [k, (customers as unknown as Record<string, unknown>)[k]]));
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      parts,
      peak,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      sha256: {
        customers: hashOf(customersPlain),
        behaviour: hashOf(behaviour),
        clvInputs: hashOf(clvInputs),
        profiles: hashOf(profiles),
        ledger: hashOf([ledger, personal, transactions]),
      },
      ...(flag === '--sql' ? { sql: sqlTimes } : {}),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
