/**
 * seglab track and seglab compare on UCI Online Retail (../shared/datasets): a model fitted on the
 * first half (before 2011-06-01) scores the customers as of 2011-11-01 and 2011-12-01 (features
 * recomputed from the transactions up to each date). The migration matrix equals an independent
 * cross-tab of the two segments files; PSI equals a hand computation from the files; the pages draw
 * in Chromium. Skips by name when the dataset is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { repoRoot, tempDir } from '../helpers/paths';
import { checkInChromium, CHROMIUM } from './chromium';
import { RETAIL_FILE, retailFixture } from './retail-fixture';

/** A plain CSV reader for the test's own cross-check (ids here are plain numbers, no quoting). */
function readCsv(file: string): string[][] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
}

test('Online Retail monthly snapshots: migration = independent cross-tab, PSI = hand computation, pages draw', { timeout: 240_000 }, async (t) => {
  if (!fs.existsSync(RETAIL_FILE)) {
    t.skip(`Online Retail not found at ${RETAIL_FILE} (set SEGLAB_DATASETS)`);
    return;
  }
  const fx = await retailFixture('2011-06-01', [4, 4]);
  const dir = tempDir('seglab-retail-track-');
  const modelFile = path.join(dir, 'model.json');
  fs.writeFileSync(modelFile, fx.modelText);
  const example = JSON.parse(fs.readFileSync(path.join(repoRoot, 'data', 'examples', 'online-retail.config.json'), 'utf8'));
  const configFile = path.join(dir, 'track.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ ...example, outDir: path.join(dir, 'run'), sources: { customers: { path: RETAIL_FILE }, transactions: { path: RETAIL_FILE } }, track: { refitWhen: { psi: 5 } } }));
  const logs: string[] = [];
  const io = { log: (s: string) => logs.push(s), error: (s: string) => logs.push(s) };
  const out = path.join(dir, 'track');
  assert.equal(await main(['track', '--config', configFile, '--model', modelFile, '--every', 'month', '--from', '2011-11-01', '--to', '2011-12-01', '--out', out], io), 0, logs.join('\n'));
  const a = path.join(out, 'snapshots', '2011-11-01');
  const b = path.join(out, 'snapshots', '2011-12-01');
  const cmp = path.join(dir, 'compare');
  assert.equal(await main(['compare', a, b, '--out', cmp], io), 0, logs.join('\n'));

  // Independent cross-tab of the two segments files.
  const sa = new Map(readCsv(path.join(a, 'segments.csv')).slice(1).map((r) => [r[0], Number(r[1])]));
  const sb = new Map(readCsv(path.join(b, 'segments.csv')).slice(1).map((r) => [r[0], Number(r[1])]));
  const k = fx.model.k;
  const cross = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
  for (const [id, s] of sa) cross[s - 1][sb.has(id) ? (sb.get(id) as number) - 1 : k] += 1;
  for (const [id, s] of sb) if (!sa.has(id)) cross[k][s - 1] += 1;
  const migration = JSON.parse(fs.readFileSync(path.join(cmp, 'migration.json'), 'utf8'));
  assert.deepEqual(migration.counts, cross);
  assert.ok(sa.size > 3000 && sb.size > sa.size, `${sa.size} then ${sb.size} customers`);
  assert.equal(migration.refit, false, 'one model: segment numbers are the identity');
  // The track's own step agrees with the compare command.
  const step = JSON.parse(fs.readFileSync(path.join(out, 'steps', '2011-11-01_2011-12-01', 'migration.json'), 'utf8'));
  assert.deepEqual(step.counts, cross);

  // PSI of segment shares by hand: sum (q - p) ln(q / p).
  const shares = (m: Map<string, number>) => Array.from({ length: k }, (_, s) => [...m.values()].filter((x) => x === s + 1).length / m.size);
  const p = shares(sa);
  const q = shares(sb);
  const hand = p.reduce((sum, pi, i) => sum + (q[i] - pi) * Math.log(q[i] / pi), 0);
  const drift = JSON.parse(fs.readFileSync(path.join(cmp, 'drift.json'), 'utf8'));
  assert.ok(Math.abs(drift.segmentShares.psi - hand) < 1e-6 * Math.max(1, hand), `${drift.segmentShares.psi} vs ${hand}`);
  const timeline = JSON.parse(fs.readFileSync(path.join(out, 'timeline.json'), 'utf8'));
  assert.ok(Math.abs(timeline.steps[1].sincePrevious.segmentSharePsi - hand) < 1e-6 * Math.max(1, hand));

  // Feature PSI by hand for recency_days: deciles of November (numpy's linear rule), same bins for December.
  const column = (file: string, name: string) => {
    const rows = readCsv(file);
    const j = rows[0].indexOf(name);
    return rows.slice(1).map((r) => Number(r[j]));
  };
  const before = column(path.join(a, 'features.csv'), 'recency_days');
  const after = column(path.join(b, 'features.csv'), 'recency_days');
  const sorted = [...before].sort((x, y) => x - y);
  const cuts: number[] = [];
  for (let d = 1; d < 10; d++) {
    const h = (sorted.length - 1) * (d / 10);
    const v = sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.ceil(h)] - sorted[Math.floor(h)]);
    if (!cuts.length || v > cuts[cuts.length - 1]) cuts.push(v);
  }
  const binShares = (xs: number[]) => {
    const counts = new Array<number>(cuts.length + 1).fill(0);
    for (const x of xs) counts[cuts.filter((c) => x > c).length] += 1;
    return counts.map((c) => Math.max(c / xs.length, 1e-4));
  };
  const pb = binShares(before);
  const qb = binShares(after);
  const handFeature = pb.reduce((sum, pi, i) => sum + (qb[i] - pi) * Math.log(qb[i] / pi), 0);
  const recency = drift.features.find((f: { name: string }) => f.name === 'recency_days');
  assert.ok(Math.abs(recency.psi - handFeature) < 1e-5 * Math.max(1, handFeature), `${recency.psi} vs ${handFeature}`);

  // The pages draw in Chromium (heatmap and Sankey included).
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# Chromium part skipped: ${CHROMIUM} is not installed`);
    return;
  }
  const page = await checkInChromium(path.join(cmp, 'compare.html'), 'compare-online-retail.png');
  for (const id of ['transition-heatmap', 'flows-sankey']) {
    const chart = page.charts.find((c) => c.id === id);
    assert.ok(chart && chart.drawn && !chart.failed && chart.marks > 0, `${id} drawn`);
  }
  const trackPage = await checkInChromium(path.join(out, 'track.html'), 'track-online-retail.png');
  assert.ok(trackPage.charts.length >= 2 && trackPage.charts.every((c) => c.drawn && !c.failed));
});
