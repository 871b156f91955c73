import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { hostileData, toCsv } from '../../bench/hostile-data';
import { detectRoles } from '../../lib/inspect/roles';
import { repoRoot, tempDir } from '../helpers/paths';

const bin = path.join(repoRoot, 'bin', 'seglab.js');

test('detectRoles never proposes the id, the row number or the outcome as a feature, and finds the outcome', () => {
  const d = hostileData({ customers: 300, seed: 5 });
  const roles = detectRoles(d.customers, null);
  assert.equal(roles.customerId, 'customer_id');
  assert.equal(roles.label, 'churned');
  for (const c of ['customer_id', 'row_number', 'churned']) assert.ok(!roles.numericFeatures.includes(c), c);
  assert.ok(roles.numericFeatures.includes('income'));
  assert.deepEqual(
    roles.notFeatures?.map((x) => `${x.column}:${x.reason}`),
    ['row_number:row number'],
  );
});

test('a customers-only run from flags, with --survey: survey answers are features and the outcome is profiled per segment', () => {
  const d = hostileData({ customers: 800, seed: 9 });
  const dir = tempDir('seglab-customers-only-');
  fs.writeFileSync(path.join(dir, 'customers.csv'), toCsv(d.customers));
  fs.writeFileSync(path.join(dir, 'surveys.csv'), toCsv(d.surveys));
  const before = fs.readFileSync(path.join(dir, 'customers.csv'), 'utf8');
  // Outside the inputs' folder: seglab never writes in or around an input.
  const out = path.join(tempDir('seglab-customers-only-out-'), 'run');
  const r = spawnSync(process.execPath, [bin, 'run', '--customers', path.join(dir, 'customers.csv'), '--survey', path.join(dir, 'surveys.csv'), '--out', out, '--k', '2-8'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr || r.stdout);
  assert.equal(fs.readFileSync(path.join(dir, 'customers.csv'), 'utf8'), before, 'input unchanged');
  const profiles = JSON.parse(fs.readFileSync(path.join(out, 'profiles.json'), 'utf8'));
  assert.ok(profiles.features.includes('price_sensitivity'), profiles.features.join(', '));
  for (const c of ['row_number', 'churned', 'customer_id']) assert.ok(!profiles.features.includes(c), c);
  // Recompute the churn rate of every segment by hand from segments.csv and the input.
  const seg = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n');
  const header = seg[0].split(',');
  const idAt = header.indexOf('customer_id');
  const segAt = header.findIndex((h) => h === 'segment');
  assert.ok(idAt >= 0 && segAt >= 0, header.join(','));
  const churnOf = new Map(d.customers.rows.map((row) => [row[0], row[d.customers.header.indexOf('churned')]]));
  const bySegment = new Map<string, { n: number; yes: number }>();
  for (const line of seg.slice(1)) {
    const cells = line.split(',');
    const e = bySegment.get(cells[segAt]) ?? { n: 0, yes: 0 };
    e.n++;
    if (churnOf.get(cells[idAt]) === 'yes') e.yes++;
    bySegment.set(cells[segAt], e);
  }
  assert.equal(profiles.outcome.column, 'churned');
  assert.equal(profiles.outcome.positive, 'yes');
  for (const s of profiles.outcome.segments) {
    if (s.value === null) continue;
    // One numbering everywhere: profiles.json and segments.csv both number segments 1..k.
    const label = String(s.segment);
    assert.ok(profiles.segments.some((p: { segment: number }) => p.segment === s.segment), `segment ${label} in profiles.json`);
    const e = bySegment.get(label);
    assert.ok(e, `segment ${label} in segments.csv`);
    assert.equal(s.known, e.n);
    assert.ok(Math.abs(s.value - e.yes / e.n) < 1e-9);
  }
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /Outcome by segment: churned/);
  assert.match(html, /agree with plain k-means/);
});
