/**
 * The report of a `seglab run --warehouse`: the ordinary report describes the sample the model was
 * fitted on; this adds a notice saying so and one section with the engine's figures for every
 * scored customer (segment sizes, order value, segment x group counts of each protected
 * attribute, outcome rate), each sentence saying which numbers are the population's.
 *
 *   aggregates computed in the engine (run.ts) ──warehouseReport──> notice + section ──> report.html
 */
import type { CalloutBlock, ReportBlock, ReportSection, TableBlock } from '../report/types';
import { formatNumber } from '../report/format';
import { suppressCells } from '../fairness/disclosure';

/** What the engine computed for the report, per segment (1..k). */
export interface WarehouseAggregates {
  sizes: { segment: number; customers: number }[];
  /** Sum of order amounts (net of returns) of the segment's customers, up to the as-of day. */
  value: { segment: number; amount: number }[];
  /** Customers per segment and group of each protected attribute (the fairness card's counts); null where withheld (publishedAggregates). */
  groups: Record<string, { segment: number; group: string | null; customers: number | null }[]>;
  /**
   * Mean of columns.label per segment (the outcome rate), when the config names one; with the
   * customers that have a value, and of them those at 1 and at 0 (a 0/1 outcome: ones + zeros = known).
   * `rate` is null where withheld (publishedAggregates).
   */
  outcome: { segment: number; rate: number | null; known?: number; ones?: number; zeros?: number; withheld?: boolean }[] | null;
}

/**
 * The aggregates as they may be published (warehouse.json, the report): k-anonymity as in the rest
 * of the report. Each protected attribute's segment x group counts go through the fairness card's
 * disclosure control (suppressCells: cells of 1..minCellSize-1, then every cell that would give one
 * back from the published segment sizes and group totals) and come out null where withheld. A 0/1
 * outcome's rate is a count in disguise: its segment x {1, 0} table goes through the same control,
 * and a segment with a withheld cell has its rate withheld. A non-0/1 outcome (a mean) is kept.
 * @example publishedAggregates(agg, 50).groups.gender // [{ segment: 1, group: 'F', customers: null }, ...]
 */
export function publishedAggregates(agg: WarehouseAggregates, minCellSize: number): WarehouseAggregates {
  const segments = agg.sizes.map((s) => s.segment).sort((a, b) => a - b);
  const groups: WarehouseAggregates['groups'] = {};
  for (const [attribute, counts] of Object.entries(agg.groups)) {
    const names = [...new Set(counts.map((c) => c.group ?? '(missing)'))].sort();
    const count = (segment: number, g: string): number => counts.find((c) => c.segment === segment && (c.group ?? '(missing)') === g)?.customers ?? 0;
    const hidden = suppressCells(segments.map((s) => names.map((g) => count(s, g))), minCellSize);
    groups[attribute] = counts.map((c) => (hidden[segments.indexOf(c.segment)]?.[names.indexOf(c.group ?? '(missing)')] ? { ...c, customers: null } : c));
  }
  let outcome = agg.outcome;
  const binary = outcome !== null && outcome.every((o) => o.known !== undefined && (o.ones ?? 0) + (o.zeros ?? 0) === o.known);
  if (outcome && binary) {
    const hidden = suppressCells(outcome.map((o) => [o.ones ?? 0, o.zeros ?? 0]), minCellSize);
    outcome = outcome.map((o, i) => (hidden[i].some(Boolean) ? { segment: o.segment, rate: null, known: o.known, withheld: true } : o));
  }
  return { ...agg, groups, outcome };
}

const ENGINE_NAMES = { duckdb: 'DuckDB', postgres: 'PostgreSQL', clickhouse: 'ClickHouse' } as const;

/** What the section needs to know of the run. */
export interface WarehouseReportInput {
  engine: keyof typeof ENGINE_NAMES;
  tables: { orders: string; customers: string; segments: string };
  asOf: string;
  /** The sample: customers pulled, customers in the customers table, buckets kept of all buckets. */
  sample: { customers: number; customersInTable: number; keep: number; buckets: number };
  /** Sampled customers per segment (1..k, the fitting run's labels). */
  sampleSizes: number[];
  /** Segment names (1..k). */
  names: string[];
  /** The outcome column (columns.label), when there is one. */
  label: string | null;
  /** Whether the model computes features from order lines (then customers without a kept line are not scored). */
  usesOrders: boolean;
  aggregates: WarehouseAggregates;
  /** fairness.minCellSize: the aggregates are published (publishedAggregates) with it. */
  minCellSize?: number;
}

/** Section id (the contents entry and the test find it by this). */
export const WAREHOUSE_SECTION_ID = 'warehouse-population';

const n = (x: number): string => formatNumber(x);

/**
 * The notice (first paragraph of the report) and the population section.
 * @example const { notice, section } = warehouseReport(input);
 */
export function warehouseReport(input: WarehouseReportInput): { notice: CalloutBlock; section: ReportSection } {
  const engine = ENGINE_NAMES[input.engine];
  const agg = input.aggregates;
  const sizeOf = new Map(agg.sizes.map((s) => [s.segment, s.customers]));
  const valueOf = new Map(agg.value.map((v) => [v.segment, v.amount]));
  const rateOf = new Map((agg.outcome ?? []).map((o) => [o.segment, o.rate]));
  const withheldRate = new Set((agg.outcome ?? []).filter((o) => o.withheld).map((o) => o.segment));
  const scored = agg.sizes.reduce((a, s) => a + s.customers, 0);
  const sampleTotal = input.sampleSizes.reduce((a, b) => a + b, 0);
  const totalValue = agg.value.reduce((a, v) => a + v.amount, 0);
  const title = `All customers (computed in ${engine})`;
  const notice: CalloutBlock = {
    kind: 'callout',
    level: 'info',
    text:
      `The data of this run stays in ${engine}. The model was fitted on a hash sample of ${n(input.sample.customers)} of the ${n(input.sample.customersInTable)} rows of ${input.tables.customers} ` +
      `(${n(input.sample.keep)} of ${n(input.sample.buckets)} hash buckets of the customer id), and ${engine} then scored ${n(scored)} customers into ${input.tables.segments}. ` +
      `The section "${title}" gives ${engine}'s figures for all ${n(scored)} scored customers; every other section of this report describes the ${n(sampleTotal)} segmented customers of the sample only.`,
  };
  const blocks: ReportBlock[] = [];
  const unscored = input.sample.customersInTable - scored;
  const why = input.usesOrders
    ? 'have no order line kept by the cleaning rules up to the as-of day, no usable id, or a missing value in a column whose rule drops the customer'
    : 'have no usable id or a missing value in a column whose rule drops the customer';
  blocks.push({
    kind: 'paragraph',
    text:
      `Every number in this section was computed by ${engine} over all scored customers (table ${input.tables.segments}, joined with ${input.tables.customers}${input.usesOrders ? ` and ${input.tables.orders}` : ''}), not over the sample. ` +
      (unscored > 0 ? `${n(scored)} of the ${n(input.sample.customersInTable)} rows of ${input.tables.customers} were scored; the other ${n(unscored)} ${why}.` : `All ${n(scored)} rows of ${input.tables.customers} were scored.`),
  });
  const hasValue = agg.value.length > 0;
  const columns: TableBlock['columns'] = [
    { key: 'segment', label: 'Segment', align: 'left' },
    { key: 'customers', label: 'Customers (all, engine)', align: 'right' },
    { key: 'share', label: 'Share of customers (all)', align: 'right' },
    { key: 'sampled', label: 'Segmented customers in the sample', align: 'right' },
    { key: 'sampleShare', label: 'Share of the sample', align: 'right' },
    ...(hasValue
      ? [
          { key: 'value', label: 'Order value (all, engine)', align: 'right' as const },
          { key: 'valueShare', label: 'Share of order value (all)', align: 'right' as const },
          { key: 'perCustomer', label: 'Order value per customer (all)', align: 'right' as const },
        ]
      : []),
    ...(agg.outcome ? [{ key: 'rate', label: `Rate of ${input.label ?? 'the outcome'} (all, engine)`, align: 'right' as const }] : []),
  ];
  const rows = input.names.map((name, i) => {
    const segment = i + 1;
    const customers = sizeOf.get(segment) ?? 0;
    const value = valueOf.get(segment) ?? 0;
    return {
      segment: `${segment}. ${name}`,
      customers,
      share: scored > 0 ? customers / scored : null,
      sampled: input.sampleSizes[i] ?? 0,
      sampleShare: sampleTotal > 0 ? (input.sampleSizes[i] ?? 0) / sampleTotal : null,
      ...(hasValue ? { value, valueShare: totalValue !== 0 ? value / totalValue : null, perCustomer: customers > 0 ? value / customers : null } : {}),
      ...(agg.outcome ? { rate: withheldRate.has(segment) ? 'withheld' : (rateOf.get(segment) ?? null) } : {}),
    };
  });
  blocks.push({ kind: 'table', caption: `Segments over all ${n(scored)} scored customers (${engine}) beside the sample the model was fitted on`, columns, rows });
  if (hasValue) {
    blocks.push({
      kind: 'paragraph',
      text: `Order value is the sum of the amount column of ${input.tables.orders} over the order lines dated up to ${input.asOf} of each segment's scored customers, as stored (lines with a negative amount subtract): ${n(totalValue)} in all.`,
    });
  }
  if (agg.outcome) {
    blocks.push({
      kind: 'paragraph',
      text:
        `The rate of ${input.label ?? 'the outcome'} is its mean over the segment's scored customers that have a value, computed by ${engine}.` +
        (withheldRate.size ? ` A rate reads "withheld" where the customers with (or without) it number fewer than ${n(input.minCellSize ?? 0)}, or where it would give such a count back.` : ''),
    });
  }
  for (const [attribute, counts] of Object.entries(agg.groups)) {
    const groups = [...new Set(counts.map((c) => c.group ?? '(missing)'))].sort();
    blocks.push({ kind: 'heading', text: `Segment × ${attribute} (all scored customers)` });
    blocks.push({
      kind: 'paragraph',
      text: `Customers per segment and ${attribute} group, counted by ${engine} over all scored customers; each share is of the segment. A cell reads "suppressed" where it holds fewer than ${n(input.minCellSize ?? 0)} customers, or where it would give such a cell back from the segment sizes. The fairness checks elsewhere in this report are computed on the sample.`,
    });
    blocks.push({
      kind: 'table',
      caption: `Segment × ${attribute}: customers (all, engine)`,
      columns: [
        { key: 'segment', label: 'Segment', align: 'left' },
        ...groups.flatMap((g, j) => [
          { key: `g${j}`, label: `${g}: customers`, align: 'right' as const },
          { key: `s${j}`, label: `${g}: share of segment`, align: 'right' as const },
        ]),
      ],
      rows: input.names.map((name, i) => {
        const segment = i + 1;
        const size = sizeOf.get(segment) ?? 0;
        const row: Record<string, string | number | null> = { segment: `${segment}. ${name}` };
        groups.forEach((g, j) => {
          const c = counts.find((x) => x.segment === segment && (x.group ?? '(missing)') === g);
          const customers = c ? c.customers : 0;
          row[`g${j}`] = customers === null ? 'suppressed' : customers;
          row[`s${j}`] = customers === null || size === 0 ? null : customers / size;
        });
        return row;
      }),
    });
  }
  return { notice, section: { id: WAREHOUSE_SECTION_ID, title, blocks } };
}

