/**
 * The report's first screen: one table, a row per segment, that leads to a decision.
 *   who        persona name and size
 *   worth      value per customer in the measure the CLV stage recommends (or spend), with currency
 *   outcome    the per-segment outcome rate (or mean) when columns.label is set
 *   what to do the campaign recommendation, or the next test and its size per arm, or (without a
 *              campaign log) the test the segment's lifecycle suggests, said to be untested
 *   fairness   representation flags of the segment (group over/under-represented vs the band)
 * And, when the fairness card fails, a sentence saying what to do: which features give the
 * protected attribute away, and what the measured mitigation moves and costs.
 */
import type { FairnessCard } from '../fairness/types';
import type { SegmentProfile } from '../profile/types';
import { formatNumber, formatPercent } from './format';
import { formatMoney, moneyUnit } from './money';
import type { ReportRun, TableBlock } from './types';

/** The declared outcome's rate (or mean) in one segment, from the outcome profile of columns.label; null when absent or suppressed. */
function outcomeValue(run: ReportRun, segment: number): number | null {
  const row = run.outcome?.segments.find((s) => s.segment === segment);
  return row && !row.suppressed && row.value !== null && Number.isFinite(row.value) ? row.value : null;
}

/** Value per customer of each segment (by 0-based segment) in the recommended measure, or spend. */
export function segmentWorth(run: ReportRun, originalLabel: (segment: number) => string): { measure: string; perCustomer: Map<number, number>; share: Map<number, number> } | null {
  const clv = run.clv;
  if (clv) {
    const historical = clv.recommendedMeasure === 'historical';
    const rows = historical ? clv.historical.segments : clv.segments;
    const total = rows.reduce((s, r) => s + r.totalClv, 0);
    const perCustomer = new Map<number, number>();
    const share = new Map<number, number>();
    for (const p of run.profiles) {
      const row = rows.find((r) => r.segment === originalLabel(p.segment));
      if (!row) continue;
      perCustomer.set(p.segment, row.meanClv);
      if (total > 0) share.set(p.segment, row.totalClv / total);
    }
    return { measure: historical ? 'historical CLV, value so far' : `predicted CLV, next ${formatNumber(clv.options.horizonDays)} days`, perCustomer, share };
  }
  // profile.valueColumns: the mean of the summed amounts per customer (lib/clean/value.ts).
  const valued = run.profiles.filter((p) => p.valuePerCustomer !== undefined);
  if (valued.length && valued.some((p) => p.valueShare > 0)) {
    return {
      measure: (run.config.profile.valueColumns ?? []).join(' + '),
      perCustomer: new Map(valued.map((p) => [p.segment, p.valuePerCustomer as number])),
      share: new Map(valued.map((p) => [p.segment, p.valueShare])),
    };
  }
  const monetary = run.profiles.filter((p) => p.features.some((f) => f.feature === 'monetary'));
  if (!monetary.length) return null;
  return {
    measure: 'total spend so far',
    perCustomer: new Map(monetary.map((p) => [p.segment, p.features.find((f) => f.feature === 'monetary')?.mean ?? NaN])),
    share: new Map(monetary.map((p) => [p.segment, p.valueShare])),
  };
}

/** What to do where no campaign result speaks to a segment (the caption says once that none does). */
const UNTESTED: Record<string, string> = {
  'at risk': 'Test a win-back offer on part of the segment, with a hold-out',
  lapsed: 'Test a low-cost reactivation message with a hold-out before spending more',
  new: 'Test an onboarding / second-purchase offer with a hold-out',
  active: 'Keep in regular communication; test any offer against a hold-out first',
};
const UNTESTED_OTHER = 'Test an offer against a hold-out before sending it to everyone';

/** What to do for one segment; `untested` when no campaign result speaks to it. */
function action(run: ReportRun, p: SegmentProfile, originalLabel: (segment: number) => string, currency?: string): { text: string; untested: boolean } {
  const text = decidedAction(run, p, originalLabel, currency);
  return text === null ? { text: untestedAction(p), untested: !p.persona?.suppressed } : { text, untested: false };
}

function untestedAction(p: SegmentProfile): string {
  if (p.persona?.suppressed) return 'Too small to act on separately';
  const life = p.persona?.lifecycle?.lifecycle;
  return (life && UNTESTED[life]) || UNTESTED_OTHER;
}

/** The action the campaign results give a segment, or null when they say nothing of it. */
function decidedAction(run: ReportRun, p: SegmentProfile, originalLabel: (segment: number) => string, currency?: string): string | null {
  const decision = run.campaigns?.decisions.find((d) => d.segment === originalLabel(p.segment));
  if (decision?.recommendation) {
    const r = decision.recommendation;
    return `Send "${r.arm}": ${r.uplift >= 0 ? '+' : '\u2212'}${formatNumber(Math.abs(r.uplift * 100))} points conversion, ${formatMoney(r.incrementalProfitPerCustomer, currency)} extra profit per customer (P(best) ${formatPercent(r.probabilityBest)})`;
  }
  if (decision?.nextTest) {
    const t = decision.nextTest;
    return `Test next: ${decision.bestArm ? `"${decision.bestArm}" against ` : ''}"${t.against}", ${formatNumber(t.customersPerArm)} customers per arm${decision.reason ? ` (${decision.reason})` : ''}`;
  }
  if (decision) return decision.reason ?? 'No campaign is recommended';
  return null;
}

/**
 * The fairness flags of a segment: groups outside the representation band. Cells too small to
 * publish are named, not counted as "none" (IBM Telco churn: seniors at 0.15x their share in a
 * segment, 17 of them, read "none").
 */
function fairnessFlag(card: FairnessCard, segment: number, minCellSize: number): string {
  const flags = card.representation.attributes.flatMap((a) =>
    a.cells
      .filter((c) => c.segment === segment && c.verdict === 'flag' && c.ratio !== null)
      .map((c) => `${a.attribute} "${c.group}" ${formatNumber(c.ratio as number)}\u00d7 its share`),
  );
  // Suppression hides a small cell and the cells that would give it away (secondary suppression, possibly
  // in another segment): said per attribute, never as "too few" of a group that may be large.
  const hidden = card.representation.attributes.filter((a) => a.cells.some((c) => c.segment === segment && c.verdict === 'suppressed')).map((a) => `"${a.attribute}"`);
  if (card.representation.attributes.length === 0) return 'not checked';
  // Hidden cells are judged too (lib/fairness/hidden-cells.ts): how many of this segment's are outside the band, never which group or by how much.
  const band = `${card.representation.lower}\u2013${card.representation.upper}`;
  const severe = `${card.card.thresholds.severeLower}\u2013${card.card.thresholds.severeUpper}`;
  const hiddenOut = card.representation.attributes.flatMap((a) => {
    const seg = a.hidden?.segments.find((x) => x.segment === segment);
    if (!seg) return [];
    const cells = `${seg.outside} hidden "${a.attribute}" cell${seg.outside === 1 ? '' : 's'}`;
    return [seg.severe ? `FAIL: ${cells} outside ${seg.severe === seg.outside ? severe : band}${seg.severe === seg.outside ? '' : ` (${seg.severe} outside ${severe})`}` : `${cells} outside ${band}`];
  });
  const unseen = hidden.length ? `${hidden.join(', ')} not shown (cells under ${minCellSize} customers are hidden, with the cells that would reveal them)` : '';
  const tail = [...hiddenOut, ...(unseen ? [unseen] : [])].join('; ');
  if (!flags.length) return hiddenOut.length ? tail : unseen ? `none flagged; ${unseen}` : 'none';
  return flags.slice(0, 3).join('; ') + (flags.length > 3 ? '; \u2026' : '') + (tail ? `; ${tail}` : '');
}

/**
 * The first-screen table: a row per segment (see the module comment).
 * @example decisionTable(run, (s) => `Segment ${s + 1}`).rows.length // k
 */
export function decisionTable(run: ReportRun, originalLabel: (segment: number) => string): TableBlock {
  const currency = run.config.profile.currency;
  const worth = segmentWorth(run, originalLabel);
  const withOutcome = Boolean(run.outcome) && run.profiles.some((p) => outcomeValue(run, p.segment) !== null);
  const outcomeIsRate = run.outcome?.kind === 'rate';
  const columns: TableBlock['columns'] = [
    { key: 'who', label: 'Segment (who)', align: 'left' },
    { key: 'size', label: 'Customers', align: 'right' },
    ...(worth ? [{ key: 'worth', label: `Worth per customer (${moneyUnit(currency)})`, align: 'right' as const }, { key: 'valueShare', label: `Share of ${worth.measure}`, align: 'right' as const }] : []),
    ...(withOutcome ? [{ key: 'outcome', label: `${outcomeIsRate ? 'Outcome rate' : 'Outcome mean'} (${run.outcome?.column ?? run.config.columns.label})`, align: 'right' as const }] : []),
    { key: 'todo', label: 'What to do', align: 'left' },
    { key: 'fairness', label: 'Fairness flag', align: 'left' },
  ];
  let untested = 0;
  const rows = run.profiles.map((p) => {
    const todo = action(run, p, originalLabel, currency);
    if (todo.untested) untested += 1;
    const per = worth?.perCustomer.get(p.segment);
    const share = worth?.share.get(p.segment);
    const small = p.persona?.suppressed === true;
    const outcome = outcomeValue(run, p.segment);
    return {
      who: p.label,
      size: `${formatNumber(p.size)} (${formatPercent(p.share)})`,
      ...(worth ? { worth: small || per === undefined ? null : formatMoney(per, currency), valueShare: small || share === undefined ? null : share } : {}),
      ...(withOutcome ? { outcome: small || outcome === null ? (run.outcome?.segments.find((s) => s.segment === p.segment)?.withheld ? 'withheld (small count)' : null) : outcomeIsRate ? formatPercent(outcome) : formatNumber(outcome) } : {}),
      todo: todo.text,
      fairness: small ? 'suppressed (small segment)' : fairnessFlag(run.fairnessCard, p.segment, run.config.fairness.minCellSize),
    };
  });
  // Said once here, not in every row: which actions no campaign result backs yet.
  const noResults =
    untested === 0 ? '' : untested === rows.length ? ' (no campaign results yet: each action is a test to run against a hold-out)' : ` (no campaign results yet for ${untested} of the ${rows.length} segments: their actions are tests to run against a hold-out)`;
  const caption = `Segments at a glance: who they are, what they are worth${worth ? ` (${worth.measure})` : ''} and what to do${noResults}`;
  return { kind: 'table', caption, columns, rows };
}

/**
 * What to do about a failing fairness card: the attribute, the features that give it away (proxy
 * classifier) and what the measured mitigation would move and cost. Null unless the verdict is "fail".
 */
export function fairnessAction(card: FairnessCard): string | null {
  if (card.summary.verdict !== 'fail') return null;
  const failing = card.checks.filter((c) => c.verdict === 'fail');
  const attributes = [...new Set(failing.map((c) => c.attribute).filter((a): a is string => a !== null))];
  const parts: string[] = [`Fairness FAIL on ${attributes.length ? attributes.map((a) => `"${a}"`).join(', ') : 'the checks below'}.`];
  for (const attribute of attributes) {
    const proxy = card.proxyClassifier.find((p) => p.attribute === attribute);
    if (proxy && proxy.proxies.length) {
      parts.push(
        `The features that give "${attribute}" away are ${proxy.proxies.map((f) => `"${f}"`).join(', ')} (a classifier predicts "${attribute}" from the features with balanced accuracy ${formatPercent(proxy.balancedAccuracy)} against ${formatPercent(proxy.chance)} by chance); consider dropping or coarsening them.`,
      );
    }
  }
  // Only a mitigation on a failing attribute says what fixing the failure would cost: the default
  // target is the attribute with the lowest assessable proportional balance, which can be another one
  // (UCI Wholesale: "Channel" failed, "Region" was mitigated, "would move 0 customers").
  const relevant = card.mitigation.filter((m) => attributes.length === 0 || attributes.includes(m.attribute));
  for (const m of relevant) {
    const how = m.method === 'drop-proxies' ? `Dropping ${m.droppedFeatures.map((f) => `"${f}"`).join(', ') || 'the proxy features'}` : `Fair assignment on "${m.attribute}"`;
    parts.push(
      `${how} would move ${formatNumber(m.moved)} customers (${formatPercent(m.movedShare)}), take the segment \u00d7 group cells outside the band from ${m.before.cellsOutsideBand} to ${m.after.cellsOutsideBand}` +
        ` and change the silhouette (how distinct the segments are, in the clustered space) from ${formatNumber(m.before.silhouette)} to ${formatNumber(m.after.silhouette)}${m.withinBounds ? '' : '; it does not bring every cell within the band'}.`,
    );
  }
  const elsewhere = [...new Set(card.mitigation.filter((m) => !relevant.includes(m)).map((m) => m.attribute))];
  if (elsewhere.length)
    parts.push(
      `The mitigation measured in the fairness section is on ${elsewhere.map((a) => `"${a}"`).join(', ')}, which does not fail; set fairness.mitigationAttribute to "${attributes[0]}" to measure what fixing it would cost.`,
    );
  if (!card.mitigation.length) parts.push('No mitigation was measured (fairness.mitigation is "none"); set it to "fair-assignment" or "drop-proxies" to see what fixing it would cost.');
  return parts.join(' ');
}
