/**
 * Applying a fitted feature transform to new customers (the "apply" half of buildFeatures):
 * the same columns, built by the same code (`featureColumns` in build.ts), with nothing refitted:
 * same RFM quintile edges, fill values, bands, one-hot levels (an unseen or rare level goes to
 * "<column>=other" when that column exists, else the row has no 1 for that column), same
 * category-share columns, same log1p list, same scaler means and standard deviations.
 */
import type { CleanCustomers } from '../clean/customers';
import { DAY_MS } from '../clean/coerce';
import type { CleanTransactions } from '../clean/transactions';
import type { LedgerEntry } from '../clean/types';
import type { RunConfig } from '../config/types';
import { fail, msg } from '../errors/messages';
import { computeBehaviour, type Behaviour } from './behaviour';
import { ExactSums, toMicro } from './exact-sum';
import { applyLog1p, featureColumns, type FeatureTransform } from './build';
import { applyScaler } from './scale';
import { dict } from '../io/dict';
import { clippedReason, countClipped } from './mixed';

/** Features of new customers, in the model's column order. */
export interface AppliedFeatures {
  /** Ids as written to outputs (pseudonyms when privacy.pseudonymise). */
  customerIds: string[];
  /** The transform's feature names (= transform.scaler.features). */
  names: string[];
  /** Feature values in their own units. */
  raw: number[][];
  /** After the saved log1p and scaler: comparable with the training FeatureTable.scaled. */
  scaled: number[][];
  /** Position of each kept customer in the cleaned customer table. */
  rowIndex: number[];
  /** Customers ledger entry: customers without a purchase counted as dropped. */
  ledger: LedgerEntry;
  /** Reference date of recency (ISO date); "" without transactions. */
  asOf: string;
}

/** Options of applyFeatures. */
export interface ApplyOptions {
  /**
   * Reference date for recency, tenure and the 90-day trend (ISO "YYYY-MM-DD"). Default: the new
   * data's own, the UTC midnight after its last transaction (not the training date: recency of
   * new data is measured "as of" that data). Pass the training run's date to rescore its customers.
   */
  asOf?: string;
}

const isCleanTransactions = (x: CleanTransactions | Behaviour): x is CleanTransactions => 'customerId' in x;

/** Category shares over a fixed category list (the training one); other categories sum into "other". */
function fixedCategoryShares(customerIds: readonly string[], tx: CleanTransactions, fit: { categories: string[]; other: boolean }): Record<string, number[]> {
  const index = new Map(customerIds.map((id, i) => [id, i]));
  const n = customerIds.length;
  // Exact sums in micro-units, as computeBehaviour's (exact-sum.ts), so the training shares are reproduced bit for bit.
  const gross = new ExactSums(n);
  const own = new Map(fit.categories.map((c) => [c, new ExactSums(n)]));
  const rest = new ExactSums(n);
  for (let t = 0; t < tx.customerId.length; t++) {
    const i = index.get(tx.customerId[t]);
    const amount = tx.amount[t];
    // The same purchase lines as computeBehaviour's gross spend.
    if (i === undefined || !(amount > 0) || tx.isReturn?.[t]) continue;
    const micro = toMicro(amount);
    gross.add(i, micro);
    const cat = tx.category?.[t];
    if (cat === undefined || cat === null) continue;
    (own.get(cat) ?? rest).add(i, micro);
  }
  const g = gross.toArray();
  const share = (spend: ExactSums): number[] => spend.toArray().map((s, i) => (g[i] > 0 ? s / g[i] : 0));
  const out: Record<string, number[]> = dict();
  for (const c of fit.categories) out[c] = share(own.get(c) as ExactSums);
  if (fit.other) out.other = share(rest);
  return out;
}

/**
 * Features of new customers with a fitted transform (no refitting). Customers without a purchase
 * are dropped and counted in the ledger, as in buildFeatures. Applying the training transform to
 * the training data reproduces `FeatureTable.scaled` exactly.
 * @param behaviour cleaned transactions of the new customers, behaviour from DuckDB, or null
 * @param config the model's config (features section, columns)
 * @example applyFeatures(cleaned, tx, config, model.transform, { asOf: '2026-01-01' }).scaled
 */
export function applyFeatures(
  customers: CleanCustomers,
  behaviour: CleanTransactions | Behaviour | null,
  config: RunConfig,
  transform: FeatureTransform,
  options: ApplyOptions = {},
): AppliedFeatures {
  const wanted = config.features.behavioural;
  if (!behaviour && wanted.length) fail('features', msg.noTransactionsForBehaviour(wanted));
  let b: Behaviour | null = null;
  if (behaviour && isCleanTransactions(behaviour)) {
    const computed = computeBehaviour(customers.ids, behaviour, options.asOf);
    b = transform.categoryShares ? { ...computed, categoryShares: fixedCategoryShares(customers.ids, behaviour, transform.categoryShares) } : computed;
  } else b = behaviour;
  const rowIndex = customers.ids.flatMap((_, i) => (!b || b.hasPurchase[i] ? [i] : []));
  const noPurchase = customers.ids.length - rowIndex.length;
  const ledger: LedgerEntry = {
    ...customers.ledger,
    rowsKept: rowIndex.length,
    dropped: { ...customers.ledger.dropped, ...(noPurchase ? { 'no purchase in the transactions file': noPurchase } : {}) },
  };
  const { columns } = featureColumns(customers, b, rowIndex, config, transform);
  const names = transform.scaler.features.slice();
  const absent = names.filter((name) => !(name in columns));
  if (absent.length) fail('features', msg.modelFeatureMismatch('applyFeatures', names, Object.keys(columns)));
  const raw = rowIndex.map((_, r) => names.map((name) => columns[name][r]));
  const logged = applyLog1p(raw, names, transform.log1p);
  const scaled = applyScaler(logged, transform.scaler);
  // Extreme values are clipped to the saved bounds, and counted as at fit time.
  for (const [col, count] of Object.entries(countClipped(logged, transform.scaler))) ledger.repairs = { ...ledger.repairs, [clippedReason(col, transform.log1p.includes(col))]: count };
  const publicIds = customers.publicIds ?? customers.ids;
  return {
    customerIds: rowIndex.map((i) => publicIds[i]),
    names,
    raw,
    scaled,
    rowIndex,
    ledger,
    asOf: b ? new Date(Math.floor(b.asOf / DAY_MS) * DAY_MS).toISOString().slice(0, 10) : '',
  };
}
