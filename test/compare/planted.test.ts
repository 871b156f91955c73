/**
 * seglab compare on the project's generator (lib/data/generator.ts): a model fitted on generated
 * customers scores two snapshots. A planted shift (one planted segment growing from 10% to 30% of
 * the customers) gives a segment-share PSI above 0.25 and names the segment that holds it; two
 * independent samples of the same population stay below 0.1; a refit with permuted labels is
 * matched back; the CLI writes every output, with CSV-injection-safe ids.
 */
import { test, before as beforeAll } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { compareSnapshots } from '../../lib/compare/compare';
import { readSnapshot, snapshotFromScore, type Snapshot } from '../../lib/compare/snapshot';
import { safeCsvId } from '../../lib/compare/write';
import { scoredSegmentsCsv } from '../../lib/model/segments-csv';
import { scoreCustomers } from '../../lib/model/score';
import { scoreFeaturesCsv, scoreSummary } from '../../lib/model/snapshot';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';
import { fittedFixture, keepRows, type FittedFixture } from './fixture';

let fx: FittedFixture;
let scored: Snapshot;

beforeAll(async () => {
  fx = await fittedFixture(tempDir('seglab-compare-'), 3000, 23);
  scored = snapshotFromScore(scoreCustomers(fx.model, fx.customers, fx.transactions, null), fx.model, fx.modelSha256);
});

/** A seeded sample of `n` scored customers in which planted segment `planted` makes `share` of them. */
function sample(planted: string, share: number, n: number, seed: number): Snapshot {
  const rng = createRng(seed);
  const inPlanted = scored.ids.flatMap((id, i) => (fx.truth.get(id) === planted ? [i] : []));
  const others = scored.ids.flatMap((id, i) => (fx.truth.get(id) !== planted ? [i] : []));
  const draw = (pool: number[], m: number): number[] => {
    const copy = pool.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    assert.ok(copy.length >= m, `pool of ${copy.length} for ${m}`);
    return copy.slice(0, m);
  };
  const rows = [...draw(inPlanted, Math.round(share * n)), ...draw(others, n - Math.round(share * n))];
  const f = scored.features as NonNullable<Snapshot['features']>;
  return {
    ...scored,
    ids: rows.map((i) => scored.ids[i]),
    labels: rows.map((i) => scored.labels[i]),
    features: { names: f.names, scaled: rows.map((i) => f.scaled[i]), nearest: rows.map((i) => f.nearest[i]), second: rows.map((i) => f.second[i]) },
  };
}

test('a planted segment growing from 10% to 30% gives segment-share PSI > 0.25 and names its segment', () => {
  // New customers are one model segment of their own on this seed (Bargain hunters share theirs
  // with Loyal regulars, so their model segment could not go from 10% to 30%).
  const planted = 'New customers';
  assert.ok([...fx.truth.values()].includes(planted));
  const r = compareSnapshots(sample(planted, 0.1, 1000, 1), sample(planted, 0.3, 1000, 2));
  assert.equal(r.refit, false, 'same model on both sides');
  assert.ok(r.segmentShares.psi > 0.25, `PSI ${r.segmentShares.psi}`);
  assert.equal(r.segmentShares.level, 'alert');
  // The model segment where most planted customers landed is the one named.
  const counts = new Array<number>(fx.model.k).fill(0);
  scored.ids.forEach((id, i) => fx.truth.get(id) === planted && (counts[scored.labels[i]] += 1));
  const home = counts.indexOf(Math.max(...counts));
  assert.equal(r.segmentShares.driver?.name, fx.model.segments[home].name);
  const driver = r.segmentShares.driver as NonNullable<typeof r.segmentShares.driver>;
  assert.ok(driver.before > 0.09 && driver.before < 0.13 && driver.after > 0.29 && driver.after < 0.33, `${driver.before} -> ${driver.after}`);
  assert.match(r.summary.join('\n'), new RegExp(`"${fx.model.segments[home].name}", growing`));
});

test('two independent samples of the same population stay below PSI 0.1 (segments and features)', () => {
  const planted = 'Bargain hunters';
  const natural = [...fx.truth.values()].filter((s) => s === planted).length / fx.truth.size;
  const r = compareSnapshots(sample(planted, natural, 1200, 3), sample(planted, natural, 1200, 4));
  assert.ok(r.segmentShares.psi < 0.1, `PSI ${r.segmentShares.psi}`);
  assert.equal(r.segmentShares.level, 'stable');
  assert.ok(r.features && r.features.length > 0);
  for (const f of r.features ?? []) assert.ok(f.drift.psi < 0.1, `${f.name} PSI ${f.drift.psi}`);
  assert.ok(r.distance && r.distance.novelShare < 0.03, `novel ${r.distance?.novelShare}`);
});

test('a refit with permuted labels is matched back: every segment survives, Jaccard > 0.9', () => {
  const k = fx.model.k;
  const permutation = Array.from({ length: k }, (_, i) => (i + 1) % k); // old segment i becomes new segment permutation[i]
  const centroids = new Array<number[]>(k);
  const segments = new Array<(typeof fx.model.segments)[number]>(k);
  permutation.forEach((to, from) => {
    centroids[to] = fx.model.centroids[from];
    segments[to] = { index: to, label: `Segment ${to + 1}`, name: `Refit ${to + 1}` };
  });
  const refit = { ...fx.model, centroids, segments };
  const after = snapshotFromScore(scoreCustomers(refit, fx.customers, fx.transactions, null), refit, 'another-model');
  const r = compareSnapshots(scored, after);
  assert.equal(r.refit, true);
  assert.deepEqual(r.matching.beforeToAfter, permutation);
  for (const f of r.matching.before) {
    assert.equal(f.event, 'survived');
    assert.ok(f.jaccard > 0.9, `Jaccard ${f.jaccard}`);
  }
  assert.equal(r.stayedShare, 1, 'identity follows the matching, so nobody "moved"');
  assert.equal(r.matching.ari, 1);
  assert.ok(r.segmentShares.psi < 1e-9);
  assert.ok(r.displacement?.every((d) => d.distance < 1e-9));
});

test('seglab compare (CLI) on two score folders: migration.json equals the cross-tab, audiences are injection-safe', async () => {
  const dir = tempDir('seglab-compare-cli-');
  // Two scorings of overlapping customer sets; the second adds an id that a spreadsheet would run.
  const ids = fx.customers.rows.map((r) => r[0]);
  const first = new Set(ids.slice(0, 2000));
  const second = new Set(ids.slice(1000));
  const write = (name: string, keep: Set<string>, rename: (id: string) => string) => {
    const customers = keepRows(fx.customers, 'customer_id', keep);
    const idIdx = customers.header.indexOf('customer_id');
    const renamed = { ...customers, rows: customers.rows.map((r) => r.map((v, j) => (j === idIdx ? rename(v) : v))) };
    const tx = keepRows(fx.transactions, 'customer_id', keep);
    const txIdx = tx.header.indexOf('customer_id');
    const txRenamed = { ...tx, rows: tx.rows.map((r) => r.map((v, j) => (j === txIdx ? rename(v) : v))) };
    const result = scoreCustomers(fx.model, renamed, txRenamed, null);
    const out = path.join(dir, name);
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'segments.csv'), scoredSegmentsCsv(result));
    fs.writeFileSync(path.join(out, 'features.csv'), scoreFeaturesCsv(result));
    fs.writeFileSync(path.join(out, 'score.json'), JSON.stringify(scoreSummary(fx.model, fx.modelSha256, result)));
    return out;
  };
  const evil = ids[ids.length - 1];
  const a = write('before', first, (id) => id);
  const b = write('after', second, (id) => (id === evil ? `=HYPERLINK("x")${id}` : id));
  const out = path.join(dir, 'cmp');
  const logs: string[] = [];
  assert.equal(await main(['compare', a, b, '--out', out], { log: (s) => logs.push(s), error: (s) => logs.push(s) }), 0, logs.join('\n'));
  for (const f of ['migration.json', 'drift.json', 'compare.html', 'charts/flows-sankey.svg', 'charts/transition-heatmap.svg']) assert.ok(fs.existsSync(path.join(out, f)), f);

  // Independent cross-tab of the two segments files.
  const read = (f: string) => new Map(fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(1).map((l) => {
    const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
    return [cells[0], Number(cells[1])] as const;
  }));
  const sa = read(path.join(a, 'segments.csv'));
  const sb = read(path.join(b, 'segments.csv'));
  const k = fx.model.k;
  const cross = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
  for (const [id, s] of sa) cross[s - 1][sb.has(id) ? (sb.get(id) as number) - 1 : k] += 1;
  for (const [id, s] of sb) if (!sa.has(id)) cross[k][s - 1] += 1;
  const migration = JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8'));
  assert.deepEqual(migration.counts, cross);
  assert.equal(migration.refit, false);

  // Audience files: every entered customer is listed once; the formula-looking id is defused.
  const enteredFiles = fs.readdirSync(path.join(out, 'audiences')).filter((f) => f.endsWith('-entered.csv'));
  const entered = enteredFiles.flatMap((f) => fs.readFileSync(path.join(out, 'audiences', f), 'utf8').trimEnd().split('\n').slice(1));
  const moved = cross.slice(0, k).reduce((s, row, i) => s + row.slice(0, k).reduce((t, n, j) => t + (i === j ? 0 : n), 0), 0);
  assert.equal(entered.length, moved + cross[k].reduce((s, n) => s + n, 0));
  const evilLine = entered.find((l) => l.includes('HYPERLINK'));
  assert.ok(evilLine?.startsWith(safeCsvId(`=HYPERLINK("x")${evil}`)), evilLine);
  assert.ok(evilLine?.startsWith(`"'=HYPERLINK`), evilLine);
  // The page: the "what changed" summary first, every value escaped.
  const html = fs.readFileSync(path.join(out, 'compare.html'), 'utf8');
  assert.ok(html.indexOf('What changed') < html.indexOf('Migration between segments'));
  assert.ok(!html.includes('<script>alert'));
  assert.equal(readSnapshot(b).ids.length, sb.size);
});

test('seglab compare: bad input gives one sentence and exit 1 or 2', async () => {
  const logs: string[] = [];
  const out = { log: (s: string) => logs.push(s), error: (s: string) => logs.push(s) };
  // A usage error: exit 2, the sentence, then a pointer to "seglab compare --help".
  assert.equal(await main(['compare', 'only-one', '--out', 'x'], out), 2);
  assert.match(logs.join('\n'), /expected two folders, got 1/);
  assert.match(logs.pop() ?? '', /seglab compare --help/);
  const empty = tempDir();
  assert.equal(await main(['compare', empty, empty, '--out', path.join(empty, 'o')], out), 1);
  assert.match(logs.pop() ?? '', /holds no segments.csv/);
  const bad = tempDir();
  fs.writeFileSync(path.join(bad, 'segments.csv'), 'customer_id,segment\na,1\nb,zero\n');
  assert.equal(await main(['compare', bad, bad, '--out', path.join(bad, 'o')], out), 1);
  assert.match(logs.pop() ?? '', /line 3: segment "zero" is not a whole number/);
  assert.ok(logs.every((l) => !l.includes('    at ')), 'no stack trace');
});
