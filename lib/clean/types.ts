/** The row ledger: for every source, rows read = rows kept + rows dropped (by reason). */
export interface LedgerEntry {
  /** Source name, e.g. "customers" or "transactions". */
  source: string;
  /** File the rows came from. */
  file: string;
  rowsRead: number;
  rowsKept: number;
  /** Rows dropped, by reason (a plain-words reason -> count). */
  dropped: Record<string, number>;
  /** Values changed but rows kept (e.g. "income: missing filled with median 41200" -> 37). */
  repairs: Record<string, number>;
}

export type Ledger = LedgerEntry[];
