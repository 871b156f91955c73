/** Types of the campaign-effectiveness stage (lib/campaigns). Results are JSON-serialisable. */
import type { Interval } from './intervals';

/**
 * A campaign log as plain columns, one row per customer exposure (sent or held out).
 * Mark the control group either with `isControl` or with `CampaignOptions.controlArm`.
 */
export interface CampaignLog {
  customerId: readonly string[];
  /** Campaign / arm name of the row. */
  arm: readonly string[];
  /** 1 = converted (purchased / responded), 0 = not. */
  converted: readonly number[];
  /** Revenue attributed to the row, currency units. Default: none (profit is then counted in conversions). */
  revenue?: readonly number[];
  /** Cost of the row (e.g. cost of sending), currency units. Default 0. */
  cost?: readonly number[];
  /** True for control (held-out) rows; alternative to `controlArm`. */
  isControl?: readonly boolean[];
  /** Optional 0/1 engagement columns by name, e.g. { opened, clicked, visit }. */
  engagement?: Readonly<Record<string, readonly number[]>>;
}

export interface CampaignOptions {
  /** Name of the control arm in `arm`. Default none: then `isControl` marks control rows, or there is no control. */
  controlArm?: string;
  /** Share of revenue that is profit, in [0, 1]. Default 1. */
  margin?: number;
  /** Two-sided confidence level of every interval. Default 0.95. */
  confidence?: number;
  /** Recommend only when P(arm is best) >= this. Default 0.9. */
  probabilityBest?: number;
  /** Monte Carlo draws from the Beta posteriors per segment. Default 20000. */
  posteriorDraws?: number;
  /** Bootstrap resamples for the ROI interval. Default 1000. */
  bootstrap?: number;
  /** Significance level for the suggested sample size. Default 0.05. */
  alpha?: number;
  /** Power for the suggested sample size. Default 0.8. */
  power?: number;
  /** Smallest absolute conversion uplift worth detecting, used to size the next test when the observed uplift is smaller. Default 0.01. */
  minDetectableUplift?: number;
}

export type ResolvedCampaignOptions = Required<Omit<CampaignOptions, 'controlArm'>> & { controlArm: string | null };

/** A rate with its interval. */
export interface RateWithInterval {
  count: number;
  rate: number;
  interval: Interval;
}

/** Effect of a treatment arm against the control of the same segment. */
export interface VersusControl {
  /** Conversion rate difference, treatment − control. */
  uplift: number;
  /** Newcombe hybrid score interval (method 10). */
  upliftInterval: Interval;
  /** (revenue per customer, treatment − control) × exposures. */
  incrementalRevenue: number;
  /** margin × incrementalRevenue − cost (conversions − cost when the log has no revenue). */
  incrementalProfit: number;
  incrementalProfitPerCustomer: number;
  /** incrementalProfit / cost; null when the arm cost nothing. */
  roi: number | null;
  /** Seeded percentile-bootstrap interval of the ROI; null when the arm cost nothing. */
  roiInterval: Interval | null;
  /** P(this arm has the highest incremental profit, and it is above 0), Beta posteriors, seeded Monte Carlo. */
  probabilityBest: number;
}

/** Metrics of one segment × arm cell. */
export interface ArmMetrics {
  segment: string;
  arm: string;
  isControl: boolean;
  exposures: number;
  conversions: number;
  conversionRate: number;
  conversionInterval: Interval;
  revenue: number;
  revenuePerCustomer: number;
  cost: number;
  costPerCustomer: number;
  /** Engagement rates by column name (opened, clicked, visit...), when the log has them. */
  engagement: Record<string, RateWithInterval>;
  /** Null for the control arm and when the segment has no control. */
  versusControl: VersusControl | null;
}

/** What to do next in a segment whose evidence is not enough. */
export interface NextTest {
  /** The arm the best offer should be tested against: the control, or the runner-up offer when the lift over control is already established. */
  against: string;
  /** Customers per arm (treatment and control each), rounded up. */
  customersPerArm: number;
  /** Conversion rate of `against` assumed. */
  baselineRate: number;
  /** Absolute difference the test is sized to detect. */
  uplift: number;
  basis: 'observed' | 'minimum detectable';
  alpha: number;
  power: number;
  /** Customers per arm for the configured minimum detectable uplift, for comparison. */
  customersPerArmAtMinimum?: number;
  /** False when the two arms need more customers than the segment has (the test cannot be run on this audience). */
  practical?: boolean;
  /** One sentence on the size: what it detects, and when it is impractical for the audience. */
  note?: string;
}

export interface Recommendation {
  arm: string;
  uplift: number;
  upliftInterval: Interval;
  probabilityBest: number;
  incrementalProfitPerCustomer: number;
  costPerCustomer: number;
}

export interface SegmentDecision {
  segment: string;
  /** Customers in the segment (the audience a campaign would reach). */
  audience: number;
  /** The recommended campaign, or null with `reason`. */
  recommendation: Recommendation | null;
  reason: string | null;
  /** The arm the decision was about (best expected incremental profit), when any. */
  bestArm: string | null;
  /** P(sending nothing is best). */
  probabilityControlBest: number | null;
  nextTest: NextTest | null;
  /** Set when the campaign-wide decision replaced the segment's own because uplift does not differ between segments; says why. */
  pooled?: string;
  /** With `pooled`: what the segment's own evidence said (its recommended arm or null, the reason, and the next test sized for its observed effect). */
  own?: { arm: string | null; reason: string | null; nextTest: NextTest | null };
}

export interface CampaignsResult {
  controlArm: string | null;
  arms: string[];
  /** 'revenue' when the log has revenue, otherwise 'conversions'. */
  objective: 'revenue' | 'conversions';
  options: ResolvedCampaignOptions;
  /** Metrics over all customers (segment "(all)"). */
  overall: ArmMetrics[];
  /** Metrics per segment × arm. */
  cells: ArmMetrics[];
  decisions: SegmentDecision[];
  warnings: string[];
  /** Cochran's Q per treatment arm: does the uplift differ between segments? */
  heterogeneity?: HeterogeneityTest[];
  /** True when some arm's uplift differs between segments (Q p-value < alpha / number of arms, Bonferroni); only then do segments get their own decisions. */
  segmentsDiffer?: boolean;
  /** What "incremental profit" is here: profit, or revenue (margin 1 and no cost), or conversions (no revenue, no cost). */
  valueMeasure?: 'incremental profit' | 'incremental revenue' | 'incremental conversions';
}

/** One segment's share of a campaign budget. */
export interface BudgetAllocation {
  segment: string;
  arm: string;
  customers: number;
  spend: number;
  expectedIncrementalProfit: number;
  /** Incremental profit per unit of cost; null when the campaign is free (funded first). */
  profitPerCost: number | null;
}

export interface BudgetPlan {
  budget: number;
  allocations: BudgetAllocation[];
  spent: number;
  expectedIncrementalProfit: number;
  /** Segments with a recommendation that got no budget. */
  unfunded: string[];
}

/** Cochran's Q of one treatment arm across segments. */
export interface HeterogeneityTest {
  arm: string;
  /** Segments that have both this arm and a control with at least one customer each. */
  segments: string[];
  /** Inverse-variance weighted mean uplift (the common uplift if there is no heterogeneity). */
  pooledUplift: number;
  q: number;
  df: number;
  /** P(χ²(df) >= Q); null with fewer than two segments. */
  pValue: number | null;
  /** I² = max(0, (Q − df) / Q): share of the spread in uplifts beyond chance, 0..1. */
  iSquared: number;
}
