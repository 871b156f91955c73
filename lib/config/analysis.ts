/**
 * Defaults and validation of the analysis sections of the run config: fairness card options,
 * CLV, campaigns and persona names. Called once by validateConfig.
 */
import type { CampaignConfig, ClvConfig, FairnessConfig, ProfileConfig } from './types';
import { msg } from '../errors/messages';
import { bool, isObject, num, numList, oneOf, str, strList, type Problems } from './values';

export const FAIRNESS_DEFAULTS: FairnessConfig = {
  protected: [],
  lower: 0.8,
  upper: 1.25,
  numericBins: [25, 35, 45, 55, 65],
  minCellSize: 50,
  reference: {},
  targetSegments: [],
  mitigation: 'fair-assignment',
  maxMoveShare: 0.25,
  mitigationAttribute: null,
  bins: {},
};

export const CLV_DEFAULTS: ClvConfig = {
  enabled: true,
  margin: 1,
  horizonDays: 365,
  unitDays: 7,
  annualDiscountRate: 0.1,
  holdoutDays: null,
};

export const CAMPAIGN_DEFAULTS: Omit<CampaignConfig, 'columns'> & { columns: Omit<CampaignConfig['columns'], 'customerId'> } = {
  columns: { arm: 'campaign', converted: 'converted', revenue: null, cost: null, control: null, engagement: [] },
  controlArm: null,
  margin: 1,
  confidence: 0.95,
  probabilityBest: 0.9,
  posteriorDraws: 20000,
  bootstrap: 1000,
  alpha: 0.05,
  power: 0.8,
  minDetectableUplift: 0.01,
  budget: null,
};

export const ANALYSIS_KEYS: Record<string, readonly string[]> = {
  profile: ['names', 'currency'],
  clv: Object.keys(CLV_DEFAULTS),
  campaigns: Object.keys(CAMPAIGN_DEFAULTS),
  'campaigns.columns': ['customerId', ...Object.keys(CAMPAIGN_DEFAULTS.columns)],
};

function section(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

function nullable<T>(v: unknown, check: (x: unknown) => T, fallback: T | null): T | null {
  return v === undefined ? fallback : v === null ? null : check(v);
}

function stringRecord(v: unknown, where: string, problems: Problems): Record<string, string> {
  if (v === undefined) return {};
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string' || x.length === 0)) {
    problems.push(msg.badConfigValue(where, v, 'an object of name -> non-empty string'));
    return {};
  }
  return { ...(v as Record<string, string>) };
}

/** fairness.bins: attribute -> increasing bin edges. */
function binsRecord(v: unknown, problems: Problems): Record<string, number[]> {
  if (v === undefined) return {};
  const ok = isObject(v) && Object.values(v).every((e) => Array.isArray(e) && e.length > 0 && e.every((x, i) => typeof x === 'number' && Number.isFinite(x) && (i === 0 || x > (e[i - 1] as number))));
  if (!ok) {
    problems.push(msg.badConfigValue('fairness.bins', v, 'an object of attribute -> increasing list of numbers, e.g. { "income": [20000, 50000] }'));
    return {};
  }
  return Object.fromEntries(Object.entries(v as Record<string, number[]>).map(([k, e]) => [k, e.slice()]));
}

/** The fairness section, defaults filled. */
export function fairnessSection(v: unknown, problems: Problems): FairnessConfig {
  const f = section(v);
  const d = FAIRNESS_DEFAULTS;
  const protectedCols = strList(f.protected, 'fairness.protected', d.protected, problems);
  if (typeof f.mitigationAttribute === 'string' && !protectedCols.includes(f.mitigationAttribute))
    problems.push(msg.badConfigValue('fairness.mitigationAttribute', f.mitigationAttribute, `one of fairness.protected (${protectedCols.join(', ') || 'none declared'})`));
  const targets = numList(f.targetSegments, 'fairness.targetSegments', d.targetSegments, problems, 1);
  if (targets.some((t) => !Number.isInteger(t))) problems.push(msg.badConfigValue('fairness.targetSegments', targets, 'segment numbers 1..k'));
  return {
    protected: protectedCols,
    lower: num(f.lower, 'fairness.lower', d.lower, problems, { min: 0, max: 1 }),
    upper: num(f.upper, 'fairness.upper', d.upper, problems, { min: 1 }),
    numericBins: numList(f.numericBins, 'fairness.numericBins', d.numericBins, problems),
    minCellSize: num(f.minCellSize, 'fairness.minCellSize', d.minCellSize, problems, { min: 1, integer: true }),
    reference: stringRecord(f.reference, 'fairness.reference', problems),
    targetSegments: targets,
    mitigation: oneOf(f.mitigation, 'fairness.mitigation', ['none', 'fair-assignment', 'drop-proxies', 'both'] as const, d.mitigation, problems),
    maxMoveShare: num(f.maxMoveShare, 'fairness.maxMoveShare', d.maxMoveShare, problems, { min: 0, max: 1 }),
    mitigationAttribute: nullable(f.mitigationAttribute, (x) => str(x, 'fairness.mitigationAttribute', '', problems), d.mitigationAttribute),
    bins: binsRecord(f.bins, problems),
  };
}

/** The profile section: persona names by segment number. */
export function profileSection(v: unknown, problems: Problems): ProfileConfig {
  const names = stringRecord(section(v).names, 'profile.names', problems);
  for (const key of Object.keys(names)) {
    if (!/^[1-9]\d*$/.test(key)) problems.push(msg.badConfigValue(`profile.names.${key}`, key, 'a segment number 1..k as the key'));
  }
  const currency = section(v).currency;
  if (currency !== undefined && !(typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)))
    problems.push(msg.badConfigValue('profile.currency', currency, 'a three-letter ISO 4217 code such as "USD", "EUR" or "GBP"'));
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? { names, currency } : { names };
}

/** The clv section. */
export function clvSection(v: unknown, problems: Problems): ClvConfig {
  const c = section(v);
  const d = CLV_DEFAULTS;
  return {
    enabled: bool(c.enabled, 'clv.enabled', d.enabled, problems),
    margin: num(c.margin, 'clv.margin', d.margin, problems, { min: 0, max: 1 }),
    horizonDays: num(c.horizonDays, 'clv.horizonDays', d.horizonDays, problems, { min: 1, max: 3650 }),
    unitDays: num(c.unitDays, 'clv.unitDays', d.unitDays, problems, { min: 1, max: 365 }),
    annualDiscountRate: num(c.annualDiscountRate, 'clv.annualDiscountRate', d.annualDiscountRate, problems, { min: 0, max: 1 }),
    holdoutDays: nullable(c.holdoutDays, (x) => num(x, 'clv.holdoutDays', 0, problems, { min: 0, integer: true }), d.holdoutDays),
  };
}

/** The campaigns section; the log's customer id column defaults to columns.customerId. */
export function campaignsSection(v: unknown, customerId: string, problems: Problems): CampaignConfig {
  const c = section(v);
  const cols = section(c.columns);
  const d = CAMPAIGN_DEFAULTS;
  const nullableStr = (x: unknown, where: string, fb: string | null) => nullable(x, (y) => str(y, where, '', problems), fb);
  return {
    columns: {
      customerId: str(cols.customerId, 'campaigns.columns.customerId', customerId, problems),
      arm: str(cols.arm, 'campaigns.columns.arm', d.columns.arm, problems),
      converted: str(cols.converted, 'campaigns.columns.converted', d.columns.converted, problems),
      revenue: nullableStr(cols.revenue, 'campaigns.columns.revenue', d.columns.revenue),
      cost: nullableStr(cols.cost, 'campaigns.columns.cost', d.columns.cost),
      control: nullableStr(cols.control, 'campaigns.columns.control', d.columns.control),
      engagement: strList(cols.engagement, 'campaigns.columns.engagement', d.columns.engagement, problems),
    },
    controlArm: nullableStr(c.controlArm, 'campaigns.controlArm', d.controlArm),
    margin: num(c.margin, 'campaigns.margin', d.margin, problems, { min: 0, max: 1 }),
    confidence: num(c.confidence, 'campaigns.confidence', d.confidence, problems, { min: 0.5, max: 0.999 }),
    probabilityBest: num(c.probabilityBest, 'campaigns.probabilityBest', d.probabilityBest, problems, { min: 0.5, max: 1 }),
    posteriorDraws: num(c.posteriorDraws, 'campaigns.posteriorDraws', d.posteriorDraws, problems, { min: 100, max: 1e6, integer: true }),
    bootstrap: num(c.bootstrap, 'campaigns.bootstrap', d.bootstrap, problems, { min: 50, max: 1e5, integer: true }),
    alpha: num(c.alpha, 'campaigns.alpha', d.alpha, problems, { min: 0.001, max: 0.5 }),
    power: num(c.power, 'campaigns.power', d.power, problems, { min: 0.5, max: 0.999 }),
    minDetectableUplift: num(c.minDetectableUplift, 'campaigns.minDetectableUplift', d.minDetectableUplift, problems, { min: 1e-6, max: 1 }),
    budget: nullable(c.budget, (x) => num(x, 'campaigns.budget', 0, problems, { min: 0 }), d.budget),
  };
}
