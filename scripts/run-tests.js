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
  console.error(
    `The test suite reads the public datasets from ${datasets}, which does not exist. ` +
      'Put the shared/ folder beside the repository (as CI has it), or set SEGLAB_DATASETS to its datasets/ folder.',
  );
  process.exit(1);
}

const files = walk(testRoot).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`No test files found under ${path.relative(root, testRoot)}${filter ? ` matching "${filter}"` : ''}. Run "npm run build" first.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(result.status === null ? 1 : result.status);
