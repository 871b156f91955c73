import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as dfd from 'danfojs-node';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { buildFrame, frameColumn, summarise } from '../../lib/clean/frame';
import { cleanInputs, loadInputs } from '../../lib/pipeline/run';
import { cleanFrame, cleanTransactionsFrame, describeFrame, featuresFromFrame, groupSummary, joinSegments, loadFrames, segmentsFrame, tableFrame } from '../../lib/workbench/frames';
import { repoRoot, tempDir } from '../helpers/paths';

const demoDir = path.join(repoRoot, 'data', 'demo');
function demoConfig(): RunConfig {
  return validateConfig(JSON.parse(fs.readFileSync(path.join(demoDir, 'seglab.config.json'), 'utf8')), demoDir);
}

test('loadFrames + cleanFrame give the same cleaned customers and ledger as the pipeline', async () => {
  const config = demoConfig();
  const raw = await loadFrames(config);
  assert.deepEqual(raw.customers.columns, raw.inputs.customers.header);
  assert.equal(raw.customers.shape[0], raw.inputs.customers.rows.length);
  const cleaned = cleanFrame(raw.customers, config);
  const pipeline = await cleanInputs(await loadInputs(config), config);
  assert.deepEqual(cleaned.customers.numeric, pipeline.customers.numeric);
  assert.deepEqual(cleaned.customers.text, pipeline.customers.text);
  assert.deepEqual({ ...cleaned.ledger, file: '' }, { ...pipeline.customers.ledger, file: '' });
  assert.deepEqual(cleaned.frame.columns, pipeline.customers.frame.columns);
  assert.ok(!cleaned.frame.columns.includes('email'), 'personal data left in the cleaned frame');
  // The raw frame is not changed by cleaning.
  assert.equal(raw.customers.shape[0], raw.inputs.customers.rows.length);
});

test('a frame filtered and extended with Danfo goes into features: filtered rows counted, the new column a feature with exact values', async () => {
  const config = demoConfig();
  const raw = await loadFrames(config);
  const cleaned = cleanFrame(raw.customers, config);
  const tx = cleanTransactionsFrame(raw.transactions as dfd.DataFrame, cleaned.customers, config);
  const frame = cleaned.frame;
  const kept = frame.query(frame.column('income').gt(30000));
  kept.addColumn('income_k', kept.column('income').div(1000), { inplace: true });
  const features = featuresFromFrame(kept, cleaned.customers, tx, config, { customerColumns: ['income', 'income_k'] });
  const low = (frameColumn(frame, 'income') as number[]).filter((v) => !(v > 30000)).length;
  assert.ok(low > 0);
  assert.equal(features.ledger.dropped['left out by a filter in the notebook'], low);
  const dropped = Object.values(features.ledger.dropped).reduce((a, b) => a + b, 0);
  assert.equal(features.ledger.rowsKept + dropped, features.ledger.rowsRead, 'a row vanished uncounted');
  assert.ok(features.names.includes('income_k'));
  const j = features.names.indexOf('income_k');
  const pos = new Map(cleaned.customers.publicIds.map((id, i) => [id, i]));
  features.customerIds.forEach((id, r) => {
    const income = cleaned.customers.numeric.income[pos.get(id) as number] as number;
    assert.equal(features.raw[r][j], income / 1000);
  });
  assert.deepEqual(frameColumn(features.frame, 'income_k'), features.raw.map((row) => row[j]));
  assert.ok(features.customerIds.every((id) => (cleaned.customers.numeric.income[pos.get(id) as number] as number) > 30000));
});

test('money and ids keep exact values through clean, a Danfo filter and features (no float32)', () => {
  const dir = tempDir('seglab-frames-');
  const config = validateConfig(
    { sources: { customers: { path: 'c.csv' } }, columns: { customerId: 'id' }, features: { customerColumns: ['spend'], behavioural: [] }, outDir: path.join(dir, 'out') },
    dir,
  );
  const spend = ['16777217.01', '123456789.13', '0.1', '9007199254740.5', '42'];
  const ids = ['00123', '123456789012345678', '7', '0x1F', '1e3'];
  const raw = buildFrame({ id: ids, spend });
  const cleaned = cleanFrame(raw, config);
  assert.deepEqual(frameColumn(cleaned.frame, 'id'), ids);
  const filtered = cleaned.frame.query(cleaned.frame.column('spend').gt(1));
  const features = featuresFromFrame(filtered, cleaned.customers, null, config);
  assert.deepEqual(features.customerIds, ['00123', '123456789012345678', '0x1F', '1e3']);
  assert.deepEqual(features.raw.map((r) => r[0]), [16777217.01, 123456789.13, 9007199254740.5, 42]);
  // What a float32 copy would have given: the workbench never goes through Danfo's tensors.
  assert.notEqual(Math.fround(16777217.01), 16777217.01);
});

test('joinSegments keeps every customer in order, null for the unsegmented; Danfo merge gives NaN', () => {
  const customers = buildFrame({ customer_id: ['a', 'b', 'c', 'd'], income: [1, 2, null, 4] });
  const seg = segmentsFrame(['d', 'a'], [1, 0], [], 'customer_id');
  const joined = joinSegments(customers, seg);
  assert.deepEqual(frameColumn(joined, 'customer_id'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(frameColumn(joined, 'segment'), [1, null, null, 2]);
  assert.deepEqual(frameColumn(joined, 'segment_name'), ['Segment 1', null, null, 'Segment 2']);
  assert.deepEqual(frameColumn(joined, 'income'), [1, 2, null, 4]);
  const merged = dfd.merge({ left: customers, right: seg, on: ['customer_id'], how: 'left' });
  const viaDanfo = frameColumn(merged, 'segment');
  assert.ok(viaDanfo.some((v) => typeof v === 'number' && Number.isNaN(v)), 'danfo changed: merge no longer gives NaN for a missing match');
  assert.throws(() => joinSegments(buildFrame({ id: ['a'] }), seg), /no id column "customer_id"/);
});

test('describeFrame tolerates nulls (Danfo describe throws); groupSummary equals Danfo groupby on few groups', () => {
  const frame = buildFrame({ region: ['N', 'S', 'N', 'E', 'N', 'S'], income: [10, 20, null, 40, 30, 60] });
  assert.throws(() => frame.describe());
  const d = describeFrame(frame);
  assert.deepEqual(frameColumn(d, 'variable'), ['income']);
  const s = summarise([10, 20, null, 40, 30, 60]);
  assert.equal(frameColumn(d, 'median')[0], s.median);
  assert.equal(frameColumn(d, 'missing')[0], 1);
  const full = buildFrame({ region: ['N', 'S', 'N', 'E', 'N', 'S'], income: [10, 20, 50, 40, 30, 60] });
  const ours = groupSummary(full, 'region', 'income');
  const danfo = full.groupby(['region']).col(['income']).mean();
  const danfoMean = new Map((frameColumn(danfo, 'region') as string[]).map((r, i) => [r, frameColumn(danfo, 'income_mean')[i]]));
  (frameColumn(ours, 'region') as string[]).forEach((r, i) => assert.equal(frameColumn(ours, 'mean_income')[i], danfoMean.get(r)));
  assert.deepEqual(frameColumn(ours, 'customers'), [3, 2, 1]);
});

test('featuresFromFrame refuses rows that are not in the cleaned table, naming the row', async () => {
  const config = demoConfig();
  const raw = await loadFrames(config);
  const cleaned = cleanFrame(raw.customers, config);
  const bad = buildFrame({ customer_id: ['nobody'], income: [1] });
  assert.throws(() => featuresFromFrame(bad, cleaned.customers, null, config), /row 1 of the frame has the customer id "nobody"/);
  assert.equal(tableFrame(raw.inputs.customers).shape[1], raw.inputs.customers.header.length);
});
