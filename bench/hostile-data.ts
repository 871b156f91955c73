/**
 * A seeded generator of customer tables with planted segments and the shapes that trip a
 * segmentation up (issue #10): an irrelevant five-level `region`, pure-noise columns, heavily
 * skewed amounts and income, a survey block answered by ~40% of customers (a separate file joined on
 * the id), 0/1 flags (some irrelevant, one relevant), one customer with an extreme income, a row
 * number column, an outcome column (churned) and truth defined partly by a categorical column:
 * segments 0 and 1 share most of their numeric profile (recency, frequency, spend, returns, survey
 * answers) and differ by `channel` (online / store) plus a modest shift in basket size, discount
 * share and tenure. (With `channelOnly`, they differ by channel alone: the hardest form.)
 *
 * Everything is a customer-level column (no order lines), so a run needs only the customers file
 * (and the survey file). The planted segment of each customer is returned, never written as a column.
 */
import type { RawTable } from '../lib/load/csv';
import { createRng, type Rng } from '../lib/random/rng';

/** The planted data in memory, as the CSV reader would return it. */
export interface HostileData {
  customers: RawTable;
  surveys: RawTable;
  /** Planted segment (0..5) per customer row. */
  truth: number[];
  /** Row (0-based, in customers.rows) of the customer whose income is extreme; -1 for none. */
  outlierRow: number;
  /** Planted churn probability per segment (the outcome column `churned` is drawn from it). */
  churnRate: number[];
  /** The feature config a careful user would write for these files. */
  features: { customerColumns: string[]; categoricalColumns: string[] };
}

export interface HostileOptions {
  customers: number;
  seed?: number;
  /** Multiply one customer's income by this (the extreme outlier). Default 1000; 1 = no outlier. */
  outlierFactor?: number;
  /** Row of the outlier. Default: row 17. */
  outlierRow?: number;
  /** Segments 0 and 1 differ by channel only (no numeric shift). Default false. */
  channelOnly?: boolean;
}

/** Segment shares (unequal on purpose) and per-segment profiles. */
const SHARES = [0.22, 0.2, 0.18, 0.16, 0.13, 0.11];
/** log-scale means of the skewed behaviour, per segment. */
const PROFILE = [
  // recency (log days), frequency (log), monetary (log), basket (log), return, discount, tenure (yrs), premium p, price_sens, loyalty, channel
  { rec: 3.0, freq: 2.2, mon: 6.5, bask: 3.6, ret: 0.05, disc: 0.1, ten: 4, prem: 0.1, price: 2, loyal: 4, channel: 'online' },
  { rec: 3.0, freq: 2.2, mon: 6.5, bask: 4.1, ret: 0.05, disc: 0.2, ten: 5.5, prem: 0.1, price: 2, loyal: 4, channel: 'store' },
  { rec: 5.2, freq: 0.6, mon: 4.3, bask: 3.4, ret: 0.02, disc: 0.5, ten: 1, prem: 0.1, price: 4.5, loyal: 2, channel: 'mixed' },
  { rec: 4.0, freq: 1.4, mon: 5.9, bask: 4.6, ret: 0.25, disc: 0.15, ten: 3, prem: 0.15, price: 3, loyal: 3, channel: 'mixed' },
  { rec: 2.2, freq: 3.2, mon: 8.0, bask: 4.8, ret: 0.06, disc: 0.05, ten: 7, prem: 0.9, price: 1.5, loyal: 4.5, channel: 'mixed' },
  { rec: 4.6, freq: 1.0, mon: 4.8, bask: 3.8, ret: 0.08, disc: 0.7, ten: 2, prem: 0.2, price: 4, loyal: 1.5, channel: 'online' },
];
const CHURN = [0.08, 0.12, 0.45, 0.25, 0.04, 0.3];
const REGIONS = ['North', 'South', 'East', 'West', 'Central'];

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const likert = (rng: Rng, mean: number): number => Math.min(5, Math.max(1, Math.round(mean + 0.8 * rng.normal())));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function table(role: string, header: string[], rows: string[][]): RawTable {
  return { role, file: `${role}.csv`, delimiter: ',', hadBom: false, header, rows, lines: rows.map((_, i) => i + 2), blankLines: 0 };
}

/**
 * Customers (and a survey file) with six planted segments; deterministic for a seed.
 * @example const d = hostileData({ customers: 10000, seed: 7 }); d.truth.length // 10000
 */
export function hostileData(options: HostileOptions): HostileData {
  const n = options.customers;
  const rng = createRng(options.seed ?? 7);
  const factor = options.outlierFactor ?? 1000;
  const outlierRow = factor === 1 ? -1 : options.outlierRow ?? Math.min(17, n - 1);
  const header = [
    'customer_id', 'row_number', 'recency_days', 'frequency', 'monetary', 'avg_basket', 'return_rate', 'discount_share',
    'tenure_years', 'income', 'premium', 'newsletter', 'has_card', 'region', 'channel', 'noise_a', 'noise_b', 'noise_c', 'churned',
  ];
  const rows: string[][] = [];
  const surveyRows: string[][] = [];
  const truth: number[] = [];
  const cumulative = SHARES.map((_, i) => SHARES.slice(0, i + 1).reduce((a, b) => a + b, 0));
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const s = Math.min(SHARES.length - 1, cumulative.findIndex((c) => u < c));
    truth.push(s);
    const p = options.channelOnly && s === 1 ? { ...PROFILE[0], channel: 'store' } : PROFILE[s];
    const id = `C${String(100000 + i)}`;
    const recency = Math.round(Math.exp(p.rec + 0.45 * rng.normal()));
    const frequency = Math.max(1, Math.round(Math.exp(p.freq + 0.35 * rng.normal())));
    const monetary = Math.exp(p.mon + 0.35 * rng.normal());
    const basket = Math.exp(p.bask + 0.3 * rng.normal());
    const ret = clamp01(p.ret + 0.04 * rng.normal());
    const disc = clamp01(p.disc + 0.08 * rng.normal());
    const tenure = Math.max(0, p.ten + 0.9 * rng.normal());
    let income = Math.exp(10.6 + 0.5 * rng.normal() + (s === 4 ? 0.3 : 0));
    if (i === outlierRow) income *= factor;
    const premium = rng.next() < p.prem ? 1 : 0;
    const newsletter = rng.next() < 0.5 ? 1 : 0;
    const hasCard = rng.next() < 0.3 ? 1 : 0;
    const region = pick(rng, REGIONS);
    const channel = rng.next() < 0.93 ? p.channel : pick(rng, ['online', 'store', 'mixed']);
    const churned = rng.next() < CHURN[s] ? 'yes' : 'no';
    rows.push([
      id, String(i + 1), String(recency), String(frequency), monetary.toFixed(2), basket.toFixed(2), ret.toFixed(3), disc.toFixed(3),
      tenure.toFixed(2), income.toFixed(0), String(premium), String(newsletter), String(hasCard), region, channel,
      rng.normal().toFixed(3), (rng.next() * 100).toFixed(2), Math.exp(rng.normal()).toFixed(3), churned,
    ]);
    if (rng.next() < 0.4) surveyRows.push([id, String(likert(rng, p.price)), String(likert(rng, p.loyal)), String(likert(rng, 3))]);
  }
  return {
    customers: table('customers', header, rows),
    surveys: table('surveys', ['customer_id', 'price_sensitivity', 'brand_loyalty', 'store_layout_rating'], surveyRows),
    truth,
    outlierRow,
    churnRate: CHURN.slice(),
    features: {
      customerColumns: [
        'recency_days', 'frequency', 'monetary', 'avg_basket', 'return_rate', 'discount_share', 'tenure_years', 'income',
        'premium', 'newsletter', 'has_card', 'noise_a', 'noise_b', 'noise_c', 'price_sensitivity', 'brand_loyalty', 'store_layout_rating',
      ],
      categoricalColumns: ['region', 'channel'],
    },
  };
}

/** The table as CSV text (for writing files a CLI run reads). */
export function toCsv(t: RawTable): string {
  return [t.header, ...t.rows].map((r) => r.join(',')).join('\n') + '\n';
}
