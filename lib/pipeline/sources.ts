/**
 * Clean every source for a run. In-memory sources go through the clean stage (lib/clean/sources.ts);
 * order lines that stayed in DuckDB (large or Parquet files) are cleaned, aggregated into behaviour
 * features and, with clv.enabled, summarised for CLV by SQL in one DuckDB session, so the lines never
 * reach Node. That pass spans three stages (clean, features, clv), which is why the runner wires it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunConfig } from '../config/types';
import { cleanSourceTables, allCustomerIds, type CleanedTables } from '../clean/sources';
import { missingSet } from '../clean/coerce';
import { readDuckProfileRows, type SourceProfile } from '../clean/profile';
import type { CleanTransactionsOptions } from '../clean/transactions';
import type { Behaviour } from '../features/behaviour';
import { behaviourFromDuckdb, KEPT_DAYS_CLV } from '../features/behaviour-sql';
import type { ClvInputs } from '../clv/stage';
import { clvInputsFromDuckdb } from '../clv/summary-sql';
import { isSeglabError, msg } from '../errors/messages';
import { isDuckSource, type LoadedSources } from '../load/source';

/** Every source cleaned, with the DuckDB path's aggregates. */
export interface CleanedSources extends CleanedTables {
  /** Per-customer behaviour computed in DuckDB (large or Parquet transactions), else null. */
  behaviour: Behaviour | null;
  /**
   * DuckDB path with clv.enabled: the per-customer BTYD summaries and net revenue, computed by SQL
   * in the same pass (the order lines never reach Node); else null.
   */
  clvInputs?: ClvInputs | null;
  /** Why `clvInputs` could not be computed on the DuckDB path (one sentence), else null. */
  clvInputsError?: string | null;
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
  const tx = loaded.transactions;
  if (!isDuckSource(tx)) return { ...cleanSourceTables(loaded, config, env, options), behaviour: null, clvInputs: null, clvInputsError: null };
  const missing = missingSet(config.clean.missingTokens);
  // The customers are cleaned (JavaScript) while DuckDB reads and joins the order lines, and the
  // order lines' profile is computed while DuckDB groups them (issue 15); errors come in the same order.
  let tables: CleanedTables | null = null;
  const keptIds = (): readonly string[] => {
    tables = cleanSourceTables(loaded, config, env, options);
    return tables.customers.ids;
  };
  let txProfile: SourceProfile | null = null;
  const profile = async (con: DuckDBConnection): Promise<() => void> => {
    // The data-quality profile, as on the Node path: of the first 200,000 rows (profileSource's cap).
    const fromRows = await readDuckProfileRows(con, tx);
    return () => {
      txProfile = fromRows(missing, [config.columns.customerId]);
    };
  };
  let clvInputs: ClvInputs | null = null;
  let clvInputsError: string | null = null;
  const inSession = async (con: DuckDBConnection, idOf: (k: number) => string): Promise<void> => {
    if (!config.clv.enabled) return;
    const { margin, horizonDays, unitDays, annualDiscountRate, holdoutDays } = config.clv;
    try {
      // kept_tx's cid is an integer key, named by the table `names` (behaviour-sql.ts).
      clvInputs = await clvInputsFromDuckdb(con, 'kept_tx', { margin, horizonDays, unitDays, annualDiscountRate, ...(holdoutDays === null ? {} : { holdoutDays }) }, { names: 'names', days: KEPT_DAYS_CLV, idOf });
    } catch (e) {
      // CLV rides on the segmentation: a failure here is reported by the CLV stage, not fatal.
      clvInputsError = isSeglabError(e) ? e.message : msg.duckdbFailed(tx.role, tx.file, String((e as Error)?.message ?? e).split('\n')[0]);
    }
  };
  const behaviour = await behaviourFromDuckdb(tx, keptIds, allCustomerIds(loaded, config), config, { ...options, clvDays: config.clv.enabled }, inSession, profile);
  if (!tables) throw new Error('cleanSources: the customers were not cleaned');
  const cleaned: CleanedTables = tables;
  // Counted by the aggregation (the manifest and model card list every input with its rows).
  tx.rowCount = behaviour.ledger.rowsRead;
  // The order lines' profile goes where the Node path puts it: after the customers', before the optional sources'.
  const profiles = txProfile ? [cleaned.profiles[0], { ...(txProfile as SourceProfile), rows: tx.rowCount }, ...cleaned.profiles.slice(1)] : cleaned.profiles;
  return { ...cleaned, profiles, ledger: [behaviour.ledger, ...cleaned.ledger], behaviour, clvInputs, clvInputsError };
}
