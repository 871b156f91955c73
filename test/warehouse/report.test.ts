import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { formatNumber, formatPercent } from '../../lib/report/format';
import { openWarehouse } from '../../lib/warehouse/engines';
import type { WarehouseRecord } from '../../lib/warehouse/run';
import { AS_OF } from './fixture';
import { duckdbShopFile, type runShop } from './run-case';

/** Visible text of an HTML fragment (tags dropped, entities of the renderer decoded). */
const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');

/** A shop in a DuckDB file and a run --warehouse on it whose sample (about 100 of 300 customers) is smaller than the table. */
async function warehouseRun(): Promise<{ dir: string; file: string; out: string; shop: ReturnType<typeof runShop> }> {
  const { dir, file, shop } = await duckdbShopFile();
  const config = {
    name: 'warehouse-report',
    seed: 5,
    columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', invoice: 'invoice', category: 'category', discount: 'discount', label: 'churned' },
    features: { behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'return_rate'], customerColumns: ['income'], categoricalColumns: ['plan'], asOf: AS_OF },
    embed: { enabled: false },
    cluster: { kMin: 3, kMax: 3, restarts: 2 },
    fairness: { protected: ['gender'], minCellSize: 10 },
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const out = path.join(dir, 'run');
  const errors: string[] = [];
  // A sample smaller than the table (about 100 of 300 customers), scored staged with the customer-day table in 3 hash parts.
  const code = await main(['run', '--warehouse', file, '--config', path.join(dir, 'config.json'), '--out', out, '--min-sample', '100', '--daily-parts', '3'], { log: () => undefined, error: (s) => errors.push(s) });
  assert.equal(code, 0, errors.join('\n'));
  return { dir, file, out, shop };
}

test('run --warehouse report: the population section shows the engine figures (recomputed here from the tables), the sample is named as the sample', async () => {
  const { file, out, shop } = await warehouseRun();
  const record = JSON.parse(fs.readFileSync(path.join(out, 'warehouse.json'), 'utf8')) as WarehouseRecord;
  assert.ok(record.sample.customers < 200 && record.sample.customers > 50, `${record.sample.customers} sampled`);
  // --daily-parts 3: the customer-day table created from part 1, parts 2 and 3 inserted, then the aggregates.
  assert.deepEqual(record.stages?.map((st) => st.table), ['seglab_segments_daily', 'seglab_segments_daily', 'seglab_segments_daily', 'seglab_segments_aggregates']);

  // Independently: the engine's segments table, and the shop's rows in JavaScript.
  const db = await openWarehouse(file);
  const scored = await db.query('SELECT customer_id, segment, segment_name FROM seglab_segments');
  await db.close();
  const segmentOf = new Map(scored.map((r) => [String(r.customer_id), Number(r.segment)]));
  assert.ok(scored.length > record.sample.customers, 'every customer scored, not only the sample');
  const k = 3;
  const sizes = Array.from({ length: k }, (_, s) => scored.filter((r) => Number(r.segment) === s + 1).length);
  const end = Date.parse(`${AS_OF}T00:00:00Z`) + 86_400_000;
  const value = new Array<number>(k).fill(0);
  for (const o of shop.orders) {
    const s = segmentOf.get(String(o.customer_id).trim());
    if (s !== undefined && Date.parse(`${String(o.order_date).replace(' ', 'T')}Z`) < end) value[s - 1] += Number(o.amount);
  }
  const churn = Array.from({ length: k }, () => [0, 0]);
  const women = new Array<number>(k).fill(0);
  for (const c of shop.customers) {
    const s = segmentOf.get(String(c.customer_id).trim());
    if (s === undefined) continue;
    churn[s - 1][0] += Number(c.churned);
    churn[s - 1][1] += 1;
    if (c.gender === 'F') women[s - 1]++;
  }
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  const start = html.search(/<section id="[^"]*warehouse-population"/);
  assert.ok(start > 0, 'the population section is in the report');
  const section = html.slice(start, html.indexOf('</section>', start));
  const rows = [...section.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => textOf(c[1]).trim()));
  const names = new Map(scored.map((r) => [Number(r.segment), String(r.segment_name)]));
  const withheldRates: number[] = [];
  for (let s = 1; s <= k; s++) {
    const row = rows.find((r) => r[0] === `${s}. ${names.get(s)}`);
    assert.ok(row, `row of segment ${s}`);
    assert.equal(row[1], formatNumber(sizes[s - 1]), `customers of segment ${s}`);
    assert.equal(row[2], formatPercent(sizes[s - 1] / scored.length));
    assert.equal(row[5], formatNumber(value[s - 1]), `order value of segment ${s}`);
    // fairness.minCellSize 10: a rate standing for 1..9 churners (or others) is withheld, with a partner.
    const small = (c: number): boolean => c > 0 && c < 10;
    const churners = churn[s - 1][0];
    const others = churn[s - 1][1] - churners;
    if (row[8] === 'withheld') withheldRates.push(s);
    else {
      assert.equal(row[8], formatNumber(churners / churn[s - 1][1]), `churn rate of segment ${s}`);
      assert.ok(!small(churners) && !small(others), `segment ${s}: rate of ${churners} of ${churn[s - 1][1]} published`);
    }
    const fairRow = rows.filter((r) => r[0] === `${s}. ${names.get(s)}`)[1];
    if (fairRow[1] === 'suppressed') assert.ok(small(women[s - 1]) || small(sizes[s - 1] - women[s - 1]) || fairRow.filter((c) => c === 'suppressed').length >= 2, `women in segment ${s}`);
    else assert.equal(fairRow[1], formatNumber(women[s - 1]), `women in segment ${s}`);
  }
  // Withheld rates: at least one segment's own count is small, and never a single withheld one (the whole base would give it back).
  if (withheldRates.length) {
    assert.ok(withheldRates.length >= 2, `withheld: ${withheldRates}`);
    assert.ok(withheldRates.some((s) => [churn[s - 1][0], churn[s - 1][1] - churn[s - 1][0]].some((c) => c > 0 && c < 10)));
  }
  // The sample's column: the run's own segments.csv (the sample's customers).
  const csv = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1);
  assert.ok(csv.length <= record.sample.customers && csv.length > 50, `${csv.length} of ${record.sample.customers} sampled customers segmented`);
  for (let s = 1; s <= k; s++) assert.equal(rows.find((r) => r[0] === `${s}. ${names.get(s)}`)?.[3], formatNumber(csv.filter((l) => l.split(',')[1] === String(s)).length));
  // The first paragraph says which numbers are whose.
  const text = textOf(html);
  assert.ok(text.includes(`The model was fitted on a hash sample of ${formatNumber(record.sample.customers)} of the 300 rows of customers`), 'notice names the sample');
  assert.ok(text.includes(`DuckDB then scored ${formatNumber(scored.length)} customers into seglab_segments`));
  assert.ok(text.includes(`every other section of this report describes the ${formatNumber(csv.length)} segmented customers of the sample only`));
  assert.ok(text.includes(`the other ${formatNumber(300 - scored.length)} have no order line kept`), 'unscored customers counted');
});

test('seglab reproduce of a warehouse run pulls the same sample again: identical; a changed table or a removed password is named', async () => {
  const { file, out } = await warehouseRun();
  const logs: string[] = [];
  const errors: string[] = [];
  const io = { log: (s: string) => logs.push(s), error: (s: string) => errors.push(s) };
  assert.equal(await main(['reproduce', out], io), 0, errors.join('\n'));
  assert.match(logs.join('\n'), /identical: every stage/);
  // A sampled customer's order lines change in the engine: the pulled sample differs, and reproduce says so.
  const wh = await openWarehouse(file);
  const record = JSON.parse(fs.readFileSync(path.join(out, 'warehouse.json'), 'utf8')) as WarehouseRecord;
  const csv = fs.readFileSync(path.join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1);
  const sampledId = csv[0].split(',')[0];
  await wh.exec(`UPDATE orders SET amount = amount * 3 WHERE trim(customer_id) = '${sampledId}'`);
  await wh.close();
  logs.length = 0;
  const code = await main(['reproduce', out], io);
  assert.notEqual(code, 0);
  assert.match(logs.join('\n') + errors.join('\n'), /transactions file .* changed/);
  // A recorded URL without its password: one sentence naming what is needed.
  const manifestFile = path.join(out, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.warehouse.url = 'postgres://ana:***@db.example:5432/shop';
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  errors.length = 0;
  assert.equal(await main(['reproduce', out], io), 1);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /is a warehouse run .* has the password removed; set SEGLAB_WAREHOUSE_URL to the full URL and rerun\.$/);
  assert.doesNotMatch(errors[0], /\n\s+at /);
  assert.equal(record.engine, 'duckdb');
});
