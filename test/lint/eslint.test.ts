/**
 * ESLint over lib/ (eslint.config.mjs): no Math.random (randomness is an argument), no `any`, no
 * stray require(). Runs as part of the suite, so a lint error fails the tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot } from '../helpers/paths';

// eslint's API is CommonJS-loadable; typed loosely here to keep the test free of eslint's types.
type LintMessage = { ruleId: string | null; message: string; line: number };
type LintResult = { filePath: string; messages: LintMessage[]; errorCount: number };
type ESLintApi = new (options: { cwd: string }) => {
  lintFiles(patterns: string[]): Promise<LintResult[]>;
  lintText(code: string, options: { filePath: string }): Promise<LintResult[]>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ESLint } = require('eslint') as { ESLint: ESLintApi };

const format = (results: LintResult[]): string =>
  results.flatMap((r) => r.messages.map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`)).join('\n');

test('lib/ passes ESLint (eslint.config.mjs)', async () => {
  const results = await new ESLint({ cwd: repoRoot }).lintFiles(['lib']);
  assert.ok(results.length > 150, `linted ${results.length} files`);
  const errors = results.filter((r) => r.errorCount > 0);
  assert.equal(errors.length, 0, format(errors));
});

test('the rule against Math.random fires in lib/ (and a seeded rng passes)', async () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const file = path.join(repoRoot, 'lib', 'cluster', 'lint-probe.ts');
  const [bad] = await eslint.lintText('export const pick = (n: number): number => Math.floor(Math.random() * n);\n', { filePath: file });
  assert.deepEqual(bad.messages.map((m) => m.ruleId), ['no-restricted-properties'], format([bad]));
  assert.match(bad.messages[0].message, /seeded Rng/);
  const [good] = await eslint.lintText("import type { Rng } from '../random/rng';\nexport const pick = (n: number, rng: Rng): number => rng.int(n);\n", { filePath: file });
  assert.deepEqual(good.messages, []);
});
