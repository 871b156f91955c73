#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with Node's built-in test runner.
// Usage: node scripts/run-tests.js [filter]   (filter: substring of the test file path)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const testRoot = path.join(root, 'dist', 'test');
const filter = process.argv[2];

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

// Reference checks (Wine, Adult, CDNOW, Hillstrom, Online Retail...) read the public datasets.
const datasets = process.env.SEGLAB_DATASETS
  ? path.resolve(process.env.SEGLAB_DATASETS)
  : path.resolve(root, '..', 'shared', 'datasets');
if (!fs.existsSync(datasets)) {
  console.log(
    `Note: the public datasets folder ${datasets} does not exist, so the tests that read it skip themselves (counted at the end). ` +
      'Put the shared/ folder beside the repository (as CI has it), or set SEGLAB_DATASETS to its datasets/ folder, to run them all.',
  );
}

const files = walk(testRoot).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`No test files found under ${path.relative(root, testRoot)}${filter ? ` matching "${filter}"` : ''}. Run "npm run build" first.`);
  process.exit(1);
}
// The spec reporter prints to the terminal; a TAP copy in a temporary file lets us count the skips by name.
const tapFile = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'seglab-tests-')), 'results.tap');
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  { stdio: 'inherit', cwd: root },
);
const skipped = fs.existsSync(tapFile)
  ? fs
      .readFileSync(tapFile, 'utf8')
      .split('\n')
      .map((line) => /^\s*ok \d+ - (.*?) # SKIP ?(.*)$/.exec(line))
      .filter((m) => m !== null)
  : [];
if (skipped.length > 0) {
  console.log(`\n${skipped.length} test${skipped.length === 1 ? '' : 's'} skipped:`);
  const byReason = new Map();
  for (const m of skipped) byReason.set(m[2] || 'no reason given', [...(byReason.get(m[2] || 'no reason given') ?? []), m[1]]);
  for (const [reason, names] of byReason) {
    console.log(`  ${names.length} ${reason}:`);
    for (const name of names) console.log(`    - ${name}`);
  }
}
fs.rmSync(path.dirname(tapFile), { recursive: true, force: true });
process.exit(result.status === null ? 1 : result.status);
