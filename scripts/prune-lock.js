#!/usr/bin/env node
// Usage: node scripts/prune-lock.js [package-lock.json] — run after every `npm install` here:
// this machine's npm registry serves only Linux builds of some platform packages (DuckDB's bindings),
// so npm leaves them out of the lock while their parents still list them, and `npm ci` then refuses it.
// Remove optionalDependencies edges in package-lock.json that point at packages absent from the lock
// (platform binaries this machine's registry does not serve), so `npm ci` accepts the lock.
const fs = require('fs');
const file = process.argv[2] || 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let removed = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  for (const dep of Object.keys(entry.optionalDependencies)) {
    const base = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
    if (!lock.packages[base] && !lock.packages[`node_modules/${dep}`]) { delete entry.optionalDependencies[dep]; removed.push(`${key || '(root)'} -> ${dep}`); }
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(removed.join('\n') || 'nothing to prune');
