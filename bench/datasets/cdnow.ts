/** Readers for the CDNOW files in ../shared/datasets/cdnow (see its PROVENANCE.md). Test helper. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDatasets } from './paths';
import type { TransactionColumns } from '../../lib/clv/types';

export const cdnowDir = path.join(sharedDatasets, 'cdnow');

/** CDNOW_sample.txt: space-aligned, no header: master id, sample id, yyyymmdd, CDs, dollars. Keyed by sample id. */
export function readCdnowSample(): TransactionColumns {
  const text = fs.readFileSync(path.join(cdnowDir, 'CDNOW_sample.txt'), 'utf8');
  const customerId: string[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    customerId.push(String(Number(f[1])));
    time.push(Date.UTC(Number(f[2].slice(0, 4)), Number(f[2].slice(4, 6)) - 1, Number(f[2].slice(6, 8))));
    amount.push(Number(f[4]));
  }
  return { customerId, time, amount };
}

export interface CdnowSummaryRow {
  id: string;
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar; CRLF, no final newline). */
export function readCdnowSummary(): CdnowSummaryRow[] {
  const text = fs.readFileSync(path.join(cdnowDir, 'cdnow_customers_summary_with_transactions.csv'), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [id, x, tx, T, zbar] = l.split(',');
      return { id, x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) };
    });
}

/** cdnow_customers_summary.csv (ID,frequency,recency,T). */
export function readCdnowFrequencySummary(): { frequency: number[]; recency: number[]; T: number[]; id: string[] } {
  const text = fs.readFileSync(path.join(cdnowDir, 'cdnow_customers_summary.csv'), 'utf8');
  const out = { frequency: [] as number[], recency: [] as number[], T: [] as number[], id: [] as string[] };
  for (const l of text.split(/\r?\n/).slice(1)) {
    if (!l.trim()) continue;
    const [id, x, tx, T] = l.split(',');
    out.id.push(id);
    out.frequency.push(Number(x));
    out.recency.push(Number(tx));
    out.T.push(Number(T));
  }
  return out;
}

export const CDNOW_CALIBRATION_END = Date.UTC(1997, 8, 30);
export const CDNOW_OBSERVATION_END = Date.UTC(1998, 5, 30);
