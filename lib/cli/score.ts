/**
 * `seglab score`: assign the customers of new files to a saved run's segments.
 *
 *   seglab score --model reports/demo/model.json --customers new.csv [--transactions tx.csv]
 *                [--as-of 2026-01-01] --out scored/
 *
 * Writes `<out>/segments.csv` (customer_id, segment 1..k, segment_name), `<out>/ledger.json`
 * (every row read, kept or dropped with the reason), `features.csv` and `score.json` (see
 * snapshot.ts, read by `seglab compare`). Input, model and run folders are never
 * written to. Errors are SeglabErrors (the CLI prints them as one line).
 */
import { parseCommandArgs } from '../io/args';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectBackend } from '../embed/backend';
import { SeglabError, fail, msg } from '../errors/messages';
import { checkOutputPlace, fsErrorSentence } from '../io/run-folder';
import { sha256File, writeFileAtomic } from '../io/atomic';
import { ROW_ID, readSource, withRowIds } from '../load/source';
import { loadModel } from '../model/artifact';
import { scoreCustomers, scoringConfig } from '../model/score';
import { scoredSegmentsCsv } from '../model/segments-csv';
import { scoreFeaturesCsv, scoreSummary } from '../model/snapshot';

/** Parsed `seglab score` flags (paths resolved against the working directory). */
export interface ScoreFlags {
  model: string;
  customers: string;
  transactions: string | null;
  out: string;
  /** Reference date for recency (ISO); null = the new data's own. */
  asOf: string | null;
}

/**
 * Parse `seglab score` arguments (`--flag value` or `--flag=value`).
 * @example parseScoreFlags(['--model', 'm.json', '--customers', 'c.csv', '--out', 'o']).transactions // null
 */
export function parseScoreFlags(args: readonly string[]): ScoreFlags {
  const text = { type: 'string' } as const;
  const { values } = parseCommandArgs(args, { model: text, customers: text, transactions: text, out: text, 'as-of': text }, (problem) => fail('cli', msg.scoreUsage(problem)));
  const found: Record<string, string | undefined> = Object.fromEntries(Object.entries(values).map(([k, v]) => [`--${k}`, v]));
  for (const required of ['--model', '--customers', '--out']) if (!found[required]) fail('cli', msg.scoreUsage(`${required} is required`));
  const asOf = found['--as-of'] ?? null;
  if (asOf !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) fail('cli', msg.scoreUsage(`--as-of "${asOf}" is not a date YYYY-MM-DD`));
  return {
    model: path.resolve(found['--model'] as string),
    customers: path.resolve(found['--customers'] as string),
    transactions: found['--transactions'] ? path.resolve(found['--transactions']) : null,
    out: path.resolve(found['--out'] as string),
    asOf,
  };
}

/**
 * The body of `seglab score`; returns the exit code (0). The TensorFlow backend is loaded only when
 * the model segments in the autoencoder embedding.
 * @example await runScoreCommand(['--model', 'reports/demo/model.json', '--customers', 'new.csv', '--out', 'scored'], console)
 */
export async function runScoreCommand(args: readonly string[], out: { log: (s: string) => void }): Promise<number> {
  const flags = parseScoreFlags(args);
  if (!fs.existsSync(flags.model)) fail('cli', msg.scoreUsage(`the model file ${flags.model} does not exist`));
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(flags.model, 'utf8'));
  } catch (e) {
    return fail('model', msg.modelInvalid(`${flags.model} is not JSON (${(e as Error).message})`));
  }
  const model = loadModel(json);
  checkScoreOut(flags);
  // A model fitted with columns.customerId "row_id" (a file with no id column) numbers the rows as `seglab run` does.
  const read = await readSource({ path: flags.customers }, 'customers');
  const customers = scoringConfig(model).columns.customerId === ROW_ID ? withRowIds(read) : read;
  const transactions = flags.transactions ? await readSource({ path: flags.transactions }, 'transactions') : null;
  const tf = model.space === 'embedding' ? (await selectBackend('auto')).tf : null;
  const result = scoreCustomers(model, customers, transactions, tf, flags.asOf ? { asOf: flags.asOf } : {});
  const file = path.join(flags.out, 'segments.csv');
  const ledgerFile = path.join(flags.out, 'ledger.json');
  // The ledger first: a segments.csv on disk always has the account of the rows it lacks beside it.
  writeScoreFile(ledgerFile, `${JSON.stringify(result.ledger, null, 2)}\n`);
  writeScoreFile(file, scoredSegmentsCsv(result));
  writeScoreFile(path.join(flags.out, 'features.csv'), scoreFeaturesCsv(result));
  writeScoreFile(path.join(flags.out, 'score.json'), `${JSON.stringify(scoreSummary(model, sha256File(flags.model), result), null, 2)}\n`);
  const dropped = customers.rows.length - result.customerIds.length;
  out.log(`seglab score: ${result.customerIds.length} customers in ${model.k} segments${dropped ? ` (${dropped} rows not scored; reasons in ${path.relative(process.cwd(), ledgerFile) || ledgerFile})` : ''}. Wrote ${path.relative(process.cwd(), file) || file}`);
  return 0;
}

/**
 * Where `seglab score` may write: never in or around an input's or the model's folder (real paths),
 * and never into a run folder (its segments.csv is the run's own).
 */
function checkScoreOut(flags: ScoreFlags): void {
  checkOutputPlace(flags.out, [flags.customers, ...(flags.transactions ? [flags.transactions] : []), flags.model], null, 'cli');
  if (fs.existsSync(path.join(flags.out, 'manifest.json'))) fail('cli', msg.scoreOutIsRun(flags.out));
}

/** Write one output of `seglab score` atomically; a file-system failure is one sentence. */
function writeScoreFile(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (e) {
    throw new SeglabError('score', fsErrorSentence(e, file));
  }
}
