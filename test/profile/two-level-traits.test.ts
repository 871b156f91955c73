/**
 * A yes/no categorical is one trait, said in grammatical words. Trial of 2026-11-29: UCI Bank
 * Marketing's housing gave the tagline "With housing, seldom without housing" (its two one-hot
 * columns, housing=yes and housing=no, are complements with equal and opposite effects), and
 * Train.csv (jjteoh-thewebdev/foundation-ml at 713d6bdf371d3ce5f4084e4ec9db3c62267312f6,
 * dataset/customer_segmentation/raw/Train.csv, sha256 4245166e...7355) "seldom without graduated".
 * On bank.csv every level's share is recomputed here from the file, per segment and for the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { readDelimited } from '../../lib/load/csv';
import { segmentTraits, traitWords } from '../../lib/profile/personas';
import type { FeatureSummary, SegmentProfile } from '../../lib/profile/types';
import { needsDatasets, sharedDatasets, tempDir } from '../helpers/paths';

test('a yes/no column is "with X" / "without X"; a state is "graduated" / "not graduated" / "never married"; below the rest is "less often"', () => {
  const words = (f: string): string[] => Object.values(traitWords(f, {}, 0.3));
  for (const f of ['housing=yes', 'housing=no', 'Graduated=Yes', 'Graduated=No', 'Ever_Married=Yes', 'Ever_Married=No', 'Card_Category=Blue']) {
    for (const w of words(f)) {
      assert.doesNotMatch(w, /seldom/, `${f}: ${w}`);
      assert.doesNotMatch(w, /\bwith(out)? (graduated|ever married)/, `${f}: ${w}`);
    }
  }
  assert.equal(traitWords('Graduated=No').highAdj, 'not graduated');
  assert.equal(traitWords('Graduated=Yes').lowAdj, 'less often graduated');
  assert.equal(traitWords('Ever_Married=No').highAdj, 'never married');
  assert.equal(traitWords('housing=no').highAdj, 'without housing');
  assert.equal(traitWords('housing=yes').lowAdj, 'less often with housing');
});

test('a numbered level is a code, not yes or no: "traffic type 1", never "with traffic type" (UCI Online Shoppers TrafficType 1..20)', () => {
  assert.equal(traitWords('TrafficType=1').highAdj, 'traffic type 1');
  assert.equal(traitWords('TrafficType=4').high, 'are more often traffic type 4');
  assert.equal(traitWords('TrafficType=1').lowAdj, 'less often traffic type 1');
  for (const f of ['TrafficType=1', 'Region=0']) assert.doesNotMatch(Object.values(traitWords(f)).join(' '), /\bwith(out)?\b/, f);
});

/** A profile of one segment holding `share` of the customers, with features at the given segment shares (and base shares p). */
function profile(share: number, features: [string, number, number][]): SegmentProfile {
  const summaries: FeatureSummary[] = features.map(([feature, mean, p]) => ({ feature, mean, median: 0, zMean: (mean - p) / Math.sqrt(p * (1 - p)), flag: true }));
  return { segment: 0, label: 'Segment 1', size: 100, share, valueShare: 0, features: summaries };
}

test('of a two-level block (a blank column beside it or not) one trait is kept: the level above the rest', () => {
  // housing: 90% yes in the segment vs 50% overall; no is the complement.
  const housing = segmentTraits(profile(0.3, [['housing=yes', 0.9, 0.5], ['housing=no', 0.1, 0.5]]));
  assert.deepEqual(housing.map((t) => t.feature), ['housing=yes']);
  const graduated = segmentTraits(profile(0.3, [['Graduated=No', 0.95, 0.37], ['Graduated=Yes', 0.04, 0.62], ['Graduated=missing', 0.01, 0.01]]));
  assert.deepEqual(graduated.filter((t) => t.feature !== 'Graduated=missing').map((t) => t.feature), ['Graduated=No']);
  // Three levels: each is its own trait.
  const three = segmentTraits(profile(0.3, [['edu=primary', 0.6, 0.2], ['edu=secondary', 0.3, 0.5], ['edu=tertiary', 0.1, 0.3]]));
  assert.equal(three.length, 3);
});

test('UCI Bank Marketing: housing and loan each give at most one trait per segment, in the direction the rows show', { skip: needsDatasets('bank-marketing/bank.csv'), timeout: 180_000 }, async () => {
  const file = path.join(sharedDatasets, 'bank-marketing/bank.csv');
  const config = validateConfig(
    {
      name: 'two-level',
      outDir: path.join(tempDir('seglab-two-level-'), 'run'),
      sources: { customers: { path: file, delimiter: ';' } },
      columns: { customerId: 'row_id', label: 'y' },
      features: { behavioural: [], customerColumns: ['balance', 'duration'], logColumns: ['balance', 'duration'], categoricalColumns: ['housing', 'loan'] },
      clv: { enabled: false },
      embed: { enabled: false },
      cluster: { kMin: 4, kMax: 4, restarts: 3, workers: 1 },
      fairness: { protected: ['age', 'marital'] },
    },
    path.dirname(file),
  );
  const run = await runPipeline(config);
  const table = readDelimited(file, 'customers', { delimiter: ';' });
  const valueOf = (column: string, r: number): string => table.rows[r][table.header.indexOf(column)];
  const rows = run.features.rowIndex;
  assert.equal(rows.length, table.rows.length);
  let checked = 0;
  for (const p of run.profiles) {
    const persona = p.persona;
    assert.ok(persona);
    const traits = [...persona.positive, ...persona.negative];
    for (const column of ['housing', 'loan']) {
      const mine = traits.filter((t) => t.feature.startsWith(`${column}=`));
      assert.ok(mine.length <= 1, `${p.label}: ${mine.map((t) => t.feature).join(', ')}`);
      for (const t of mine) {
        const level = t.feature.slice(column.length + 1);
        const inSegment = rows.filter((_, i) => run.clustering.labels[i] === p.segment);
        const rest = rows.filter((_, i) => run.clustering.labels[i] !== p.segment);
        const share = (rs: number[]): number => rs.filter((r) => valueOf(column, r) === level).length / rs.length;
        assert.ok(Math.abs(t.mean - share(inSegment)) < 1e-12, `${t.feature}: share`);
        // The kept level is the one the segment holds more often than the rest.
        assert.ok(share(inSegment) > share(rest), `${t.feature}: ${share(inSegment)} vs ${share(rest)}`);
        assert.ok(t.effect > 0);
        checked++;
      }
    }
    assert.doesNotMatch(persona.tagline, /seldom/i);
    assert.ok(!(/\bwith housing/i.test(persona.tagline) && /without housing/i.test(persona.tagline)), persona.tagline);
  }
  assert.ok(checked > 0, 'some housing or loan trait was checked');
});
