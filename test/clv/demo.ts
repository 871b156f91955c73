/** Reader for the bundled demo data (data/demo/transactions.csv, plain CSV without quoting). Test helper. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/paths';
import type { TransactionColumns } from '../../lib/clv/types';

export function readDemoTransactions(): TransactionColumns & { segments: Map<string, string> } {
  const dir = path.join(repoRoot, 'data', 'demo');
  const lines = fs.readFileSync(path.join(dir, 'transactions.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const [idCol, dateCol, amountCol] = ['customer_id', 'order_date', 'amount'].map((c) => header.indexOf(c));
  const customerId: string[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    customerId.push(f[idCol]);
    time.push(Date.parse(`${f[dateCol]}T00:00:00Z`));
    amount.push(Number(f[amountCol]));
  }
  const truth = fs.readFileSync(path.join(dir, 'truth.csv'), 'utf8').trim().split('\n').slice(1);
  const segments = new Map(truth.map((l) => l.split(',') as [string, string]));
  return { customerId, time, amount, segments };
}
