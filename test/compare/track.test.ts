/**
 * seglab track on generated data (lib/data/generator.ts): monthly as-of scoring with one model,
 * a refit policy whose refits keep segment numbers by matching and record the lineage, and the
 * folder the CLI writes. Flags and the track section fail with one sentence.
 */
import { test, before as beforeAll } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { SeglabError } from '../../lib/errors/messages';
import { monthlyDates, rowsBefore } from '../../lib/track/asof';
import { parseTrackFlags } from '../../lib/cli/track';
import { refitPolicyOf } from '../../lib/track/refit-policy';
import { trackSegments } from '../../lib/track/track';
import { tempDir } from '../helpers/paths';
import { fittedFixture, type FittedFixture } from './fixture';

let fx: FittedFixture;
beforeAll(async () => {
  fx = await fittedFixture(tempDir('seglab-track-'), 1500, 5);
});

test('monthly dates and as-of rows', () => {
  assert.deepEqual(monthlyDates('2011-01-01', '2011-03-15'), ['2011-01-01', '2011-02-01', '2011-03-01']);
  assert.deepEqual(monthlyDates('2011-01-02', '2011-03-01'), ['2011-02-01', '2011-03-01']);
  const cut = rowsBefore(fx.transactions, 'order_date', 'ymd', '2025-06-01');
  const idx = fx.transactions.header.indexOf('order_date');
  assert.equal(cut.table.rows.length, fx.transactions.rows.filter((r) => r[idx] < '2025-06-01').length);
  assert.ok(cut.table.rows.length < fx.transactions.rows.length);
});

test('one model over months: identity is the segment number, customers only accumulate', () => {
  const dates = monthlyDates('2025-07-01', '2025-10-01');
  const r = trackSegments({ model: fx.model, modelSha256: fx.modelSha256, customers: fx.customers, transactions: fx.transactions, customersDated: false }, { dates, refitWhen: null, seed: 1 });
  assert.equal(r.steps.length, 4);
  assert.equal(r.refits.length, 0);
  for (let i = 1; i < r.steps.length; i++) {
    const c = r.steps[i].compare;
    assert.ok(c);
    assert.equal(c.refit, false);
    assert.ok(r.steps[i].snapshot.ids.length >= r.steps[i - 1].snapshot.ids.length);
    assert.equal(c.migration.common + c.migration.entered, r.steps[i].snapshot.ids.length);
    assert.equal(r.steps[i].snapshot.asOf, dates[i]);
  }
});

test('a refit policy refits, keeps continuing segments on their numbers and records the lineage', () => {
  const dates = monthlyDates('2025-08-01', '2025-10-01');
  // stability 1: any customer moving triggers a refit (customers age a month, so some always move).
  const r = trackSegments({ model: fx.model, modelSha256: fx.modelSha256, customers: fx.customers, transactions: fx.transactions, customersDated: false }, { dates, refitWhen: { stability: 1 }, seed: 3 });
  assert.ok(r.refits.length >= 1);
  for (const f of r.refits) {
    assert.match(f.reason, /kept their segment/);
    assert.equal(f.lineage.length, fx.model.k);
    assert.deepEqual(f.lineage.map((l) => l.segment), Array.from({ length: fx.model.k }, (_, i) => i));
    // A survivor keeps its number and its name.
    for (const l of f.lineage) if (l.event === 'survived') {
      assert.equal(l.continues, l.segment);
      assert.equal(l.name, fx.model.segments[l.segment].name);
    }
    assert.ok(f.matching.ari > 0.5, `ARI ${f.matching.ari}`);
    assert.notEqual(f.modelSha256, fx.modelSha256);
  }
  const refitStep = r.steps.find((s) => s.refit);
  assert.equal(refitStep?.modelSha256, refitStep?.refit?.modelSha256);
});

test('seglab track (CLI) writes snapshots, steps, timeline.json and track.html', async () => {
  const out = path.join(fx.dir, 'track-out');
  const configFile = path.join(fx.dir, 'track.json');
  fs.writeFileSync(configFile, JSON.stringify({ name: 't', seed: 42, sources: { customers: { path: fx.config.sources.customers.path }, transactions: { path: fx.config.sources.transactions?.path } }, columns: fx.config.columns, features: { customerColumns: ['income'] }, embed: { enabled: false }, cluster: { kMin: 3, kMax: 3, restarts: 2 }, track: { refitWhen: { psi: 0.2 } } }));
  const logs: string[] = [];
  const code = await main(['track', '--config', configFile, '--every', 'month', '--from', '2025-09-01', '--to', '2025-10-01', '--out', out], { log: (s) => logs.push(s), error: (s) => logs.push(s) });
  assert.equal(code, 0, logs.join('\n'));
  assert.match(logs[0], /fitted 3 segments on the data before 2025-09-01/);
  for (const f of ['timeline.json', 'track.html', 'snapshots/2025-09-01/segments.csv', 'snapshots/2025-10-01/features.csv', 'steps/2025-09-01_2025-10-01/migration.json', 'models/fitted-before-2025-09-01.json']) assert.ok(fs.existsSync(path.join(out, f)), f);
  const timeline = JSON.parse(fs.readFileSync(path.join(out, 'timeline.json'), 'utf8'));
  assert.deepEqual(timeline.dates, ['2025-09-01', '2025-10-01']);
  assert.equal(timeline.steps[0].customers, timeline.steps[0].sizes.reduce((a: number, b: number) => a + b, 0));
});

test('seglab track: flags and the track section fail with one sentence', () => {
  const usage = (text: RegExp) => (e: unknown) => e instanceof SeglabError && text.test(e.message);
  assert.throws(() => parseTrackFlags(['--config', 'c', '--from', '2011-01-01', '--to', '2011-02-01']), usage(/--out is required/));
  assert.throws(() => parseTrackFlags(['--config', 'c', '--every', 'week', '--from', '2011-01-01', '--to', '2011-02-01', '--out', 'o']), usage(/--every "week" is not supported/));
  assert.throws(() => parseTrackFlags(['--config', 'c', '--from', '2011-13-01', '--to', '2011-02-01', '--out', 'o']), usage(/--from "2011-13-01" is not a date/));
  assert.deepEqual(refitPolicyOf({ refitWhen: { psi: 0.25, stability: 0.7 } }), { psi: 0.25, stability: 0.7 });
  assert.equal(refitPolicyOf(undefined), null);
  assert.throws(() => refitPolicyOf({ refitWhen: { psi: -1 } }), usage(/"refitWhen.psi" is -1/));
  assert.throws(() => refitPolicyOf({ refitWhen: { drift: 1 } }), usage(/unknown key "drift"/));
});
