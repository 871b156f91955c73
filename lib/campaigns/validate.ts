/**
 * Checks on a campaign log and the campaign options. The options' defaults and bounds are the
 * config's (lib/config/fields.ts, CAMPAIGN_OPTIONS), so a direct call and a run accept the same values.
 */
import { SeglabError, msg } from '../errors/messages';
import { CAMPAIGN_OPTIONS } from '../config/fields';
import type { CampaignLog, CampaignOptions, ResolvedCampaignOptions } from './types';

/** How each option is named in its "expected ..." sentence. */
const NOUNS: Record<Exclude<keyof ResolvedCampaignOptions, 'controlArm'>, string> = {
  margin: 'a share',
  confidence: 'a level',
  probabilityBest: 'a probability',
  posteriorDraws: 'a whole number',
  bootstrap: 'a whole number',
  alpha: 'a level',
  power: 'a probability',
  minDetectableUplift: 'an absolute uplift',
};

/** Fill the defaults of `CampaignOptions` and check their ranges. */
export function resolveCampaignOptions(options: CampaignOptions = {}): ResolvedCampaignOptions {
  const o = { controlArm: options.controlArm ?? null } as ResolvedCampaignOptions;
  for (const name of Object.keys(NOUNS) as (keyof typeof NOUNS)[]) {
    const field = CAMPAIGN_OPTIONS[name];
    const v = options[name] ?? (field.default as number);
    const { min = -Infinity, max = Infinity, integer = false } = field.bounds ?? {};
    if (!((!integer || Number.isInteger(v)) && v >= min && v <= max)) {
      throw new SeglabError('campaigns', msg.campaignsBadOption(name, v, `${NOUNS[name]} in [${min}, ${max}]${integer ? '' : `, e.g. ${field.default}`}`));
    }
    o[name] = v;
  }
  return o;
}

/** Check column lengths and values; names the first bad rows (1-based data rows). */
export function checkCampaignLog(log: CampaignLog, controlArm: string | null): void {
  const n = log.customerId.length;
  const lengths: Record<string, number> = { customerId: n, arm: log.arm.length, converted: log.converted.length };
  if (log.revenue) lengths.revenue = log.revenue.length;
  if (log.cost) lengths.cost = log.cost.length;
  if (log.isControl) lengths.isControl = log.isControl.length;
  for (const [name, col] of Object.entries(log.engagement ?? {})) lengths[name] = col.length;
  if (Object.values(lengths).some((l) => l !== n)) throw new SeglabError('campaigns', msg.campaignsColumnLengths(lengths));
  if (n === 0) throw new SeglabError('campaigns', msg.campaignsEmpty());
  const check = (column: string, values: readonly number[], ok: (v: number) => boolean, expected: string): void => {
    const bad: number[] = [];
    for (let i = 0; i < values.length; i++) if (!ok(values[i])) bad.push(i + 1);
    if (bad.length) throw new SeglabError('campaigns', msg.campaignsBadValues(column, bad.length, bad, values[bad[0] - 1], expected));
  };
  const binary = (v: number): boolean => v === 0 || v === 1;
  check('converted', log.converted, binary, '0 or 1');
  if (log.revenue) check('revenue', log.revenue, Number.isFinite, 'a finite number');
  if (log.cost) check('cost', log.cost, (v) => Number.isFinite(v) && v >= 0, 'a finite number >= 0');
  for (const [name, col] of Object.entries(log.engagement ?? {})) check(name, col, binary, '0 or 1');
  if (controlArm !== null) {
    const arms = [...new Set(log.arm)];
    if (!arms.includes(controlArm)) throw new SeglabError('campaigns', msg.campaignsControlArmMissing(controlArm, arms));
  }
}
