import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { needsDatasets, repoRoot, sharedDatasets, tempDir } from '../helpers/paths';
import { writeFixture } from '../helpers/fixtures';
import { msg } from '../../lib/errors/messages';

const bin = path.join(repoRoot, 'bin', 'seglab.js');
const demo = path.join(repoRoot, 'data', 'demo');

function seglab(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the demo config that writes into a temp folder, with overrides. */
function demoConfig(over: Record<string, unknown> = {}): { file: string; out: string } {
  const out = tempDir('seglab-run-');
  const config = JSON.parse(fs.readFileSync(path.join(demo, 'seglab.config.json'), 'utf8'));
  const merged = {
    ...config,
    outDir: out,
    sources: { customers: { path: path.join(demo, 'customers.csv') }, transactions: { path: path.join(demo, 'transactions.csv') } },
    embed: { ...config.embed, epochs: 10 },
    ...over,
  };
  const dir = writeFixture({ 'config.json': JSON.stringify(merged) });
  return { file: path.join(dir, 'config.json'), out };
}

const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at .+\(.*:\d+:\d+\)/, 'no stack trace');

test('seglab run on the demo data writes every output, and the ledger adds up', () => {
  const { file, out } = demoConfig();
  const r = seglab(['run', '--config', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /customers in \d+ segments/);
  for (const f of ['segments.csv', 'profiles.json', 'fairness.json', 'manifest.json', 'report.html']) assert.ok(fs.existsSync(path.join(out, f)), f);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  assert.ok(['tensorflow', 'wasm', 'cpu'].includes(manifest.backend));
  assert.equal(manifest.inputs.length, 2);
  assert.match(manifest.inputs[0].sha256, /^[0-9a-f]{64}$/);
  for (const entry of manifest.ledger) {
    const dropped = Object.values(entry.dropped as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(entry.rowsKept + dropped, entry.rowsRead, entry.source);
  }
  // segments.csv has one line per kept customer, and segments are numbered 1..k.
  const lines = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'customer_id,segment');
  const customers = manifest.ledger.find((e: { source: string }) => e.source === 'customers');
  assert.equal(lines.length - 1, customers.rowsKept);
  const profiles = JSON.parse(fs.readFileSync(path.join(out, 'profiles.json'), 'utf8'));
  const segs = new Set(lines.slice(1).map((l) => Number(l.split(',')[1])));
  assert.deepEqual([...segs].sort((a, b) => a - b), Array.from({ length: profiles.k }, (_, i) => i + 1));
  // PII never reaches the outputs: no e-mail address from the input appears anywhere.
  const emails = fs.readFileSync(path.join(demo, 'customers.csv'), 'utf8').match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? [];
  assert.ok(emails.length > 100);
  for (const f of ['segments.csv', 'profiles.json', 'fairness.json', 'manifest.json', 'report.html']) {
    const text = fs.readFileSync(path.join(out, f), 'utf8');
    assert.ok(!emails.some((e) => text.includes(e)), `an e-mail address leaked into ${f}`);
  }
});

test('seglab score: the saved model.json puts the same customers into the same segments', () => {
  const { file, out } = demoConfig();
  assert.equal(seglab(['run', '--config', file]).code, 0);
  assert.ok(fs.existsSync(path.join(out, 'model.json')));
  const scored = tempDir('seglab-score-');
  const r = seglab(['score', '--model', path.join(out, 'model.json'), '--customers', path.join(demo, 'customers.csv'), '--transactions', path.join(demo, 'transactions.csv'), '--out', scored]);
  assert.equal(r.code, 0, r.stderr);
  const rows = (f: string) => fs.readFileSync(f, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(','));
  assert.deepEqual(rows(path.join(scored, 'segments.csv')), rows(path.join(out, 'segments.csv')));
});

test('the same config and seed give byte-identical segments.csv', () => {
  const a = demoConfig();
  const b = demoConfig();
  assert.equal(seglab(['run', '--config', a.file]).code, 0);
  assert.equal(seglab(['run', '--config', b.file]).code, 0);
  assert.equal(fs.readFileSync(path.join(a.out, 'segments.csv'), 'utf8'), fs.readFileSync(path.join(b.out, 'segments.csv'), 'utf8'));
});

test('flags alone: roles are detected and printed, --k fixes k', () => {
  const out = tempDir('seglab-flags-');
  const r = seglab(['run', '--customers', path.join(demo, 'customers.csv'), '--transactions', path.join(demo, 'transactions.csv'), '--out', out, '--k', '4', '--seed', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Detected column roles/);
  assert.match(r.stdout, /"customerId": "customer_id"/);
  assert.match(r.stdout, /"pii": \[\s*"email"\s*\]/);
  assert.match(r.stdout, /"protected": \[\s*"gender",\s*"age",\s*"marital_status"\s*\]/);
  assert.match(r.stdout, /in 4 segments/);
});

test('a config pointing at a missing file exits non-zero with one sentence naming the file', () => {
  const { file } = demoConfig({ sources: { customers: { path: '/no/such/customers.csv' }, transactions: { path: path.join(demo, 'transactions.csv') } } });
  const r = seglab(['run', '--config', file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), `seglab load: ${msg.fileNotFound('customers', '/no/such/customers.csv')}`);
  noStack(r.stderr);
});

test('a config naming a missing column exits non-zero naming file and column, with the closest names', () => {
  const { file } = demoConfig({ columns: { customerId: 'customer_id', orderDate: 'order_dt', amount: 'amount', pii: ['email'] } });
  const r = seglab(['run', '--config', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /transactions file ".*transactions.csv" has no column "order_dt" \(set by columns.orderDate\)/);
  assert.match(r.stderr, /Closest: "order_date"/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  noStack(r.stderr);
});

test('bad flags and bad config values are one clear line each', () => {
  const cases: [string[], RegExp][] = [
    [['run', '--custmers', 'x.csv'], /unknown option "--custmers" \(did you mean --customers\?\)/],
    [['run', '--config'], /option "--config" needs a value/],
    [['run', '--config', '/no/config.json'], /config file "\/no\/config.json" does not exist/],
    [['run', '--customers', 'a.csv', '--transactions', 'b.csv', '--k', 'many'], /--k "many" is not a number or a range/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [args, re] of cases) {
    const r = seglab(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, re);
    noStack(r.stderr);
  }
  const { file } = demoConfig({ cluster: { kMin: 1 } });
  const r = seglab(['run', '--config', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /"cluster.kMin" is 1, expected an integer >= 2/);
});

test('seglab notebook run: an unknown parameter is one clear error naming the closest one, before anything runs', () => {
  const out = tempDir('seglab-nb-');
  const r = seglab(['notebook', 'run', path.join(repoRoot, 'notebooks', '01-quickstart.ipynb'), '-p', 'kk=4', '--out', out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /has no parameter "kk" \(did you mean "k"\?\)/);
  noStack(r.stderr);
  assert.deepEqual(fs.readdirSync(out), []);
  const usage = seglab(['notebook', 'frobnicate']);
  assert.equal(usage.code, 2, 'a usage error exits 2');
  assert.match(usage.stderr, /unknown subcommand "frobnicate"/);
});

test('Hillstrom e-mail test through seglab run: campaigns.json reproduces the published uplift, recommends where the evidence supports it and says "test further" elsewhere', { skip: needsDatasets('hillstrom-email') }, () => {
  const config = JSON.parse(fs.readFileSync(path.join(repoRoot, 'data', 'examples', 'hillstrom.config.json'), 'utf8'));
  const out = tempDir('seglab-hillstrom-');
  const file = path.join(tempDir(), 'hillstrom.config.json');
  const csv = path.join(sharedDatasets, 'hillstrom-email', 'Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv');
  fs.writeFileSync(file, JSON.stringify({ ...config, outDir: out, sources: { customers: { path: csv }, campaigns: { path: csv } } }));
  const r = seglab(['run', '--config', file]);
  assert.equal(r.code, 0, r.stderr);
  const campaigns = JSON.parse(fs.readFileSync(path.join(out, 'campaigns.json'), 'utf8'));
  assert.equal(campaigns.controlArm, 'No E-Mail');
  // Published figures (PROVENANCE.md): Mens E-Mail converts 267 of 21,307, No E-Mail 122 of 21,306.
  const mens = campaigns.overall.find((c: { arm: string }) => c.arm === 'Mens E-Mail');
  assert.deepEqual([mens.exposures, mens.conversions], [21307, 267]);
  assert.ok(Math.abs(mens.versusControl.uplift - (267 / 21307 - 122 / 21306)) < 1e-12);
  const decisions: { recommendation: unknown; reason: string | null }[] = campaigns.decisions;
  assert.ok(decisions.some((d) => d.recommendation !== null), 'at least one segment gets a recommendation');
  // Uplift does not differ between segments (Cochran's Q, in campaigns.json), so every segment gets the
  // campaign-wide decision; a segment's own "test further", sized for its observed effect, is kept beside it.
  assert.equal(campaigns.heterogeneity.length, 2);
  assert.ok(campaigns.heterogeneity.every((h: { pValue: number | null }) => typeof h.pValue === 'number'));
  if (campaigns.segmentsDiffer === false) assert.ok(campaigns.decisions.every((d: { pooled?: string }) => /Cochran's Q/.test(d.pooled ?? '')));
  const own = campaigns.decisions.map((d: { own?: { reason: string | null; nextTest: { note?: string } | null } }) => d.own).filter((o: unknown) => o);
  assert.ok(own.some((o: { reason: string | null; nextTest: { note?: string } | null }) => /insufficient evidence/.test(o.reason ?? '') && /customers per arm detect/.test(o.nextTest?.note ?? '')), 'a segment\'s own test further, sized');
  assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), /Cochran/);
  assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), /insufficient evidence/);
});
