/**
 * New-user trial on UCI Online Shoppers and Customer Personality Analysis (2026-11-29): the data-quality
 * alerts advised "a log scale may suit it" for Browser (a code 1..13 the config one-hot encodes, skewness
 * 3.24) and for MntWines, which the config already lists in features.logColumns. A code, a protected
 * attribute or the outcome gets no log-scale advice; a column the run log-scaled is said to be.
 * Seeded table of that shape; the skewness is recomputed here from the rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { withQualityAlerts } from '../../lib/report/sections-quality';
import type { ReportSection } from '../../lib/report/types';
import { createRng } from '../../lib/random/rng';
import { tempDir } from '../helpers/paths';

const skewness = (xs: readonly number[]): number => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const m2 = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  const m3 = xs.reduce((s, x) => s + (x - mean) ** 3, 0) / xs.length;
  return m3 / m2 ** 1.5;
};

function writeTable(): { file: string; columns: Record<string, number[]> } {
  const rng = createRng(17);
  const header = ['visitor_id', 'Browser', 'Region', 'Pages', 'Spend'];
  const lines = [header.join(',')];
  const columns: Record<string, number[]> = { Browser: [], Region: [], Pages: [], Spend: [] };
  for (let i = 0; i < 700; i++) {
    // Browser as in the UCI file: mostly 2, then 1, a long tail of rarer codes up to 13.
    const u = rng.next();
    const browser = u < 0.65 ? 2 : u < 0.85 ? 1 : 3 + Math.min(10, Math.floor(-Math.log(1 - rng.next()) * 2.5));
    const region = u < 0.4 ? 1 : 1 + rng.int(9);
    const pages = Math.round(3 + 20 * rng.next() + (i % 2) * 30);
    const spend = Math.round(50 * Math.exp(0.7 * Math.max(-3, Math.min(3, rng.normal()))));
    lines.push([`v${i + 1}`, browser, region, pages, spend].join(','));
    columns.Browser.push(browser);
    columns.Region.push(region);
    columns.Pages.push(pages);
    columns.Spend.push(spend);
  }
  const file = path.join(tempDir('seglab-alert-use-'), 'shoppers.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, columns };
}

test('no log-scale advice for a code, a protected attribute or a log-scaled column; the log-scaled one is said to be', { timeout: 120_000 }, async () => {
  const { file, columns } = writeTable();
  assert.ok(skewness(columns.Browser) >= 1, `fixture: Browser skewed (${skewness(columns.Browser)})`);
  assert.ok(new Set(columns.Browser).size > 10, 'fixture: Browser has more than 10 codes');
  assert.ok(skewness(columns.Spend) >= 1, 'fixture: Spend skewed');
  const config = validateConfig({
    name: 'alerts',
    outDir: tempDir('seglab-alert-use-out-'),
    sources: { customers: { path: file } },
    columns: { customerId: 'visitor_id' },
    features: { behavioural: [], customerColumns: ['Pages', 'Spend'], logColumns: ['Spend'], categoricalColumns: ['Browser'] },
    clv: { enabled: false },
    embed: { enabled: false },
    cluster: { kMin: 2, kMax: 2, restarts: 3 },
    fairness: { protected: ['Region'], mitigation: 'none' },
  }, path.dirname(file));
  const run = await runPipeline(config);
  const section = withQualityAlerts({ id: 'data-quality', title: 'Data quality', blocks: [] } as unknown as ReportSection, run);
  const list = section.blocks.find((b) => b.kind === 'list') as { items: string[] } | undefined;
  const alerts = list?.items ?? [];
  const about = (column: string): string => alerts.filter((a) => a.includes(`"${column}"`)).join(' ');
  assert.doesNotMatch(about('Browser'), /skewed|log scale/, about('Browser'));
  assert.doesNotMatch(about('Region'), /log scale/, about('Region'));
  const spend = about('Spend');
  assert.doesNotMatch(spend, /may suit/, spend);
  assert.match(spend, /skewed \(skewness [\d.]+, median [\d,.]+, 95th percentile [\d,.]+\): this run log-scaled it \(log1p\) before clustering\./, spend);
});
