/** Money with its currency everywhere a report prints it, and readable feature names wherever a feature is named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument } from '../../lib/report/build';
import { readableFeatures } from '../../lib/report/feature-names';
import { proxyChart } from '../../lib/report/charts-fairness';
import { DEFAULT_THRESHOLDS } from '../../lib/fairness/card';
import type { ChartBlock, ReportBlock, ReportDocument, TableBlock } from '../../lib/report/types';
import { fixtureRun } from './fixture';

function withConfig(currency: string | undefined, labels: Record<string, string> = {}) {
  const { run, manifest } = fixtureRun();
  const config = { ...run.config, profile: { ...run.config.profile, currency }, features: { ...run.config.features, labels } };
  return buildReportDocument({ ...run, config }, manifest);
}

const blocks = (doc: ReportDocument, id: string): ReportBlock[] => doc.sections.find((s) => s.id === id)?.blocks ?? [];
const tables = (doc: ReportDocument, id: string): TableBlock[] => blocks(doc, id).filter((b): b is TableBlock => b.kind === 'table');
const charts = (doc: ReportDocument): ChartBlock[] => doc.sections.flatMap((s) => s.blocks).filter((b): b is ChartBlock => b.kind === 'chart');

test('CLV and campaign money, the CLV tile and the summary carry the currency; without one the headers say "currency units"', () => {
  const usd = withConfig('USD');
  const tile = usd.highlights?.find((h) => /CLV/.test(h.label));
  assert.ok(tile, 'a CLV tile');
  assert.match(tile.value, /^\$[\d,]+$/);
  const clv = tables(usd, 'clv')[0];
  for (const key of ['historicalTotal', 'meanClv', 'totalClv']) for (const r of clv.rows) if (r[key] !== null) assert.match(String(r[key]), /^-?\$[\d,]+(\.\d\d)?$/, `${key} ${r[key]}`);
  const campaignMoney = tables(usd, 'campaigns').flatMap((t) => t.columns.filter((c) => /revenue|profit|cost|spend/i.test(c.label) && !/per unit cost/i.test(c.label)).flatMap((c) => t.rows.map((r) => r[c.key])));
  assert.ok(campaignMoney.length > 0);
  for (const v of campaignMoney) if (v !== null) assert.match(String(v), /^[-−]?\$[\d,]+(\.\d\d)?$/, String(v));
  assert.ok(usd.summary.some((s) => /\$[\d,]+/.test(s) && /CLV|value/.test(s)), 'the CLV sentence names the amount with its currency');

  const plain = withConfig(undefined);
  const plainTile = plain.highlights?.find((h) => /CLV/.test(h.label));
  assert.match(plainTile?.label ?? '', /currency units/);
  assert.doesNotMatch(plainTile?.value ?? '', /\$/);
  for (const c of tables(plain, 'clv')[0].columns.filter((c) => /CLV \(total\)|Mean predicted/.test(c.label))) assert.match(c.label, /\(currency units\)$/);
});

test('heatmap rows, distribution charts and the means table use readable names (config labels first), money axes carry the unit', () => {
  const doc = withConfig('EUR', { frequency: 'orders per customer' });
  const heat = charts(doc).find((c) => c.id === 'feature-profile');
  assert.ok(heat);
  const values = (heat.spec.data as { values: { feature: string; column: string }[] }).values;
  const names = new Set(values.map((v) => v.feature));
  assert.ok(names.has('Days since last purchase'));
  assert.ok(names.has('orders per customer'));
  assert.ok(names.has('Total spend'));
  assert.ok(names.has('Tenure months'), 'plain column names are humanised and capitalised too');
  assert.ok(![...names].some((n) => /_/.test(n)), [...names].join(', '));
  assert.ok(values.some((v) => v.column === 'recency_days'), 'the column name stays in the tooltip');
  const spend = charts(doc).find((c) => c.id === 'distribution-monetary');
  assert.ok(spend);
  assert.match(spend.title, /total spend/);
  assert.match(JSON.stringify(spend.spec), /"title":"Total spend \(EUR\)"/);
  const means = tables(doc, 'profile')[0];
  assert.ok(means.rows.some((r) => r.feature === 'Days since last purchase'));
  // Two columns that humanise alike keep their own names in brackets; hostile names stay as given.
  const clash = readableFeatures(['order_count', 'orderCount', 'spend.total']);
  assert.notEqual(clash.get('order_count'), clash.get('orderCount'));
  assert.equal(clash.get('spend.total'), 'spend.total');
});

test('the proxy chart names features in plain words, with the column in the tooltip', () => {
  const features = [
    { feature: 'recency_days', permutationImportance: 0.04, correlation: 0.3 },
    { feature: 'PhoneService=Yes', permutationImportance: 0.01, correlation: 0.1 },
    { feature: 'income', permutationImportance: 0.002, correlation: 0.05 },
  ];
  const spec = proxyChart(
    { attribute: 'sex', rows: 1000, folds: 5, balancedAccuracy: 0.6, chance: 0.5, lift: 0.2, auc: 0.65, foldBalancedAccuracy: [], features, proxies: ['recency_days'] },
    DEFAULT_THRESHOLDS,
    12,
    { income: 'yearly income' },
  );
  const values = ((spec.layer as { data: { values: { feature: string; column: string }[] } }[])[0]).data.values;
  assert.deepEqual(values.map((v) => v.feature), ['Days since last purchase', 'Phone service: Yes', 'yearly income']);
  assert.deepEqual(values.map((v) => v.column), ['recency_days', 'PhoneService=Yes', 'income']);
});
