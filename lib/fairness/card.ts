/**
 * The fairness card: every ethics and bias check of a segmentation in one JSON-serialisable
 * object (fairness.json), verdict summary first.
 *
 *   labels + protected values ──> groups ──> representation, balance, association (per attribute)
 *   features ──────────────────────────────> proxy classifier (per attribute)
 *   targeted segments (+ outcomes) ────────> targeting parity (per attribute)
 *   consent counts, exported rows, outputs ─> privacy
 *   points (+ centroids, recluster) ───────> mitigation, before/after
 *   sources, features, exclusions ─────────> data & model card
 *
 * Nothing below the k-anonymity threshold (minCellSize) is reported as a cell: small groups are merged
 * (lib/fairness/grouping.ts), segment × group counts, shares and rates below it are null, and so are
 * the cells secondary suppression hides (lib/fairness/disclosure.ts). Every figure derived from counts
 * (balance, Cramér's V, chi-square, NMI, the mitigations' before) is computed from published cells only
 * (lib/fairness/published.ts), so it cannot give a suppressed count away. The verdicts of
 * representation, balance and proportional balance are judged on every cell, hidden ones included;
 * of a hidden cell only counts per verdict class are published (lib/fairness/hidden-cells.ts).
 */
import { fail, msg } from '../errors/messages';
import { defaultsOf } from '../config/declare';
import { SECTIONS } from '../config/fields';
import type { FairnessConfig } from '../config/types';
import { type Rng } from '../random/rng';
import { balanceMetrics } from './balance';
import {
  balanceCheck,
  cramersVCheck,
  disparateImpactCheck,
  equalOpportunityCheck,
  nmiCheck,
  parityDifferenceCheck,
  privacyChecks,
  notAssessableCheck,
  proportionalBalanceCheck,
  proxyCheck,
  representationCheck,
  worstVerdict,
} from './checks';
import { codeGroups, crossTab, MISSING_GROUP, type GroupCoding } from './groups';
import { groupAttributes } from './grouping';
import { suppressCells } from './disclosure';
import { fullBalance, hiddenCells } from './hidden-cells';
import { publishedAssociation } from './published';
import { dropProxiesAndRecluster, mitigateByFairAssignment } from './mitigate';
import { modelCard, type ModelCardInput } from './model-card';
import { finishProxy, prepareProxy, proxyFoldModels } from './proxy';
import { representation, type ProtectedValues } from './representation';
import { quasiIdentifierUniqueness, scanForPii } from './privacy';
import { targetingParity } from './targeting';
import type { AttributeRepresentation, CheckResult, ProxyClassifierResult, FairnessCard, FairnessResult, FairnessThresholds, MitigationOutcome, PrivacyReport } from './types';

const STAGE = 'fairness';

type Points = readonly (readonly number[])[];

/** The run config's fairness defaults (lib/config/fields.ts): the card's settings that are config fields. */
const CONFIG_DEFAULTS = defaultsOf(SECTIONS.fairness);

/** The card's defaults; those that are config fields (lower, upper, minCellSize) are the config's. */
export const DEFAULT_THRESHOLDS: FairnessThresholds = {
  lower: CONFIG_DEFAULTS.lower,
  upper: CONFIG_DEFAULTS.upper,
  severeLower: 0.5,
  severeUpper: 2,
  minCellSize: CONFIG_DEFAULTS.minCellSize,
  cramersVWarn: 0.1,
  cramersVFail: 0.3,
  nmiWarn: 0.02,
  nmiFail: 0.1,
  proxyLiftWarn: 0.1,
  proxyLiftFail: 0.3,
  proxyImportanceMin: 0.01,
  parityGapWarn: 0.05,
  parityGapFail: 0.1,
};

/** Which mitigation the card runs: none, greedy fair assignment, dropping proxies (needs `recluster`), or both. */
export type MitigationChoice = FairnessConfig['mitigation'];

/** Settings of the card. Every field has a default. */
export interface FairnessCardConfig extends FairnessThresholds {
  /** Ages (and birth years turned into ages) are binned at these edges. Default [25, 35, 45, 55, 65]. */
  numericBins: number[];
  /** Edges per numeric attribute, winning over every grouping rule (lib/fairness/grouping.ts). Default {}. */
  bins: Record<string, number[]>;
  /** Year of the as-of date, for birth years. Default: the current UTC year (the pipeline passes its as-of date). */
  asOfYear: number;
  /** The as-of date and why it was chosen, named where birth years become ages (lib/pipeline/age-as-of.ts). Default: not named. */
  asOfNote?: string;
  /** Optional reference group per attribute for disparate impact, e.g. { sex: 'Male' }. Default: highest selection rate. */
  reference: Record<string, string>;
  /** Proxy classifier folds. Default 5. */
  proxyFolds: number;
  /** Rows the proxy classifier uses at most (seeded sample). Default 10000. */
  proxyMaxRows: number;
  /** Mitigation to measure. Default "fair-assignment" (runs when points are given). */
  mitigation: MitigationChoice;
  /** Attribute the mitigation targets. Default: the one with the lowest proportional balance. */
  mitigationAttribute?: string | null;
  /** Largest share of customers fair assignment may move. Default 0.25. */
  maxMoveShare: number;
  /** Rows of the seeded silhouette sample for before/after quality. Default 2000. */
  silhouetteSample: number;
}

/** Default card settings. */
export const DEFAULT_CARD_CONFIG: FairnessCardConfig = {
  ...DEFAULT_THRESHOLDS,
  numericBins: CONFIG_DEFAULTS.numericBins,
  bins: CONFIG_DEFAULTS.bins,
  asOfYear: new Date().getUTCFullYear(),
  reference: CONFIG_DEFAULTS.reference,
  proxyFolds: 5,
  proxyMaxRows: 10000,
  mitigation: CONFIG_DEFAULTS.mitigation,
  maxMoveShare: CONFIG_DEFAULTS.maxMoveShare,
  silhouetteSample: 2000,
};

/** What the card is computed from. Only labels, k and protected are required. */
export interface FairnessCardInput {
  /** Segment of each customer, 0..k-1. */
  labels: readonly number[];
  k: number;
  /** Protected attributes of the same customers, in the same order (pipeline: `protectedValues`). */
  protected: Readonly<Record<string, ProtectedValues>>;
  /** Clustering features (standardised; one-hot columns named "column=value"), for the proxy classifier and drop-proxies. */
  features?: { names: readonly string[]; matrix: Points };
  /** The clustered space (features or embedding), for fair assignment and quality; default features.matrix. */
  points?: Points;
  /** Segment centres in `points`' space; default the segment means. */
  centroids?: Points;
  /** A campaign plan: targeted segment ids, and optionally the outcome per customer (true = converted, null = unknown). */
  targeting?: { segments: readonly number[]; outcomes?: readonly (boolean | null)[] };
  /** Re-clusters a reduced feature matrix (drop-proxies mitigation). */
  recluster?: (points: number[][], keptColumns: number[]) => number[];
  /** Privacy inputs: consent counts from the data layer, exported rows with their quasi-identifiers, output texts and PII values to scan. */
  privacy?: {
    consent?: { total: number; excluded: number };
    exported?: { rows: readonly Readonly<Record<string, string | number | null>>[]; quasiIdentifiers: readonly string[] };
    outputs?: Readonly<Record<string, string>>;
    piiValues?: readonly string[];
  };
  /** Threads for the proxy classifier's fold fits (config cluster.workers); the card is the same for any value. Default 1. */
  threads?: number;
  /** Sources, features and exclusions for the data & model card. */
  model?: ModelCardInput;
  config?: Partial<FairnessCardConfig>;
}

function checkInput(input: FairnessCardInput): void {
  const n = input.labels.length;
  input.labels.forEach((label, row) => {
    if (!Number.isInteger(label) || label < 0 || label >= input.k) fail(STAGE, msg.fairnessLabelOutOfRange(row, label, input.k));
  });
  for (const [name, spec] of Object.entries(input.protected)) {
    if (spec.values.length !== n) fail(STAGE, msg.fairnessLengthMismatch(`protected attribute "${name}"`, spec.values.length, n));
  }
  if (input.features && input.features.matrix.length !== n) fail(STAGE, msg.fairnessLengthMismatch('the feature matrix', input.features.matrix.length, n));
  if (input.points && input.points.length !== n) fail(STAGE, msg.fairnessLengthMismatch('the clustered points', input.points.length, n));
  if (input.targeting) {
    const bad = input.targeting.segments.filter((s) => !Number.isInteger(s) || s < 0 || s >= input.k);
    if (bad.length) fail(STAGE, msg.fairnessTargetOutOfRange(bad, input.k));
    const outcomes = input.targeting.outcomes;
    if (outcomes && outcomes.length !== n) fail(STAGE, msg.fairnessLengthMismatch('targeting.outcomes', outcomes.length, n));
  }
}

/**
 * Secondary suppression of an attribute's representation cells (lib/fairness/disclosure.ts): every
 * cell the published segment sizes, group sizes and other cells would give away is suppressed too.
 */
function protectCells(attr: AttributeRepresentation, coding: GroupCoding, labels: readonly number[], k: number, minCellSize: number): AttributeRepresentation {
  const column = new Map(coding.groups.map((g, j) => [g, j]));
  const flagged = Array.from({ length: k }, () => new Array<boolean>(coding.groups.length).fill(false));
  for (const c of attr.cells) if (c.verdict === 'flag' && column.has(c.group)) flagged[c.segment][column.get(c.group) as number] = true;
  const hidden = suppressCells(crossTab(labels, coding.codes, k, coding.groups.length), minCellSize, flagged);
  const cells = attr.cells.map((c) => {
    const j = column.get(c.group);
    if (j === undefined || !hidden[c.segment][j] || c.verdict === 'suppressed') return c;
    return { ...c, count: null, segmentShare: null, ratio: null, verdict: 'suppressed' as const };
  });
  return { ...attr, cells, flagged: cells.filter((c) => c.verdict === 'flag').length };
}

/** The representation result with groups below minCellSize removed (their size would identify them). */
function reportableRepresentation(full: FairnessResult, minCellSize: number, warnings: string[]): FairnessResult {
  return {
    ...full,
    attributes: full.attributes.map((attr) => {
      const small = new Set(attr.groups.filter((g) => g.count < minCellSize).map((g) => g.group));
      for (const group of small) warnings.push(msg.fairnessGroupNotReported(attr.attribute, group, minCellSize));
      const cells = attr.cells.filter((c) => !small.has(c.group));
      return { ...attr, groups: attr.groups.filter((g) => !small.has(g.group)), cells, flagged: cells.filter((c) => c.verdict === 'flag').length };
    }),
    // The foundation's small-group warnings carry the count; the card's own message does not.
    warnings: [],
  };
}

/**
 * `hidden[segment][group]` of an attribute as fairness.json publishes it: true unless the
 * representation prints the cell's count (groups left out of the representation are hidden whole).
 */
function publishedMask(attr: AttributeRepresentation | undefined, coding: GroupCoding, k: number): boolean[][] {
  const hidden = Array.from({ length: k }, () => new Array<boolean>(coding.groups.length).fill(true));
  const column = new Map(coding.groups.map((g, j) => [g, j]));
  for (const c of attr?.cells ?? []) {
    const j = column.get(c.group);
    if (j !== undefined && c.count !== null && c.verdict !== 'suppressed') hidden[c.segment][j] = false;
  }
  return hidden;
}

/** A count-derived check that cannot be computed from published cells: not assessable, never a pass. */
function unpublishableCheck(id: string, attribute: string, metric: string): CheckResult {
  return {
    id,
    kind: 'proxy',
    attribute,
    metric,
    value: null,
    threshold: 'needs two segments and two groups whose cells are all published',
    verdict: 'warn',
    withheld: true,
    sentence: `Not assessable for "${attribute}": too few segments or groups have every cell published (the others hold a suppressed cell), and a figure over suppressed cells could give them away.`,
  };
}

/**
 * Computes the fairness card of a segmentation.
 * @param rng the fairness stage's stream, e.g. `stageRng(config.seed, 'fairness')`; each attribute's
 *   classifier and each mitigation derive their own stream from one draw, so adding an attribute
 *   does not change another's numbers.
 * @example const card = fairnessCard({ labels, k, protected: { sex }, features: { names, matrix } }, stageRng(42, 'fairness'));
 */
export function fairnessCard(input: FairnessCardInput, rng: Rng): FairnessCard {
  checkInput(input);
  const cfg: FairnessCardConfig = { ...DEFAULT_CARD_CONFIG, ...input.config };
  const t: FairnessThresholds = Object.fromEntries(Object.keys(DEFAULT_THRESHOLDS).map((key) => [key, cfg[key as keyof FairnessThresholds]])) as unknown as FairnessThresholds;
  const streams = rng.split();
  const streamFor = (name: string): Rng => streams.fork(name);
  const { labels, k } = input;
  const n = labels.length;
  const warnings: string[] = [];
  const skipped: FairnessCard['skipped'] = [];
  const checks: CheckResult[] = [];

  // Per-attribute grouping first (0/1 flags as categories, birth years as ages, small groups as
  // "other"...); every figure below works on these groups.
  const grouped = groupAttributes(input.protected, { ageBins: cfg.numericBins, bins: cfg.bins, asOfYear: cfg.asOfYear, minCellSize: cfg.minCellSize, asOfNote: cfg.asOfNote });
  const groupedSpecs: Record<string, ProtectedValues> = Object.fromEntries(Object.entries(grouped).map(([name, g]) => [name, { kind: 'text', values: g.values }]));
  const full0 = representation(groupedSpecs, labels, k, {
    protected: Object.keys(input.protected),
    lower: cfg.lower,
    upper: cfg.upper,
    numericBins: cfg.numericBins,
    minCellSize: cfg.minCellSize,
  });
  const codings = new Map<string, GroupCoding>(
    Object.entries(groupedSpecs).map(([name, spec]) => [name, { ...codeGroups(spec, cfg.numericBins), grouping: grouped[name].grouping }]),
  );
  const full: FairnessResult = {
    ...full0,
    attributes: full0.attributes.map((a) => protectCells({ ...a, grouping: grouped[a.attribute].grouping }, codings.get(a.attribute) as GroupCoding, labels, k, cfg.minCellSize)),
  };
  const rep0 = reportableRepresentation(full, cfg.minCellSize, warnings);
  // Verdicts count the hidden cells too (their values stay unpublished): lib/fairness/hidden-cells.ts.
  const rep: FairnessResult = {
    ...rep0,
    attributes: rep0.attributes.map((a) => {
      const coding = codings.get(a.attribute) as GroupCoding;
      return { ...a, hidden: hiddenCells(a, crossTab(labels, coding.codes, k, coding.groups.length), coding.groups, { ...t }) };
    }),
  };
  const segmentSizes = new Array<number>(k).fill(0);
  for (const label of labels) segmentSizes[label] += 1;
  const masks = new Map<string, boolean[][]>();

  const card: Omit<FairnessCard, 'summary' | 'checks'> = {
    customers: n,
    k,
    groups: [],
    representation: rep,
    balance: [],
    association: [],
    proxyClassifier: [],
    targeting: [],
    privacy: { minCellSize: cfg.minCellSize, segmentsBelowK: [], suppressedCells: 0, consent: null, quasiIdentifiers: null, piiHits: null },
    mitigation: [],
    card: modelCard(input.model ?? { sources: [], featuresUsed: input.features?.names ?? [], excluded: [] }, Object.keys(input.protected), t),
    skipped,
    warnings,
  };

  // The proxy classifiers of every assessable attribute first: their fold fits go to the workers as
  // one batch (issue 15: both attributes' folds share the threads). Each attribute draws from its own
  // named stream, so preparing them before the loop changes no draw.
  const proxyOptions = { folds: cfg.proxyFolds, maxRows: cfg.proxyMaxRows, threads: input.threads ?? 1, minGroupSize: cfg.minCellSize, importanceMin: cfg.proxyImportanceMin, liftMin: cfg.proxyLiftWarn };
  const proxies = new Map<string, ProxyClassifierResult | null>();
  if (input.features && input.features.names.length > 0) {
    const features = input.features;
    const prepared = [...codings]
      .filter(([, coding]) => coding.counts.filter((c, g) => c >= cfg.minCellSize && coding.groups[g] !== MISSING_GROUP).length >= 2)
      .map(([attribute, coding]) => ({ attribute, prepared: prepareProxy(attribute, coding, features, streamFor(`proxy:${attribute}`), proxyOptions) }));
    const ready = prepared.flatMap((p) => (p.prepared ? [p.prepared] : []));
    const models = proxyFoldModels(ready, proxyOptions.threads);
    for (const { attribute, prepared: p } of prepared) proxies.set(attribute, p ? finishProxy(p, models[ready.indexOf(p)]) : null);
  }

  for (const [attribute, coding] of codings) {
    card.groups.push({
      attribute,
      grouping: coding.grouping,
      groups: coding.groups.map((group, g) => {
        const big = coding.counts[g] >= cfg.minCellSize;
        return { group, count: big ? coding.counts[g] : null, share: big ? coding.counts[g] / n : null };
      }),
    });
    const attr = rep.attributes.find((a) => a.attribute === attribute);
    const assessedGroups = coding.counts.filter((c, g) => c >= cfg.minCellSize && coding.groups[g] !== MISSING_GROUP).length;
    // One group (a constant, or every value in one bin) cannot show a bias: not assessable, never a pass.
    if (attr) checks.push(assessedGroups < 2 ? notAssessableCheck(attribute, coding, cfg.minCellSize) : representationCheck(attribute, attr.cells, t, attr.hidden));
    if (assessedGroups < 2) {
      warnings.push(msg.fairnessTooFewGroups(attribute, cfg.minCellSize));
      skipped.push({ check: `balance, leakage and parity of "${attribute}"`, reason: msg.fairnessTooFewGroups(attribute, cfg.minCellSize) });
      continue;
    }
    const table = crossTab(labels, coding.codes, k, coding.groups.length);
    // One published-cell mask per attribute for every count-derived figure below (and the mitigations' before).
    const hidden = publishedMask(attr, coding, k);
    masks.set(attribute, hidden);
    const balance = balanceMetrics(attribute, table, coding.groups, cfg.minCellSize, hidden);
    card.balance.push(balance);
    const allCells = fullBalance(table, hidden, cfg.minCellSize, balance);
    checks.push(balanceCheck(balance, t, allCells), proportionalBalanceCheck(balance, t, allCells));
    const assessedColumns = coding.groups.map((_, j) => j).filter((j) => coding.counts[j] >= cfg.minCellSize);
    const { assessable, columnsLeftOut, ...published } = publishedAssociation(attribute, table, hidden, assessedColumns);
    const association = columnsLeftOut.length ? { ...published, groupsLeftOut: columnsLeftOut.map((j) => coding.groups[j]) } : published;
    card.association.push(association);
    if (assessable) checks.push(cramersVCheck(association, t), nmiCheck(association, t));
    else
      checks.push(
        unpublishableCheck(`cramers-v:${attribute}`, attribute, "Cramér's V (segment vs attribute)"),
        unpublishableCheck(`nmi:${attribute}`, attribute, 'normalised mutual information (segment vs attribute)'),
      );

    if (input.features && input.features.names.length > 0) {
      const proxy = proxies.get(attribute) ?? null;
      if (proxy) {
        card.proxyClassifier.push(proxy);
        checks.push(proxyCheck(proxy, t));
      } else skipped.push({ check: `proxy classifier for "${attribute}"`, reason: msg.fairnessProxySkipped(attribute) });
    }

    if (input.targeting) {
      const reference = cfg.reference[attribute];
      if (reference !== undefined && !coding.groups.includes(reference)) warnings.push(msg.fairnessUnknownReference(attribute, reference, coding.groups));
      const parity = targetingParity(attribute, coding, labels, input.targeting.segments, cfg.minCellSize, input.targeting.outcomes, reference, hidden);
      card.targeting.push(parity);
      checks.push(disparateImpactCheck(parity, t), parityDifferenceCheck(parity, t));
      if (parity.equalOpportunityGap !== null) checks.push(equalOpportunityCheck(parity, t));
    }
  }
  if (!input.features) skipped.push({ check: 'proxy classifier', reason: 'no feature matrix was given' });
  if (!input.targeting) skipped.push({ check: 'campaign targeting parity', reason: 'no campaign plan (targeted segments) was given' });

  card.privacy = privacyReport(input, segmentSizes, rep, cfg.minCellSize);
  if (!input.privacy?.outputs) skipped.push({ check: 'PII scan of outputs', reason: 'the scan runs on the finished output files' });
  checks.push(...privacyChecks(card.privacy, Math.min(...segmentSizes)));

  card.mitigation = mitigations(input, cfg, codings, card.balance, card.proxyClassifier, streamFor, skipped, masks);
  return { summary: summarise(checks), checks, ...card };
}

function privacyReport(input: FairnessCardInput, segmentSizes: readonly number[], rep: FairnessResult, minCellSize: number): PrivacyReport {
  const p = input.privacy ?? {};
  return {
    minCellSize,
    segmentsBelowK: segmentSizes.map((size, s) => (size < minCellSize ? s : -1)).filter((s) => s >= 0),
    suppressedCells: rep.attributes.reduce((a, attr) => a + attr.cells.filter((c) => c.verdict === 'suppressed').length, 0),
    smallCells: rep.attributes.reduce((a, attr) => a + (attr.hidden?.small ?? 0), 0),
    consent: p.consent ? { total: p.consent.total, excluded: p.consent.excluded } : null,
    quasiIdentifiers: p.exported ? quasiIdentifierUniqueness(p.exported.rows, p.exported.quasiIdentifiers, minCellSize) : null,
    piiHits: p.outputs ? scanForPii(p.outputs, p.piiValues ?? []) : null,
  };
}

function mitigations(
  input: FairnessCardInput,
  cfg: FairnessCardConfig,
  codings: ReadonlyMap<string, GroupCoding>,
  balances: FairnessCard['balance'],
  proxyResults: FairnessCard['proxyClassifier'],
  streamFor: (name: string) => Rng,
  skipped: FairnessCard['skipped'],
  masks: ReadonlyMap<string, boolean[][]>,
): MitigationOutcome[] {
  if (cfg.mitigation === 'none') return [];
  const worst = balances.slice().sort((a, b) => a.proportionalBalance - b.proportionalBalance)[0];
  const attribute = cfg.mitigationAttribute ?? worst?.attribute;
  const coding = attribute === undefined ? undefined : codings.get(attribute);
  if (attribute === undefined || coding === undefined) {
    skipped.push({ check: 'mitigation', reason: 'no protected attribute with two or more assessable groups' });
    return [];
  }
  const bounds = { lower: cfg.lower, upper: cfg.upper, minCellSize: cfg.minCellSize, maxMoveShare: cfg.maxMoveShare, silhouetteSample: cfg.silhouetteSample, hiddenBefore: masks.get(attribute) };
  const points = input.points ?? input.features?.matrix;
  const out: MitigationOutcome[] = [];
  // Both mitigations draw the silhouette sample from the same stream, so their "before" columns agree.
  const wantFair = cfg.mitigation === 'fair-assignment' || cfg.mitigation === 'both';
  const wantDrop = cfg.mitigation === 'drop-proxies' || cfg.mitigation === 'both';
  if (wantFair) {
    if (points) out.push(mitigateByFairAssignment(points, input.labels, input.k, attribute, coding, bounds, streamFor('mitigation:quality-sample'), input.centroids));
    else skipped.push({ check: 'fair-assignment mitigation', reason: 'no points (clustered space) were given' });
  }
  if (wantDrop) {
    const proxies = proxyResults.find((p) => p.attribute === attribute)?.proxies ?? [];
    if (!input.features || !input.recluster) skipped.push({ check: 'drop-proxies mitigation', reason: 'needs features and a recluster callback' });
    else if (proxies.length === 0) skipped.push({ check: 'drop-proxies mitigation', reason: `no feature stands out as a proxy for "${attribute}"` });
    else out.push(dropProxiesAndRecluster(input.features, proxies, input.labels, input.k, attribute, coding, bounds, input.recluster, streamFor('mitigation:quality-sample'), input.points));
  }
  return out;
}

/** Verdict counts and a one-sentence headline, worst first. */
export function summarise(checks: readonly CheckResult[]): FairnessCard['summary'] {
  const count = (v: string): number => checks.filter((c) => c.verdict === v).length;
  const verdict = worstVerdict(checks.map((c) => c.verdict));
  const failing = checks.filter((c) => c.verdict === 'fail').map((c) => c.metric + (c.attribute ? ` (${c.attribute})` : ''));
  const warning = checks.filter((c) => c.verdict === 'warn').map((c) => c.metric + (c.attribute ? ` (${c.attribute})` : ''));
  // With no protected attribute only the attribute-free checks (segment size, personal data) ran: they say nothing about groups.
  const noGroupChecked = checks.every((c) => !c.attribute);
  const headline =
    verdict === 'pass' && noGroupChecked
      ? `No protected attribute was checked, so fairness across groups is not known; the ${checks.length} check${checks.length === 1 ? '' : 's'} that need none (segment size, personal data in the outputs) pass.`
      : verdict === 'pass'
      ? `All ${checks.length} checks pass.`
      : verdict === 'fail'
        ? `${failing.length} of ${checks.length} checks fail: ${failing.join('; ')}.`
        : `No check fails; ${warning.length} of ${checks.length} need a look: ${warning.join('; ')}.`;
  return { verdict, pass: count('pass'), warn: count('warn'), fail: count('fail'), headline };
}

/**
 * Adds the PII scan of the written outputs to a card (the scan runs after the outputs exist).
 * @example withPiiScan(card, scanForPii(outputTexts, piiValues))
 */
export function withPiiScan(card: FairnessCard, hits: FairnessCard['privacy']['piiHits']): FairnessCard {
  const privacy = { ...card.privacy, piiHits: hits };
  const smallest = card.checks.find((c) => c.id === 'k-anonymity')?.value ?? 0;
  const checks = [...card.checks.filter((c) => c.kind !== 'privacy'), ...privacyChecks(privacy, smallest)];
  return { ...card, privacy, checks, summary: summarise(checks), skipped: card.skipped.filter((s) => s.check !== 'PII scan of outputs') };
}
