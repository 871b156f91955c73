/** util.parseArgs behind every command's flags: problems become the command's usage sentence. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandArgs } from '../../lib/io/args';

const usage = (problem: string): never => {
  throw new Error(problem);
};
const spec = { out: { type: 'string' }, refit: { type: 'boolean' } } as const;

test('values, inline values and positionals', () => {
  assert.deepEqual(parseCommandArgs(['a', '--out', 'o', 'b', '--refit'], spec, usage, true), { values: { out: 'o', refit: true }, positionals: ['a', 'b'] });
  assert.deepEqual(parseCommandArgs(['--out=x=y'], spec, usage).values, { out: 'x=y' });
});

test('unknown options, stray positionals, missing values and repeated switches are usage errors', () => {
  assert.throws(() => parseCommandArgs(['--k', '3'], spec, usage), /unknown argument "--k"/);
  assert.throws(() => parseCommandArgs(['file.csv'], spec, usage), /unknown argument "file.csv"/);
  assert.throws(() => parseCommandArgs(['--out'], spec, usage), /--out needs a value/);
  assert.throws(() => parseCommandArgs(['--out', '--refit'], spec, usage), /--out needs a value/);
  assert.throws(() => parseCommandArgs(['--out='], spec, usage), /--out needs a value/);
  assert.throws(() => parseCommandArgs(['--refit', '--refit'], spec, usage), /--refit is given twice/);
});
