/**
 * The planted segments of the synthetic retail data. Segments differ mostly in behaviour
 * (recency, order count, basket size) and in income and tenure; gender and age shift mildly
 * between them so a fairness check has something to find, but a clustering never needs them.
 */

/** Product categories, in the order `categoryWeights` lists them. */
export const CATEGORIES = ['apparel', 'electronics', 'home', 'beauty', 'grocery', 'sports', 'toys'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Price level of each category relative to the customer's usual basket (same order as CATEGORIES). */
export const CATEGORY_PRICE_FACTOR: readonly number[] = [1.0, 1.7, 1.25, 0.7, 0.55, 1.0, 0.85];

/** How one planted segment's customers are drawn. Days are calendar days before `asOf`. */
export interface SegmentSpec {
  /** Name written to truth.csv. */
  name: string;
  /** Planned share of customers (the shares of all segments sum to 1; smallest >= 0.05). */
  share: number;
  /** Days between signup and asOf, uniform in [min, max]. */
  tenureDays: readonly [number, number];
  /** Days since the last order: lognormal median and log-sigma, clipped to [min, max]. */
  recency: { median: number; sigma: number; min: number; max: number };
  /** Days the customer was active at least (first to last order), when they order more than once. */
  minActiveDays: number;
  /** Orders per customer: 1 + negative binomial with this mean and dispersion, at most `maxOrders`. */
  extraOrders: { mean: number; dispersion: number };
  maxOrders: number;
  /** Order value: the customer's usual basket is lognormal(median, between); each order adds `within`. */
  basket: { median: number; between: number; within: number };
  /** Mean items per order (1 + Poisson(mean - 1)). */
  itemsMean: number;
  /** Relative weight of each category, same order as CATEGORIES. */
  categoryWeights: readonly number[];
  /** Annual income: lognormal median (currency units) and log-sigma. */
  income: { median: number; sigma: number };
  /** Share female / other gender (rest male). */
  female: number;
  other: number;
  /** Age: normal mean and sd in years, clipped to [18, 90]. */
  age: { mean: number; sd: number };
  /** Share consenting to marketing. */
  consent: number;
}

/**
 * The six planted segments. Overall about 51% female; Bargain hunters are 65% female and
 * Big-ticket occasionals 36% female, New customers are younger and Champions older.
 */
export const SEGMENTS: readonly SegmentSpec[] = [
  {
    name: 'Champions',
    share: 0.11,
    tenureDays: [500, 1900],
    recency: { median: 6, sigma: 0.7, min: 1, max: 40 },
    minActiveDays: 300,
    extraOrders: { mean: 30, dispersion: 8 },
    maxOrders: 250,
    basket: { median: 95, between: 0.3, within: 0.5 },
    itemsMean: 3,
    categoryWeights: [3, 2, 2, 2, 2, 1, 1],
    income: { median: 82_000, sigma: 0.3 },
    female: 0.5,
    other: 0.02,
    age: { mean: 47, sd: 11 },
    consent: 0.8,
  },
  {
    name: 'Loyal regulars',
    share: 0.22,
    tenureDays: [400, 1900],
    recency: { median: 22, sigma: 0.6, min: 2, max: 120 },
    minActiveDays: 200,
    extraOrders: { mean: 10, dispersion: 10 },
    maxOrders: 250,
    basket: { median: 55, between: 0.3, within: 0.5 },
    itemsMean: 2.5,
    categoryWeights: [3, 1, 3, 2, 4, 1, 1],
    income: { median: 60_000, sigma: 0.3 },
    female: 0.52,
    other: 0.02,
    age: { mean: 44, sd: 12 },
    consent: 0.7,
  },
  {
    name: 'Big-ticket occasionals',
    share: 0.12,
    tenureDays: [300, 1900],
    recency: { median: 110, sigma: 0.6, min: 10, max: 700 },
    minActiveDays: 90,
    extraOrders: { mean: 2, dispersion: 3 },
    maxOrders: 250,
    basket: { median: 380, between: 0.35, within: 0.45 },
    itemsMean: 1.4,
    categoryWeights: [1, 6, 4, 0.5, 0.2, 2, 0.5],
    income: { median: 105_000, sigma: 0.3 },
    female: 0.36,
    other: 0.02,
    age: { mean: 45, sd: 11 },
    consent: 0.5,
  },
  {
    name: 'At-risk former regulars',
    share: 0.15,
    tenureDays: [700, 1900],
    recency: { median: 420, sigma: 0.3, min: 200, max: 1100 },
    minActiveDays: 200,
    extraOrders: { mean: 12, dispersion: 6 },
    maxOrders: 250,
    basket: { median: 50, between: 0.3, within: 0.5 },
    itemsMean: 2.5,
    categoryWeights: [3, 1, 3, 2, 3, 1, 1],
    income: { median: 57_000, sigma: 0.3 },
    female: 0.48,
    other: 0.02,
    age: { mean: 46, sd: 13 },
    consent: 0.45,
  },
  {
    name: 'New customers',
    share: 0.14,
    tenureDays: [3, 90],
    recency: { median: 20, sigma: 0.8, min: 1, max: 90 },
    minActiveDays: 0,
    extraOrders: { mean: 0.4, dispersion: 2 },
    maxOrders: 2,
    basket: { median: 60, between: 0.35, within: 0.45 },
    itemsMean: 2,
    categoryWeights: [3, 2, 2, 2, 2, 1, 1],
    income: { median: 50_000, sigma: 0.35 },
    female: 0.5,
    other: 0.03,
    age: { mean: 31, sd: 9 },
    consent: 0.65,
  },
  {
    name: 'Bargain hunters',
    share: 0.26,
    tenureDays: [250, 1900],
    recency: { median: 12, sigma: 0.7, min: 1, max: 90 },
    minActiveDays: 150,
    extraOrders: { mean: 26, dispersion: 10 },
    maxOrders: 250,
    basket: { median: 11, between: 0.3, within: 0.5 },
    itemsMean: 3.5,
    categoryWeights: [2, 0.3, 1, 3, 6, 1, 2],
    income: { median: 38_000, sigma: 0.3 },
    female: 0.65,
    other: 0.02,
    age: { mean: 38, sd: 12 },
    consent: 0.85,
  },
];
