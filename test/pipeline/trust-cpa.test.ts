/**
 * Report sentences a new-user trial on the public Customer Personality Analysis table (2,240
 * customers, tab-separated, Year_Birth, Dt_Customer as dd-mm-yyyy from 2012-07-30 to 2014-06-29)
 * found false, checked on a seeded synthetic table of the same shape (the CPA file itself is read
 * only when present, see the last test):
 * 1. birth years became ages at the run's year (2026): "65+" was 29.1% where it was 4.8% in 2014;
 * 2. Year_Birth was a clustering feature in a flags-only run, "have high year birth: year birth 1,972";
 * 3. birth years 1893, 1899, 1900 were not flagged, and were clipped to the fractional 1903.3;
 * 4. "10 seeded restarts each" with cluster.restarts 5;
 * 5. three silhouettes for one segmentation, the space of each unnamed;
 * 6. Teenhome (0/1/2, skewness 0.41) called "strongly skewed";
 * 8. Dt_Customer reported as text, with no word that a date column is not used.
 * Every figure is recomputed here from the generated rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/paths';
import { createRng } from '../../lib/random/rng';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { resolveAgeAsOf } from '../../lib/pipeline/age-as-of';
import { detectRoles } from '../../lib/inspect/roles';
import { profileSource } from '../../lib/clean/profile';
import { columnAlerts } from '../../lib/report/sections-quality';
import { buildReportDocument } from '../../lib/report/build';
import { kSelectionSection } from '../../lib/report/sections';
import { formatNumber } from '../../lib/report/format';
import { readDelimited, type RawTable } from '../../lib/load/csv';
import { fixtureRun } from '../report/fixture';
import { cpaLike } from './cpa-like';
import { traitWords } from '../../lib/profile/personas';

function writeTable(): { file: string; rows: Record<string, string>[] } {
  const dir = tempDir('seglab-trust-');
  const { text, rows } = cpaLike();
  const file = path.join(dir, 'marketing_campaign.csv');
  fs.writeFileSync(file, text);
  return { file, rows };
}

const FEATURES = ['Income', 'Kidhome', 'Teenhome', 'Recency', 'MntWines', 'MntMeat', 'NumWebPurchases', 'NumStorePurchases'];

function config(file: string, extra: { asOf?: string; customerColumns?: string[]; protected?: string[] } = {}) {
  return validateConfig(
    {
      name: 'trust',
      outDir: tempDir('seglab-trust-out-'),
      sources: { customers: { path: file } },
      columns: { customerId: 'ID', label: 'Response', dateFormat: 'dmy' },
      features: { behavioural: [], customerColumns: extra.customerColumns ?? FEATURES, ...(extra.asOf ? { asOf: extra.asOf } : {}) },
      clv: { enabled: false },
      embed: { enabled: false },
      cluster: { kMin: 2, kMax: 4, restarts: 5 },
      fairness: { protected: extra.protected ?? ['Year_Birth', 'Marital_Status'] },
    },
    path.dirname(file),
  );
}

test('the as-of date for ages: features.asOf, else the latest date of a customers date column, else the run date, each named', () => {
  const now = Date.UTC(2026, 10, 29);
  assert.deepEqual(resolveAgeAsOf('2014-06-30', '', {}, 'auto', now), { date: '2014-06-30', year: 2014, source: 'features.asOf' });
  const fromColumn = resolveAgeAsOf(undefined, '', { Education: ['PhD', 'Basic'], Dt_Customer: ['30-07-2012', '29-06-2014', '04-09-2013'] }, 'dmy', now);
  assert.equal(fromColumn.date, '2014-06-29');
  assert.match(fromColumn.source, /latest date in customers column "Dt_Customer"/);
  // The order is evident from a day above 12 even without columns.dateFormat.
  assert.equal(resolveAgeAsOf(undefined, '', { d: ['30-07-2012', '01-02-2013'] }, 'auto', now).date, '2013-02-01');
  const fallback = resolveAgeAsOf(undefined, '', { Education: ['PhD', 'Basic'] }, 'auto', now);
  assert.equal(fallback.date, '2026-11-29');
  assert.match(fallback.source, /the run date: no features\.asOf, no order lines and no date column/);
});

test('CPA-shaped run: ages at the data\'s date, implausible birth years alerted, whole-number clipping, named restarts and silhouette spaces', { timeout: 120_000 }, async () => {
  const { file, rows } = writeTable();
  const latest = rows.map((r) => r.Dt_Customer).map((s) => Date.UTC(+s.slice(6), +s.slice(3, 5) - 1, +s.slice(0, 2))).reduce((a, b) => Math.max(a, b));
  const latestIso = new Date(latest).toISOString().slice(0, 10);
  const run = await runPipeline(config(file));

  // 1. Ages at the latest sign-up date (2014), not the run's year; the 65+ group recomputed from the rows.
  assert.equal(run.ageAsOf?.date, latestIso);
  const yob = run.fairnessCard.groups.find((g) => g.attribute === 'Year_Birth');
  assert.ok(yob, 'Year_Birth grouped');
  assert.match(yob.grouping, /birth year turned into age in 2014 \(2014 − birth year; as-of date 2014-06-29, the latest date in customers column "Dt_Customer"/);
  const old = rows.filter((r) => 2014 - Number(r.Year_Birth) >= 65).length;
  const oldAt2026 = rows.filter((r) => 2026 - Number(r.Year_Birth) >= 65).length;
  const counted = yob.groups.filter((g) => /65\+/.test(g.group)).reduce((s, g) => s + (g.count ?? 0), 0);
  assert.ok(old < oldAt2026, 'the fixture tells 2014 from 2026');
  if (yob.groups.some((g) => g.group === '65+')) assert.equal(counted, old);

  // 3. The three impossible birth years are a data-quality alert that says what was done.
  const alert = (run.dataQualityAlerts ?? []).find((a) => a.includes('"Year_Birth"'));
  assert.ok(alert, (run.dataQualityAlerts ?? []).join(' | '));
  const impossible = rows.filter((r) => 2014 - Number(r.Year_Birth) > 110).length;
  assert.equal(impossible, 3);
  assert.match(alert, new RegExp(`has ${impossible} birth years giving an age above 110 at the as-of date ${latestIso}`));
  assert.match(alert, /\(1893, 1899, 1900\)/);
  assert.match(alert, /oldest age group/);
  assert.match(alert, /clean\.ranges \{ "Year_Birth": \[1904, 2014\] \}/);
  const doc = buildReportDocument(run, fixtureRun().manifest);
  const text = JSON.stringify(doc);
  assert.ok(text.includes(alert.replace(/"/g, '\\"')), 'the alert is in the report');

  // 4. The restarts said for what they are (cluster.restarts 5; the scan uses at least 10; 50 at the chosen k).
  const kText = JSON.stringify(kSelectionSection(run));
  assert.match(kText, /10 seeded k-means\+\+ starts per k \(cluster\.restarts is 5; the automatic k scan uses at least 10\), the best kept; the chosen k was refitted with 50 starts in all/);
  assert.doesNotMatch(kText, /10 seeded restarts each/);

  // 5. Every silhouette names its space: the plain z-scores one and the clustered-space one differ and say so.
  const chosen = run.clustering.candidates.find((c) => c.k === run.clustering.k);
  assert.ok(chosen && run.plainComparison);
  assert.ok(text.includes(`silhouette ${formatNumber(run.plainComparison.silhouette)} at k = ${run.clustering.k}, measured on plain z-scores of the features`), 'summary names plain z-scores');
  assert.ok(kText.includes(`silhouette of ${formatNumber(chosen.silhouette)} in the clustered space (log-scaled, clipped, standardised features)`), 'k section names the clustered space');
  assert.match(run.plainComparison.sentence, /plain k-means on plain z-scores of the features/);
  assert.doesNotMatch(text, /measured on the standardised features|plain k-means on the standardised features/);

  // 8. Dt_Customer is profiled as a date, and the report says it is not used and how it could be.
  assert.match(text, /customers \\"Dt_Customer\\" holds dates \(2012-\d\d-\d\d to 2014-06-29\): not used as a feature/);
});

test('a declared features.asOf wins; a birth year as a feature is clipped to whole years and reads as younger/older, never "1,9xx"', { timeout: 120_000 }, async () => {
  const { file, rows } = writeTable();
  const run = await runPipeline(config(file, { asOf: '2013-12-31', customerColumns: [...FEATURES, 'Year_Birth'], protected: ['Marital_Status'] }));
  assert.deepEqual(run.ageAsOf, { date: '2013-12-31', year: 2013, source: 'features.asOf' });
  const j = run.features.transform.scaler.features.indexOf('Year_Birth');
  const clip = run.features.transform.scaler.clip?.[j];
  assert.ok(clip, 'Year_Birth is clipped');
  assert.ok(Number.isInteger(clip[0]) && Number.isInteger(clip[1]), `whole-year bounds: ${clip.join(', ')}`);
  // The fence is 5 spreads from the median: 1893 is far below it.
  assert.ok(clip[0] > 1893, `${clip[0]}`);
  const alert = (run.dataQualityAlerts ?? []).find((a) => a.includes('"Year_Birth"'));
  assert.ok(alert);
  const bad = rows.filter((r) => 2013 - Number(r.Year_Birth) > 110).length;
  assert.match(alert, new RegExp(`has ${bad} birth years giving an age above 110 at the as-of date 2013-12-31 \\(features\\.asOf\\)`));
  assert.match(alert, new RegExp(`clipped to ${clip[0]} before clustering`));
  const text = JSON.stringify(buildReportDocument(run, fixtureRun().manifest));
  const years = [...text.matchAll(/.{80}\b1,9\d\d\b.{40}/g)].map((m) => m[0]);
  assert.deepEqual(years, [], 'no year printed with a thousands separator');
  assert.doesNotMatch(text, /high year birth|low year birth/i);
  assert.match(traitWords('Year_Birth').high, /younger/);
  assert.match(traitWords('Year_Birth').low, /older/);
  for (const p of run.profiles) {
    for (const t of [...(p.persona?.positive ?? []), ...(p.persona?.negative ?? [])].filter((x) => x.feature === 'Year_Birth')) assert.match(t.phrase, t.effect >= 0 ? /younger/ : /older/);
  }
});

test('Year_Birth, birth_year and yob are detected as protected (never features); a date-of-birth column of dates is not turned into a year', () => {
  const rng = createRng(3);
  const header = ['customer_id', 'Year_Birth', 'birth_year', 'yob', 'dob', 'income'];
  const rows = Array.from({ length: 60 }, (_, i) => [String(i + 1), String(1950 + rng.int(40)), String(1950 + rng.int(40)), String(1950 + rng.int(40)), `19${50 + rng.int(40)}-0${1 + rng.int(9)}-1${rng.int(9)}`, String(20000 + rng.int(50000))]);
  const table: RawTable = { role: 'customers', file: 'c.csv', delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
  const roles = detectRoles(table, null);
  for (const c of ['Year_Birth', 'birth_year', 'yob']) {
    assert.ok(roles.protected.includes(c), `${c} protected: ${roles.protected.join(', ')}`);
    assert.ok(!roles.numericFeatures.includes(c), `${c} not a feature`);
  }
  assert.ok(!roles.protected.includes('dob'));
  assert.ok(roles.numericFeatures.includes('income'));
});

test('skew alerts rest on the measured skewness: a 0/1/2 count is never "strongly skewed"; a skewed amount prints its skewness', () => {
  const { text } = cpaLike(800, 21);
  const dir = tempDir('seglab-trust-skew-');
  const file = path.join(dir, 'c.tsv');
  fs.writeFileSync(file, text);
  const table = readDelimited(file, 'customers', '\t');
  const source = profileSource(table, new Set(['']), ['ID']);
  const alerts = (name: string): string => {
    const c = source.columns.find((x) => x.name === name);
    assert.ok(c, name);
    return columnAlerts(source, c).join(' ');
  };
  for (const c of ['Teenhome', 'Kidhome', 'Complain']) assert.doesNotMatch(alerts(c), /skewed|log scale/, c);
  // Skewness of MntWines recomputed (Fisher-Pearson g1).
  const xs = table.rows.map((r) => Number(r[table.header.indexOf('MntWines')]));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const m2 = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  const m3 = xs.reduce((s, x) => s + (x - mean) ** 3, 0) / xs.length;
  const g1 = m3 / m2 ** 1.5;
  assert.ok(g1 > 1, `fixture skewed: ${g1}`);
  const wines = alerts('MntWines');
  assert.ok(wines.includes(`skewness ${formatNumber(g1)}`) || /extreme values/.test(wines), wines);
});
