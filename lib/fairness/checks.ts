/**
 * From metrics to verdicts: each function turns one measured metric into a `CheckResult` with the
 * value, the bound it was judged against, pass / warn / fail and one plain sentence.
 */
import type {
  AssociationMetrics,
  BalanceMetrics,
  CheckResult,
  FairnessThresholds,
  HiddenCells,
  PrivacyReport,
  ProxyClassifierResult,
  RepresentationCell,
  TargetingParity,
  Verdict,
} from './types';
import type { FullBalance } from './hidden-cells';

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Verdict of a "higher is better" ratio: pass >= lower, fail < severeLower, warn between. */
function ratioVerdict(value: number, t: FairnessThresholds): Verdict {
  return value >= t.lower ? 'pass' : value < t.severeLower ? 'fail' : 'warn';
}

/** Verdict of a "lower is better" value with warn and fail thresholds. */
function levelVerdict(value: number, warn: number, fail: number): Verdict {
  return value >= fail ? 'fail' : value >= warn ? 'warn' : 'pass';
}

/** The worst of several verdicts. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.includes('fail') ? 'fail' : verdicts.includes('warn') ? 'warn' : 'pass';
}

/** Check 1: the representation cell farthest from ratio 1 (log scale), over every cell: hidden ones count in the verdict without their values. */
export function representationCheck(attribute: string, cells: readonly RepresentationCell[], t: FairnessThresholds, hidden?: HiddenCells): CheckResult {
  const assessed = cells.filter((c) => c.ratio !== null);
  const distance = (r: number): number => (r <= 0 ? Infinity : Math.abs(Math.log(r)));
  const worst = assessed.slice().sort((a, b) => distance(b.ratio as number) - distance(a.ratio as number))[0];
  const outside = assessed.filter((c) => (c.ratio as number) < t.lower || (c.ratio as number) > t.upper).length;
  const ratio = worst?.ratio ?? 1;
  const h = hidden && hidden.cells > 0 ? hidden : undefined;
  const severeShown = assessed.some((c) => (c.ratio as number) < t.severeLower || (c.ratio as number) > t.severeUpper);
  const totalOutside = outside + (h?.outside ?? 0);
  // Nothing published and nothing judged (no hidden summary): nothing was checked, so it cannot pass.
  const verdict: Verdict =
    assessed.length === 0 && !h ? 'warn' : totalOutside === 0 ? 'pass' : severeShown || (h?.severe ?? 0) > 0 ? 'fail' : 'warn';
  const withheld = h?.worstHidden === true;
  const among = h ? ' published' : '';
  const shownSentence =
    assessed.length === 0
      ? h
        ? `No segment \u00d7 group cell of "${attribute}" can be published without revealing a small count (k-anonymity).`
        : `No segment \u00d7 group cell of "${attribute}" can be published without revealing a small count (k-anonymity), so representation is not assessable.`
      : worst && ratio === 0
      ? `Group "${worst.group}" of "${attribute}" is absent from segment ${worst.segment + 1} (0 customers) although it is ${pct(worst.populationShare)} of all customers` +
        (outside > 1 ? `; ${outside} of ${assessed.length}${among} cells are outside ${t.lower}\u2013${t.upper}.` : '.')
      : outside === 0
      ? h
        ? `Every published "${attribute}" cell is within ${t.lower}\u2013${t.upper} times its group's population share.`
        : `Every assessed "${attribute}" group is within ${t.lower}\u2013${t.upper} times its population share in every segment.`
      : `${outside} of ${assessed.length}${h ? ' published' : ' assessed'} segment \u00d7 group cells of "${attribute}" are outside ${t.lower}\u2013${t.upper}; the largest gap${withheld ? ' among them' : ''} is group "${worst.group}" in segment ${worst.segment + 1} at ${fmt(ratio)} times its population share.`;
  return {
    id: `representation:${attribute}`,
    kind: 'representation',
    attribute,
    metric: 'representation ratio (cell farthest from 1)',
    value: worst && !withheld ? ratio : null,
    threshold: `within [${t.lower}, ${t.upper}] passes; outside [${t.severeLower}, ${t.severeUpper}] fails`,
    verdict,
    sentence: shownSentence + (h ? ` ${hiddenSentence(h, t)}` : ''),
    ...(withheld ? { withheld: true } : {}),
  };
}

/** How many cells are hidden and why: "2 cells have fewer than 50 customers; 3 more are hidden so ...". */
export function hiddenWhy(small: number, secondary: number, minCellSize: number): string {
  const parts: string[] = [];
  if (small) parts.push(`${small} ${small === 1 ? 'has' : 'have'} fewer than ${minCellSize} customers`);
  if (secondary) parts.push(`${secondary}${small ? ' more' : ''} ${secondary === 1 ? 'is' : 'are'} hidden so that small cells cannot be worked out by subtraction`);
  return parts.join('; ');
}

/**
 * The verdict on an attribute's hidden cells, values never given: "FAIL: 2 of the 5 cells hidden for
 * privacy (...) are outside 0.5–2, in segments 3, 4." Named: segments, never the group or direction.
 */
export function hiddenSentence(h: HiddenCells, t: Pick<FairnessThresholds, 'lower' | 'upper' | 'severeLower' | 'severeUpper' | 'minCellSize'>): string {
  const of = `${h.cells} cell${h.cells === 1 ? '' : 's'} hidden for privacy (${hiddenWhy(h.small, h.secondary, t.minCellSize)})`;
  const where = (segs: number[]): string => (segs.length ? `, in segment${segs.length === 1 ? '' : 's'} ${segs.map((s) => s + 1).join(', ')}` : '');
  if (h.outside === 0) return `Of the ${of}, none is outside ${t.lower}\u2013${t.upper}; their values are not shown.`;
  const mild = h.outside - h.severe;
  const parts: string[] = [];
  if (h.severe)
    parts.push(`FAIL: ${h.severe} of the ${of} ${h.severe === 1 ? 'is' : 'are'} outside ${t.severeLower}\u2013${t.severeUpper}${where(h.segments.filter((s) => s.severe > 0).map((s) => s.segment))}`);
  if (mild)
    parts.push(
      `${h.severe ? `${mild} more` : `${mild} of the ${of}`} ${mild === 1 ? 'is' : 'are'} outside ${t.lower}\u2013${t.upper}${h.severe ? ` but within ${t.severeLower}\u2013${t.severeUpper}` : ''}${where(h.segments.filter((s) => s.outside > s.severe).map((s) => s.segment))}`,
    );
  return `${parts.join('; ')}. Their values are not shown, so the small counts stay private.`;
}

/**
 * An attribute with fewer than two groups large enough to compare (a constant, every value in one
 * bin): nothing can be concluded, so the check is "not assessable" (warn), never a pass.
 */
export function notAssessableCheck(attribute: string, coding: { groups: readonly string[]; counts: readonly number[]; grouping: string }, minCellSize: number): CheckResult {
  const large = coding.groups.filter((g, i) => coding.counts[i] >= minCellSize && g !== '(missing)');
  return {
    id: `representation:${attribute}`,
    kind: 'representation',
    attribute,
    metric: 'representation ratio: not assessable',
    value: null,
    threshold: `at least two groups of ${minCellSize} or more customers`,
    verdict: 'warn',
    sentence:
      `"${attribute}" is not assessable: ${large.length === 0 ? 'no group has' : `only one group ("${large[0]}") has`} ${minCellSize} or more customers (grouping: ${coding.grouping}). ` +
      'Set bins for it under fairness.bins, or merge groups, to assess it.',
  };
}

/** The balance sentences' note on segments left out because a cell is suppressed. */
function suppressedNote(b: BalanceMetrics): string {
  const hidden = b.suppressedSegments ?? [];
  if (hidden.length === 0) return '';
  return ` Segment${hidden.length === 1 ? '' : 's'} ${hidden.map((s) => s + 1).join(', ')} ${hidden.length === 1 ? 'is' : 'are'} left out of this figure: ${hidden.length === 1 ? 'it has' : 'they have'} a suppressed cell (fewer than the minimum cell size, or hidden so it cannot be worked out by subtraction).`;
}

/** Balance when every segment has a suppressed cell: no figure can be published, so not assessable. */
function suppressedBalanceCheck(b: BalanceMetrics, id: string, metric: string, t: FairnessThresholds): CheckResult {
  return {
    id: `${id}:${b.attribute}`,
    kind: 'balance',
    attribute: b.attribute,
    metric: `${metric}: not assessable`,
    value: null,
    threshold: `>= ${t.lower} passes; < ${t.severeLower} fails`,
    verdict: 'warn',
    sentence: `Every segment has a suppressed "${b.attribute}" cell, so no ${metric} can be published without revealing a small count; not assessable.`,
  };
}

/** "below 50%", "between 50% and 80%" or "at least 80%": the verdict band of a withheld ratio, never its value. */
function ratioBand(value: number, t: FairnessThresholds, asPercent: boolean): string {
  const f = (x: number): string => (asPercent ? `${Math.round(x * 100)}%` : String(x));
  return value >= t.lower ? `at least ${f(t.lower)}` : value < t.severeLower ? `below ${f(t.severeLower)} (FAIL)` : `between ${f(t.severeLower)} and ${f(t.lower)}`;
}

/** Segments with a hidden cell named, for sentences that count them in. */
function hiddenSegments(b: BalanceMetrics): string {
  const hidden = b.suppressedSegments ?? [];
  return `segment${hidden.length === 1 ? '' : 's'} ${hidden.map((s) => s + 1).join(', ')}`;
}

/**
 * Check 2a: Chierichetti balance against the best the data allow. With `full` (every segment, hidden
 * cells included: lib/fairness/hidden-cells.ts) the verdict is over every segment, and the value is
 * printed only when a segment whose cells are all published is the least mixed.
 */
export function balanceCheck(b: BalanceMetrics, t: FairnessThresholds, full?: FullBalance): CheckResult {
  const nonEmpty = b.perSegment.filter((p) => p.size > 0).length;
  const hidden = b.suppressedSegments?.length ?? 0;
  if (full) {
    const base = {
      id: `balance:${b.attribute}`,
      kind: 'balance' as const,
      attribute: b.attribute,
      metric: 'balance / dataset balance',
      threshold: `>= ${t.lower} passes; < ${t.severeLower} fails`,
      verdict: ratioVerdict(full.balanceRatio, t),
    };
    if (full.balancePublished)
      return {
        ...base,
        value: full.balanceRatio,
        sentence:
          `The least mixed segment has a "${b.attribute}" balance of ${fmt(full.balanceRatio * b.datasetBalance, 3)} (smallest over largest group count), against ${fmt(b.datasetBalance, 3)} in the whole data, the best any segmentation can reach: ${pct(full.balanceRatio)} of it.` +
          (hidden ? ` The ${hiddenSegments(b)} holding cells hidden for privacy ${hidden === 1 ? 'is' : 'are'} counted and no less mixed.` : ''),
      };
    return {
      ...base,
      value: null,
      withheld: true,
      sentence:
        `The least mixed "${b.attribute}" segment holds a cell hidden for privacy (fewer than ${t.minCellSize} customers, or hidden so one cannot be worked out by subtraction), so its balance is not shown; it is ${ratioBand(full.balanceRatio, t, true)} of the whole data's balance, ${fmt(b.datasetBalance, 3)}, the best any segmentation can reach.`,
    };
  }
  if (hidden > 0 && hidden >= nonEmpty) return suppressedBalanceCheck(b, 'balance', 'balance / dataset balance', t);
  return {
    id: `balance:${b.attribute}`,
    kind: 'balance',
    attribute: b.attribute,
    metric: 'balance / dataset balance',
    value: b.balanceRatio,
    threshold: `>= ${t.lower} passes; < ${t.severeLower} fails`,
    verdict: ratioVerdict(b.balanceRatio, t),
    // Over every segment no segmentation beats the whole data's balance; over the published segments only it can.
    sentence: hidden
      ? `The least mixed of the segments whose cells are all published has a "${b.attribute}" balance of ${fmt(b.balance, 3)} (smallest over largest group count), against ${fmt(b.datasetBalance, 3)} in the whole data: ${pct(b.balanceRatio)} of it.${suppressedNote(b)}`
      : `The least mixed segment has a "${b.attribute}" balance of ${fmt(b.balance, 3)} (smallest over largest group count), against ${fmt(b.datasetBalance, 3)} in the whole data, the best any segmentation can reach: ${pct(b.balanceRatio)} of it.`,
  };
}

/** Check 2b: proportional balance, with the distribution distances as evidence; with `full`, judged on every cell (see balanceCheck). */
export function proportionalBalanceCheck(b: BalanceMetrics, t: FairnessThresholds, full?: FullBalance): CheckResult {
  const nonEmpty = b.perSegment.filter((p) => p.size > 0).length;
  const hiddenCount = b.suppressedSegments?.length ?? 0;
  const reportable = nonEmpty - hiddenCount;
  if (full) {
    const tv =
      reportable >= 1 && b.totalVariation.groups[0] !== b.totalVariation.groups[1]
        ? ` Groups "${b.totalVariation.groups[0]}" and "${b.totalVariation.groups[1]}" spread over the segments with a total-variation distance of ${fmt(b.totalVariation.value)} (0 = identically, 1 = in disjoint segments)` +
          (hiddenCount ? `, computed over the segments whose cells are all published (${hiddenSegments(b)} left out: a hidden cell there must not be given away).` : '.')
        : '';
    const base = {
      id: `proportional-balance:${b.attribute}`,
      kind: 'balance' as const,
      attribute: b.attribute,
      metric: 'proportional balance',
      threshold: `>= ${t.lower} passes (every ratio within [${t.lower}, ${fmt(1 / t.lower)}]); < ${t.severeLower} fails`,
      verdict: ratioVerdict(full.proportionalBalance, t),
    };
    if (full.proportionalPublished)
      return {
        ...base,
        value: full.proportionalBalance,
        sentence:
          `In the worst segment \u00d7 group cell a "${b.attribute}" group is at ${fmt(full.proportionalBalance)} of its fair share (or its inverse)` +
          (hiddenCount ? '; cells hidden for privacy are counted and none is farther from its fair share.' : '.') +
          tv,
      };
    return {
      ...base,
      value: null,
      withheld: true,
      sentence: `The worst "${b.attribute}" segment \u00d7 group cell is hidden for privacy, so its value is not shown; its group is ${ratioBand(full.proportionalBalance, t, false)} times its fair share (or its inverse).${tv}`,
    };
  }
  if ((b.suppressedSegments?.length ?? 0) > 0 && (b.suppressedSegments?.length ?? 0) >= nonEmpty)
    return suppressedBalanceCheck(b, 'proportional-balance', 'proportional balance', t);
  return {
    id: `proportional-balance:${b.attribute}`,
    kind: 'balance',
    attribute: b.attribute,
    metric: 'proportional balance',
    value: b.proportionalBalance,
    threshold: `>= ${t.lower} passes (every ratio within [${t.lower}, ${fmt(1 / t.lower)}]); < ${t.severeLower} fails`,
    verdict: ratioVerdict(b.proportionalBalance, t),
    sentence: `In the worst segment a "${b.attribute}" group is at ${fmt(b.proportionalBalance)} of its fair share (or its inverse); groups "${b.totalVariation.groups[0]}" and "${b.totalVariation.groups[1]}" spread over the segments with a total-variation distance of ${fmt(b.totalVariation.value)} (0 = identically, 1 = in disjoint segments).${suppressedNote(b)}`,
  };
}

/** Check 3a: segment × attribute association (Cramér's V). */
export function cramersVCheck(a: AssociationMetrics, t: FairnessThresholds): CheckResult {
  const strength = a.cramersV >= 0.5 ? 'strongly' : a.cramersV >= t.cramersVFail ? 'moderately' : a.cramersV >= t.cramersVWarn ? 'weakly' : 'hardly';
  return {
    id: `cramers-v:${a.attribute}`,
    kind: 'proxy',
    attribute: a.attribute,
    metric: "Cramér's V (segment vs attribute)",
    value: a.cramersV,
    threshold: `< ${t.cramersVWarn} passes; >= ${t.cramersVFail} fails`,
    verdict: levelVerdict(a.cramersV, t.cramersVWarn, t.cramersVFail),
    sentence: `Segment membership is ${strength} associated with "${a.attribute}" (Cramér's V ${fmt(a.cramersV)}; 0 = independent, 1 = the segment gives the group away).${publishedNote(a)}`,
  };
}

/** Check 3b: normalised mutual information between segment and attribute. */
export function nmiCheck(a: AssociationMetrics, t: FairnessThresholds): CheckResult {
  return {
    id: `nmi:${a.attribute}`,
    kind: 'proxy',
    attribute: a.attribute,
    metric: 'normalised mutual information (segment vs attribute)',
    value: a.nmi,
    threshold: `< ${t.nmiWarn} passes; >= ${t.nmiFail} fails`,
    verdict: levelVerdict(a.nmi, t.nmiWarn, t.nmiFail),
    sentence:
      (a.uncertaintyRemoved === undefined
        ? `Segment and "${a.attribute}" share a normalised mutual information of ${fmt(a.nmi, 3)} (0 = independent, 1 = one determines the other).`
        : `Knowing a customer's segment removes ${pct(a.uncertaintyRemoved)} of the uncertainty about "${a.attribute}" (mutual information over its entropy); the normalised mutual information is ${fmt(a.nmi, 3)}.`) + publishedNote(a),
  };
}

/** Which customers a count-derived figure covers when segments with a suppressed cell were left out. */
function publishedNote(a: AssociationMetrics): string {
  const out = a.suppressedSegments ?? [];
  const groups = a.groupsLeftOut ?? [];
  if (groups.length)
    return ` Computed over the ${(a.customers ?? 0).toLocaleString('en-US')} customers of the groups whose cells are all published; ${groups.map((g) => `"${g}"`).join(', ')} left out (a suppressed cell there must not be given away).`;
  if (!out.length) return '';
  const list = out.map((s) => s + 1).join(', ');
  return ` Computed over the ${(a.customers ?? 0).toLocaleString('en-US')} customers of the segments whose cells are all published; segment${out.length === 1 ? '' : 's'} ${list} left out (a suppressed cell there must not be given away).`;
}

/** Check 3c: do the features predict the attribute? Names the features to drop. */
export function proxyCheck(p: ProxyClassifierResult, t: FairnessThresholds): CheckResult {
  const verdict = levelVerdict(p.lift, t.proxyLiftWarn, t.proxyLiftFail);
  const named = p.proxies.length ? ` Most responsible: ${p.proxies.map((f) => `"${f}"`).join(', ')}; consider dropping ${p.proxies.length === 1 ? 'it' : 'them'}.` : '';
  return {
    id: `proxy-classifier:${p.attribute}`,
    kind: 'proxy',
    attribute: p.attribute,
    metric: 'proxy classifier lift over chance',
    value: p.lift,
    threshold: `< ${t.proxyLiftWarn} passes; >= ${t.proxyLiftFail} fails (lift = (balanced accuracy \u2212 chance) / (1 \u2212 chance))`,
    verdict,
    sentence:
      `A ${p.folds}-fold cross-validated logistic regression predicts "${p.attribute}" from the clustering features with balanced accuracy ${fmt(p.balancedAccuracy)} (chance ${fmt(p.chance)}${p.auc === null ? '' : `, AUC ${fmt(p.auc)}`}).` +
      (verdict === 'pass' ? ' The features carry little information about it.' : named),
  };
}

/** Check 4a: disparate impact of a campaign (80% rule). */
export function disparateImpactCheck(p: TargetingParity, t: FairnessThresholds): CheckResult {
  const distance = (r: number): number => (r <= 0 ? Infinity : Math.abs(Math.log(r)));
  const worst = p.disparateImpact.slice().sort((a, b) => distance(b.ratio) - distance(a.ratio))[0];
  const ratio = worst?.ratio ?? 1;
  const inside = ratio >= t.lower && ratio <= t.upper;
  return {
    id: `disparate-impact:${p.attribute}`,
    kind: 'targeting',
    attribute: p.attribute,
    metric: 'disparate impact (selection-rate ratio to the reference group)',
    value: worst ? ratio : null,
    threshold: `within [${t.lower}, ${t.upper}] passes (80% rule)`,
    verdict: inside ? 'pass' : 'fail',
    sentence: worst
      ? `Group "${worst.group}" is selected by the campaign at ${fmt(ratio)} times the rate of "${p.reference}"${inside ? ', within the 80% rule.' : ', outside the 80% rule.'}`
      : p.withheld?.length
        ? `Disparate impact is not given for "${p.attribute}": the selection counts of ${p.withheld.map((g) => `"${g}"`).join(', ')} would give a suppressed cell away (k-anonymity).`
        : `Only one "${p.attribute}" group is large enough to assess, so disparate impact is not defined.`,
  };
}

/** Check 4b: demographic-parity difference of a campaign. */
export function parityDifferenceCheck(p: TargetingParity, t: FairnessThresholds): CheckResult {
  return {
    id: `demographic-parity:${p.attribute}`,
    kind: 'targeting',
    attribute: p.attribute,
    metric: 'demographic-parity difference (selection rates)',
    value: p.demographicParityDifference,
    threshold: `< ${t.parityGapWarn} passes; >= ${t.parityGapFail} fails`,
    verdict: levelVerdict(p.demographicParityDifference, t.parityGapWarn, t.parityGapFail),
    sentence: `Selection rates of "${p.attribute}" groups differ by up to ${fmt(p.demographicParityDifference * 100, 1)} percentage points (ratio of lowest to highest ${fmt(p.demographicParityRatio)}).`,
  };
}

/** Check 4c: equal-opportunity gap (selection among customers who converted). */
export function equalOpportunityCheck(p: TargetingParity, t: FairnessThresholds): CheckResult {
  const gap = p.equalOpportunityGap ?? 0;
  return {
    id: `equal-opportunity:${p.attribute}`,
    kind: 'targeting',
    attribute: p.attribute,
    metric: 'equal-opportunity gap (true-positive rates)',
    value: gap,
    threshold: `< ${t.parityGapWarn} passes; >= ${t.parityGapFail} fails`,
    verdict: levelVerdict(gap, t.parityGapWarn, t.parityGapFail),
    sentence: `Among customers who converted, the share the campaign selected differs between "${p.attribute}" groups by up to ${fmt(gap * 100, 1)} percentage points.`,
  };
}

/**
 * The suppressed cells split truthfully: "3 segment × group cells have fewer than 50 customers; 3 more
 * are hidden so the small ones cannot be worked out by subtraction."
 */
export function suppressedCellsSentence(suppressed: number, small: number, minCellSize: number): string {
  if (suppressed === 0) return 'No segment \u00d7 group cell is hidden.';
  const secondary = suppressed - small;
  const cells = (x: number): string => `${x} segment \u00d7 group cell${x === 1 ? '' : 's'}`;
  if (small === 0) return `${cells(secondary)} ${secondary === 1 ? 'is' : 'are'} hidden so that small cells cannot be worked out by subtraction.`;
  return `${cells(small)} ${small === 1 ? 'has' : 'have'} fewer than ${minCellSize} customers and ${small === 1 ? 'is' : 'are'} hidden` + (secondary ? `; ${secondary} more ${secondary === 1 ? 'is' : 'are'} hidden so that small cells cannot be worked out by subtraction.` : '.');
}

/** Check 5: privacy (k-anonymity of segments, consent, quasi-identifiers, PII in outputs). */
export function privacyChecks(p: PrivacyReport, smallestSegment: number): CheckResult[] {
  const k = p.minCellSize;
  const checks: CheckResult[] = [
    {
      id: 'k-anonymity',
      kind: 'privacy',
      attribute: null,
      metric: 'smallest segment size',
      value: smallestSegment >= k ? smallestSegment : null,
      threshold: `>= ${k} customers (k-anonymity)`,
      verdict: p.segmentsBelowK.length === 0 ? 'pass' : 'warn',
      sentence:
        (p.segmentsBelowK.length === 0 ? `Every segment has at least ${k} customers.` : `${p.segmentsBelowK.length} segment${p.segmentsBelowK.length === 1 ? ' has' : 's have'} fewer than ${k} customers; ${p.segmentsBelowK.length === 1 ? 'its' : 'their'} statistics are suppressed.`) +
        (p.smallCells === undefined
          ? ` ${p.suppressedCells} segment \u00d7 group cell${p.suppressedCells === 1 ? ' is' : 's are'} below ${k} and suppressed.`
          : ` ${suppressedCellsSentence(p.suppressedCells, p.smallCells, k)}`),
    },
  ];
  if (p.consent) {
    checks.push({
      id: 'consent',
      kind: 'privacy',
      attribute: null,
      metric: 'customers excluded for lack of consent',
      value: p.consent.excluded,
      threshold: 'excluded and counted',
      verdict: 'pass',
      sentence: `${p.consent.excluded} of ${p.consent.total} customers had not consented to profiling and were excluded before segmentation.`,
    });
  }
  if (p.quasiIdentifiers) {
    const q = p.quasiIdentifiers;
    checks.push({
      id: 'quasi-identifiers',
      kind: 'privacy',
      attribute: null,
      metric: 'exported rows unique on their quasi-identifiers',
      value: q.uniqueRows,
      threshold: `no row in a class smaller than ${k}`,
      verdict: q.uniqueRows > 0 ? 'fail' : q.rowsBelowK > 0 ? 'warn' : 'pass',
      sentence: `On ${q.quasiIdentifiers.map((c) => `"${c}"`).join(', ')}, ${q.uniqueRows} exported row${q.uniqueRows === 1 ? ' is' : 's are'} unique and ${q.rowsBelowK} sit in groups smaller than ${k} (smallest group: ${q.smallestClass}).`,
    });
  }
  if (p.piiHits) {
    const files = [...new Set(p.piiHits.map((h) => h.file))];
    checks.push({
      id: 'pii-scan',
      kind: 'privacy',
      attribute: null,
      metric: 'input PII values found in output files',
      value: p.piiHits.length,
      threshold: '0',
      verdict: p.piiHits.length === 0 ? 'pass' : 'fail',
      sentence:
        p.piiHits.length === 0
          ? 'No personal value from the input (e-mail, name, phone...) appears in any output file.'
          : `${p.piiHits.length} personal value${p.piiHits.length === 1 ? '' : 's'} from the input appear in ${files.join(', ')}; remove them before sharing.`,
    });
  }
  return checks;
}
