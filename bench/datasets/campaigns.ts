/**
 * Readers turning the reference campaign datasets in ../shared/datasets into campaign logs
 * (test and bench helper; the library itself takes columns).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRecords } from '../../lib/load/csv';
import type { CampaignLog } from '../../lib/campaigns/types';
import { sharedDatasets } from './paths';

function readCsv(file: string, delimiter: string): { header: string[]; rows: string[][] } {
  const records = parseRecords(fs.readFileSync(file, 'utf8'), delimiter, { role: 'campaigns', file });
  const [header, ...rows] = records.map((r) => r.fields);
  return { header, rows: rows.filter((r) => r.length === header.length) };
}

export const hillstromFile = path.join(sharedDatasets, 'hillstrom-email', 'Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv');

export interface Hillstrom {
  log: CampaignLog;
  /** Pre-treatment columns by name (history_segment, zip_code, channel as text; others numeric). */
  text: Record<string, string[]>;
  numeric: Record<string, number[]>;
  spend: number[];
}

/**
 * Hillstrom's e-mail test as a campaign log: row number as customer id, `segment` as arm
 * ("No E-Mail" is the control), conversion, spend as revenue, visit as engagement, and an
 * assumed cost per e-mail sent (Hillstrom gives none).
 */
export function readHillstrom(costPerEmail = 0.1): Hillstrom {
  const { header, rows } = readCsv(hillstromFile, ',');
  const col = (name: string): number => header.indexOf(name);
  const arm = rows.map((r) => r[col('segment')]);
  const spend = rows.map((r) => Number(r[col('spend')]));
  const text: Record<string, string[]> = {};
  for (const name of ['history_segment', 'zip_code', 'channel']) text[name] = rows.map((r) => r[col(name)]);
  const numeric: Record<string, number[]> = {};
  for (const name of ['recency', 'history', 'mens', 'womens', 'newbie']) numeric[name] = rows.map((r) => Number(r[col(name)]));
  return {
    log: {
      customerId: rows.map((_, i) => String(i + 1)),
      arm,
      converted: rows.map((r) => Number(r[col('conversion')])),
      revenue: spend,
      cost: arm.map((a) => (a === 'No E-Mail' ? 0 : costPerEmail)),
      engagement: { visit: rows.map((r) => Number(r[col('visit')])) },
    },
    text,
    numeric,
    spend,
  };
}

/**
 * The fast-food promotion test: store-weeks as exposures, promotion as arm, weekly sales
 * (thousands) as revenue. Three promotions, no control; MarketSize as the segment.
 */
export function readFastFood(): { log: CampaignLog; segments: Map<string, string>; sales: number[]; promotion: string[] } {
  const { header, rows } = readCsv(path.join(sharedDatasets, 'fastfood-marketing-ab-test', 'WA_Marketing-Campaign.csv'), ',');
  const col = (name: string): number => header.indexOf(name);
  const customerId = rows.map((r) => `${r[col('LocationID')]}-w${r[col('week')]}`);
  const promotion = rows.map((r) => `Promotion ${r[col('Promotion')]}`);
  const sales = rows.map((r) => Number(r[col('SalesInThousands')]));
  return {
    log: { customerId, arm: promotion, converted: rows.map(() => 1), revenue: sales },
    segments: new Map(rows.map((r, i): [string, string] => [customerId[i], r[col('MarketSize')]])),
    sales,
    promotion,
  };
}

/** Bank Marketing (bank-full.csv, ';'): one telemarketing campaign, y = yes as conversion, no control; job as segment. */
export function readBank(): { log: CampaignLog; segments: Map<string, string>; yes: number } {
  const { header, rows } = readCsv(path.join(sharedDatasets, 'bank-marketing', 'bank-full.csv'), ';');
  const col = (name: string): number => header.indexOf(name);
  const customerId = rows.map((_, i) => String(i + 1));
  const converted = rows.map((r): number => (r[col('y')] === 'yes' ? 1 : 0));
  return {
    log: { customerId, arm: rows.map(() => 'telemarketing'), converted },
    segments: new Map(rows.map((r, i): [string, string] => [customerId[i], r[col('job')]])),
    yes: converted.reduce((s, v) => s + v, 0),
  };
}
