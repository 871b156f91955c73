/**
 * A seeded shop unlike the demo, fitted into a model and scored by `seglab score`'s code
 * (scoreCustomers), for the warehouse tests: the same rows go into DuckDB, PostgreSQL and
 * ClickHouse tables, and the generated SQL must reproduce the scoring.
 *
 * Shapes: skewed spend (log-normal), returns by negative amount and by "C" invoices, discounts,
 * 6 categories plus missing ones, future-dated lines (after the as-of day), lines of unknown
 * customers, padded ids, customers without any line, a rare region level and missing regions
 * (one-hot "other" and "missing"), an age band, a 0/1 flag, feature weights.
 */
import { cleanCustomers } from '../../lib/clean/customers';
import { cleanTransactions } from '../../lib/clean/transactions';
import { validateConfig } from '../../lib/config/validate';
import type { RunConfig } from '../../lib/config/types';
import { fitKMeans } from '../../lib/cluster/kmeans';
import { applyFeatureWeights } from '../../lib/cluster/representation';
import { buildFeatures } from '../../lib/features/build';
import type { RawTable } from '../../lib/load/csv';
import { buildModel, FEATURES_SPACE, type SegmentationModel } from '../../lib/model/artifact';
import { scoreCustomers, type ScoreResult } from '../../lib/model/score';
import { createRng } from '../../lib/random/rng';
import type { Row } from '../../lib/warehouse/engines';

export const AS_OF = '2025-06-30';
const DAY = 86_400_000;

export interface Shop {
  customers: Row[];
  orders: Row[];
  customersTable: RawTable;
  ordersTable: RawTable;
}

const table = (role: string, header: string[], rows: Row[]): RawTable => ({
  role,
  file: `${role}.csv`,
  delimiter: ',',
  hadBom: false,
  header,
  rows: rows.map((r) => header.map((h) => (r[h] === null || r[h] === undefined ? '' : String(r[h])))),
  lines: rows.map((_, i) => i + 2),
  blankLines: 0,
});

const pad = (n: number): string => String(n).padStart(4, '0');
const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * The seeded shop: `n` customers, about 8 lines each. With `gaps`, numeric customer columns have
 * holes as real tables do: a block of missing incomes, scattered missing ages and newsletter flags,
 * and implausible ages (clean.ranges turns them into missing).
 */
export function makeShop(n = 400, seed = 17, options: { gaps?: boolean } = {}): Shop {
  const rng = createRng(seed);
  const regions = ['North', 'South', 'East', 'West'];
  const customers: Row[] = [];
  for (let i = 1; i <= n; i++) {
    const region = i === 150 || i === 300 ? (i === 150 ? 'Islands' : 'Pacific') : i % 23 === 0 ? null : regions[rng.int(4)];
    customers.push({
      customer_id: `K${pad(i)}`,
      region,
      plan: rng.next() < 0.3 ? 'pro' : 'basic',
      age: 18 + rng.int(60),
      income: Math.round(Math.exp(10 + 0.6 * rng.normal())),
      newsletter: rng.next() < 0.2 ? 1 : 0,
      unused_notes: `note ${rng.int(1000)}`,
    });
  }
  if (options.gaps) {
    // Drawn after the rows, from their own stream: the shop without gaps stays the same.
    const holes = createRng(seed + 1000);
    customers.forEach((c, i) => {
      if (i >= Math.floor(n * 0.4) && i < Math.floor(n * 0.48)) c.income = null;
      if (holes.next() < 0.06) c.age = null;
      else if (holes.next() < 0.02) c.age = 130 + holes.int(50);
      if (holes.next() < 0.05) c.newsletter = null;
    });
  }
  const categories = ['books', 'garden', 'toys', 'food', 'tech', 'music'];
  const end = Date.parse(`${AS_OF}T00:00:00Z`);
  const orders: Row[] = [];
  let invoice = 50_000;
  for (let i = 1; i <= n; i++) {
    if (i % 31 === 0) continue; // customers without any line
    const lines = 1 + Math.floor(rng.next() ** 2 * 20);
    const loyal = rng.next();
    for (let l = 0; l < lines; l++) {
      const back = Math.floor(rng.next() * (200 + 500 * loyal));
      const t = end - back * DAY + rng.int(86_400) * 1000;
      const spend = Math.round(Math.exp(3 + rng.normal()) * 100) / 100;
      const kind = rng.next();
      orders.push({
        invoice: kind < 0.05 ? `C${invoice++}` : String(invoice++),
        customer_id: i % 50 === 0 ? `  K${pad(i)} ` : `K${pad(i)}`,
        order_date: stamp(t),
        amount: kind >= 0.05 && kind < 0.09 ? -spend : spend,
        category: rng.next() < 0.07 ? null : categories[Math.min(5, Math.floor(rng.next() ** 1.5 * 6))],
        discount: rng.next() < 0.25 ? Math.round(rng.next() * 20) / 100 : 0,
      });
    }
  }
  // Lines the cleaning drops: after the as-of day, unknown customers.
  orders.push({ invoice: 'F1', customer_id: 'K0001', order_date: stamp(end + 3 * DAY), amount: 99.5, category: 'toys', discount: 0 });
  orders.push({ invoice: 'F2', customer_id: 'K0002', order_date: stamp(end + 86_399_000), amount: 12.25, category: 'toys', discount: 0 });
  orders.push({ invoice: 'U1', customer_id: 'Z9999', order_date: stamp(end - 5 * DAY), amount: 40, category: 'books', discount: 0 });
  return { customers, orders, ...shopTables(customers, orders) };
}

/** The shop's rows as the files `seglab score` reads (after editing rows, rebuild them with this). */
export function shopTables(customers: Row[], orders: Row[]): { customersTable: RawTable; ordersTable: RawTable } {
  return {
    customersTable: table('customers', ['customer_id', 'region', 'plan', 'age', 'income', 'newsletter', 'unused_notes'], customers),
    ordersTable: table('transactions', ['invoice', 'customer_id', 'order_date', 'amount', 'category', 'discount'], orders),
  };
}

/** The config the shop is segmented with (every behavioural feature, customer columns, a band, two categoricals). */
export function shopConfig(overrides: { returns?: 'net' | 'drop' } = {}): RunConfig {
  return validateConfig(
    {
      name: 'warehouse-test',
      seed: 11,
      sources: { customers: { path: 'shop/customers.csv' }, transactions: { path: 'shop/orders.csv' } },
      columns: { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', invoice: 'invoice', category: 'category', discount: 'discount' },
      clean: { returns: overrides.returns ?? 'net', ranges: { age: [16, 110] } },
      features: {
        behavioural: ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days', 'return_rate', 'discount_share', 'trend_90d', 'category_shares', 'rfm_scores'],
        customerColumns: ['income', 'newsletter'],
        categoricalColumns: ['region', 'plan'],
        bands: { age: [30, 50] },
        logColumns: ['income'],
        asOf: AS_OF,
      },
      fairness: { protected: [] },
    },
    '/tmp/seglab-warehouse-test',
  );
}

/** Fit features and k-means (with feature weights) on the shop; return the model. */
export function fitShopModel(shop: Shop, config: RunConfig, k = 4): SegmentationModel {
  const customers = cleanCustomers(shop.customersTable, config, {}, {});
  const allIds = new Set(shop.customersTable.rows.map((r) => r[0].trim()));
  const tx = cleanTransactions(shop.ordersTable, config, new Set(customers.ids), allIds);
  const features = buildFeatures(customers, tx, config);
  const weightRng = createRng(3);
  const weights = features.names.map(() => 0.5 + 1.5 * weightRng.next());
  const fit = fitKMeans(applyFeatureWeights(features.scaled, weights), k, { restarts: 3, maxIterations: 200 }, createRng(5));
  return buildModel(
    {
      config,
      features,
      representation: FEATURES_SPACE,
      selection: { weights: { base: FEATURES_SPACE, weights }, method: 'kmeans' },
      clustering: { k, centroids: fit.centroids },
      profiles: fit.centroids.map((_, i) => ({ segment: i, label: `Segment ${i + 1}`, persona: { name: `Persona ${i + 1}` } as never })),
      // As a run saves it: the cleaning fit (training fills), which seglab score and the SQL apply.
      cleaned: { customers },
    },
    null,
  );
}

/** `seglab score`'s result for the shop (the reference the SQL must reproduce). */
export function scoreShop(model: SegmentationModel, shop: Shop): ScoreResult {
  return scoreCustomers(model, shop.customersTable, shop.ordersTable, null, { asOf: AS_OF, env: {} });
}

/** Largest relative difference |a - b| / max(1, |a|, |b|) (relative for large values, absolute near 0). */
export const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

/** Compare SQL rows with the scoring: same customers, same segments, features and distances within `tol`. */
export function compareWithScore(
  rows: readonly Row[],
  score: ScoreResult,
): { customers: number; sameSegment: number; maxFeatureDiff: number; worst: string; maxDistanceDiff: number; missing: string[]; extra: string[] } {
  const byId = new Map(rows.map((r) => [String(r.customer_id), r]));
  const missing = score.customerIds.filter((id) => !byId.has(id));
  const known = new Set(score.customerIds);
  const extra = [...byId.keys()].filter((id) => !known.has(id));
  let sameSegment = 0;
  let maxFeatureDiff = 0;
  let maxDistanceDiff = 0;
  let worst = '';
  score.customerIds.forEach((id, i) => {
    const r = byId.get(id);
    if (!r) return;
    if (Number(r.segment) === score.labels[i] + 1) sameSegment++;
    score.featureNames.forEach((name, j) => {
      const diff = relDiff(Number(r[name]), score.scaled[i][j]);
      if (diff > maxFeatureDiff) [maxFeatureDiff, worst] = [diff, `${name} of ${id}: ${String(r[name])} (SQL) vs ${score.scaled[i][j]} (seglab score)`];
    });
    maxDistanceDiff = Math.max(maxDistanceDiff, relDiff(Number(r.distance), score.distances.nearest[i]), relDiff(Number(r.second_distance), score.distances.second[i]));
  });
  return { customers: score.customerIds.length, sameSegment, maxFeatureDiff, worst, maxDistanceDiff, missing, extra };
}

/** Column types of the shop's tables per engine (ClickHouse: DateTime in UTC, Nullable text). */
const TYPES = {
  duckdb: { text: 'VARCHAR', num: 'DOUBLE', ts: 'TIMESTAMP', nullText: 'VARCHAR' },
  postgres: { text: 'TEXT', num: 'DOUBLE PRECISION', ts: 'TIMESTAMP', nullText: 'TEXT' },
  clickhouse: { text: 'String', num: 'Nullable(Float64)', ts: "DateTime('UTC')", nullText: 'Nullable(String)' },
} as const;

/** CREATE TABLE column lists of the shop. */
export function shopColumns(engine: keyof typeof TYPES): { customers: string; orders: string } {
  const t = TYPES[engine];
  return {
    customers: `customer_id ${t.text}, region ${t.nullText}, plan ${t.text}, age ${t.num}, income ${t.num}, newsletter ${t.num}, unused_notes ${t.text}`,
    orders: `invoice ${t.text}, customer_id ${t.text}, order_date ${engine === 'duckdb' ? t.text : t.ts}, amount ${t.num}, category ${t.nullText}, discount ${t.num}`,
  };
}
