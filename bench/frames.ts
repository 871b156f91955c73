/**
 * Danfo at customer-table size: the workbench's Danfo operations (query, addColumn, valueCounts,
 * groupby over a few groups, describe) against seglab's workarounds (groupSummary, describeFrame,
 * joinSegments vs Danfo's merge), on seeded frames of n customers.
 *
 *   node dist/bench/frames.js 2000 100000
 *
 * Prints one line per operation and size: milliseconds (median of 3) and whether the results agree.
 */
import * as dfd from 'danfojs-node';
import { buildFrame, frameColumn } from '../lib/clean/frame';
import { createRng } from '../lib/random/rng';
import { describeFrame, groupSummary, joinSegments, segmentsFrame } from '../lib/workbench/frames';

function time<T>(f: () => T): { ms: number; out: T } {
  const runs: number[] = [];
  let out = f();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    out = f();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { ms: Math.round(runs[1] * 10) / 10, out };
}

function customers(n: number): dfd.DataFrame {
  const rng = createRng(7);
  const regions = ['North', 'South', 'East', 'West', 'Central'];
  return buildFrame({
    customer_id: Array.from({ length: n }, (_, i) => `C${String(i).padStart(7, '0')}`),
    income: Array.from({ length: n }, () => Math.round(20000 + 80000 * rng.next()) + 0.01),
    region: Array.from({ length: n }, (_, i) => regions[i % 5]),
  });
}

for (const n of process.argv.slice(2).map(Number)) {
  const frame = customers(n);
  const line = (what: string, ms: number, note = ''): void => console.log(`n=${n}\t${what}\t${ms} ms${note ? `\t${note}` : ''}`);
  const q = time(() => frame.query(frame.column('income').gt(50000)));
  line('danfo query income > 50000', q.ms, `${q.out.shape[0]} rows`);
  const add = time(() => {
    const f = frame.copy();
    f.addColumn('income_k', f.column('income').div(1000), { inplace: true });
    return f;
  });
  const income = frameColumn(frame, 'income') as number[];
  const exact = (frameColumn(add.out, 'income_k') as number[]).every((v, i) => v === income[i] / 1000);
  line('danfo copy + addColumn income/1000', add.ms, `exact doubles: ${exact}`);
  line('danfo valueCounts region', time(() => frame.column('region').valueCounts()).ms);
  const g = time(() => frame.groupby(['region']).col(['income']).mean());
  const s = time(() => groupSummary(frame, 'region', 'income'));
  const danfoMean = new Map((frameColumn(g.out, 'region') as string[]).map((r, i) => [r, frameColumn(g.out, 'income_mean')[i] as number]));
  const agree = (frameColumn(s.out, 'region') as string[]).every((r, i) => Math.abs((frameColumn(s.out, 'mean_income')[i] as number) - (danfoMean.get(r) as number)) < 1e-6);
  line('danfo groupby region (5 groups) mean', g.ms);
  line('seglab groupSummary region (5 groups)', s.ms, `means agree with danfo: ${agree}`);
  const ids = frameColumn(frame, 'customer_id') as string[];
  line('seglab groupSummary by customer id (n groups)', time(() => groupSummary(frame, 'customer_id', 'income')).ms);
  if (n <= 10000) line('danfo groupby customer id (n groups) mean', time(() => frame.groupby(['customer_id']).col(['income']).mean()).ms);
  line('danfo describe income (no nulls)', time(() => frame.loc({ columns: ['income'] }).describe()).ms);
  line('seglab describeFrame', time(() => describeFrame(frame)).ms);
  const seg = segmentsFrame(ids.filter((_, i) => i % 10 !== 0), ids.filter((_, i) => i % 10 !== 0).map((_, i) => i % 6));
  const j = time(() => joinSegments(frame, seg));
  line('seglab joinSegments (90% matched)', j.ms, `${(frameColumn(j.out, 'segment') as unknown[]).filter((v) => v === null).length} null`);
  if (n <= 20000) {
    const m = time(() => dfd.merge({ left: frame, right: seg, on: ['customer_id'], how: 'left' }));
    line('danfo merge left (90% matched)', m.ms, `${(frameColumn(m.out, 'segment') as unknown[]).filter((v) => typeof v === 'number' && Number.isNaN(v)).length} NaN`);
  }
}
