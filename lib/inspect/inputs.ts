/**
 * The inspect step of a run started from flags (`seglab run --customers c.csv --transactions t.csv`):
 * read the first 16 MB of each file and propose the column roles, features and protected
 * attributes the flags do not give. The CLI calls it between reading the flags and validating the
 * config (lib/config/load.ts: resolveRunConfig), so the config stage never reads data files.
 */
import type { RunConfig, RunConfigInput } from '../config/types';
import { readDelimitedSample } from '../load/csv';
import { detectRoles, type DetectedRoles } from './roles';
import { ROW_ID } from '../load/source';

/**
 * The config input with the detected roles filled in where the user gave none, and what was detected.
 * @param first the config validated once from the flags alone (source paths resolved)
 * @example const { input, detected } = inspectInputs(validateConfig(fromFlags, cwd), fromFlags);
 */
export function inspectInputs(first: RunConfig, given: RunConfigInput): { input: RunConfigInput; detected: DetectedRoles } {
  const input: RunConfigInput = { ...given };
  // Roles are detected on the first 16 MB of each file (a 600 MB file is not read in JavaScript just
  // for that); the run itself then reads large files through DuckDB.
  const customers = readDelimitedSample(first.sources.customers.path, 'customers', first.sources.customers.delimiter);
  const txSpec = first.sources.transactions;
  const transactions = txSpec ? readDelimitedSample(txSpec.path, 'transactions', txSpec.delimiter) : null;
  const detected = detectRoles(customers, transactions);
  if (!transactions) {
    // A customers-only run: the features are the customer columns (and the survey / web
    // columns) that can be features; no behaviour, no CLV. The outcome is profiled, never used.
    const extraNumeric: string[] = [];
    for (const role of ['surveys', 'web'] as const) {
      const spec = first.sources[role];
      if (!spec) continue;
      const t = readDelimitedSample(spec.path, role, spec.delimiter);
      const extra = detectRoles(t, null);
      const idCol = detected.customerId ?? extra.customerId;
      extraNumeric.push(...extra.numericFeatures.filter((c) => c !== idCol && !customers.header.includes(c)));
    }
    const chosen = [...detected.numericFeatures, ...extraNumeric].filter((c) => !detected.protected.includes(c));
    input.features = { behavioural: [], customerColumns: chosen, ...input.features };
    input.clv = { enabled: false, ...input.clv };
    // No id column: one row per customer, numbered (what the error for a missing id advises in a
    // config file; UCI Online Shoppers, Bank Marketing, Wholesale).
    if (!detected.customerId && !given.columns?.customerId) {
      detected.customerId = ROW_ID;
      detected.rowNumbered = true;
    }
  }
  // An outcome column found by name (churn, exited, response...) is profiled per segment, never a feature.
  if (detected.label) input.columns = { label: detected.label, ...input.columns };
  input.columns = {
    ...(detected.customerId ? { customerId: detected.customerId } : {}),
    ...(detected.orderDate ? { orderDate: detected.orderDate } : {}),
    ...(detected.amount ? { amount: detected.amount } : {}),
    pii: detected.pii,
    ...input.columns,
  };
  input.fairness = { protected: detected.protected, ...input.fairness };
  // The whole resolved input, named as the run is, so the printed config reproduces the run when pasted.
  detected.config = { name: first.name, ...input };
  return { input, detected };
}
