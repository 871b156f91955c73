/**
 * Stage 2 of the data layer, over every source: clean customers (with the optional sources
 * joined on the id), then transactions against the kept customers (in Node, or with SQL in
 * DuckDB when the source stayed there), and profile each source for the report.
 */
import type { RunConfig } from '../config/types';
import { EXTRA_SOURCE_ROLES } from '../config/types';
import type { Behaviour } from '../features/behaviour';
import { behaviourFromDuckdb } from '../features/behaviour-sql';
import { isDuckSource, type LoadedSources } from '../load/source';
import { missingSet } from './coerce';
import { cleanCustomers, type CleanCustomers } from './customers';
import { profileSource, type SourceProfile } from './profile';
import { cleanTransactions, type CleanTransactions, type CleanTransactionsOptions } from './transactions';
import type { Ledger } from './types';

/** Every source cleaned. */
export interface CleanedSources {
  customers: CleanCustomers;
  /** Cleaned order lines (Node path), or null (DuckDB path or no transactions). */
  transactions: CleanTransactions | null;
  /** Per-customer behaviour computed in DuckDB (large or Parquet transactions), else null. */
  behaviour: Behaviour | null;
  /** The data-quality profile of every source as read. */
  profiles: SourceProfile[];
  /** Ledger entries of the optional sources and transactions (customers: see FeatureTable.ledger). */
  ledger: Ledger;
}

/**
 * Clean every loaded source. `env` supplies the pseudonym salt (privacy.saltEnv).
 * @example const cleaned = await cleanSources(await loadSources(config), config);
 *          const features = buildFeatures(cleaned.customers, cleaned.behaviour ?? cleaned.transactions, config);
 */
export async function cleanSources(
  loaded: LoadedSources,
  config: RunConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: CleanTransactionsOptions = {},
): Promise<CleanedSources> {
  const customers = cleanCustomers(loaded.customers, config, loaded.extras, env);
  const missing = missingSet(config.clean.missingTokens);
  const profiles: SourceProfile[] = [profileSource(loaded.customers, missing, [config.columns.customerId, ...customers.piiColumns])];
  const idIdx = loaded.customers.header.indexOf(config.columns.customerId);
  const allIds = new Set(loaded.customers.rows.map((r) => r[idIdx].trim()));
  let transactions: CleanTransactions | null = null;
  let behaviour: Behaviour | null = null;
  const tx = loaded.transactions;
  if (isDuckSource(tx)) {
    behaviour = await behaviourFromDuckdb(tx, customers.ids, allIds, config, options);
  } else if (tx) {
    transactions = cleanTransactions(tx, config, new Set(customers.ids), allIds, options);
    profiles.push(profileSource(tx, missing, [config.columns.customerId]));
  }
  for (const role of EXTRA_SOURCE_ROLES) {
    const t = loaded.extras[role];
    if (t) profiles.push(profileSource(t, missing, [config.sources[role]?.idColumn ?? config.columns.customerId, ...config.columns.pii]));
  }
  const txLedger = transactions?.ledger ?? behaviour?.ledger;
  return { customers, transactions, behaviour, profiles, ledger: [...(txLedger ? [txLedger] : []), ...customers.extraLedger] };
}
