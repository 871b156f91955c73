/**
 * A warning when many customer rows were dropped as repeats of a customer id.
 *
 * Cleaning keeps one row per customer id (the last in the file, or the latest by
 * columns.updatedAt) and counts the rest in the ledger. A few repeats are dirt; a large share
 * means the file has several rows per customer (one per week, per store visit, per order), and
 * the segments then describe one of those rows per customer, e.g. the last week of an A/B log.
 * The ledger alone did not say so on the command line's warnings or the report's first screen.
 */
import * as path from 'node:path';
import type { RunConfig } from '../config/types';
import type { LedgerEntry } from './types';
import { msg } from '../errors/messages';

/** The share of customer rows dropped as repeated ids from which the run warns. */
export const DUPLICATE_SHARE_WARNING = 0.1;

/**
 * The warning sentence, or null when repeated ids dropped less than `minShare` of the rows read.
 * @example duplicateIdsWarning(cleaned.customers.ledger, 'LocationID') // "customers file ... 411 of 548 rows ..."
 */
export function duplicateIdsWarning(ledger: LedgerEntry, idColumn: string, hasUpdatedAt: boolean, minShare = DUPLICATE_SHARE_WARNING): string | null {
  const dropped = Object.entries(ledger.dropped)
    .filter(([reason]) => reason.startsWith('duplicate customer id'))
    .reduce((sum, [, n]) => sum + n, 0);
  if (dropped === 0 || ledger.rowsRead === 0 || dropped / ledger.rowsRead < minShare) return null;
  return msg.manyDuplicateIds(ledger.file, idColumn, dropped, ledger.rowsRead, ledger.rowsKept, hasUpdatedAt);
}

/**
 * The run's warning: none when the customers file is also the transactions file (an order-line
 * file read as both, as the Online Retail example does, repeats every id by design).
 * @example duplicateIdsWarningFor(config, cleaned.customers.ledger)
 */
export function duplicateIdsWarningFor(config: RunConfig, ledger: LedgerEntry): string | null {
  const tx = config.sources.transactions?.path;
  if (tx && path.resolve(tx) === path.resolve(config.sources.customers.path)) return null;
  return duplicateIdsWarning(ledger, config.columns.customerId, Boolean(config.columns.updatedAt));
}
