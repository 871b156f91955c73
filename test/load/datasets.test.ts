import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanSources } from '../../lib/pipeline/sources';
import { readConfigFile } from '../../lib/config/load';
import { validateConfig } from '../../lib/config/validate';
import { buildFeatures } from '../../lib/features/build';
import { loadSources } from '../../lib/load/source';
import { needsDatasets, repoRoot, sharedDatasets } from '../helpers/paths';

const examples = path.join(repoRoot, 'data', 'examples');
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

async function runExample(name: string) {
  const file = path.join(examples, `${name}.config.json`);
  // The example configs point at ../shared/datasets beside the repository; follow SEGLAB_DATASETS too.
  const input = readConfigFile(file);
  for (const spec of Object.values(input.sources ?? {})) {
    const at = spec?.path?.indexOf('shared/datasets/') ?? -1;
    if (spec?.path && at >= 0) spec.path = path.join(sharedDatasets, spec.path.slice(at + 'shared/datasets/'.length));
  }
  const config = validateConfig(input, examples);
  const cleaned = await cleanSources(await loadSources(config), config);
  const features = buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config);
  for (const e of [features.ledger, ...cleaned.ledger]) assert.equal(e.rowsKept + sum(e.dropped), e.rowsRead, `${name}: ${e.source}`);
  for (const row of features.scaled.slice(0, 500)) for (const x of row) assert.ok(Number.isFinite(x));
  return { config, cleaned, features };
}

test('UCI Online Retail: RFM for its 4,372 customers, ledger adds up, 135,080 lines without CustomerID', { skip: needsDatasets() }, async () => {
  const { cleaned, features } = await runExample('online-retail');
  assert.equal(features.customerIds.length, 4372);
  const tx = cleaned.ledger.find((e) => e.source === 'transactions');
  assert.equal(tx?.rowsRead, 541909);
  assert.equal(tx?.dropped['missing customer id'], 135080);
  assert.equal(tx?.repairs['cancellations (InvoiceNo starting "C") counted as returns'], 8905);
  assert.ok(features.names.includes('recency_days') && features.names.includes('m_score'));
  assert.ok(features.rfm?.segment.includes('Champions'));
});

test('Bank Marketing, Adult (adult.test), Mall Customers and Wholesale load through their configs alone', { skip: needsDatasets() }, async () => {
  const bank = await runExample('bank-marketing');
  assert.equal(bank.features.customerIds.length, 45211);
  assert.ok(!bank.features.names.includes('y') && !bank.features.names.some((n) => n.startsWith('marital')));
  const adult = await runExample('adult');
  assert.equal(adult.features.customerIds.length, 16281);
  assert.deepEqual([...new Set(adult.cleaned.customers.label)].sort(), ['<=50K', '>50K']);
  assert.ok(adult.cleaned.customers.text.workclass.includes(null), '"?" read as missing');
  const mall = await runExample('mall-customers');
  assert.equal(mall.features.customerIds.length, 200);
  assert.deepEqual(mall.features.names, ['Annual Income (k$)', 'Spending Score (1-100)']);
  const wholesale = await runExample('wholesale');
  assert.equal(wholesale.features.customerIds.length, 440);
  assert.ok(Object.keys(wholesale.features.ledger.repairs).some((r) => r.startsWith('Fresh: outlier winsorised')));
  assert.equal(bank.cleaned.profiles[0].columns.find((c) => c.name === 'age')?.type, 'numeric');
});
