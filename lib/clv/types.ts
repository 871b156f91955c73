/** Types of the customer-lifetime-value stage (lib/clv). All plain, JSON-serialisable objects. */

/** Transactions as columns (the shape of `CleanTransactions`). Amounts are net: returns are negative. */
export interface TransactionColumns {
  customerId: readonly string[];
  /** Order time, epoch milliseconds (UTC). */
  time: readonly number[];
  /** Amount in currency units. */
  amount: readonly number[];
}

/**
 * Per-customer buy-till-you-die summary (lifetimes' `frequency, recency, T, monetary_value`).
 * Times are in units of `unitDays` days (7 = weeks, as in the CDNOW literature).
 */
export interface RfmSummary {
  customerId: string[];
  /** x: repeat purchases in the calibration period = distinct purchase days − 1. */
  frequency: number[];
  /** t_x: time from the first to the last calibration purchase (0 when x = 0), in units. */
  recency: number[];
  /** T: time from the first purchase to the end of calibration, in units. */
  T: number[];
  /** Mean net amount per repeat purchase day (first purchase excluded; same-day rows summed); 0 when x = 0. */
  monetary: number[];
  /** Amount of the first purchase day (same-day rows summed); spend evidence for customers without repeat purchases. */
  firstSpend: number[];
  /** Length of one time unit in days. */
  unitDays: number;
  /** Last calibration day, epoch ms (UTC midnight); purchases on this day are in calibration. */
  calibrationEnd: number;
  /** Holdout outcome when an observation end after the calibration end was given. */
  holdout: HoldoutOutcome | null;
  /** Customers left out: first purchase after calibrationEnd, or no non-negative purchase at all. */
  excluded: { afterCalibration: number; noPurchase: number };
}

export interface HoldoutOutcome {
  /** Distinct purchase days per customer in (calibrationEnd, observationEnd]. */
  frequency: number[];
  /** Holdout length in units. */
  duration: number;
  /** Last holdout day, epoch ms. */
  observationEnd: number;
}

/** BG/NBD parameters fitted by maximum likelihood (Fader, Hardie & Lee 2005). */
export interface BgNbdFit {
  model: 'bg-nbd';
  /** Shape of the gamma transaction-rate heterogeneity. */
  r: number;
  /** Scale of the gamma transaction-rate heterogeneity, in time units. */
  alpha: number;
  /** Beta dropout-probability parameters. */
  a: number;
  b: number;
  logLikelihood: number;
  customers: number;
  /** Length of the time unit the parameters are in, days. */
  unitDays: number;
  iterations: number;
  converged: boolean;
  /**
   * Limits of the model the maximum lies on (empty for an interior maximum):
   * 'homogeneous-dropout' (a, b → ∞ with a/(a+b) fixed; a+b reported as 1e8),
   * 'homogeneous-purchase-rate' (r, α → ∞ with r/α fixed; r reported as 1e8),
   * 'no-dropout' (a/(a+b) → 0).
   */
  boundary: BgNbdBoundary[];
  /** Boundary and convergence notes, for the report. */
  warnings: string[];
}

export type BgNbdBoundary = 'homogeneous-dropout' | 'homogeneous-purchase-rate' | 'no-dropout';

/** Gamma-Gamma spend parameters (Fader & Hardie 2005 note 025), fitted on repeat buyers. */
export interface GammaGammaFit {
  model: 'gamma-gamma';
  p: number;
  q: number;
  v: number;
  /** Population mean spend per purchase p·v/(q − 1); null when q <= 1 (the mean does not exist). */
  populationMeanSpend: number | null;
  logLikelihood: number;
  /** Repeat buyers the fit used. */
  customers: number;
  iterations: number;
  converged: boolean;
  /** 'constant-customer-spend': p → ∞ (each customer always spends the same); p reported as 1e8 with p·v kept. */
  boundary: GammaGammaBoundary[];
  /** Pearson correlation of frequency and monetary value among repeat buyers (the model assumes ≈ 0). */
  frequencyMonetaryCorrelation: number;
  warnings: string[];
}

export type GammaGammaBoundary = 'constant-customer-spend';

/**
 * Where a customer's expected spend per purchase comes from: their repeat purchases (Gamma-Gamma
 * posterior), the population mean (no repeat purchase, q > 1), or their first purchase (no repeat
 * purchase and q <= 1, where the population mean does not exist).
 */
export type SpendSource = 'repeat-purchases' | 'population-mean' | 'first-purchase';

/** The four BG/NBD parameters (r, α, a, b). */
export type BgNbdParams = Pick<BgNbdFit, 'r' | 'alpha' | 'a' | 'b'>;
