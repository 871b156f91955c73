#!/usr/bin/env node
'use strict';
// seglab command line: runs the compiled library (dist/). "npm run setup" builds it.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'lib', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('seglab: the library is not built yet. Run "npm run setup" (or "npm run build") in ' + path.resolve(__dirname, '..') + ' first.');
  process.exit(1);
}
// --version and "<command> --help" need only the help text: answer them without loading the pipeline.
const quick = require(path.join(__dirname, '..', 'dist', 'lib', 'cli', 'fast.js')).quickAnswer(process.argv.slice(2));
if (quick !== null) {
  console.log(quick);
  process.exit(0);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
