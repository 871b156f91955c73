import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { validateConfig, DEFAULTS } from '../../lib/config/validate';
import { SeglabError, msg } from '../../lib/errors/messages';

const sources = { customers: { path: 'in/c.csv' }, transactions: { path: 'in/t.csv' } };

test('defaults are filled once and paths resolve against the config folder', () => {
  const c = validateConfig({ sources }, '/proj/data');
  assert.equal(c.sources.customers.path, '/proj/data/in/c.csv');
  assert.equal(c.outDir, path.resolve('/proj/data', 'reports', 'run'));
  assert.deepEqual(c.cluster, DEFAULTS.cluster);
  assert.equal(c.seed, 42);
});

test('every problem is reported at once, with a did-you-mean for unknown keys', () => {
  assert.throws(
    () => validateConfig({ sources, seed: -1, cluster: { kMin: 9, kMax: 3, restart: 2 }, embed: { backend: 'gpu' } }, '/p'),
    (e: unknown) => {
      assert.ok(e instanceof SeglabError);
      assert.match(e.message, /the run config has 4 problems/);
      assert.match(e.message, /unknown setting "cluster.restart" \(did you mean "restarts"\?\)/);
      assert.match(e.message, /"seed" is -1, expected an integer >= 0/);
      assert.match(e.message, /"embed.backend" is "gpu", expected one of "auto", "tensorflow", "wasm", "cpu"/);
      assert.ok(e.message.includes(msg.kRangeBad(9, 3)));
      return true;
    },
  );
});

test('a missing source path and a protected feature are rejected', () => {
  assert.throws(() => validateConfig({}, '/p'), /"sources.customers.path" is missing/);
  assert.throws(
    () => validateConfig({ sources, features: { customerColumns: ['age'] }, fairness: { protected: ['age'] } }, '/p'),
    /column "age" is declared protected/,
  );
  assert.doesNotThrow(() =>
    validateConfig({ sources, features: { customerColumns: ['age'], allowProtected: true }, fairness: { protected: ['age'] } }, '/p'),
  );
});

test('the output folder may not be an input folder', () => {
  assert.throws(() => validateConfig({ sources, outDir: 'in' }, '/p'), /is the folder of an input file/);
});

test('a config error ends with one full stop, also when its last problem ends with its own (trial 8: "…up front)..")', () => {
  let message = '';
  try {
    validateConfig({ fairness: { protected: ['age'] }, features: { customerColumns: ['age'] } }, '/tmp');
  } catch (e) {
    message = (e as Error).message;
  }
  assert.ok(message.includes('(the report will say so up front).'), message);
  assert.doesNotMatch(message, /\.\.$/);
  assert.match(message, /[^.]\.$/);
});
