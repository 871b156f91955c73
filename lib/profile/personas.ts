/**
 * Personas: a name, a one-paragraph portrait and the distinguishing traits of every segment,
 * from its profile alone (no customer data), so a marketer can read who the segment is.
 *
 * Traits. For each feature, the standardised difference between the segment and the rest of the
 * customers, `effect = zMean / (1 − share)` (population standard deviations of the scaled feature;
 * see PersonaTrait). Features with |effect| >= `minEffect` (default 0.2, Cohen's "small") are
 * traits; the `maxTraits` strongest above and below the rest are kept.
 *
 * Names, first match wins, on the segment's z-means (0 = the average customer) of
 *   R = −z(recency_days) (or z(r_score)): recent buyers positive,  F = z(frequency) (or z(f_score)),
 *   M = z(monetary) (or z(m_score)),  T = z(tenure_days),  D = z(discount_share):
 *   1. Champions        R >= 0.25 and F >= 0.5 and M >= 0.5
 *   2. Bargain hunters  D >= 0.5 and M <= 0.25
 *   3. Loyal            F >= 0.25 and R >= −0.25
 *   4. Big spenders     M >= 0.5 and R >= −0.25            (few but large purchases)
 *   5. At risk          R <= −0.25 and max(F, M) >= 0.25   (valuable, but lapsing)
 *   6. New customers    R >= 0.25 and T <= −0.5 (without tenure: F <= −0.25)
 *   7. Lost             R <= −0.75 and F <= 0 and M <= 0
 *   8. Hibernating      R <= −0.25 and F <= 0
 *   9. Promising        R >= 0.25
 *  10. otherwise the two strongest traits ("High income, young customers") when one is at least
 *      0.5 from the average, else "Need attention" (the middle of the classic RFM grid).
 * A rule is skipped when a feature it needs is missing. Names are made unique: a repeated name
 * gets the segment's strongest trait outside the naming features ("Loyal (high income)"), then
 * the segment number. Names from `names` (profile.names) win and are never changed.
 *
 * Small cells: a segment with fewer than `minCellSize` customers gets no statistics, only its
 * label (or given name) and a sentence saying why.
 */
import { SeglabError, msg } from '../errors/messages';
import { isBirthYearName } from '../clean/birth-year';
import { lifecycleOf, spendEvidence, valueWord, type RunEvidence } from './lifecycle';
import type { FeatureSummary, Persona, PersonaTrait, SegmentProfile } from './types';

export interface PersonaOptions {
  /** Segments smaller than this get no persona statistics (k-anonymity). Default 10. */
  minCellSize?: number;
  /** Names chosen by the user, by segment number as shown in the report (1 = "Segment 1", the largest). Default none. */
  names?: Readonly<Record<number, string>>;
  /** Smallest |effect| that counts as a trait. Default 0.2. */
  minEffect?: number;
  /** Traits kept on each side. Default 3. */
  maxTraits?: number;
  /** Readable feature names (features.labels), e.g. { tenure_months: 'months as a customer' }. Default: humanised names. */
  labels?: Readonly<Record<string, string>>;
  /**
   * Behavioural evidence (P(alive), value per customer; lifecycle.ts). When given, names are built
   * from it: lifecycle word, value word, strongest trait ("Active high-value frequent customers"),
   * instead of the classic RFM grid. Default none (RFM rules).
   */
  evidence?: RunEvidence;
}

export interface PersonaResult {
  /** New profiles, each with `persona` set; the input is not changed. */
  profiles: SegmentProfile[];
  /** Names given for segments the run does not have, suppressed segments... in plain words. */
  warnings: string[];
}

/** Words for a feature: a verb phrase for the paragraph and an adjective for names, above / below the rest. */
interface TraitWords {
  high: string;
  low: string;
  highAdj: string;
  lowAdj: string;
}

const KNOWN: Record<string, TraitWords> = {
  recency_days: { high: 'have not bought for a while', low: 'bought recently', highAdj: 'not recent', lowAdj: 'recent' },
  r_score: { high: 'bought recently', low: 'have not bought for a while', highAdj: 'recent', lowAdj: 'not recent' },
  frequency: { high: 'buy often', low: 'buy rarely', highAdj: 'frequent', lowAdj: 'infrequent' },
  f_score: { high: 'buy often', low: 'buy rarely', highAdj: 'frequent', lowAdj: 'infrequent' },
  monetary: { high: 'spend a lot', low: 'spend little', highAdj: 'high-spend', lowAdj: 'low-spend' },
  m_score: { high: 'spend a lot', low: 'spend little', highAdj: 'high-spend', lowAdj: 'low-spend' },
  tenure_days: { high: 'have been customers for a long time', low: 'are fairly new customers', highAdj: 'long-standing', lowAdj: 'short tenure' },
  avg_basket: { high: 'buy large baskets', low: 'buy small baskets', highAdj: 'big-basket', lowAdj: 'small-basket' },
  interpurchase_days: { high: 'leave long gaps between orders', low: 'reorder quickly', highAdj: 'slow to reorder', lowAdj: 'quick to reorder' },
  return_rate: { high: 'return a lot', low: 'rarely return items', highAdj: 'frequent returners', lowAdj: 'rare returners' },
  discount_share: { high: 'mostly buy on discount', low: 'rarely use discounts', highAdj: 'discount-driven', lowAdj: 'full-price' },
  trend_90d: { high: 'are spending more lately', low: 'are spending less lately', highAdj: 'growing', lowAdj: 'declining' },
};

/** Readable names of the behavioural features. */
const KNOWN_LABELS: Record<string, string> = {
  recency_days: 'days since last purchase',
  r_score: 'recency score (1-5)',
  frequency: 'number of purchases',
  f_score: 'frequency score (1-5)',
  monetary: 'total spend',
  m_score: 'spend score (1-5)',
  tenure_days: 'days since first purchase',
  avg_basket: 'average order value',
  interpurchase_days: 'days between purchases',
  return_rate: 'share of items returned',
  discount_share: 'share of orders on discount',
  trend_90d: 'spend trend over the last 90 days',
};

/** Plain words for a column name: snake_case and camelCase split, lower case ("PhoneService" -> "phone service"); other names as given. */
export function humanise(feature: string): string {
  // Only identifier-like names (snake_case, camelCase) are rewritten; anything else is already words.
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(feature)) return feature;
  return feature
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The readable name of a feature: features.labels first, then the behavioural features' names,
 * then the humanised column name. One-hot features ("region=North") keep their level.
 * @example featureLabel('recency_days') // 'days since last purchase'
 */
export function featureLabel(feature: string, labels: Readonly<Record<string, string>> = {}): string {
  if (labels[feature]) return labels[feature];
  if (KNOWN_LABELS[feature]) return KNOWN_LABELS[feature];
  const eq = oneHotSplit(feature);
  if (eq > 0) return `${labels[feature.slice(0, eq)] ?? humanise(feature.slice(0, eq))}: ${feature.slice(eq + 1)}`;
  if (feature.startsWith('share_')) return `share of spend on ${humanise(feature.slice('share_'.length))}`;
  return humanise(feature);
}

/** Where a one-hot feature ("region=North") splits into column and level; -1 for any other name. */
function oneHotSplit(feature: string): number {
  const eq = feature.indexOf('=');
  return eq > 0 && /^[\w .()/-]+$/.test(feature.slice(0, eq)) ? eq : -1;
}

const YES = /^(yes|y|true)$/i;
const NO = /^(no|n|false)$/i;
/** Of a two-level block, "1" is the yes level too (a 0/1 column listed in features.categoricalColumns). */
const YES_OR_ONE = /^(yes|y|true|1)$/i;
/** A level that is a number (a code such as UCI Online Shoppers' TrafficType 1..20): named after its column. */
const NUMBER_LEVEL = /^[-+]?\d+(\.\d+)?$/;
/** A level of several words that says what is absent ("No internet service", "Not applicable"). */
const NEGATED = /^(no|not|none|without)\s+\S/i;
/** A column (as words) that names a state one is in, not a thing one has: "graduated", "ever married", "is active". */
const STATE = /^(is|was|ever)\s|[^e\s]ed$/i;

/**
 * One trait per two-level categorical: its two one-hot columns (housing=yes, housing=no) are
 * complements, so their effects are equal and opposite and would say one thing twice ("With housing,
 * seldom without housing"; trial of 2026-11-29, UCI Bank Marketing). With a "missing" column beside
 * them (Train.csv's Graduated: Yes, No, blank) they nearly are. Of such a pair in `items` the level
 * above the rest is kept (the one the segment holds more often: names use only those), the "yes"
 * level when neither is; a "missing" column is a trait of its own. `features` are all the profile's
 * features (a block's levels are counted there; a block with "other" has more than two).
 * @example oneTraitPerTwoLevels(traits, (t) => t.feature, (t) => t.effect, names) // housing=yes only
 */
export function oneTraitPerTwoLevels<T>(items: readonly T[], featureOf: (t: T) => string, effectOf: (t: T) => number, features: readonly string[]): T[] {
  const blockOf = (f: string): string | null => {
    const eq = oneHotSplit(f);
    return eq > 0 && f.slice(eq + 1) !== 'missing' ? f.slice(0, eq + 1) : null;
  };
  const sizes = new Map<string, number>();
  for (const f of features) {
    const b = blockOf(f);
    if (b) sizes.set(b, (sizes.get(b) ?? 0) + 1);
  }
  const rank = (t: T): number => {
    const level = featureOf(t).slice(featureOf(t).indexOf('=') + 1);
    return effectOf(t) > 0 ? 2 : YES_OR_ONE.test(level) ? 1 : 0;
  };
  const best = new Map<string, T>();
  for (const t of items) {
    const b = blockOf(featureOf(t));
    if (!b || sizes.get(b) !== 2) continue;
    const held = best.get(b);
    if (!held || rank(t) > rank(held)) best.set(b, t);
  }
  return items.filter((t) => {
    const b = blockOf(featureOf(t));
    return !b || sizes.get(b) !== 2 || best.get(b) === t;
  });
}

/**
 * Words for a 0/1 column (a flag) whose segment share of 1s is `share`: "mostly active member (83.0%)"
 * when most of the segment has it and more than the rest, "more often ..." when more than the rest but
 * not most, "less often ..." when fewer than the rest; "all ..." / "no ..." at 100% / 0%. Never "high"/"low" of a yes/no.
 * A leading "is " is dropped and "has " reads "with " ("is_active_member" -> "active member").
 * @example flagWords('is_active_member', 0.83).highAdj // 'mostly active member (83.0%)'
 */
export function flagWords(feature: string, share: number, labels: Readonly<Record<string, string>> = {}): TraitWords {
  const label = featureLabel(feature, labels).replace(/^is /, '').replace(/^has /, 'with ');
  const p = `(${pct(share)})`;
  // All or none of the segment: say so ("all newbie (100.0%)", "no newbie (0.0%)").
  const highAdj = share === 1 ? `all ${label} ${p}` : share >= 0.5 ? `mostly ${label} ${p}` : `more often ${label} ${p}`;
  const lowAdj = share === 0 ? `no ${label} ${p}` : `less often ${label} ${p}`;
  return { high: `are more often ${label} ${p}`, low: `are less often ${label} ${p}`, highAdj, lowAdj };
}

/** The words of a feature; category shares ("share_shoes"), one-hot columns ("region=North") and 0/1 flags (segment share `flagShare`) get their own. */
export function traitWords(feature: string, labels: Readonly<Record<string, string>> = {}, flagShare?: number): TraitWords {
  if (flagShare !== undefined && oneHotSplit(feature) <= 0 && !KNOWN[feature]) return flagWords(feature, flagShare, labels);
  const known = KNOWN[feature];
  if (known && !labels[feature]) return known;
  // A later birth year is a younger customer: "high year birth" read as old.
  if (isBirthYearName(feature) && !labels[feature]) return { high: 'are younger (born later)', low: 'are older (born earlier)', highAdj: 'younger', lowAdj: 'older' };
  if (feature.startsWith('share_') && !labels[feature]) {
    const category = humanise(feature.slice('share_'.length));
    return { high: `buy mostly ${category}`, low: `buy little ${category}`, highAdj: `${category}-focused`, lowAdj: `little ${category}` };
  }
  const eq = oneHotSplit(feature);
  if (eq > 0 && !labels[feature]) {
    const column = labels[feature.slice(0, eq)] ?? humanise(feature.slice(0, eq));
    const level = feature.slice(eq + 1);
    // "PhoneService=Yes" -> "with phone service"; "zip_code=Suburban" -> "Suburban zip code"; a level that
    // is itself a negation stays quoted after its column ("OnlineSecurity=No internet service" -> 'online
    // security "No internet service"', not "No internet service online security"; IBM Telco churn).
    // A column named by a state ("Graduated", "Ever_Married", "is_active") is one, or is not: "graduated",
    // "not graduated", never "with graduated" / "without graduated" (trial of 2026-11-29, Train.csv).
    // A number is a code's level, not yes or no: "traffic type 1", never "with traffic type" (UCI Online Shoppers).
    const state = STATE.test(column) ? column.replace(/^is /, '') : null;
    const what = YES.test(level)
      ? (state ?? `with ${column}`)
      : NO.test(level)
        ? state ? state.replace(/^(ever )?/, (ever) => (ever ? 'never ' : 'not ')) : `without ${column}`
        : NEGATED.test(level) ? `${column} "${level}"` : NUMBER_LEVEL.test(level) ? `${column} ${level}` : `${level} ${column}`;
    // Below the rest is "less often", not "seldom": a level held by 77.5% of a segment (and more of the rest) is not seldom.
    return { high: `are more often ${what}`, low: `are less often ${what}`, highAdj: what, lowAdj: `less often ${what}` };
  }
  const label = featureLabel(feature, labels);
  // No article: "have high total charges" and "have high tenure" both read right ("have a high total charges" did not).
  return { high: `have high ${label}`, low: `have low ${label}`, highAdj: `high ${label}`, lowAdj: `low ${label}` };
}

/** A number in words-friendly form: 3 significant digits, thousands separators from 1,000. */
function num(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** A (mean) year as a year: no thousands separator, one decimal at most ("1972.4", not "1,972"). */
export const yearText = (value: number): string => (Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '\u2014');

const signed = (value: number): string => `${value >= 0 ? '+' : '\u2212'}${num(Math.abs(value))}`;
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The traits of a segment, strongest first: effect vs the rest for every feature whose |effect|
 * reaches `minEffect`. Ties keep the feature order.
 * @example segmentTraits(profile, 0.2).slice(0, 3)
 */
export function segmentTraits(profile: SegmentProfile, minEffect = 0.2, labels: Readonly<Record<string, string>> = {}): PersonaTrait[] {
  const rest = 1 - profile.share;
  const traits = profile.features
    .filter((f) => Number.isFinite(f.zMean))
    .map((f: FeatureSummary): PersonaTrait => {
      const effect = rest > 0 ? f.zMean / rest : f.zMean;
      const words = traitWords(f.feature, labels, f.flag ? f.mean : undefined);
      return { feature: f.feature, zMean: f.zMean, effect, mean: f.mean, median: f.median, phrase: effect >= 0 ? words.high : words.low, ...(f.flag ? { flag: true } : {}), ...(f.scale ? { scale: f.scale } : {}) };
    })
    .filter((t) => Math.abs(t.effect) >= minEffect);
  return oneTraitPerTwoLevels(traits, (t) => t.feature, (t) => t.effect, profile.features.map((f) => f.feature))
    .map((t, i) => ({ t, i }))
    .sort((a, b) => Math.abs(b.t.effect) - Math.abs(a.t.effect) || a.i - b.i)
    .map(({ t }) => t);
}

/** The z-means the naming rules read; null when the run has no such feature. */
interface RfmAxes {
  R: number | null;
  F: number | null;
  M: number | null;
  T: number | null;
  D: number | null;
}

function axes(profile: SegmentProfile): RfmAxes {
  const z = (name: string): number | null => {
    const f = profile.features.find((x) => x.feature === name);
    return f && Number.isFinite(f.zMean) ? f.zMean : null;
  };
  const recency = z('recency_days');
  return {
    R: recency !== null ? -recency : z('r_score'),
    F: z('frequency') ?? z('f_score'),
    M: z('monetary') ?? z('m_score'),
    T: z('tenure_days'),
    D: z('discount_share'),
  };
}

/**
 * The classic RFM name a segment's z-means match (rules 1–9 in the module comment), or null.
 * @example rfmPersonaName({ R: 0.6, F: 0.9, M: 1.2, T: null, D: null }) // 'Champions'
 */
export function rfmPersonaName(a: RfmAxes): string | null {
  const { R, F, M, T, D } = a;
  const has = (...xs: (number | null)[]): boolean => xs.every((x) => x !== null);
  const r = R ?? 0;
  const f = F ?? 0;
  const m = M ?? 0;
  if (has(R, F, M) && r >= 0.25 && f >= 0.5 && m >= 0.5) return 'Champions';
  if (has(D, M) && (D as number) >= 0.5 && m <= 0.25) return 'Bargain hunters';
  if (has(F, R) && f >= 0.25 && r >= -0.25) return 'Loyal';
  if (has(M, R) && m >= 0.5 && r >= -0.25) return 'Big spenders';
  if (has(R) && (F !== null || M !== null) && r <= -0.25 && Math.max(F ?? -Infinity, M ?? -Infinity) >= 0.25) return 'At risk';
  if (has(R) && r >= 0.25 && (T !== null ? T <= -0.5 : F !== null && f <= -0.25)) return 'New customers';
  if (has(R, F, M) && r <= -0.75 && f <= 0 && m <= 0) return 'Lost';
  if (has(R, F) && r <= -0.25 && f <= 0) return 'Hibernating';
  if (has(R) && r >= 0.25) return 'Promising';
  return null;
}

/** Features the lifecycle and value words already speak for; the trait word comes from the others. */
const EVIDENCE_FEATURES = new Set(['recency_days', 'r_score', 'tenure_days', 'monetary', 'm_score']);

/**
 * A name from the behavioural evidence (lifecycle.ts): lifecycle word, value word and the
 * strongest other trait (|effect| >= 0.5; one-hot levels only where they are more common).
 */
function evidenceName(profile: SegmentProfile, traits: readonly PersonaTrait[], all: readonly SegmentProfile[], evidence: RunEvidence, labels: Readonly<Record<string, string>>): string {
  const own = evidence.segments.find((e) => e.segment === profile.segment);
  const life = lifecycleOf(profile, all, own, evidence.baseProbabilityAlive).lifecycle;
  const value = valueWord(own, evidence);
  const usable = traits.filter((t) => !EVIDENCE_FEATURES.has(t.feature) && Math.abs(t.effect) >= 0.5 && !(oneHotSplit(t.feature) > 0 && t.effect < 0));
  const wordsOf = (t: PersonaTrait): string => adjective(t, labels);
  const trait = usable.length ? wordsOf(usable[0]) : null;
  // Without lifecycle or value words, two traits say more than one.
  const second = !life && !value && usable.length > 1 ? wordsOf(usable[1]) : null;
  const words = [life, value, trait].filter((w): w is string => w !== null);
  if (!words.length) return 'Average customers';
  if (second) return `${capitalise(`${trait}, ${second}`)} customers`;
  return `${capitalise(words.join(' '))} customers`;
}

function baseName(profile: SegmentProfile, traits: readonly PersonaTrait[], labels: Readonly<Record<string, string>> = {}): { name: string; source: Persona['nameSource']; rfm: string | null } {
  const a = axes(profile);
  const rfm = rfmPersonaName(a);
  if (rfm) return { name: rfm, source: 'rfm', rfm };
  const strong = traits.filter((t) => Math.abs(t.zMean) >= 0.25).slice(0, 2);
  if (strong.length && Math.abs(strong[0].zMean) >= 0.5) {
    const adjectives = strong.map((t) => adjective(t, labels));
    return { name: `${capitalise(adjectives.join(', '))} customers`, source: 'traits', rfm: null };
  }
  const hasRfm = a.R !== null || a.F !== null || a.M !== null;
  return hasRfm ? { name: 'Need attention', source: 'rfm', rfm: 'Need attention' } : { name: 'Average customers', source: 'traits', rfm: null };
}

function adjective(t: PersonaTrait, labels: Readonly<Record<string, string>> = {}): string {
  const words = traitWords(t.feature, labels, t.flag ? t.mean : undefined);
  return t.effect >= 0 ? words.highAdj : words.lowAdj;
}

/**
 * The feature on which a segment differs most from the other segments of the same name (mean
 * effect of the others), as an adjective in the segment's direction; null below 0.5 SD.
 */
function contrastAdjective(self: SegmentProfile, others: readonly SegmentProfile[], labels: Readonly<Record<string, string>> = {}): string | null {
  if (others.length === 0) return null;
  const effect = (p: SegmentProfile, feature: string): number => {
    const f = p.features.find((x) => x.feature === feature);
    return f && Number.isFinite(f.zMean) && p.share < 1 ? f.zMean / (1 - p.share) : 0;
  };
  let best: { feature: string; diff: number; flagShare?: number } | null = null;
  for (const f of self.features) {
    const diff = effect(self, f.feature) - others.reduce((a, o) => a + effect(o, f.feature), 0) / others.length;
    if (Math.abs(diff) >= 0.5 && (!best || Math.abs(diff) > Math.abs(best.diff))) best = { feature: f.feature, diff, flagShare: f.flag ? f.mean : undefined };
  }
  if (!best) return null;
  // A flag's words compare with the rest of the customers; against same-named segments say "more/less often" only.
  if (best.flagShare !== undefined) return `${pct(best.flagShare)} ${flagWords(best.feature, best.flagShare, labels).high.replace(/^are more often /, '').replace(/ \(.*\)$/, '')}`;
  const words = traitWords(best.feature, labels);
  return best.diff > 0 ? words.highAdj : words.lowAdj;
}

/** The traits the tagline names: the strongest trait of each of the first 4 distinct adjectives (as `describe` writes them). */
function taglineTraits(all: readonly PersonaTrait[], labels: Readonly<Record<string, string>>): Set<PersonaTrait> {
  const seen = new Set<string>();
  const out = new Set<PersonaTrait>();
  for (const t of all) {
    if (seen.size === 4) break;
    const word = adjective(t, labels);
    if (seen.has(word)) continue;
    seen.add(word);
    out.add(t);
  }
  return out;
}

function describe(
  profile: SegmentProfile,
  name: string,
  positive: readonly PersonaTrait[],
  negative: readonly PersonaTrait[],
  all: readonly PersonaTrait[],
  labels: Readonly<Record<string, string>>,
  value: { share: number; measure: string } | null,
): { tagline: string; summary: string; portrait: string } {
  // Two features can say the same thing (frequency and its RFM score): each word once ("Frequent, high-spend", not "Frequent, frequent, ...").
  const tagline = capitalise([...new Set(all.map((t) => adjective(t, labels)))].slice(0, 4).join(', ')) || 'Close to the average customer';
  // No value phrase without a value measure (no order lines): "0.0% of total value" would be false.
  const holding = value ? `, holding ${pct(value.share)} of total ${value.measure}` : '';
  const head = `${name}: ${profile.size.toLocaleString('en-US')} customers (${pct(profile.share)} of all)${holding}.`;
  // A 0/1 column's mean is the share of the segment that has it: said as a share, not "1 on average".
  const detail = (t: PersonaTrait): string =>
    t.flag
      ? `${t.phrase} (${featureLabel(t.feature, labels)}: ${pct(t.mean)} of the segment, ${signed(t.effect)} SD vs the rest)`
      : `${t.phrase} (${featureLabel(t.feature, labels)}: ${isBirthYearName(t.feature) ? yearText(t.mean) : num(t.mean)} on average, ${signed(t.effect)} SD vs the rest${scaleNote(t)})`;
  const parts: string[] = [];
  if (positive.length) parts.push(`Compared with the other customers they ${joinWords(positive.map(detail))}.`);
  if (negative.length) parts.push(`${positive.length ? 'They also' : 'Compared with the other customers they'} ${joinWords(negative.map(detail))}.`);
  const middle = 'No feature differs from the other customers by more than a small effect, so this is a middle-of-the-road group.';
  if (!parts.length) parts.push(middle);
  const phrases = [...new Set([...positive, ...negative].map((t) => t.phrase))];
  const portrait = phrases.length ? `Compared with the other customers they ${joinWords(phrases)}.` : middle;
  return { tagline, summary: [head, ...parts].join(' '), portrait };
}

/**
 * Describe every segment as a persona: distinguishing traits (effect sizes vs the rest of the
 * customers), a unique name (given, classic RFM or trait-based; see the module comment) and a
 * one-paragraph portrait. Pure: returns new profiles, the input is not changed. Throws a
 * SeglabError when a given name is empty or two segments are given the same name.
 * @example describePersonas(profiles, { minCellSize: 50, names: { 1: 'Core shoppers' } }).profiles[0].persona?.name // 'Core shoppers'
 */
export function describePersonas(profiles: readonly SegmentProfile[], options: PersonaOptions = {}): PersonaResult {
  const minCellSize = options.minCellSize ?? 10;
  const minEffect = options.minEffect ?? 0.2;
  const maxTraits = options.maxTraits ?? 3;
  const given = options.names ?? {};
  const labels = options.labels ?? {};
  const evidence = options.evidence;
  const valueEvidence = evidence ?? spendEvidence(profiles);
  const warnings: string[] = [];

  // Given names, by 0-based segment; checked first so a bad config fails before any work.
  const overrides = new Map<number, string>();
  for (const [key, raw] of Object.entries(given)) {
    const number = Number(key);
    const name = String(raw).trim();
    if (!name) throw new SeglabError('profile', msg.personaNameEmpty(number));
    if (!profiles.some((p) => p.segment === number - 1)) {
      warnings.push(msg.personaNameUnknownSegment(number, profiles.length));
      continue;
    }
    overrides.set(number - 1, name);
  }
  const byName = new Map<string, number[]>();
  for (const [segment, name] of overrides) byName.set(name, [...(byName.get(name) ?? []), segment + 1]);
  for (const [name, segments] of byName) if (segments.length > 1) throw new SeglabError('profile', msg.personaNameDuplicate(name, segments.sort((a, b) => a - b)));

  const drafts = profiles.map((p) => {
    const suppressed = p.size < minCellSize;
    const traits = suppressed ? [] : segmentTraits(p, minEffect, labels);
    const base = overrides.has(p.segment)
      ? { name: overrides.get(p.segment) as string, source: 'override' as const, rfm: null }
      : suppressed
        ? { name: p.label, source: 'label' as const, rfm: null }
        : evidence
          ? { name: evidenceName(p, traits, profiles, evidence, labels), source: 'evidence' as const, rfm: null }
          : baseName(p, traits, labels);
    return { p, suppressed, traits, base };
  });
  if (drafts.some((d) => d.suppressed)) {
    for (const d of drafts) if (d.suppressed) warnings.push(msg.personaSuppressed(d.p.segment + 1, d.p.size, minCellSize));
  }

  // Unique names: given names are fixed; a repeated generated name is qualified by a trait, then by the segment number.
  const count = new Map<string, number>();
  for (const d of drafts) count.set(d.base.name, (count.get(d.base.name) ?? 0) + 1);
  const used = new Set(drafts.filter((d) => d.base.source === 'override').map((d) => d.base.name));
  const names = drafts.map((d) => {
    if (d.base.source === 'override') return d.base.name;
    if ((count.get(d.base.name) ?? 0) === 1 && !used.has(d.base.name)) {
      used.add(d.base.name);
      return d.base.name;
    }
    // The strongest trait that no other segment with the same name shares tells them apart.
    const shared = new Set(drafts.filter((o) => o !== d && o.base.name === d.base.name).flatMap((o) => o.traits.map((t) => adjective(t, labels))));
    const qualifiers = d.traits.map((t) => adjective(t, labels)).filter((a) => !shared.has(a));
    const contrast = contrastAdjective(d.p, drafts.filter((o) => o !== d && o.base.name === d.base.name).map((o) => o.p), labels);
    if (contrast && !qualifiers.includes(contrast)) qualifiers.push(contrast);
    const candidates = [...qualifiers.map((q) => `${d.base.name} (${q})`), `${d.base.name} (segment ${d.p.segment + 1})`];
    let name = candidates.find((c) => !used.has(c) && !count.has(c));
    for (let i = 2; !name; i++) if (!used.has(`${d.base.name} (segment ${d.p.segment + 1}, ${i})`)) name = `${d.base.name} (segment ${d.p.segment + 1}, ${i})`;
    used.add(name);
    return name;
  });

  const out = drafts.map((d, i): SegmentProfile => {
    const name = names[i];
    if (d.suppressed) {
      const persona: Persona = {
        name,
        nameSource: d.base.source,
        rfmName: null,
        tagline: '',
        summary: `${name}: fewer than ${minCellSize} customers, so no statistics are shown for this segment (they could identify individuals).`,
        portrait: `Fewer than ${minCellSize} customers: no statistics are shown.`,
        positive: [],
        negative: [],
        suppressed: true,
      };
      return { ...d.p, features: d.p.features.map((f) => ({ ...f })), persona };
    }
    // The evidence lines hold every trait the tagline names: the tagline takes the 4 strongest overall,
    // the lists the maxTraits strongest of each sign, so a 4th same-sign tagline trait had no line (a
    // seeded Wholesale + survey run: "…, high grocery" in the tagline, +1.4 SD, but "low fresh", −0.37 SD, listed).
    const named = taglineTraits(d.traits, labels);
    const positive = d.traits.filter((t) => t.effect > 0).filter((t, i) => i < maxTraits || named.has(t));
    const negative = d.traits.filter((t) => t.effect < 0).filter((t, i) => i < maxTraits || named.has(t));
    const own = valueEvidence.segments.find((e) => e.segment === d.p.segment);
    const value = own?.valueShare != null && valueEvidence.valueMeasure ? { share: own.valueShare, measure: valueEvidence.valueMeasure } : null;
    const { tagline, summary, portrait } = describe(d.p, name, positive, negative, d.traits, labels, value);
    const persona: Persona = { name, nameSource: d.base.source, rfmName: d.base.rfm, tagline, summary, portrait, positive, negative, suppressed: false };
    if (evidence) {
      const reading = lifecycleOf(d.p, profiles, own, evidence.baseProbabilityAlive);
      persona.lifecycle = reading;
      persona.valueWord = valueWord(own, evidence);
    }
    return { ...d.p, features: d.p.features.map((f) => ({ ...f })), persona };
  });
  return { profiles: out, warnings };
}

/**
 * What scale a trait's SD difference is on, when it is not the printed mean's: ", on the log scale"
 * for a logged feature (trial of 2026-11-29: "total trans amt 4,408 on average (+0.507 SD vs the
 * rest)" read as a difference of means, but the SD was of log(1 + amount)). Empty otherwise.
 * @example scaleNote({ scale: 'log' }) // ", on the log scale"
 */
export function scaleNote(t: Pick<PersonaTrait, 'scale'>): string {
  return t.scale === 'log' ? ', on the log scale' : '';
}
