import type { CleanCustomers } from '../clean/customers';
import type { CleanTransactions } from '../clean/transactions';
import type { LedgerEntry } from '../clean/types';
import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { ExcludedColumn } from '../pipeline/types';
import { computeRfm } from './rfm';
import { applyScaler, fitScaler, signedLog1p, type ScalerFit } from './scale';

/** The feature table of the customers that can be segmented. */
export interface FeatureTable {
  customerIds: string[];
  /** Feature names, e.g. ["recency_days", "frequency", "monetary", "income"]. */
  names: string[];
  /** Feature values in their own units (rows = customers). */
  raw: number[][];
  /** After log1p (when configured) and standardisation: what is embedded / clustered. */
  scaled: number[][];
  /** The fitted transforms, to score new customers with the same parameters. */
  transform: { log1p: string[]; scaler: ScalerFit };
  /** Columns of the customers file that are not features, and why. */
  excluded: ExcludedColumn[];
  /** Position of each kept customer in the cleaned customer table. */
  rowIndex: number[];
  /** The customers ledger entry, with customers that had no purchase counted as dropped. */
  ledger: LedgerEntry;
  /** Reference date of recency (ISO date). */
  asOf: string;
}

/** Behavioural features computed from transactions, in this order. */
const BEHAVIOURAL = ['recency_days', 'frequency', 'monetary', 'tenure_days'] as const;

/**
 * Build features: recency, frequency, monetary and tenure from transactions plus the declared
 * numeric customer columns; log1p on the heavy-tailed ones (features.logTransform for the
 * behavioural ones, features.logColumns for customer columns); standardise. Protected and PII
 * columns are never features unless features.allowProtected says so for a protected one.
 * Customers without a purchase are dropped and counted in the ledger.
 */
export function buildFeatures(customers: CleanCustomers, tx: CleanTransactions, config: RunConfig): FeatureTable {
  const rfm = computeRfm(customers.ids, tx, config.features.asOf);
  const rowIndex: number[] = [];
  rfm.hasPurchase.forEach((has, i) => {
    if (has) rowIndex.push(i);
  });
  const noPurchase = customers.ids.length - rowIndex.length;
  const ledger: LedgerEntry = {
    ...customers.ledger,
    rowsKept: rowIndex.length,
    dropped: { ...customers.ledger.dropped, ...(noPurchase ? { 'no purchase in the transactions file': noPurchase } : {}) },
  };

  const candidates = [...BEHAVIOURAL, ...config.features.customerColumns];
  const column = (name: string, i: number): number => {
    switch (name) {
      case 'recency_days':
        return rfm.recencyDays[i];
      case 'frequency':
        return rfm.frequency[i];
      case 'monetary':
        return rfm.monetary[i];
      case 'tenure_days':
        return rfm.tenureDays[i];
      default:
        return customers.numeric[name][i] as number;
    }
  };
  const rawAll = rowIndex.map((i) => candidates.map((name) => column(name, i)));

  // Constant columns carry no information and would divide by zero when standardised.
  const excluded: ExcludedColumn[] = [];
  const names = candidates.filter((name, j) => {
    const first = rawAll[0]?.[j];
    const constant = rawAll.every((row) => row[j] === first);
    if (constant) excluded.push({ column: name, reason: 'constant' });
    return !constant;
  });
  if (names.length === 0) throw new SeglabError('features', msg.noFeatures());
  const keepIdx = names.map((name) => candidates.indexOf(name));
  const raw = rawAll.map((row) => keepIdx.map((j) => row[j]));

  const loggedNames = new Set<string>([...(config.features.logTransform ? BEHAVIOURAL : []), ...config.features.logColumns]);
  const log1p = names.filter((n) => loggedNames.has(n));
  const logged = raw.map((row) => row.map((x, j) => (log1p.includes(names[j]) ? signedLog1p(x) : x)));
  const scaler = fitScaler(logged, names);
  const scaled = applyScaler(logged, scaler);

  const featureSet = new Set(names);
  for (const col of [config.columns.customerId, ...customers.piiColumns, ...Object.keys(customers.numeric), ...Object.keys(customers.text)]) {
    if (featureSet.has(col) || excluded.some((e) => e.column === col)) continue;
    const reason: ExcludedColumn['reason'] =
      col === config.columns.customerId
        ? 'id'
        : customers.piiColumns.includes(col)
          ? 'pii'
          : config.fairness.protected.includes(col)
            ? 'protected'
            : col in customers.text
              ? 'not numeric'
              : 'not selected';
    excluded.push({ column: col, reason });
  }
  return {
    customerIds: rowIndex.map((i) => customers.ids[i]),
    names,
    raw,
    scaled,
    transform: { log1p, scaler },
    excluded,
    rowIndex,
    ledger,
    asOf: new Date(rfm.asOf).toISOString().slice(0, 10),
  };
}
