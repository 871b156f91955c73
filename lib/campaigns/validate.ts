/** Checks on a campaign log and the campaign options; defaults are filled in one place here. */
import { SeglabError, msg } from '../errors/messages';
import type { CampaignLog, CampaignOptions, ResolvedCampaignOptions } from './types';

/** Fill the defaults of `CampaignOptions` and check their ranges. */
export function resolveCampaignOptions(options: CampaignOptions = {}): ResolvedCampaignOptions {
  const o: ResolvedCampaignOptions = {
    controlArm: options.controlArm ?? null,
    margin: options.margin ?? 1,
    confidence: options.confidence ?? 0.95,
    probabilityBest: options.probabilityBest ?? 0.9,
    posteriorDraws: options.posteriorDraws ?? 20000,
    bootstrap: options.bootstrap ?? 1000,
    alpha: options.alpha ?? 0.05,
    power: options.power ?? 0.8,
    minDetectableUplift: options.minDetectableUplift ?? 0.01,
  };
  const share = (name: keyof ResolvedCampaignOptions, v: number, lo: number, hi: number, expected: string): void => {
    if (!(v >= lo && v <= hi)) throw new SeglabError('campaigns', msg.campaignsBadOption(name, v, expected));
  };
  share('margin', o.margin, 0, 1, 'a share in [0, 1]');
  share('confidence', o.confidence, 0.5, 0.9999, 'a level in [0.5, 0.9999], e.g. 0.95');
  share('probabilityBest', o.probabilityBest, 0.5, 1, 'a probability in [0.5, 1], e.g. 0.9');
  share('alpha', o.alpha, 1e-6, 0.5, 'a level in (0, 0.5], e.g. 0.05');
  share('power', o.power, 0.5, 0.9999, 'a probability in [0.5, 1), e.g. 0.8');
  share('minDetectableUplift', o.minDetectableUplift, 1e-6, 1, 'an absolute uplift in (0, 1], e.g. 0.01');
  for (const name of ['posteriorDraws', 'bootstrap'] as const) {
    const v = o[name];
    if (!(Number.isInteger(v) && v >= 100 && v <= 1_000_000)) throw new SeglabError('campaigns', msg.campaignsBadOption(name, v, 'a whole number in [100, 1000000]'));
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
