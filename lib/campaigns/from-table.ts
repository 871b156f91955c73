import type { CampaignConfig } from '../config/types';
import { parseNumber } from '../clean/coerce';
import type { RawTable } from '../load/csv';
import { requireColumn } from '../load/csv';
import type { CampaignLog } from './types';

const TRUE = new Set(['1', 'true', 'yes', 'y', 't']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'f', '']);

/** 0/1 from "1"/"0", "yes"/"no", "true"/"false" (NaN otherwise, so the log check names the row). */
export function binaryValue(raw: string): number {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return 1;
  if (FALSE.has(v)) return 0;
  return NaN;
}

/**
 * A campaign log from the campaigns source, by the column names in `campaigns.columns`. Values
 * are not judged here: `evaluateCampaigns` checks them and names the rows that are wrong.
 * @example campaignLogFromTable(readDelimited('campaigns.csv', 'campaigns'), config.campaigns)
 */
export function campaignLogFromTable(table: RawTable, cfg: CampaignConfig): CampaignLog {
  const col = (name: string, setting: string): number => requireColumn(table, name, setting);
  const id = col(cfg.columns.customerId, 'campaigns.columns.customerId');
  const arm = col(cfg.columns.arm, 'campaigns.columns.arm');
  const converted = col(cfg.columns.converted, 'campaigns.columns.converted');
  const revenue = cfg.columns.revenue === null ? null : col(cfg.columns.revenue, 'campaigns.columns.revenue');
  const cost = cfg.columns.cost === null ? null : col(cfg.columns.cost, 'campaigns.columns.cost');
  const control = cfg.columns.control === null ? null : col(cfg.columns.control, 'campaigns.columns.control');
  const engagement = cfg.columns.engagement.map((name) => [name, col(name, 'campaigns.columns.engagement')] as const);
  const rows = table.rows;
  return {
    customerId: rows.map((r) => r[id].trim()),
    arm: rows.map((r) => r[arm].trim()),
    converted: rows.map((r) => binaryValue(r[converted])),
    ...(revenue === null ? {} : { revenue: rows.map((r) => (r[revenue].trim() === '' ? 0 : parseNumber(r[revenue]))) }),
    ...(cost === null ? {} : { cost: rows.map((r) => (r[cost].trim() === '' ? 0 : parseNumber(r[cost]))) }),
    ...(control === null ? {} : { isControl: rows.map((r) => binaryValue(r[control]) === 1) }),
    ...(engagement.length ? { engagement: Object.fromEntries(engagement.map(([name, i]) => [name, rows.map((r) => binaryValue(r[i]))])) } : {}),
  };
}
