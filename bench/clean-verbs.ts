/**
 * Danfo's own operations against the array code of the customers-cleaning verbs
 * (lib/clean/customers.ts), on seeded columns of n customers: the figures behind the decisions
 * in the header of lib/clean/frame.ts. Times include building the Danfo Series/DataFrame from the
 * verb's arrays and reading the values back (a verb gets arrays from the parsed file and hands
 * arrays on), so they compare what a verb would really pay.
 *
 *   node dist/bench/clean-verbs.js 10000 100000
 *
 * One line per operation and size: CPU milliseconds (median of 3 after one warm-up) for Danfo and for
 * the arrays, and whether the results agree exactly.
 */
import * as dfd from 'danfojs-node';
import { parseNumber } from '../lib/clean/coerce';
import { fillNumericWith, modeOf } from '../lib/clean/rules';
import { buildFrame, countBy, frameColumn } from '../lib/clean/frame';
import { createRng } from '../lib/random/rng';

function time<T>(f: () => T, runs = 3): { ms: number; out: T } {
  const ms: number[] = [];
  let out = f();
  for (let i = 0; i < runs; i++) {
    // CPU time (user + system) of this process: the machine is shared, wall time is noise.
    const t0 = process.cpuUsage();
    out = f();
    const d = process.cpuUsage(t0);
    ms.push((d.user + d.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  return { ms: Math.round(ms[Math.floor(runs / 2)] * 10) / 10, out };
}

const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

const sizes = process.argv.slice(2).map(Number);
const maxDanfoDedupe = Number(process.env.SEGLAB_BENCH_MAX_DEDUPE ?? 20000);
for (const n of sizes) {
  const rng = createRng(11);
  const line = (what: string, danfo: number | string, arrays: number, note: string): void => console.log(`n=${n}\t${what}\tdanfo ${danfo} ms\tarrays ${arrays} ms\t${note}`);
  // income with every 7th missing, money with cents beyond float32
  const income: (number | null)[] = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : 16777217 + Math.round(90000 * rng.next()) + 0.01));
  const rawIncome: string[] = income.map((v, i) => (v === null ? (i % 2 ? '' : 'n/a') : String(v)));
  const ids = Array.from({ length: n }, (_, i) => String(i % Math.max(1, Math.floor(n * 0.98))).padStart(8, '0'));
  const regions = ['North', 'South', 'East', 'West', '00123', '10-20'];
  const region: (string | null)[] = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : regions[i % 6]));

  // fillMissing: fillNa with a learned value.
  const fill = 16800000.5;
  const dFill = time(() => new dfd.Series(income).fillNa(fill).values as number[]);
  const aFill = time(() => fillNumericWith('income', income, fill, 'median').values);
  line('fillNa (numeric, 1/7 missing)', dFill.ms, aFill.ms, `exact equal: ${same(dFill.out, aFill.out)}`);

  // fillMissing (text): fillNa with the mode.
  const dText = time(() => {
    const s = new dfd.Series(region);
    return s.fillNa('North').values as string[];
  });
  const aText = time(() => region.map((v) => (v === null ? 'North' : v)));
  line('fillNa (text, 1/11 missing)', dText.ms, aText.ms, `exact equal: ${same(dText.out, aText.out)}`);

  // coerceNumeric: astype float32 vs parseNumber with the missing tokens.
  const dType = time(() => new dfd.Series(rawIncome).asType('float32').values as number[]);
  const aType = time(() => rawIncome.map((r) => (r === '' || r === 'n/a' ? null : parseNumber(r))));
  const missingTo = dType.out.filter((v, i) => income[i] === null && v === 0).length;
  line('astype float32 (coerce)', dType.ms, aType.ms, `missing read as 0 by astype: ${missingTo}; present values equal: ${dType.out.every((v, i) => income[i] === null || v === income[i])}`);

  // dedupeIds: drop_duplicates keep last vs a Map pass.
  const aDedupe = time(() => {
    const last = new Map<string, number>();
    ids.forEach((id, r) => last.set(id, r));
    return [...last.values()].sort((a, b) => a - b);
  });
  if (n <= maxDanfoDedupe) {
    const dDedupe = time(() => new dfd.Series(ids).dropDuplicates({ keep: 'last' }).index as number[], 1);
    line('dropDuplicates keep last (ids)', dDedupe.ms, aDedupe.ms, `same rows: ${same(dDedupe.out, aDedupe.out)}`);
  } else line('dropDuplicates keep last (ids)', 'not run (quadratic)', aDedupe.ms, '');

  // keepRows (consent, drop rule): query with a boolean mask over a 6-column table.
  const keep = Array.from({ length: n }, (_, i) => i % 13 !== 0);
  const columns = { id: ids, income, region, a: income, b: income, c: region };
  const dQuery = time(() => {
    const f = buildFrame(columns);
    const q = f.query(new dfd.Series(keep));
    return frameColumn(q, 'income');
  });
  const aQuery = time(() => {
    const out: Record<string, unknown[]> = {};
    for (const [c, v] of Object.entries(columns)) out[c] = (v as unknown[]).filter((_, i) => keep[i]);
    return out.income;
  });
  line('query boolean mask (6 columns, with frame build)', dQuery.ms, aQuery.ms, `same income: ${same(dQuery.out, aQuery.out)}`);
  const built = buildFrame(columns);
  const mask = new dfd.Series(keep);
  const dQueryOnly = time(() => frameColumn(built.query(mask), 'income'));
  line('query boolean mask (6 columns, frame already built)', dQueryOnly.ms, aQuery.ms, '');

  // fillText mode / recode counts: valueCounts vs countBy + modeOf.
  const dCounts = time(() => {
    const vc = new dfd.Series(region.filter((v) => v !== null)).valueCounts();
    return vc.index as (string | number)[];
  });
  const aCounts = time(() => [...countBy(region).keys()]);
  line('valueCounts (text)', dCounts.ms, aCounts.ms, `labels kept as text: ${dCounts.out.every((k) => typeof k === 'string')} (${dCounts.out.join('|')})`);
  time(() => modeOf(region));

  // the end of cleanCustomers: the customer frame itself.
  line('buildFrame (6 columns)', time(() => buildFrame(columns), 1).ms, 0, 'built once per cleaning today');
}
