/**
 * What a warehouse run publishes of the engine's aggregates (warehouse.json and the report's population
 * section): segment x group counts and 0/1 outcome rates under fairness.minCellSize are withheld, with
 * the cells that would give them back from the published segment sizes, as everywhere else in a run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishedAggregates, warehouseReport, type WarehouseAggregates } from '../../lib/warehouse/report-section';

const MIN = 50;

function aggregates(): WarehouseAggregates {
  return {
    sizes: [
      { segment: 1, customers: 900 },
      { segment: 2, customers: 700 },
      { segment: 3, customers: 400 },
    ],
    value: [],
    groups: {
      gender: [
        { segment: 1, group: 'F', customers: 500 },
        { segment: 1, group: 'M', customers: 397 },
        { segment: 1, group: 'X', customers: 3 },
        { segment: 2, group: 'F', customers: 300 },
        { segment: 2, group: 'M', customers: 340 },
        { segment: 2, group: 'X', customers: 60 },
        { segment: 3, group: 'F', customers: 210 },
        { segment: 3, group: 'M', customers: 190 },
      ],
    },
    // Segment 2: 4 churners of 700 (a count in disguise); segments 1 and 3 are large on both sides.
    outcome: [
      { segment: 1, rate: 200 / 900, known: 900, ones: 200, zeros: 700 },
      { segment: 2, rate: 4 / 700, known: 700, ones: 4, zeros: 696 },
      { segment: 3, rate: 120 / 400, known: 400, ones: 120, zeros: 280 },
    ],
  };
}

test('published aggregates: no small group cell or 0/1 rate, and none recoverable from the segment sizes', () => {
  const published = publishedAggregates(aggregates(), MIN);
  const raw = aggregates();
  // Group cells: every shown cell is 0 or at least MIN; a segment (row) never has exactly one withheld cell.
  for (const s of [1, 2, 3]) {
    const cells = published.groups.gender.filter((g) => g.segment === s);
    const hidden = cells.filter((g) => g.customers === null).length;
    assert.notEqual(hidden, 1, `segment ${s}`);
    for (const c of cells) if (c.customers !== null) assert.ok(c.customers === 0 || c.customers >= MIN, `${s}/${c.group}: ${c.customers}`);
  }
  // The 3 customers of group X in segment 1 are withheld; the shown cells keep the engine's counts.
  assert.equal(published.groups.gender.find((g) => g.segment === 1 && g.group === 'X')?.customers, null);
  for (const g of published.groups.gender) if (g.customers !== null) assert.equal(g.customers, raw.groups.gender.find((r) => r.segment === g.segment && r.group === g.group)?.customers);
  // X's column: its total (63) is published (>= MIN), so a column with one withheld cell would give it back too.
  const xHidden = published.groups.gender.filter((g) => g.group === 'X' && g.customers === null).length;
  assert.notEqual(xHidden, 1);
  // Outcome: segment 2 (4 churners) withheld with a partner; the partner is not recoverable from the totals either.
  const withheld = (published.outcome ?? []).filter((o) => o.rate === null);
  assert.ok(withheld.some((o) => o.segment === 2));
  assert.ok(withheld.length >= 2, 'a single withheld rate comes back from the whole base');
  for (const o of published.outcome ?? []) {
    if (o.rate === null) assert.equal(o.withheld, true);
    else assert.ok((o.ones as number) >= MIN && (o.zeros as number) >= MIN);
  }
  // The input is not changed.
  assert.deepEqual(raw, aggregates());
});

test('a mean outcome (not 0/1) is kept; the report says "suppressed" and "withheld" and why', () => {
  const agg = aggregates();
  agg.outcome = [
    { segment: 1, rate: 12.5, known: 900, ones: 3, zeros: 10 },
    { segment: 2, rate: 3.1, known: 700, ones: 0, zeros: 2 },
    { segment: 3, rate: 7.0, known: 400, ones: 1, zeros: 0 },
  ];
  const mean = publishedAggregates(agg, MIN);
  assert.deepEqual((mean.outcome ?? []).map((o) => o.rate), [12.5, 3.1, 7.0]);
  const published = publishedAggregates(aggregates(), MIN);
  const { section } = warehouseReport({
    engine: 'duckdb',
    tables: { orders: 'orders', customers: 'customers', segments: 'seglab_segments' },
    asOf: '2025-06-30',
    sample: { customers: 300, customersInTable: 2000, keep: 16, buckets: 100 },
    sampleSizes: [130, 100, 70],
    names: ['A', 'B', 'C'],
    label: 'churned',
    usesOrders: false,
    aggregates: published,
    minCellSize: MIN,
  });
  const text = JSON.stringify(section);
  assert.match(text, /"suppressed"/);
  assert.match(text, /"withheld"/);
  assert.match(text, /reads \\"suppressed\\" where it holds fewer than 50 customers/);
  assert.match(text, /A rate reads \\"withheld\\" where the customers with \(or without\) it number fewer than 50/);
  assert.doesNotMatch(text, /"g2":3\b/);
});
