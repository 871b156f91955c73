/**
 * The planted segments are present in their planned shares, recoverable by a plain RFM k-means
 * (but not trivially), and mildly correlated with gender and age.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateRetailTables, type RetailTables } from '../../lib/data/generator';
import { SEGMENTS } from '../../lib/data/segments';
import { adjustedRandIndex } from '../../lib/evaluate/metrics';

const AS_OF_DAY = Date.parse('2025-12-31T00:00:00Z') / 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

let cached: RetailTables | undefined;
function run(): RetailTables {
  cached ??= generateRetailTables({ customers: 3000, seed: 11 });
  return cached;
}

test('every planted segment is present in its planned share', () => {
  const { truth } = run();
  const counts = new Map<string, number>();
  for (const r of truth) counts.set(r.segment, (counts.get(r.segment) ?? 0) + 1);
  assert.deepEqual([...counts.keys()].sort(), SEGMENTS.map((s) => s.name).sort());
  for (const s of SEGMENTS) {
    const share = (counts.get(s.name) ?? 0) / truth.length;
    assert.ok(Math.abs(share - s.share) < 0.005, `${s.name}: ${share} vs planned ${s.share}`);
    assert.ok(share >= 0.05);
  }
});

/**
 * A plain pipeline a data scientist would write: drop transactions without a known customer,
 * keep each customer's first row, net returns into monetary, fill missing income with the median,
 * then standardise log recency, log1p frequency, log1p monetary, log income, log1p tenure.
 */
function rfmFeatures(tables: RetailTables): { ids: string[]; points: number[][] } {
  const customers = new Map<string, Record<string, string>>();
  for (const c of tables.customers) if (!customers.has(c.customer_id)) customers.set(c.customer_id, { ...c });
  const agg = new Map<string, { last: number; orders: number; spend: number }>();
  for (const t of tables.transactions) {
    if (!customers.has(t.customer_id)) continue;
    const a = agg.get(t.customer_id) ?? { last: -Infinity, orders: 0, spend: 0 };
    const amount = Number(t.amount);
    if (amount > 0) {
      a.orders++;
      a.last = Math.max(a.last, dayOf(t.order_date));
    }
    a.spend += amount;
    agg.set(t.customer_id, a);
  }
  const ids = tables.truth.map((r) => r.customer_id).filter((id) => (agg.get(id)?.orders ?? 0) > 0);
  const parseIncome = (text: string) => {
    const v = Number(text.replace(/[$,]/g, ''));
    return text.trim() === '' || !Number.isFinite(v) || v <= 0 ? NaN : v;
  };
  const known = ids.map((id) => parseIncome(customers.get(id)!.income)).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const medianIncome = known[Math.floor(known.length / 2)];
  const raw = ids.map((id) => {
    const a = agg.get(id)!;
    const c = customers.get(id)!;
    const income = parseIncome(c.income);
    return [
      Math.log(AS_OF_DAY - a.last),
      Math.log1p(a.orders),
      Math.log1p(Math.max(0, a.spend)),
      Math.log(Number.isNaN(income) ? medianIncome : income),
      Math.log1p(AS_OF_DAY - dayOf(c.signup_date)),
    ];
  });
  const dims = raw[0].length;
  const mean = Array.from({ length: dims }, (_, j) => raw.reduce((s, r) => s + r[j], 0) / raw.length);
  const sd = mean.map((m, j) => Math.sqrt(raw.reduce((s, r) => s + (r[j] - m) ** 2, 0) / raw.length));
  return { ids, points: raw.map((r) => r.map((v, j) => (v - mean[j]) / sd[j])) };
}

test('standardised RFM + income + tenure k-means recovers the segments well but not trivially', async () => {
  const tables = run();
  const { ids, points } = rfmFeatures(tables);
  assert.ok(ids.length >= 0.99 * tables.truth.length);
  const { kmeans } = await import('ml-kmeans');
  let best: { inertia: number; clusters: number[] } | undefined;
  for (let seed = 1; seed <= 8; seed++) {
    const fit = kmeans(points, SEGMENTS.length, { seed, initialization: 'kmeans++', maxIterations: 300 });
    let inertia = 0;
    points.forEach((p, i) => {
      const c = fit.centroids[fit.clusters[i]];
      inertia += p.reduce((s, v, j) => s + (v - c[j]) ** 2, 0);
    });
    if (best === undefined || inertia < best.inertia) best = { inertia, clusters: fit.clusters };
  }
  const segmentOf = new Map(tables.truth.map((r) => [r.customer_id, r.segment]));
  const ari = adjustedRandIndex(
    best!.clusters,
    ids.map((id) => segmentOf.get(id)!),
  );
  assert.ok(ari >= 0.75, `ARI ${ari.toFixed(3)} < 0.75: segments too hard to recover`);
  assert.ok(ari <= 0.97, `ARI ${ari.toFixed(3)} > 0.97: segments are trivially separated`);
});

test('gender and age shift mildly between segments (a bias check has something to find)', () => {
  const { customers, truth } = run();
  const segmentOf = new Map(truth.map((r) => [r.customer_id, r.segment]));
  const first = new Map<string, Record<string, string>>();
  for (const c of customers) if (!first.has(c.customer_id)) first.set(c.customer_id, { ...c });
  const rows = [...first.values()];
  const femaleShare = (xs: Record<string, string>[]) => xs.filter((c) => c.gender === 'F').length / xs.length;
  const validAges = (xs: Record<string, string>[]) => xs.map((c) => Number(c.age)).filter((a) => a > 0 && a <= 120);
  const meanAge = (xs: Record<string, string>[]) => validAges(xs).reduce((a, b) => a + b, 0) / validAges(xs).length;
  const inSegment = (name: string) => rows.filter((c) => segmentOf.get(c.customer_id) === name);

  const overall = femaleShare(rows);
  assert.ok(overall > 0.45 && overall < 0.57, `overall female share ${overall}`);
  const other = rows.filter((c) => c.gender === 'other').length / rows.length;
  assert.ok(other > 0.005 && other < 0.05, `other share ${other}`);
  assert.ok(femaleShare(inSegment('Bargain hunters')) > overall + 0.08);
  assert.ok(femaleShare(inSegment('Big-ticket occasionals')) < overall - 0.08);
  assert.ok(meanAge(inSegment('New customers')) < meanAge(rows) - 6);
  // Mild, not a proxy: no segment is more than 75% one gender.
  for (const s of SEGMENTS) {
    const f = femaleShare(inSegment(s.name));
    assert.ok(f > 0.25 && f < 0.75, `${s.name} female share ${f}`);
  }
});
