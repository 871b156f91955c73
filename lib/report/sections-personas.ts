/**
 * Report sections about who the segments are: persona cards and the RFM distributions.
 */
import type { PersonaTrait, SegmentProfile } from '../profile/types';
import { featureLabel, scaleNote, yearText } from '../profile/personas';
import { isBirthYearName } from '../clean/birth-year';
import { distributionChart } from './charts-value';
import { segmentWorth } from './decisions';
import { formatNumber, formatPercent } from './format';
import { formatMoney } from './money';
import type { Card, ChartBlock, ReportBlock, ReportRun, ReportSection } from './types';

const paragraph = (text: string): ReportBlock => ({ kind: 'paragraph', text });

function traitLine(t: PersonaTrait, labels: Readonly<Record<string, string>> = {}): string {
  const sd = `${t.effect >= 0 ? '+' : '\u2212'}${formatNumber(Math.abs(t.effect))} SD`;
  // A 0/1 column (a flag, a one-hot level): its mean is the segment's share, said as one ("1 on average" said nothing).
  if (t.flag) return `${t.phrase}: ${featureLabel(t.feature, labels)} in ${formatPercent(t.mean)} of the segment (${sd} vs the rest)`;
  // A year is printed as a year ("1972.4", not "1,972").
  return `${t.phrase}: ${featureLabel(t.feature, labels)} ${isBirthYearName(t.feature) ? yearText(t.mean) : formatNumber(t.mean)} on average (${sd} vs the rest${scaleNote(t)})`;
}

/** The value a card leads with: the measure the report recommends, per customer, with currency. */
export interface CardWorth {
  measure: string;
  perCustomer: number | null;
  share: number | null;
  currency?: string;
}

/** The card of one segment; a suppressed segment shows only why. It leads with the recommended value measure. */
export function personaCard(p: SegmentProfile, minCellSize: number, worth: CardWorth | null, labels: Readonly<Record<string, string>> = {}): Card {
  const persona = p.persona;
  const number = `Segment ${p.segment + 1}`;
  if (!persona || persona.suppressed) {
    return {
      title: persona?.name ?? p.label,
      subtitle: number,
      text: persona?.summary ?? `Fewer than ${minCellSize} customers: statistics are suppressed.`,
      facts: [{ label: 'Customers', value: `suppressed (< ${minCellSize})` }],
      above: [],
      below: [],
      muted: true,
    };
  }
  return {
    title: persona.name,
    subtitle: [number, persona.rfmName && persona.rfmName !== persona.name ? `RFM: ${persona.rfmName}` : '', persona.tagline].filter(Boolean).join(' \u00b7 '),
    text: persona.portrait,
    facts: [
      ...(worth && worth.perCustomer !== null ? [{ label: `Per customer, ${worth.measure}`, value: formatMoney(worth.perCustomer, worth.currency) }] : []),
      ...(worth && worth.share !== null ? [{ label: `Share of ${worth.measure}`, value: formatPercent(worth.share) }] : []),
      { label: 'Customers', value: `${formatNumber(p.size)} (${formatPercent(p.share)})` },
      ...(persona.lifecycle?.probabilityAlive != null
        ? [{ label: 'Still active (P(alive))', value: `${formatPercent(persona.lifecycle.probabilityAlive)} vs ${formatPercent(persona.lifecycle.baseProbabilityAlive ?? NaN)} overall` }]
        : []),
    ],
    above: persona.positive.map((t) => traitLine(t, labels)),
    below: persona.negative.map((t) => traitLine(t, labels)),
  };
}

/** Persona cards, one per segment, with how the names and traits were made. */
export function personasSection(run: ReportRun, originalLabels: ReadonlyMap<number, string>): ReportSection | null {
  if (!run.profiles.some((p) => p.persona)) return null;
  const minCellSize = run.fairnessCard.privacy.minCellSize;
  const worth = segmentWorth(run, (s) => originalLabels.get(s) ?? `Segment ${s + 1}`);
  const cardWorth = (p: SegmentProfile): CardWorth | null =>
    worth ? { measure: worth.measure, perCustomer: worth.perCustomer.get(p.segment) ?? null, share: worth.share.get(p.segment) ?? null, currency: run.config.profile.currency } : null;
  return {
    id: 'personas',
    title: 'Personas',
    blocks: [
      paragraph(
        'Each segment described in plain words. A trait is how far the segment\u2019s average is from the rest of the customers, in standard deviations (SD): 0.2 is a small difference, 0.5 a medium one, 0.8 or more a large one. ' +
          'Names follow the evidence: a lifecycle word (new, active, at risk, lapsed) only when the probability that the customers are still active (P(alive), from the CLV model) and the time since their last purchase, measured against the segment\u2019s own purchase rhythm, support it; a value word (high-value, low-value) when the segment is worth at least 1.5 times or at most half the average customer; then the strongest other trait. ' +
          `\u25B2 marks a feature above the rest of the customers, \u25BC below. Segments with fewer than ${minCellSize} customers show no statistics.`,
      ),
      { kind: 'cards', cards: run.profiles.map((p) => personaCard(p, minCellSize, cardWorth(p), run.config.features.labels ?? {})) },
    ],
  };
}

/** RFM distributions per segment (box plots from per-segment quantiles). */
export function distributionsSection(run: ReportRun): ReportSection | null {
  const distributions = run.distributions ?? [];
  if (distributions.length === 0) return null;
  const features = [...new Set(distributions.map((d) => d.feature))];
  const charts: ChartBlock[] = features.map((feature) => {
    const spec = distributionChart(feature, distributions, run.profiles, run.config.features.labels, run.config.profile.currency);
    const id = `distribution-${feature.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'feature'}`;
    return { kind: 'chart', id, title: String(spec.title), description: String(spec.description), spec };
  });
  // Hostile or odd feature names can slug to the same id: number the repeats.
  const seen = new Map<string, number>();
  for (const c of charts) {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    if (n > 1) c.id = `${c.id}-${n}`;
  }
  const suppressed = distributions.filter((d) => d.q50 === null).length;
  // The RFM wording only when the charts are the RFM features (a customers-only table charts its own columns).
  const RFM = new Set(['recency_days', 'frequency', 'monetary', 'tenure_days']);
  const rfm = features.every((f) => RFM.has(f));
  const flags = rfm ? [] : (run.profiles[0]?.features ?? []).filter((f) => f.flag && !features.includes(f.feature)).map((f) => run.config.features.labels?.[f.feature] ?? f.feature);
  return {
    id: 'distributions',
    title: rfm ? 'Recency, frequency and spend by segment' : 'Feature distributions by segment',
    blocks: [
      paragraph(
        (rfm
          ? 'How the customers of each segment spread on recency (days since the last purchase), frequency (orders), monetary value (total spend) and tenure (days since the first purchase). '
          : `How the customers of each segment spread on ${features.map((f) => run.config.features.labels?.[f] ?? f).join(', ')}. `) +
          'The box holds the middle half of the segment\u2019s customers, the white line is the median, the whiskers reach the 5th and 95th percentiles (the extremes are left out so no single customer shows).' +
          (flags.length ? ` The 0/1 columns (${flags.join(', ')}) are not drawn as boxes: their share per segment is in the feature profile and the personas.` : '') +
          (suppressed ? ` Segments below the minimum cell size are not shown.` : ''),
      ),
      ...charts,
    ],
  };
}
