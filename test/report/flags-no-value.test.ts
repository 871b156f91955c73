import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hillstromFile } from '../../bench/datasets/campaigns';
import { readDelimited } from '../../lib/load/csv';
import { fitKMeans } from '../../lib/cluster/kmeans';
import { createRng } from '../../lib/random/rng';
import { profileSegments } from '../../lib/profile/profile';
import { describePersonas } from '../../lib/profile/personas';
import { distinctiveTraits, overviewSection } from '../../lib/report/sections';
import type { TableBlock } from '../../lib/report/types';
import { fixtureRun } from './fixture';
import { lazy, needsDatasets } from '../helpers/paths';

// Hillstrom's e-mail table (public, 64,000 customers): three 0/1 flags (mens, womens, newbie) and
// no order lines, so the run has no value measure. Every sentence printed about it is recomputed here.
const FEATURES = ['recency', 'history', 'mens', 'womens', 'newbie'];
const FLAGS = new Set(['mens', 'womens', 'newbie']);

const hillstrom = lazy(() => {
  const t = readDelimited(hillstromFile, 'customers');
  const idx = FEATURES.map((f) => t.header.indexOf(f));
  const raw = t.rows.slice(0, 12_000).map((r) => idx.map((j) => Number(r[j])));
  const mean = FEATURES.map((_, j) => raw.reduce((a, r) => a + r[j], 0) / raw.length);
  const sd = FEATURES.map((_, j) => Math.sqrt(raw.reduce((a, r) => a + (r[j] - mean[j]) ** 2, 0) / raw.length));
  const scaled = raw.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
  const fit = fitKMeans(scaled, 5, { restarts: 3, maxIterations: 100 }, createRng(11));
  const profiles = profileSegments(FEATURES, raw, scaled, fit.labels, 5);
  return { raw, labels: fit.labels, profiles, personas: describePersonas(profiles, { minCellSize: 10 }).profiles };
});

const PERCENT = /(all|no|mostly|more often|less often) ([a-z ]+?) \((\d+\.\d)%\)/gi;

test('0/1 flags read as shares, true on the data ("mostly newbie (83.0%)"), never "high"/"low" of a yes/no', { skip: needsDatasets('hillstrom-email') }, () => {
  const { raw, labels, profiles, personas } = hillstrom();
  for (const f of FEATURES) assert.equal(profiles[0].features.find((x) => x.feature === f)?.flag === true, FLAGS.has(f), f);
  let checked = 0;
  for (const p of personas) {
    const texts = [p.persona?.name ?? '', p.persona?.tagline ?? '', p.persona?.summary ?? '', distinctiveTraits(p)];
    for (const text of texts) {
      assert.doesNotMatch(text, /\b(high|low) (mens|womens|newbie)\b/i, text);
      for (const m of text.matchAll(PERCENT)) {
        const j = FEATURES.indexOf(m[2].trim());
        assert.ok(j !== -1, `flag named in "${text}"`);
        const inSeg = raw.filter((_, i) => labels[i] === p.segment);
        const rest = raw.filter((_, i) => labels[i] !== p.segment);
        const share = inSeg.filter((r) => r[j] === 1).length / inSeg.length;
        const restShare = rest.filter((r) => r[j] === 1).length / rest.length;
        assert.equal(m[3], (share * 100).toFixed(1), `${m[0]}: recomputed ${share}`);
        const word = m[1].toLowerCase();
        if (word === 'all') assert.ok(share === 1 && share > restShare, m[0]);
        if (word === 'no') assert.ok(share === 0 && share < restShare, m[0]);
        if (word === 'mostly') assert.ok(share >= 0.5 && share > restShare, m[0]);
        if (word === 'more often') assert.ok(share > restShare, m[0]);
        if (word === 'less often') assert.ok(share < restShare, m[0]);
        checked++;
      }
    }
  }
  assert.ok(checked >= 5, `flag sentences checked: ${checked}`);
});

test('without a value measure the overview prints no value-index sentence and no value columns', { skip: needsDatasets('hillstrom-email') }, () => {
  const { personas } = hillstrom();
  assert.ok(personas.every((p) => p.valueShare === 0));
  const { run } = fixtureRun();
  const section = overviewSection({ ...run, clv: null, profiles: personas });
  const text = JSON.stringify(section.blocks.filter((b) => b.kind === 'paragraph'));
  assert.doesNotMatch(text, /value index is|worth more than average/i);
  assert.match(text, /No value measure was used: seglab measures value as spend from the order lines/);
  // Not a claim about the data: a customers-only table may well have spend columns (CPA trial: six Mnt* columns).
  assert.doesNotMatch(text, /The data have no value measure/);
  const table = section.blocks.find((b): b is TableBlock => b.kind === 'table');
  assert.ok(table);
  assert.deepEqual(table.columns.map((c) => c.key).filter((k) => /value/i.test(k)), []);
  assert.ok(table.rows.every((r) => !('valueIndex' in r) && !('valueShare' in r)));
  // With a value measure (the fixture's monetary) the sentence and the columns are there.
  const withValue = overviewSection(run);
  assert.match(JSON.stringify(withValue.blocks), /value index is a segment/);
});
