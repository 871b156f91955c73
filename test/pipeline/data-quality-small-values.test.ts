/**
 * New-user trial on Customer Personality Analysis (2026-11-29): the report's "Columns as read" hides
 * values seen fewer than 50 times and the histograms leave out bins under 50 rows, but data-quality.json
 * in the same run folder listed them (Income "35860" 4 customers, "7500" 12; a Year_Birth bin of 3).
 * data-quality.json now leaves out what the report leaves out. Counts recomputed from the rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { writeRunOutputs } from '../../lib/pipeline/outputs';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';

const K = 50;

interface PublishedColumn { name: string; top: { value: string; count: number }[]; topWithheld?: number; histogram: { from: number; to: number; count: number | null }[] | null }

test('data-quality.json publishes no value and no histogram bin seen by fewer than minCellSize rows', { timeout: 120_000 }, async () => {
  const rng = createRng(12);
  const rows: string[][] = [];
  for (let i = 0; i < 600; i++) {
    // Income: 12 customers at 7500 and 4 at 35860 (as in the CPA file), one at 666666, the rest spread out.
    const income = i < 12 ? 7500 : i < 16 ? 35860 : i === 16 ? 666666 : 20000 + Math.round(60000 * rng.next());
    const visits = i < 70 ? 0 : 1 + rng.int(6);
    rows.push([`c${i + 1}`, String(income), String(visits), ['Graduation', 'PhD', 'Master'][rng.int(3)]]);
  }
  const header = ['customer_id', 'Income', 'Visits', 'Education'];
  const file = path.join(tempDir('seglab-dq-small-'), 'customers.csv');
  fs.writeFileSync(file, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  const config = validateConfig({
    name: 'dq-small',
    outDir: tempDir('seglab-dq-small-out-'),
    sources: { customers: { path: file } },
    features: { behavioural: [], customerColumns: ['Income', 'Visits'], categoricalColumns: ['Education'] },
    clv: { enabled: false },
    embed: { enabled: false },
    cluster: { kMin: 2, kMax: 2, restarts: 3 },
    fairness: { minCellSize: K },
  }, path.dirname(file));
  const run = await runPipeline(config);
  await writeRunOutputs(run, run.inputs);
  const dq = JSON.parse(fs.readFileSync(path.join(config.outDir, 'data-quality.json'), 'utf8')) as {
    source: string; minCellSize: number;
    columns: PublishedColumn[];
  }[];
  const customers = dq.find((s) => s.source === 'customers');
  assert.ok(customers);
  assert.equal(customers.minCellSize, K);
  for (const name of ['Income', 'Visits', 'Education']) {
    const column: PublishedColumn | undefined = customers.columns.find((c) => c.name === name);
    assert.ok(column, name);
    const values = rows.map((r) => r[header.indexOf(name)]);
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    // Every published value has its true count, never under K; the true top values under K are absent.
    for (const t of column.top as { value: string; count: number }[]) {
      assert.equal(t.count, counts.get(t.value), `${name} ${t.value}`);
      assert.ok(t.count >= K, `${name} "${t.value}" seen ${t.count} times was published`);
    }
    if (name === 'Income') {
      assert.ok(!column.top.some((t) => t.value === '7500' || t.value === '35860'));
      assert.ok((column.topWithheld ?? 0) >= 2, `topWithheld ${column.topWithheld}`);
    }
    // Histogram bins: a published count is the true count (the last bin closed) and never 1..K-1.
    for (const [i, b] of (column.histogram ?? []).entries()) {
      const last: boolean = i === (column.histogram ?? []).length - 1;
      const truth: number = values.map(Number).filter((x) => x >= b.from && (x < b.to || (last && x <= b.to))).length;
      if (truth > 0 && truth < K) assert.equal(b.count, null, `${name} bin ${b.from}-${b.to} of ${truth} rows`);
      else assert.equal(b.count, truth, `${name} bin ${b.from}-${b.to}`);
    }
  }
  const income = customers.columns.find((c) => c.name === 'Income');
  assert.ok(income?.histogram?.some((b) => b.count === null), 'the fixture has a small Income bin (666666)');
});
