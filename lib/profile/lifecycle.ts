/**
 * The behavioural evidence behind persona names: lifecycle words (new, active, at risk, lapsed)
 * and value words (high-value, low-value), each only when the data supports it.
 *
 * Lifecycle, as in the buy-till-you-die literature (Fader, Hardie & Lee 2005; Schmittlein et al.
 * 1987): a customer is judged against the BG/NBD probability of still being active, P(alive), and
 * their recency against their own purchase cycle, not against everybody's recency. A big-ticket
 * buyer who orders twice a year is not "lapsing" after 110 days; a weekly buyer silent for 400 is.
 *   cycle  = (mean tenure − mean recency) / (mean purchases − 1): the segment's typical gap between
 *            purchases (days); null when the segment has no repeat purchases or no such features.
 *   gaps   = median recency / cycle: purchase cycles since the last purchase.
 *   new      mean tenure <= 1/4 of the customers' mean tenure and gaps <= 1 (or no cycle yet)
 *   lapsed   P(alive) < 0.5 and below the base; without P(alive): gaps >= 4
 *   at risk  P(alive) at least 0.05 below the base, or below it with gaps >= 2; without P(alive): gaps >= 2
 *   active   P(alive) >= base − 0.02 (or no P(alive)) and gaps <= 1.5
 *   none     otherwise, and when neither P(alive) nor a cycle is known.
 * So a segment called "at risk" or "lapsed" always has a lower P(alive) than the base when P(alive)
 * is known, and one called "active" never a clearly lower one.
 *
 * Value: the segment's mean value per customer against the base (all customers): predicted or
 * historical CLV when estimated (the measure the CLV stage recommends), else total spend.
 * >= 1.5× the base: "high-value" ("high-spend"); <= 0.5×: "low-value" ("low-spend"). No value
 * measure (no order lines): no value word and no value phrase.
 */
import type { Lifecycle, LifecycleReading, SegmentProfile } from './types';

export type { Lifecycle, LifecycleReading } from './types';

/** What is known about one segment's behaviour and value, from the CLV stage and the profile. */
export interface SegmentEvidence {
  /** Segment number, 0-based (as SegmentProfile.segment). */
  segment: number;
  /** Mean P(alive) of the segment's customers (BG/NBD); null without a CLV model. */
  probabilityAlive: number | null;
  /** Mean value per customer in the value measure's units; null without a value measure. */
  valuePerCustomer: number | null;
  /** The segment's share of total value; null without a value measure. */
  valueShare: number | null;
}

/** The evidence of a whole run: per segment plus the base (all customers). */
export interface RunEvidence {
  segments: SegmentEvidence[];
  /** Mean P(alive) over all customers; null without a CLV model. */
  baseProbabilityAlive: number | null;
  /** Mean value per customer over all customers; null without a value measure. */
  baseValuePerCustomer: number | null;
  /** What the value is: predicted CLV, historical CLV or total spend; null = no value measure. */
  /** 'value': the sum of profile.valueColumns (amounts of the customers file, not necessarily spend). */
  valueMeasure: 'predicted CLV' | 'historical CLV' | 'spend' | 'value' | null;
}

const mean = (p: SegmentProfile, feature: string): number | null => {
  const f = p.features.find((x) => x.feature === feature);
  return f && Number.isFinite(f.mean) ? f.mean : null;
};
const median = (p: SegmentProfile, feature: string): number | null => {
  const f = p.features.find((x) => x.feature === feature);
  return f && Number.isFinite(f.median) ? f.median : null;
};

/**
 * Lifecycle word of one segment (rules in the module comment).
 * @example lifecycleOf(profile, all, { probabilityAlive: 0.62, ... }, 0.9).lifecycle // 'at risk'
 */
export function lifecycleOf(profile: SegmentProfile, all: readonly SegmentProfile[], evidence: SegmentEvidence | undefined, baseProbabilityAlive: number | null): LifecycleReading {
  const recency = median(profile, 'recency_days');
  const meanRecency = mean(profile, 'recency_days');
  const tenure = mean(profile, 'tenure_days');
  const purchases = mean(profile, 'frequency');
  const cycle = tenure !== null && meanRecency !== null && purchases !== null && purchases > 1.05 ? Math.max(1, (tenure - meanRecency) / (purchases - 1)) : null;
  const gaps = cycle !== null && recency !== null ? recency / cycle : null;
  const p = evidence?.probabilityAlive ?? null;
  const base = baseProbabilityAlive;
  const total = all.reduce((s, x) => s + x.size, 0);
  const baseTenure = total > 0 ? all.reduce((s, x) => s + (mean(x, 'tenure_days') ?? 0) * x.size, 0) / total : null;
  const reading = (lifecycle: Lifecycle | null): LifecycleReading => ({ lifecycle, cycleDays: cycle, recencyDays: recency, probabilityAlive: p, baseProbabilityAlive: base });
  if (tenure !== null && baseTenure !== null && baseTenure > 0 && tenure <= 0.25 * baseTenure && (gaps === null || gaps <= 1)) return reading('new');
  if (p !== null && base !== null) {
    if (p < 0.5 && p < base) return reading('lapsed');
    if (p <= base - 0.05 || (p < base && gaps !== null && gaps >= 2)) return reading('at risk');
    if (p >= base - 0.02 && (gaps === null || gaps <= 1.5)) return reading('active');
    return reading(null);
  }
  if (gaps === null) return reading(null);
  if (gaps >= 4) return reading('lapsed');
  if (gaps >= 2) return reading('at risk');
  if (gaps <= 1.5) return reading('active');
  return reading(null);
}

/** "high-value" / "low-value" (or "-spend" when the measure is spend), or null near the base. */
export function valueWord(evidence: SegmentEvidence | undefined, run: Pick<RunEvidence, 'baseValuePerCustomer' | 'valueMeasure'>): string | null {
  const v = evidence?.valuePerCustomer ?? null;
  const base = run.baseValuePerCustomer;
  if (v === null || base === null || !(base > 0) || run.valueMeasure === null) return null;
  const kind = run.valueMeasure === 'spend' ? 'spend' : 'value';
  if (v >= 1.5 * base) return `high-${kind}`;
  if (v <= 0.5 * base) return `low-${kind}`;
  return null;
}

/** Evidence from profiles alone: value = mean total spend ("monetary"), or the mean of profile.valueColumns, when the run has it. */
export function spendEvidence(profiles: readonly SegmentProfile[]): RunEvidence {
  const spendOf = (p: SegmentProfile): number | null => (p.valuePerCustomer !== undefined ? (Number.isFinite(p.valuePerCustomer) ? p.valuePerCustomer : null) : mean(p, 'monetary'));
  const hasSpend = profiles.some((p) => spendOf(p) !== null);
  const total = profiles.reduce((s, p) => s + p.size, 0);
  const spendTotal = profiles.reduce((s, p) => s + (spendOf(p) ?? 0) * p.size, 0);
  return {
    segments: profiles.map((p) => ({
      segment: p.segment,
      probabilityAlive: null,
      valuePerCustomer: hasSpend ? spendOf(p) : null,
      valueShare: hasSpend ? p.valueShare : null,
    })),
    baseProbabilityAlive: null,
    baseValuePerCustomer: hasSpend && total > 0 ? spendTotal / total : null,
    valueMeasure: !hasSpend ? null : profiles.some((p) => p.valuePerCustomer !== undefined) ? 'value' : 'spend',
  };
}
