/**
 * Stage 2 of the data layer, over every source: clean customers (with the optional sources
 * joined on the id), then transactions against the kept customers (in Node, or with SQL in
 * DuckDB when the source stayed there), and profile each source for the report.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunConfig } from '../config/types';
import { EXTRA_SOURCE_ROLES } from '../config/types';
import type { Behaviour } from '../features/behaviour';
import { behaviourFromDuckdb } from '../features/behaviour-sql';
import type { ClvInputs } from '../clv/stage';
import { clvInputsFromDuckdb } from '../clv/summary-sql';
import { isSeglabError, msg } from '../errors/messages';
import { isDuckSource, type LoadedSources } from '../load/source';
import { missingSet } from './coerce';
import { cleanCustomers, type CleanCustomers } from './customers';
import { profileDuckSource, profileSource, type SourceProfile } from './profile';
import { detectPersonalColumns, type PiiFinding } from './pii';
import { cleanTransactions, type CleanTransactions, type CleanTransactionsOptions } from './transactions';
import type { Ledger } from './types';

/** Every source cleaned. */
export interface CleanedSources {
  customers: CleanCustomers;
  /** Cleaned order lines (Node path), or null (DuckDB path or no transactions). */
  transactions: CleanTransactions | null;
  /** Per-customer behaviour computed in DuckDB (large or Parquet transactions), else null. */
  behaviour: Behaviour | null;
  /**
   * DuckDB path with clv.enabled: the per-customer BTYD summaries and net revenue, computed by SQL
   * in the same pass (the order lines never reach Node); else null.
   */
  clvInputs?: ClvInputs | null;
  /** Why `clvInputs` could not be computed on the DuckDB path (one sentence), else null. */
  clvInputsError?: string | null;
  /** The data-quality profile of every source as read. */
  profiles: SourceProfile[];
  /** Ledger entries of the optional sources and transactions (customers: see FeatureTable.ledger). */
  ledger: Ledger;
  /** Personal columns found in every in-memory source (customers, transactions, surveys...), with the reason; never values. */
  personal: { source: string; file: string; findings: PiiFinding[] }[];
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
  const personal: CleanedSources['personal'] = [{ source: loaded.customers.role, file: loaded.customers.file, findings: customers.piiFindings }];
  const idIdx = loaded.customers.header.indexOf(config.columns.customerId);
  const allIds = new Set(loaded.customers.rows.map((r) => r[idIdx].trim()));
  let transactions: CleanTransactions | null = null;
  let behaviour: Behaviour | null = null;
  const tx = loaded.transactions;
  let clvInputs: ClvInputs | null = null;
  let clvInputsError: string | null = null;
  if (isDuckSource(tx)) {
    let txProfile: SourceProfile | null = null;
    const inSession = async (con: DuckDBConnection): Promise<void> => {
      // The data-quality profile, as on the Node path: of the first 200,000 rows (profileSource's cap).
      txProfile = await profileDuckSource(con, tx, missing, [config.columns.customerId]);
      if (!config.clv.enabled) return;
      const { margin, horizonDays, unitDays, annualDiscountRate, holdoutDays } = config.clv;
      try {
        clvInputs = await clvInputsFromDuckdb(con, 'kept_tx', { margin, horizonDays, unitDays, annualDiscountRate, ...(holdoutDays === null ? {} : { holdoutDays }) });
      } catch (e) {
        // CLV rides on the segmentation: a failure here is reported by the CLV stage, not fatal.
        clvInputsError = isSeglabError(e) ? e.message : msg.duckdbFailed(tx.role, tx.file, String((e as Error)?.message ?? e).split('\n')[0]);
      }
    };
    behaviour = await behaviourFromDuckdb(tx, customers.ids, allIds, config, options, inSession);
    // Counted by the aggregation (the manifest and model card list every input with its rows).
    tx.rowCount = behaviour.ledger.rowsRead;
    if (txProfile) profiles.push({ ...(txProfile as SourceProfile), rows: tx.rowCount });
  } else if (tx) {
    transactions = cleanTransactions(tx, config, new Set(customers.ids), allIds, options);
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
  const txLedger = transactions?.ledger ?? behaviour?.ledger;
  return { customers, transactions, behaviour, clvInputs, clvInputsError, profiles, ledger: [...(txLedger ? [txLedger] : []), ...customers.extraLedger], personal };
}
