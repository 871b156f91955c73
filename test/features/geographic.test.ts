/**
 * The geographic criterion (features.geographic, lib/features/geographic.ts): postcode areas,
 * config checks, features built from region/country columns, and the report naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { readConfigFile } from '../../lib/config/load';
import { cleanCustomers } from '../../lib/clean/customers';
import { buildFeatures } from '../../lib/features/build';
import { geographicColumns, postcodeArea } from '../../lib/features/geographic';
import { readDelimited } from '../../lib/load/csv';
import { runPipeline } from '../../lib/pipeline/run';
import { writeRunOutputs } from '../../lib/pipeline/outputs';
import { criteriaSentence } from '../../lib/report/criteria';
import type { ReportRun } from '../../lib/report/types';
import { repoRoot, sharedDatasets, tempDir, needsDatasets } from '../helpers/paths';

test('postcodeArea: UK outward letters, leading digits of numeric codes, null otherwise', () => {
  assert.equal(postcodeArea('SW1A 1AA'), 'SW');
  assert.equal(postcodeArea(' m1 1ae '), 'M');
  assert.equal(postcodeArea('EC1A1BB'), 'EC');
  assert.equal(postcodeArea('75008'), '75');
  assert.equal(postcodeArea('02134-1234', 3), '021');
  assert.equal(postcodeArea('7'), null);
  assert.equal(postcodeArea('unknown'), null);
  assert.equal(postcodeArea(null), null);
});

test('a config with families ["behavioural", "geographic"] validates; bad geographic settings are named', () => {
  const config = validateConfig(
    {
      sources: { customers: { path: 'c.csv' }, transactions: { path: 't.csv' } },
      features: { families: ['behavioural', 'geographic'], geographic: { columns: ['region'], postcode: 'zip', distanceBands: { km_to_store: [5, 20] } } },
    },
    '/tmp',
  );
  assert.deepEqual(config.features.families, ['behavioural', 'geographic']);
  assert.deepEqual(config.features.geographic, { columns: ['region'], postcode: 'zip', postcodeDigits: 2, distanceBands: { km_to_store: [5, 20] } });
  // The default: no geographic column.
  assert.deepEqual(validateConfig({ sources: { customers: { path: 'c.csv' } } }, '/tmp').features.geographic.columns, []);
  assert.throws(
    () => validateConfig({ sources: { customers: { path: 'c.csv' } }, features: { geographic: { columns: 'region', distanceBands: { km: [-1] }, radius: 3 } as never } }, '/tmp'),
    (e: Error) => e.message.includes('features.geographic.columns') && e.message.includes('features.geographic.distanceBands.km') && e.message.includes('features.geographic.radius'),
  );
  assert.throws(
    () => validateConfig({ sources: { customers: { path: 'c.csv' } }, features: { families: ['geography' as never] } }, '/tmp'),
    (e: Error) => e.message.includes('"geographic"'),
  );
  // A protected attribute is no more a geographic feature than any other feature.
  assert.throws(
    () => validateConfig({ sources: { customers: { path: 'c.csv' } }, features: { geographic: { columns: ['country_of_birth'] } }, fairness: { protected: ['country_of_birth'] } }, '/tmp'),
    (e: Error) => e.message.includes('country_of_birth'),
  );
});

test('UCI Wholesale Region (bundled, CC BY) becomes Region=1/2/3 features; postcode areas and distance bands from a seeded table', () => {
  const file = path.join(repoRoot, 'data', 'examples', 'wholesale-customers.csv');
  const config = validateConfig(
    {
      sources: { customers: { path: file } },
      columns: { customerId: 'row_id', label: 'Channel' },
      features: { behavioural: [], customerColumns: ['Fresh', 'Milk'], geographic: { columns: ['Region'] }, families: ['firmographic', 'geographic'] },
    },
    path.dirname(file),
  );
  const table = readDelimited(file, 'customers');
  const withIds = { ...table, header: ['row_id', ...table.header], rows: table.rows.map((r, i) => [String(i + 1), ...r]) };
  const customers = cleanCustomers(withIds, config);
  const features = buildFeatures(customers, null, config);
  const regions = features.names.filter((n) => n.startsWith('Region='));
  assert.deepEqual(regions.sort(), ['Region=1', 'Region=2', 'Region=3']);
  const col = features.names.indexOf('Region=3');
  const lisbonOrOporto = features.raw.filter((row) => row[col] === 0).length;
  // 77 Lisbon + 47 Oporto of 440 customers (UCI description).
  assert.equal(lisbonOrOporto, 124);
  assert.ok(!features.excluded.some((e) => e.column === 'Region'), 'Region is used, not excluded');

  // Postcode areas and distance bands on a small table made for the purpose (mixed formats, missing values).
  const dir = tempDir('seglab-geo-');
  fs.writeFileSync(path.join(dir, 'c.csv'), 'id,postcode,km\n1,SW1A 1AA,2\n2,SW19 2AB,12\n3,M1 1AE,\n4,EC1A 1BB,55\n5,,7\n6,SE1 9GP,19.5\n');
  const geoConfig = validateConfig(
    { sources: { customers: { path: 'c.csv' } }, columns: { customerId: 'id' }, features: { behavioural: [], geographic: { postcode: 'postcode', distanceBands: { km: [5, 20] } }, families: ['geographic'] } },
    dir,
  );
  const geo = geographicColumns(cleanCustomers(readDelimited(path.join(dir, 'c.csv'), 'customers'), geoConfig), geoConfig.features.geographic);
  assert.deepEqual(geo.map((g) => g.name), ['postcode_area', 'km_band']);
  assert.deepEqual(geo[0].values, ['SW', 'SW', 'M', 'EC', null, 'SE']);
  assert.equal(geo[1].values[2], null);
  assert.equal(new Set(geo[1].values.filter((v) => v !== null)).size, 3, 'three distance bands: < 5, 5-20, >= 20');
  assert.equal(geo[1].values[0] === geo[1].values[1], false);
  assert.equal(geo[1].values[1], geo[1].values[5], '12 km and 19.5 km share the 5-20 band');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Online Retail example config: Country is the geographic criterion, its report sentence names it', { skip: needsDatasets('online-retail') }, () => {
  const file = path.join(repoRoot, 'data', 'examples', 'online-retail.config.json');
  const config = validateConfig(readConfigFile(file), path.dirname(file));
  assert.deepEqual(config.features.families, ['behavioural', 'geographic']);
  assert.deepEqual(config.features.geographic.columns, ['Country']);
  const sentence = criteriaSentence({ config, featureNames: ['recency_days', 'Country=United Kingdom', 'Country=other'] } as unknown as ReportRun);
  assert.match(sentence, /^Segmentation criteria \(features\.families\): behavioural, geographic\. Geographic criterion: Country \(2 features: Country=United Kingdom, Country=other\)\.$/);
});

test('a run with families ["behavioural", "geographic"] on the DuckDB path: report names the geographic criterion, clv.json and clv.csv are written, no stage skipped silently', async () => {
  const demo = path.join(repoRoot, 'data', 'demo');
  const out = tempDir('seglab-geo-run-');
  const config = validateConfig(
    {
      name: 'geo',
      seed: 42,
      outDir: out,
      sources: { customers: { path: path.join(demo, 'customers.csv') }, transactions: { path: path.join(demo, 'transactions.csv'), engine: 'duckdb' } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', pii: ['email'] },
      clean: { ranges: { age: [16, 110], income: [0, 10000000] } },
      features: { families: ['behavioural', 'geographic'], geographic: { columns: ['region'] } },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 4, restarts: 2 },
      fairness: { protected: ['gender'] },
    },
    demo,
  );
  const run = await runPipeline(config);
  assert.equal(run.cleaned.transactions, null, 'the order lines stayed in DuckDB');
  assert.ok(run.featureNames.some((n) => n.startsWith('region=')));
  assert.ok(run.clv, `CLV on the DuckDB path: ${run.warnings.join(' | ')}`);
  assert.equal(run.clv.customers.customerId.length, run.customerIds.length);
  assert.ok(!run.warnings.some((w) => /not estimated|DuckDB/.test(w)), run.warnings.join(' | '));
  await writeRunOutputs(run, run.inputs);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /Segmentation criteria \(features\.families\): behavioural, geographic\. Geographic criterion: region \(\d features: region=/);
  const clv = JSON.parse(fs.readFileSync(path.join(out, 'clv.json'), 'utf8')) as { bgnbd: { r: number } };
  assert.ok(clv.bgnbd.r > 0);
  const csv = fs.readFileSync(path.join(out, 'clv.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, run.customerIds.length + 1);
  fs.rmSync(out, { recursive: true, force: true });
});
