/** The JSON Schema of the run config: generated from the types, shipped, and agreeing with validateConfig. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { repoRoot } from '../helpers/paths';
import { configSchemaJson } from '../../scripts/generate-schema';
import { configSchemaPath } from '../../lib/config/schema';
import { validateConfig } from '../../lib/config/validate';

const schema = JSON.parse(fs.readFileSync(configSchemaPath(repoRoot), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const configs = [
  path.join(repoRoot, 'data', 'demo', 'seglab.config.json'),
  ...fs.readdirSync(path.join(repoRoot, 'data', 'examples')).filter((f) => f.endsWith('.config.json')).map((f) => path.join(repoRoot, 'data', 'examples', f)),
];

test('the shipped schema is what the generator makes from lib/config/types.ts today', () => {
  assert.equal(fs.readFileSync(configSchemaPath(repoRoot), 'utf8'), configSchemaJson(repoRoot));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.additionalProperties, false);
  assert.match(schema.properties.cluster.properties.minSegmentShare.description, /Default 0.02/);
  assert.deepEqual(schema.properties.cluster.properties.method.enum, ['kmeans', 'gmm', 'agglomerative']);
});

test('every shipped config references the schema, passes it, and passes validateConfig', () => {
  assert.ok(configs.length >= 7);
  for (const file of configs) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(json.$schema, '../../schema/seglab.config.schema.json', file);
    assert.ok(fs.existsSync(path.resolve(path.dirname(file), json.$schema)), `${file}: $schema resolves to the shipped file`);
    assert.equal(validate(json), true, `${file}: ${JSON.stringify(validate.errors)}`);
    assert.doesNotThrow(() => validateConfig(json, path.dirname(file)), file);
  }
});

test('a fully resolved config (every default filled) passes the schema: no key validateConfig knows is missing from it', () => {
  const resolved = validateConfig({ sources: { customers: { path: 'c.csv' }, transactions: { path: 't.csv' } }, features: { labels: { recency_days: 'days since the last order' } }, profile: { currency: 'EUR' } }, repoRoot);
  assert.equal(validate(JSON.parse(JSON.stringify(resolved))), true, JSON.stringify(validate.errors));
});

test('schema and validateConfig reject the same mistakes', () => {
  const bad: [unknown, RegExp][] = [
    [{ clustr: { kMin: 3 } }, /clustr/],
    [{ cluster: { method: 'dbscan' } }, /cluster.method/],
    [{ seed: 'forty-two' }, /seed/],
    [{ features: { labels: { age: 7 } } }, /features.labels.age/],
    [{ $schema: 5 }, /\$schema/],
  ];
  for (const [config, where] of bad) {
    assert.equal(validate(config), false, JSON.stringify(config));
    assert.throws(() => validateConfig(config, repoRoot), where, JSON.stringify(config));
  }
});
