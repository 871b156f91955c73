/**
 * The workbench's frame functions (lib/workbench/frames.ts) on public tables the project did not
 * make: UCI Bank Marketing (bank.csv: 4,521 clients, ";" separated, quoted text, "unknown" for
 * missing, negative balances, a yes/no outcome) and UCI Wholesale customers (440 rows, all numbers,
 * codes for channel and region). Every expected figure is computed here from the file with a
 * separate, minimal reader, not with the code under test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { frameColumn } from '../../lib/clean/frame';
import { validateConfig } from '../../lib/config/validate';
import { cleanFrame, describeFrame, featuresFromFrame, groupSummary, joinSegments, loadFrames, segmentsFrame } from '../../lib/workbench/frames';
import { lazy, needsDatasets, sharedDatasets } from '../helpers/paths';

const BANK = 'bank-marketing/bank.csv';
const WHOLESALE = 'wholesale-customers/Wholesale customers data.csv';

/** A plain reader for these two files (no quotes inside fields): header and rows of text, quotes removed. */
function readPlain(relative: string, sep: string): { header: string[]; rows: string[][] } {
  const lines = fs.readFileSync(path.join(sharedDatasets, relative), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const split = (l: string): string[] => l.split(sep).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  return { header: split(lines[0]), rows: lines.slice(1).map(split) };
}

function column(t: { header: string[]; rows: string[][] }, name: string): string[] {
  const j = t.header.indexOf(name);
  assert.ok(j >= 0, `no column ${name}`);
  return t.rows.map((r) => r[j]);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]): number => quantile(xs, 0.5);
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

const bankConfig = lazy(() =>
  validateConfig(
    {
      name: 'bank-frames',
      outDir: '/tmp/seglab-public-frames-out',
      sources: { customers: { path: path.join(sharedDatasets, BANK), delimiter: ';' } },
      columns: { customerId: 'row_id', label: 'y' },
      clean: { missing: { job: 'indicator', education: 'indicator' } },
      features: { behavioural: [], customerColumns: ['balance', 'duration', 'campaign', 'previous'], categoricalColumns: ['job', 'education', 'housing', 'loan'] },
      fairness: { protected: ['age', 'marital'] },
      embed: { enabled: false },
    },
    sharedDatasets,
  ),
);

test('Bank Marketing: loadFrames numbers the rows, cleanFrame accounts for every one; describeFrame equals the file', { skip: needsDatasets(BANK) }, async () => {
  const plain = readPlain(BANK, ';');
  const raw = await loadFrames(bankConfig());
  assert.deepEqual(raw.customers.shape, [plain.rows.length, plain.header.length + 1]);
  assert.deepEqual(frameColumn(raw.customers, 'row_id').slice(0, 3), ['1', '2', '3']);
  const cleaned = cleanFrame(raw.customers, bankConfig());
  const dropped = Object.values(cleaned.ledger.dropped).reduce((a, b) => a + b, 0);
  assert.equal(cleaned.ledger.rowsRead, plain.rows.length);
  assert.equal(cleaned.ledger.rowsKept + dropped, plain.rows.length);
  assert.ok(!cleaned.frame.columns.includes('y'), 'the outcome is kept aside, not in the cleaned frame');

  const described = describeFrame(cleaned.frame);
  const variables = frameColumn(described, 'variable');
  for (const col of ['balance', 'duration', 'age']) {
    const values = column(plain, col).map(Number);
    const i = variables.indexOf(col);
    assert.ok(i >= 0, `${col} described`);
    assert.equal(frameColumn(described, 'count')[i], values.length);
    assert.equal(frameColumn(described, 'missing')[i], 0);
    close(frameColumn(described, 'mean')[i] as number, mean(values), `${col} mean`);
    close(frameColumn(described, 'median')[i] as number, median(values), `${col} median`);
    assert.equal(frameColumn(described, 'min')[i], Math.min(...values));
    assert.equal(frameColumn(described, 'max')[i], Math.max(...values));
  }
  // "unknown" jobs are missing (a missing-value token), and the indicator rule adds job_missing.
  const unknownJobs = column(plain, 'job').filter((j) => j === 'unknown').length;
  assert.ok(unknownJobs > 0);
  assert.equal((frameColumn(cleaned.frame, 'job_missing') as number[]).filter((v) => v === 1).length, unknownJobs);
});

test('Bank Marketing: groupSummary per job equals counts and means from the file; unknown jobs are the null group', { skip: needsDatasets(BANK) }, async () => {
  const plain = readPlain(BANK, ';');
  const cleaned = cleanFrame((await loadFrames(bankConfig())).customers, bankConfig());
  const summary = groupSummary(cleaned.frame, 'job', 'balance');
  const jobs = column(plain, 'job');
  const balance = column(plain, 'balance').map(Number);
  const expected = new Map<string | null, number[]>();
  jobs.forEach((j, i) => {
    const key = j === 'unknown' ? null : j;
    expected.set(key, [...(expected.get(key) ?? []), balance[i]]);
  });
  const keys = frameColumn(summary, 'job');
  assert.equal(keys.length, expected.size);
  keys.forEach((key, i) => {
    const values = expected.get(key as string | null);
    assert.ok(values, `group ${String(key)} not in the file`);
    assert.equal(frameColumn(summary, 'customers')[i], values.length);
    close(frameColumn(summary, 'mean_balance')[i] as number, mean(values), `mean balance of ${String(key)}`);
    close(frameColumn(summary, 'median_balance')[i] as number, median(values), `median balance of ${String(key)}`);
  });
});

test('Bank Marketing: a Danfo filter (balance >= 0) goes into features with the filtered rows counted, and segments join back with null for them', { skip: needsDatasets(BANK) }, async () => {
  const plain = readPlain(BANK, ';');
  const negative = column(plain, 'balance').filter((b) => Number(b) < 0).length;
  assert.ok(negative > 100, 'the file has clients with a negative balance');
  const config = bankConfig();
  const cleaned = cleanFrame((await loadFrames(config)).customers, config);
  const frame = cleaned.frame;
  const kept = frame.query(frame.column('balance').ge(0));
  const features = featuresFromFrame(kept, cleaned.customers, null, config);
  assert.equal(features.ledger.dropped['left out by a filter in the notebook'], negative);
  assert.equal(features.customerIds.length, plain.rows.length - negative);
  assert.ok(!features.names.some((n) => n.startsWith('age') || n.startsWith('marital')), 'protected columns are not features');
  for (const row of features.scaled) for (const x of row) assert.ok(Number.isFinite(x));

  const labels = features.customerIds.map((id) => Number(id) % 3);
  const joined = joinSegments(frame, segmentsFrame(features.customerIds, labels, [], 'row_id'), 'row_id');
  assert.equal(joined.shape[0], frame.shape[0]);
  const segment = frameColumn(joined, 'segment');
  const balances = frameColumn(joined, 'balance') as number[];
  assert.equal(segment.filter((s) => s === null).length, negative);
  segment.forEach((s, i) => assert.equal(s === null, balances[i] < 0, `row ${i}: segment ${String(s)} with balance ${balances[i]}`));
  const ids = frameColumn(joined, 'row_id') as string[];
  segment.forEach((s, i) => s !== null && assert.equal(s, (Number(ids[i]) % 3) + 1));
});

test('Wholesale customers: describeFrame and groupSummary per region on the cleaned frame equal the file', { skip: needsDatasets(WHOLESALE) }, async () => {
  const plain = readPlain(WHOLESALE, ',');
  const spend = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];
  const config = validateConfig(
    {
      name: 'wholesale-frames',
      outDir: '/tmp/seglab-public-frames-out',
      sources: { customers: { path: path.join(sharedDatasets, WHOLESALE) } },
      columns: { customerId: 'row_id', label: 'Channel' },
      features: { behavioural: [], customerColumns: spend },
      embed: { enabled: false },
    },
    sharedDatasets,
  );
  const cleaned = cleanFrame((await loadFrames(config)).customers, config);
  assert.equal(cleaned.ledger.rowsKept, 440);
  const described = describeFrame(cleaned.frame);
  const variables = frameColumn(described, 'variable');
  for (const col of spend) {
    const values = column(plain, col).map(Number);
    const i = variables.indexOf(col);
    close(frameColumn(described, 'mean')[i] as number, mean(values), `${col} mean`);
    close(frameColumn(described, 'q75')[i] as number, quantile(values, 0.75), `${col} q75`);
    assert.equal(frameColumn(described, 'max')[i], Math.max(...values));
  }
  const region = column(plain, 'Region');
  const milk = column(plain, 'Milk').map(Number);
  const summary = groupSummary(cleaned.frame, 'Region', 'Milk');
  const keys = frameColumn(summary, 'Region').map(String);
  assert.deepEqual(keys.slice().sort(), [...new Set(region)].sort());
  keys.forEach((key, i) => {
    const values = milk.filter((_, r) => region[r] === key);
    assert.equal(frameColumn(summary, 'customers')[i], values.length);
    close(frameColumn(summary, 'mean_Milk')[i] as number, mean(values), `mean Milk in region ${key}`);
  });
});

/** Type-7 quantile, written out here. */
function quantile(xs: readonly number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  return s[Math.floor(h)] + (s[Math.ceil(h)] - s[Math.floor(h)]) * (h - Math.floor(h));
}
