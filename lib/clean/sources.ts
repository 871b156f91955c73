/**
 * Stage 2 of the data layer, over every in-memory source: clean customers (with the optional sources
 * joined on the id), then transactions against the kept customers, and profile each source for the
 * report. Order lines that stayed in DuckDB (large or Parquet files) are cleaned in SQL in the same
 * pass that aggregates them; the runner does that (lib/pipeline/sources.ts), so this stage never
 * computes features.
 */
import type { RunConfig } from '../config/types';
import { EXTRA_SOURCE_ROLES } from '../config/types';
import { isDuckSource, type LoadedSources } from '../load/source';
import { missingSet } from './coerce';
import { cleanCustomers, type CleanCustomers } from './customers';
import { profileSource, type SourceProfile } from './profile';
import { detectPersonalColumns, type PiiFinding } from './pii';
import { cleanTransactions, type CleanTransactions, type CleanTransactionsOptions } from './transactions';
import type { Ledger } from './types';

/** Every in-memory source cleaned. */
export interface CleanedTables {
  customers: CleanCustomers;
  /** Cleaned order lines (Node path), or null (DuckDB path or no transactions). */
  transactions: CleanTransactions | null;
  /** The data-quality profile of every source as read (order lines in DuckDB: added by the runner). */
  profiles: SourceProfile[];
  /** Ledger entries of the optional sources and transactions (customers: see FeatureTable.ledger). */
  ledger: Ledger;
  /** Personal columns found in every in-memory source (customers, transactions, surveys...), with the reason; never values. */
  personal: { source: string; file: string; findings: PiiFinding[] }[];
}

/** The trimmed ids of every customer row as read (before cleaning drops any). */
export function allCustomerIds(loaded: LoadedSources, config: RunConfig): Set<string> {
  const idIdx = loaded.customers.header.indexOf(config.columns.customerId);
  return new Set(loaded.customers.rows.map((r) => r[idIdx].trim()));
}

/**
 * Clean every in-memory source. `env` supplies the pseudonym salt (privacy.saltEnv). Order lines
 * held in DuckDB are left to the aggregation (lib/pipeline/sources.ts: cleanSources).
 * @example const tables = cleanSourceTables(await loadSources(config), config);
 */
export function cleanSourceTables(
  loaded: LoadedSources,
  config: RunConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: CleanTransactionsOptions = {},
): CleanedTables {
  const customers = cleanCustomers(loaded.customers, config, loaded.extras, env);
  const missing = missingSet(config.clean.missingTokens);
  const profiles: SourceProfile[] = [profileSource(loaded.customers, missing, [config.columns.customerId, ...customers.piiColumns])];
  const personal: CleanedTables['personal'] = [{ source: loaded.customers.role, file: loaded.customers.file, findings: customers.piiFindings }];
  let transactions: CleanTransactions | null = null;
  const tx = loaded.transactions;
  if (tx && !isDuckSource(tx)) {
    transactions = cleanTransactions(tx, config, new Set(customers.ids), allCustomerIds(loaded, config), options);
    // Order lines can carry personal data too (a card number, an e-mail in a note): found, hidden, scanned for in the outputs.
    const findings = detectPersonalColumns(tx, config.columns.pii, missing, [config.columns.customerId]);
    personal.push({ source: tx.role, file: tx.file, findings });
    profiles.push(profileSource(tx, missing, [config.columns.customerId, ...findings.map((f) => f.column)]));
  }
  for (const role of EXTRA_SOURCE_ROLES) {
    const t = loaded.extras[role];
    if (!t) continue;
    const idColumn = config.sources[role]?.idColumn ?? config.columns.customerId;
    const findings = detectPersonalColumns(t, config.columns.pii.filter((c) => t.header.includes(c)), missing, [idColumn]);
    personal.push({ source: t.role, file: t.file, findings });
    profiles.push(profileSource(t, missing, [idColumn, ...findings.map((f) => f.column)]));
  }
  return { customers, transactions, profiles, ledger: [...(transactions ? [transactions.ledger] : []), ...customers.extraLedger], personal };
}
