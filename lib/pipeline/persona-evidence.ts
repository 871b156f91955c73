/**
 * The behavioural evidence personas are named from (lib/profile/lifecycle.ts), gathered from the
 * CLV stage: mean P(alive) per segment and overall, and value per customer in the measure the CLV
 * stage recommends (predicted or historical CLV). Without CLV, total spend from the profiles.
 */
import type { ClvResult } from '../clv/stage';
import { spendEvidence, type RunEvidence } from '../profile/lifecycle';
import type { SegmentProfile } from '../profile/types';

/**
 * Evidence for every profile; segments are matched by label ("Segment 1"), as the CLV stage keys them.
 * @example describePersonas(profiles, { evidence: personaEvidence(profiles, run.clv) })
 */
export function personaEvidence(profiles: readonly SegmentProfile[], clv: ClvResult | null): RunEvidence {
  if (!clv) return spendEvidence(profiles);
  const predictive = new Map(clv.segments.map((s) => [s.segment, s]));
  const historical = new Map(clv.historical.segments.map((s) => [s.segment, s]));
  const usePredicted = clv.recommendedMeasure === 'predictive';
  const customers = clv.segments.reduce((s, x) => s + x.customers, 0);
  const aliveTotal = clv.segments.reduce((s, x) => s + x.meanProbabilityAlive * x.customers, 0);
  const valueOf = (label: string): { mean: number; total: number } | null => {
    const row = usePredicted ? predictive.get(label) : historical.get(label);
    return row ? { mean: row.meanClv, total: row.totalClv } : null;
  };
  const values = profiles.map((p) => valueOf(p.label));
  const valueTotal = values.reduce((s, v) => s + (v?.total ?? 0), 0);
  return {
    segments: profiles.map((p, i) => {
      const alive = predictive.get(p.label);
      const v = values[i];
      return {
        segment: p.segment,
        probabilityAlive: alive && Number.isFinite(alive.meanProbabilityAlive) ? alive.meanProbabilityAlive : null,
        valuePerCustomer: v ? v.mean : null,
        valueShare: v && valueTotal > 0 ? v.total / valueTotal : null,
      };
    }),
    baseProbabilityAlive: customers > 0 && Number.isFinite(aliveTotal) ? aliveTotal / customers : null,
    baseValuePerCustomer: customers > 0 ? valueTotal / customers : null,
    valueMeasure: usePredicted ? 'predicted CLV' : 'historical CLV',
  };
}
