/**
 * The CLV stage for the pipeline:
 *
 *   transactions ──> rfmSummary (calibration + holdout) ──> fitBgNbd ──> calibrationHoldout (validation)
 *                └─> rfmSummary (all data) ──> fitBgNbd + fitGammaGamma ──> predictiveClv
 *                └─> net revenue per customer
 *   (all of the above: fitClvFromTransactions / fitClvFromInputs, segment-independent; assembleClv adds:)
 *   ──> historical CLV per segment
 *   ──> per-segment totals + recommended measure (ClvResult)
 *   ──> clvSummary → clv.json (small), clvCustomerCsv → clv.csv (one row per customer)   [output.ts]
 */
import { SeglabError, msg } from '../errors/messages';
import { ss } from '../stats/simple-statistics';
import { bgNbdFitTask, fitBgNbd, fitBgNbdTask, type BgNbdFitTask } from './bgnbd';
import { runTasks, type ParallelTask } from '../parallel/pool';
import { calibrationHoldout, type CalibrationCheck } from './calibration';
import { fitGammaGamma } from './gamma-gamma';
import { historicalClvFromRevenue, type HistoricalClv } from './historical';
import { discountPerStep, predictiveClv } from './predictive';
import { rfmSummary } from './summary';
import type { BgNbdFit, GammaGammaFit, RfmSummary, SpendSource, TransactionColumns } from './types';

const DAY_MS = 86_400_000;

export interface ClvOptions {
  /** Share of revenue that is profit, in [0, 1]. Default 1. */
  margin?: number;
  /** Predictive horizon, days. Default 365. */
  horizonDays?: number;
  /** Model time unit, days. Default 7 (weeks, as in the BTYD literature). */
  unitDays?: number;
  /** Annual discount rate (0.1 = 10%), applied per month. Default 0.1. */
  annualDiscountRate?: number;
  /**
   * Days held out at the end to validate predicted vs actual purchases; 0 = no validation.
   * Default: the horizon (validate the quantity that is predicted), at most a third of the
   * observed span (so the calibration period keeps two thirds of the history).
   */
  holdoutDays?: number;
  /** Last day of observation, epoch ms. Default: the last transaction's day. */
  observationEnd?: number;
}

export interface SegmentPredictiveClv {
  segment: string;
  customers: number;
  meanClv: number;
  medianClv: number;
  totalClv: number;
  meanProbabilityAlive: number;
  meanExpectedPurchases: number;
}

/** Which CLV a report should lead with. */
export type ClvMeasure = 'historical' | 'predictive';

/** Per-customer values, as columns in the order of the `customerIds` given (for clv.csv). */
export interface ClvCustomers {
  customerId: string[];
  segment: string[];
  /** Net revenue × margin so far. */
  historicalClv: number[];
  /** Expected purchases in the horizon; null for customers without a purchase to model. */
  expectedPurchases: (number | null)[];
  probabilityAlive: (number | null)[];
  /** Expected spend per purchase. */
  expectedSpend: (number | null)[];
  spendSource: (SpendSource | null)[];
  /** Discounted predicted margin over the horizon. */
  predictedClv: (number | null)[];
}

/**
 * The CLV stage's result. Everything but `customers` is small and goes to clv.json
 * (`clvSummary`); `customers` goes to clv.csv (`clvCustomerCsv`).
 */
export interface ClvResult {
  options: Required<Omit<ClvOptions, 'observationEnd'>> & { observationEnd: number };
  /** Historical CLV per segment (per-customer values are in `customers`). */
  historical: Omit<HistoricalClv, 'customers'>;
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  /** Horizon and discounting of the predictive CLV, in the model's time unit. */
  predictive: { horizon: number; unitDays: number; margin: number; firstPurchaseSpendCustomers: number };
  /** Per segment: predictive CLV of its customers (customers with no purchase to model count as 0). */
  segments: SegmentPredictiveClv[];
  /** Predicted vs actual holdout purchases; null when holdoutDays is 0. */
  validation: CalibrationCheck | null;
  /**
   * 'historical' when a model assumption visibly fails (spend correlated with frequency, holdout
   * purchases off by more than 20%, a fit not converged), else 'predictive'.
   */
  recommendedMeasure: ClvMeasure;
  /** Why (one sentence each). */
  recommendationReasons: string[];
  warnings: string[];
  /** Per-customer values: large, written to clv.csv, not to clv.json. */
  customers: ClvCustomers;
}

/**
 * Historical and predictive CLV per customer and per segment, with a calibration/holdout check.
 * @param customerIds the customers to value (all segmented customers)
 * @param segments segment of each customer
 * @param threads threads for the two BG/NBD fits (config cluster.workers; the result is the same for any value)
 * @example customerLifetimeValue(ids, tx, segmentOf, { margin: 0.3, horizonDays: 365 })
 */
export function customerLifetimeValue(
  customerIds: readonly string[],
  tx: TransactionColumns,
  segments: ReadonlyMap<string, string>,
  options: ClvOptions = {},
  threads = 1,
): ClvResult {
  return assembleClv(customerIds, segments, fitClvFromTransactions(customerIds, tx, options, threads));
}

/**
 * The segment-independent part of `customerLifetimeValue` (summaries, both model fits, validation,
 * predictive CLV per customer): `assembleClv(customerIds, segments, fit)` completes it.
 * @example assembleClv(ids, segmentOf, fitClvFromTransactions(ids, tx, { margin: 0.3 }))
 */
export function fitClvFromTransactions(customerIds: readonly string[], tx: TransactionColumns, options: ClvOptions = {}, threads = 1): ClvFit {
  let lastTime = -Infinity;
  let firstTime = Infinity;
  for (const t of tx.time) {
    if (t > lastTime) lastTime = t;
    if (t < firstTime) firstTime = t;
  }
  const resolved = resolveClvOptions(firstTime, lastTime, options);
  const observationEnd = resolved.observationEnd;
  const inScope = new Set(customerIds);
  const keep = tx.customerId.map((id, i) => (inScope.has(id) && tx.time[i] <= observationEnd + DAY_MS - 1 ? i : -1)).filter((i) => i >= 0);
  const scoped: TransactionColumns = { customerId: keep.map((i) => tx.customerId[i]), time: keep.map((i) => tx.time[i]), amount: keep.map((i) => tx.amount[i]) };
  const calibration =
    resolved.holdoutDays > 0 ? rfmSummary(scoped, { calibrationEnd: observationEnd - resolved.holdoutDays * DAY_MS, observationEnd, unitDays: resolved.unitDays }) : null;
  const summary = rfmSummary(scoped, { calibrationEnd: observationEnd, unitDays: resolved.unitDays });
  // Net revenue per customer as historicalClv sums it (its margin check first, as before).
  if (!(resolved.margin >= 0 && resolved.margin <= 1)) throw new SeglabError('clv', msg.clvBadOption('margin', resolved.margin, 'a share in [0, 1]'));
  const index = new Map<string, number>();
  customerIds.forEach((id, i) => index.set(id, i));
  const netRevenue = new Array<number>(customerIds.length).fill(0);
  let unmatched = 0;
  for (let t = 0; t < scoped.customerId.length; t++) {
    const i = index.get(scoped.customerId[t]);
    if (i === undefined) unmatched++;
    else netRevenue[i] += scoped.amount[t];
  }
  return fitFromSummaries(customerIds, resolved, calibration, summary, netRevenue, unmatched, threads);
}

/**
 * What the CLV stage needs from the order lines, however it was computed (here from
 * `TransactionColumns`, or with SQL in DuckDB by `clvInputsFromDuckdb` in summary-sql.ts):
 * one row per customer, never the order lines.
 */
export interface ClvInputs {
  options: ClvResult['options'];
  /** Summary with a holdout (calibration end = observation end − holdoutDays); null when holdoutDays is 0. */
  calibration: RfmSummary | null;
  /** Summary over the whole observation period. */
  summary: RfmSummary;
  /** Net revenue (purchases minus returns) per customer id, up to the observation end. */
  netRevenue: ReadonlyMap<string, number>;
}

/**
 * The options of `customerLifetimeValue` resolved against the transactions' first and last
 * times (epoch ms); throws when there are none or an option does not fit the span.
 */
export function resolveClvOptions(firstTime: number, lastTime: number, options: ClvOptions = {}): ClvResult['options'] {
  if (!Number.isFinite(lastTime)) throw new SeglabError('clv', msg.clvNoCustomers());
  const observationEnd = Math.floor((options.observationEnd ?? lastTime) / DAY_MS) * DAY_MS;
  const spanDays = Math.round((observationEnd - Math.floor(firstTime / DAY_MS) * DAY_MS) / DAY_MS);
  const horizonDays = options.horizonDays ?? 365;
  const resolved = {
    margin: options.margin ?? 1,
    horizonDays,
    unitDays: options.unitDays ?? 7,
    annualDiscountRate: options.annualDiscountRate ?? 0.1,
    holdoutDays: options.holdoutDays ?? Math.min(horizonDays, Math.floor(spanDays / 3)),
    observationEnd,
  };
  if (!(resolved.horizonDays > 0)) throw new SeglabError('clv', msg.clvBadOption('horizonDays', resolved.horizonDays, 'a positive number of days'));
  if (!(resolved.holdoutDays >= 0 && resolved.holdoutDays < spanDays)) {
    throw new SeglabError('clv', msg.clvBadOption('holdoutDays', resolved.holdoutDays, `0 (no validation) or fewer days than the ${spanDays}-day span of the transactions`));
  }
  return resolved;
}

/** The rows of a summary whose customer is in `scope` (excluded counts kept as computed). */
function restrictSummary(summary: RfmSummary, scope: ReadonlySet<string>): RfmSummary {
  if (summary.customerId.every((id) => scope.has(id))) return summary;
  const rows = summary.customerId.map((id, i) => (scope.has(id) ? i : -1)).filter((i) => i >= 0);
  const pick = (values: readonly number[]): number[] => rows.map((i) => values[i]);
  return {
    ...summary,
    customerId: rows.map((i) => summary.customerId[i]),
    frequency: pick(summary.frequency),
    recency: pick(summary.recency),
    T: pick(summary.T),
    monetary: pick(summary.monetary),
    firstSpend: pick(summary.firstSpend),
    holdout: summary.holdout ? { ...summary.holdout, frequency: pick(summary.holdout.frequency) } : null,
  };
}

/**
 * `customerLifetimeValue` from per-customer summaries (the DuckDB path: see `clvInputsFromDuckdb`).
 * Customers of the summaries outside `customerIds` are left out, as the Node path leaves out their
 * order lines.
 * @example customerLifetimeValueFromInputs(ids, await clvInputsFromDuckdb(con, 'clv_tx', options), segmentOf)
 */
export function customerLifetimeValueFromInputs(customerIds: readonly string[], inputs: ClvInputs, segments: ReadonlyMap<string, string>, threads = 1): ClvResult {
  return assembleClv(customerIds, segments, fitClvFromInputs(customerIds, inputs, threads));
}

/**
 * The segment-independent part of `customerLifetimeValueFromInputs`; `assembleClv(customerIds,
 * segments, fit)` completes it. A pure function of its arguments, with a result that survives a
 * structured clone (it is what the pipeline runs in a background worker: `clvFitTask`).
 * @example assembleClv(ids, segmentOf, fitClvFromInputs(ids, inputs))
 */
export function fitClvFromInputs(customerIds: readonly string[], inputs: ClvInputs, threads = 1): ClvFit {
  const scope = new Set(customerIds);
  checkClvMargin(inputs.options);
  const netRevenue = customerIds.map((id) => inputs.netRevenue.get(id) ?? 0);
  const calibration = inputs.calibration ? restrictSummary(inputs.calibration, scope) : null;
  return fitFromSummaries(customerIds, inputs.options, calibration, restrictSummary(inputs.summary, scope), netRevenue, 0, threads);
}

/**
 * What the CLV stage computes before the segments are known: the options, both fits, the
 * validation and every customer's values (in the order of the `customerIds` given). Plain data only.
 */
export interface ClvFit {
  options: ClvResult['options'];
  /** Net revenue per customer (order of `customerIds`), and transactions of customers outside them. */
  netRevenue: number[];
  unmatchedTransactions: number;
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  predictive: ClvResult['predictive'];
  validation: CalibrationCheck | null;
  warnings: string[];
  /** Per customer, order of `customerIds`: null for customers without a purchase to model. */
  customers: Omit<ClvCustomers, 'customerId' | 'segment' | 'historicalClv'>;
}

/** A `fitClvFromInputs` call as a background task (lib/parallel/background.ts), fits on one thread. */
export interface ClvFitTask extends ParallelTask {
  customerIds: readonly string[];
  inputs: ClvInputs;
}

/** The task that runs `fitClvFromInputs(customerIds, inputs)` in a worker (module clv/stage, fn clvFitTask). */
export function clvFitTaskOf(customerIds: readonly string[], inputs: ClvInputs): ClvFitTask {
  return { module: 'clv/stage', fn: 'clvFitTask', customerIds, inputs };
}

/** Runs a `ClvFitTask`: the two BG/NBD fits one after the other (the same fits on any number of threads). */
export function clvFitTask(task: ClvFitTask): ClvFit {
  return fitClvFromInputs(task.customerIds, task.inputs, 1);
}

/**
 * `fitClvFromInputs` as two tasks for two background workers, so that the two BG/NBD fits run on
 * two threads as in-process: the calibration fit with its holdout check (`clvValidationTask`), and
 * the rest (`clvModelTask`). `joinClvFit(validation, model)` equals `fitClvFromInputs(customerIds,
 * inputs)`; errors come in the in-process order when the caller checks the margin first
 * (`checkClvMargin`), then awaits the validation, then the model.
 * @example const [v, m] = clvFitTasksOf(ids, inputs); joinClvFit(clvValidationTask(v), clvModelTask(m))
 */
export function clvFitTasksOf(customerIds: readonly string[], inputs: ClvInputs): [ClvValidationTask | null, ClvModelTask] {
  const validation: ClvValidationTask | null = inputs.calibration ? { module: 'clv/stage', fn: 'clvValidationTask', customerIds, calibration: inputs.calibration } : null;
  // Net revenue goes as one number per customer, not as the id-keyed map (less to copy and hold in the worker).
  const revenue = customerIds.map((id) => inputs.netRevenue.get(id) ?? 0);
  return [validation, { module: 'clv/stage', fn: 'clvModelTask', customerIds, inputs: { ...inputs, calibration: null, netRevenue: new Map() }, revenue }];
}

/** The calibration-period fit and holdout check of `fitClvFromInputs` as a task. */
export interface ClvValidationTask extends ParallelTask {
  customerIds: readonly string[];
  calibration: RfmSummary;
}

/** Runs a `ClvValidationTask`: the calibration BG/NBD fit and `calibrationHoldout`, as `fitClvFromInputs` does them. */
export function clvValidationTask(task: ClvValidationTask): CalibrationCheck {
  const calibration = restrictSummary(task.calibration, new Set(task.customerIds));
  return calibrationHoldout(calibration, undefined, fitBgNbd(calibration));
}

/** The rest of `fitClvFromInputs` as a task: inputs without the calibration summary, net revenue per customer in `revenue`. */
export interface ClvModelTask extends ClvFitTask {
  revenue: number[];
}

/** Runs the `ClvModelTask` of `clvFitTasksOf`: `fitClvFromInputs` without the calibration summary (validation null). */
export function clvModelTask(task: ClvModelTask): ClvFit {
  checkClvMargin(task.inputs.options);
  return fitFromSummaries(task.customerIds, task.inputs.options, null, restrictSummary(task.inputs.summary, new Set(task.customerIds)), task.revenue, 0, 1);
}

/** `fitClvFromInputs`'s result from the two tasks of `clvFitTasksOf` (validation null when there is no holdout). */
export function joinClvFit(validation: CalibrationCheck | null, model: ClvFit): ClvFit {
  return { ...model, validation };
}

/** The margin check `fitClvFromInputs` makes first (throws the same SeglabError). */
export function checkClvMargin(options: ClvResult['options']): void {
  if (!(options.margin >= 0 && options.margin <= 1)) throw new SeglabError('clv', msg.clvBadOption('margin', options.margin, 'a share in [0, 1]'));
}

function fitFromSummaries(
  customerIds: readonly string[],
  resolved: ClvResult['options'],
  calibration: RfmSummary | null,
  summary: RfmSummary,
  netRevenue: number[],
  unmatched: number,
  threads = 1,
): ClvFit {
  const warnings: string[] = [];
  const [bgnbd, calibrationFit] = fitBothBgNbd(summary, calibration, threads);
  const validation: CalibrationCheck | null = calibration ? calibrationHoldout(calibration, undefined, calibrationFit) : null;
  const gammaGamma = fitGammaGamma(summary.frequency, summary.monetary);
  warnings.push(...bgnbd.warnings, ...gammaGamma.warnings);
  const unit = resolved.unitDays;
  const monthDays = 365.25 / 12;
  const predictive = predictiveClv(bgnbd, gammaGamma, summary, {
    horizon: resolved.horizonDays / unit,
    step: monthDays / unit,
    discountRatePerStep: discountPerStep(resolved.annualDiscountRate, monthDays),
    margin: resolved.margin,
  });

  if (predictive.firstPurchaseSpendCustomers > 0) warnings.push(msg.clvFirstPurchaseSpend(predictive.firstPurchaseSpendCustomers, gammaGamma.q));

  const byCustomer = new Map(predictive.customerId.map((id, i) => [id, i]));
  const rowOf = customerIds.map((id) => byCustomer.get(id) ?? -1);
  const pick = <T>(values: readonly T[]): (T | null)[] => rowOf.map((i) => (i < 0 ? null : values[i]));
  return {
    options: resolved,
    netRevenue,
    unmatchedTransactions: unmatched,
    bgnbd,
    gammaGamma,
    predictive: { horizon: predictive.horizon, unitDays: predictive.unitDays, margin: predictive.margin, firstPurchaseSpendCustomers: predictive.firstPurchaseSpendCustomers },
    validation,
    warnings,
    customers: {
      expectedPurchases: pick(predictive.expectedPurchases),
      probabilityAlive: pick(predictive.probabilityAlive),
      expectedSpend: pick(predictive.expectedSpend),
      spendSource: pick(predictive.spendSource),
      predictedClv: pick(predictive.clv),
    },
  };
}

/**
 * The segment-dependent part of the CLV stage: historical CLV per segment, the customers' segment
 * column and the per-segment predictive summaries, from a `fitClvFromInputs` /
 * `fitClvFromTransactions` result for the same `customerIds`.
 * @example assembleClv(ids, segmentOf, fit).segments
 */
export function assembleClv(customerIds: readonly string[], segments: ReadonlyMap<string, string>, fit: ClvFit): ClvResult {
  const historical = historicalClvFromRevenue(customerIds, fit.netRevenue, segments, fit.options.margin, fit.unmatchedTransactions);
  const customers: ClvCustomers = {
    customerId: customerIds.slice(),
    segment: customerIds.map((id) => segments.get(id) ?? 'unassigned'),
    historicalClv: historical.customers.clv,
    ...fit.customers,
  };
  const groups = new Map<string, number[]>();
  customers.segment.forEach((s, k) => {
    let list = groups.get(s);
    if (!list) groups.set(s, (list = []));
    list.push(k);
  });
  // A customer without a purchase to model counts as 0 (its values are null).
  const at = (values: readonly (number | null)[], k: number): number => values[k] ?? 0;
  const segmentRows: SegmentPredictiveClv[] = [...groups].map(([segment, rows]) => {
    const clv = rows.map((k) => at(customers.predictedClv, k));
    return {
      segment,
      customers: rows.length,
      meanClv: ss.mean(clv),
      medianClv: ss.median(clv),
      totalClv: ss.sum(clv),
      meanProbabilityAlive: ss.mean(rows.map((k) => at(customers.probabilityAlive, k))),
      meanExpectedPurchases: ss.mean(rows.map((k) => at(customers.expectedPurchases, k))),
    };
  });
  const recommendation = recommendMeasure(fit.bgnbd, fit.gammaGamma, fit.validation, fit.options.holdoutDays);
  const { customers: _historicalPerCustomer, ...historicalSummary } = historical;
  return {
    options: fit.options,
    historical: historicalSummary,
    bgnbd: fit.bgnbd,
    gammaGamma: fit.gammaGamma,
    predictive: fit.predictive,
    segments: segmentRows,
    validation: fit.validation,
    recommendedMeasure: recommendation.measure,
    recommendationReasons: recommendation.reasons,
    warnings: fit.warnings,
    customers,
  };
}

/**
 * The BG/NBD fits on the whole period and on the calibration period, on two threads when given:
 * they are independent, and each is the same fit on any thread. A fit that fails is fitted again
 * here, calibration first as before, so the error raised is the one of an in-process run.
 */
function fitBothBgNbd(summary: RfmSummary, calibration: RfmSummary | null, threads: number): [BgNbdFit, BgNbdFit | undefined] {
  if (!calibration) return [fitBgNbd(summary), undefined];
  if (threads <= 1) {
    const calibrationFit = fitBgNbd(calibration);
    return [fitBgNbd(summary), calibrationFit];
  }
  const attempt = (task: BgNbdFitTask): BgNbdFit | null => {
    try {
      return fitBgNbdTask(task);
    } catch {
      return null;
    }
  };
  const [calibrationFit, fit] = runTasks([bgNbdFitTask(calibration), bgNbdFitTask(summary)], threads, attempt);
  const calibrationResult = calibrationFit ?? fitBgNbd(calibration);
  return [fit ?? fitBgNbd(summary), calibrationResult];
}

/** Holdout purchases predicted this far off (relative) make the predictive CLV untrustworthy. */
const VALIDATION_TOLERANCE = 0.2;
/** |Pearson r| of frequency and mean spend above this breaks the Gamma-Gamma independence assumption. */
const CORRELATION_LIMIT = 0.3;

function recommendMeasure(bgnbd: BgNbdFit, gammaGamma: GammaGammaFit, validation: CalibrationCheck | null, holdoutDays: number): { measure: ClvMeasure; reasons: string[] } {
  const reasons: string[] = [];
  if (Math.abs(gammaGamma.frequencyMonetaryCorrelation) > CORRELATION_LIMIT) reasons.push(msg.clvPreferHistoricalCorrelation(gammaGamma.frequencyMonetaryCorrelation));
  if (validation && validation.totalActual > 0 && Math.abs(validation.totalPredicted - validation.totalActual) > VALIDATION_TOLERANCE * validation.totalActual) {
    reasons.push(msg.clvPreferHistoricalValidation(validation.totalPredicted, validation.totalActual, holdoutDays));
  }
  if (!bgnbd.converged || !gammaGamma.converged) reasons.push(msg.clvPreferHistoricalNotConverged());
  if (reasons.length) return { measure: 'historical', reasons };
  return {
    measure: 'predictive',
    reasons: [validation ? msg.clvPredictiveValidated(validation.totalPredicted, validation.totalActual, holdoutDays, VALIDATION_TOLERANCE) : msg.clvPredictiveUnvalidated()],
  };
}
