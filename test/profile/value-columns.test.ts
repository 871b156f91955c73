/**
 * profile.valueColumns: a customers file without order lines (UCI Wholesale's yearly spend per product
 * group, the Customer Personality Analysis Mnt* columns) gets a value measure, the sum of the listed
 * amounts per customer as read from the file. Every value figure is recomputed here from the file and
 * the segments, independently of seglab's profile code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { writeRunOutputs } from '../../lib/pipeline/outputs';
import { SeglabError } from '../../lib/errors/messages';
import { createRng } from '../../lib/random/rng';
import { repoRoot, tempDir } from '../helpers/paths';

const WHOLESALE = path.join(repoRoot, 'data/examples/wholesale-customers.csv');
const SPEND = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];

function config(file: string, extra: Record<string, unknown>): ReturnType<typeof validateConfig> {
  const out = tempDir('seglab-value-out-');
  return validateConfig(
    {
      name: 'value',
      outDir: path.join(out, 'run'),
      sources: { customers: { path: file } },
      columns: { customerId: 'row_id' },
      features: { behavioural: [], customerColumns: SPEND, logColumns: SPEND },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 4, workers: 1 },
      fairness: { minCellSize: 5 },
      ...extra,
    },
    path.dirname(file),
  );
}

/** Per segment: customers, share of the summed amounts, mean per customer; from the raw file. */
function recompute(file: string, columns: readonly string[], labels: readonly number[]): { size: number; share: number; mean: number; zeroed: Record<string, number> }[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const idx = columns.map((c) => header.indexOf(c));
  const zeroed: Record<string, number> = {};
  const values = lines.slice(1).map((line) => {
    const cells = line.split(',');
    return idx.reduce((sum, j, c) => {
      const v = Number(cells[j]);
      if (cells[j].trim() === '' || !Number.isFinite(v) || v < 0) {
        zeroed[columns[c]] = (zeroed[columns[c]] ?? 0) + 1;
        return sum;
      }
      return sum + v;
    }, 0);
  });
  assert.equal(values.length, labels.length, 'one segment per row');
  const total = values.reduce((a, b) => a + b, 0);
  const k = Math.max(...labels) + 1;
  return Array.from({ length: k }, (_, s) => {
    const mine = values.filter((_, i) => labels[i] === s);
    const sum = mine.reduce((a, b) => a + b, 0);
    return { size: mine.length, share: sum / total, mean: sum / mine.length, zeroed };
  });
}

test('UCI Wholesale: share of value and value per customer are the summed yearly spend, as read (before winsorising)', async () => {
  const cfg = config(WHOLESALE, { clean: { winsorise: { Fresh: { quantiles: [0, 0.95] } } }, profile: { valueColumns: SPEND, currency: 'EUR' } });
  const run = await runPipeline(cfg);
  const truth = recompute(WHOLESALE, SPEND, run.clustering.labels);
  for (const p of run.profiles) {
    const t = truth[p.segment];
    assert.equal(p.size, t.size);
    assert.ok(Math.abs(p.valueShare - t.share) < 1e-12, `${p.label}: share ${p.valueShare} vs ${t.share}`);
    assert.ok(Math.abs((p.valuePerCustomer as number) - t.mean) < 1e-6 * t.mean, `${p.label}: mean ${p.valuePerCustomer} vs ${t.mean}`);
  }
  // Winsorised Fresh (a feature) is not what customers spent: the value uses the file's amounts.
  assert.ok(run.profiles.some((p) => p.features.find((f) => f.feature === 'Fresh')));
  // Personas call it value (amount columns need not be spend), with the recomputed share.
  for (const p of run.profiles) assert.match(p.persona?.summary ?? '', new RegExp(`holding ${(truth[p.segment].share * 100).toFixed(1)}% of total value\\.`), p.label);
  await writeRunOutputs(run, run.inputs);
  const text = fs.readFileSync(path.join(cfg.outDir, 'report.html'), 'utf8');
  const top = [...run.profiles].sort((a, b) => b.valueShare / b.share - a.valueShare / a.share)[0];
  assert.match(text, new RegExp(`holds ${(truth[top.segment].share * 100).toFixed(1)}% of total value`));
  assert.match(text, /share of total value \(the sum of Fresh, Milk, Grocery, Frozen, Detergents_Paper, Delicassen per customer/);
  assert.doesNotMatch(text, /No value measure was used/);
  // The first screen's worth column: the mean of the summed amounts per customer, in euros.
  for (const p of run.profiles) assert.ok(text.includes(`\u20ac${Math.round(truth[p.segment].mean).toLocaleString('en-US')}`), `${p.label}: worth`);
});

test('missing, unreadable (rare), out-of-range and negative amounts count as 0, and the run says how many', async () => {
  const dir = tempDir('seglab-value-');
  const file = path.join(dir, 'customers.csv');
  const rng = createRng(5);
  const rows = ['row_id,visits,wine,meat'];
  for (let i = 0; i < 400; i++) {
    const group = i % 2;
    const wine = i === 7 || i === 90 ? '' : i === 13 ? 'n/a' : i === 21 ? '-40' : i === 33 ? '999999' : String(Math.round((group ? 300 : 40) * (0.5 + rng.next())));
    const meat = i === 55 ? 'lots' : String(Math.round((group ? 80 : 200) * (0.5 + rng.next())));
    rows.push(`${i + 1},${Math.round((group ? 12 : 3) + rng.next() * 3)},${wine},${meat}`);
  }
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  const cfg = config(file, {
    features: { behavioural: [], customerColumns: ['visits'] },
    clean: { ranges: { wine: [-1000, 10000] } },
    profile: { valueColumns: ['wine', 'meat'] },
  });
  const run = await runPipeline(cfg);
  const warning = run.warnings.find((w) => w.includes('profile.valueColumns'));
  // wine: 2 blank + "n/a" + 999999 outside clean.ranges = 4 missing, -40 negative; meat: "lots" unreadable = 1 missing.
  assert.equal(warning, 'customers file: the value measure (profile.valueColumns) counts 4 missing and 1 negative amounts of "wine", 1 missing amounts of "meat" as 0, of 400 customers.');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const value = lines.map(([, , wine, meat]) => [wine, meat].reduce((s, raw) => {
    const v = Number(raw);
    return raw !== '' && Number.isFinite(v) && v >= 0 && v <= 10000 ? s + v : s;
  }, 0));
  const total = value.reduce((a, b) => a + b, 0);
  for (const p of run.profiles) {
    const mine = value.filter((_, i) => run.clustering.labels[i] === p.segment);
    assert.ok(Math.abs(p.valueShare - mine.reduce((a, b) => a + b, 0) / total) < 1e-12, p.label);
  }
});

test('wrong uses stop with one sentence: order lines present, an id or unknown column, mostly unreadable amounts', async () => {
  const message = async (cfg: () => unknown): Promise<string> => {
    try {
      await (cfg as () => Promise<unknown>)();
    } catch (e) {
      assert.ok(e instanceof SeglabError, String(e));
      return e.message;
    }
    return '';
  };
  const withLines = await message(() => config(WHOLESALE, { sources: { customers: { path: WHOLESALE }, transactions: { path: WHOLESALE } }, profile: { valueColumns: ['Milk'] } }));
  assert.match(withLines, /profile\.valueColumns \(Milk\) is for a customers file without order lines, but sources\.transactions is set/);
  assert.match(await message(() => config(WHOLESALE, { profile: { valueColumns: ['row_id'] } })), /profile\.valueColumns.*not the customer id/);
  assert.match(await message(() => runPipeline(config(WHOLESALE, { profile: { valueColumns: ['Milkk'] } }))), /"Milkk".*profile\.valueColumns/);
  const dir = tempDir('seglab-value-bad-');
  const file = path.join(dir, 'c.csv');
  fs.writeFileSync(file, `row_id,Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen,notes\n${Array.from({ length: 40 }, (_, i) => `${i + 1},${i},${2 * i},${i % 5},${i % 3},${i % 7},${i % 2},text ${i}`).join('\n')}\n`);
  const bad = await message(() => runPipeline(config(file, { profile: { valueColumns: ['notes'] } })));
  assert.match(bad, /notes/);
  assert.match(bad, /profile\.valueColumns/);
});
