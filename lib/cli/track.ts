/**
 * `seglab track --config <file.json> [--model <model.json>] --every month --from YYYY-MM-DD
 *  --to YYYY-MM-DD --out <dir>`: score the config's customers as of each first of the month from
 * --from to --to with one saved model (--model; else model.json in the config's run folder, as
 * `seglab run --config` writes it; else a model fitted on the data before --fit-before, default
 * --from), compare consecutive dates, refit by the config's `track.refitWhen` policy. Parsing is
 * self-contained here.
 *
 * The config file is a run config plus an optional section read only by this command:
 *
 *   "track": { "refitWhen": { "psi": 0.25, "stability": 0.7 } }
 */
import { parseCommandArgs } from '../io/args';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigFile } from '../config/load';
import { validateConfig } from '../config/validate';
import { selectBackend } from '../embed/backend';
import { compareMsg, fail } from '../errors/messages';
import { sha256, sha256File, writeFileAtomic } from '../io/atomic';
import { readSource } from '../load/source';
import { loadModel } from '../model/artifact';
import { monthlyDates } from '../track/asof';
import { fitModelAsOf } from '../track/fit';
import { refitPolicyOf } from '../track/refit-policy';
import { trackSegments } from '../track/track';
import { writeTrackOutputs } from '../track/write';

export interface TrackFlags {
  config: string;
  model: string | null;
  /** Fit the model on the data before this date when there is no saved model (default: --from). */
  fitBefore: string | null;
  from: string;
  to: string;
  out: string;
}

const isDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/**
 * Parse `seglab track` arguments.
 * @example parseTrackFlags(['--config', 'c.json', '--every', 'month', '--from', '2011-01-01', '--to', '2011-06-01', '--out', 'o']).model // null
 */
export function parseTrackFlags(args: readonly string[]): TrackFlags {
  const text = { type: 'string' } as const;
  const options = { config: text, model: text, 'fit-before': text, every: text, from: text, to: text, out: text };
  const { values } = parseCommandArgs(args, options, (problem) => fail('cli', compareMsg.trackUsage(problem)));
  const found = Object.fromEntries(Object.entries(values).map(([k, v]) => [`--${k}`, v])) as Record<string, string>;
  for (const required of ['--config', '--from', '--to', '--out']) if (!found[required]) fail('cli', compareMsg.trackUsage(`${required} is required`));
  const every = found['--every'] ?? 'month';
  if (every !== 'month') fail('cli', compareMsg.trackUsage(`--every "${every}" is not supported; the one period is "month"`));
  for (const f of ['--from', '--to', ...(found['--fit-before'] ? ['--fit-before'] : [])]) if (!isDate(found[f])) fail('cli', compareMsg.trackUsage(`${f} "${found[f]}" is not a date YYYY-MM-DD`));
  return {
    config: path.resolve(found['--config']),
    model: found['--model'] ? path.resolve(found['--model']) : null,
    fitBefore: found['--fit-before'] ?? null,
    from: found['--from'],
    to: found['--to'],
    out: path.resolve(found['--out']),
  };
}

/** The body of `seglab track`; returns the exit code. */
export async function runTrackCommand(args: readonly string[], out: { log: (s: string) => void }): Promise<number> {
  const flags = parseTrackFlags(args);
  const dates = monthlyDates(flags.from, flags.to);
  if (dates.length < 2) fail('cli', compareMsg.trackUsage(compareMsg.trackNoDates(flags.from, flags.to)));
  const { track, ...raw } = readConfigFile(flags.config) as Record<string, unknown>;
  const policy = refitPolicyOf(track);
  const config = validateConfig(raw as Parameters<typeof validateConfig>[0], path.dirname(flags.config));
  const inputs = [config.sources.customers.path, config.sources.transactions?.path].filter((p): p is string => !!p).map((p) => path.dirname(path.resolve(p)));
  if (inputs.includes(flags.out)) fail('cli', compareMsg.trackUsage(compareMsg.outIsInput(flags.out)));
  if (!config.sources.transactions) fail('cli', compareMsg.trackUsage('the config has no sources.transactions; tracking recomputes features as of each date from the transactions'));
  const transactions = await readSource(config.sources.transactions, 'transactions');
  const sameFile = path.resolve(config.sources.customers.path) === path.resolve(config.sources.transactions.path);
  const customers = sameFile ? { ...transactions, role: 'customers' } : await readSource(config.sources.customers, 'customers');
  // The model: --model, else the config's run folder's model.json, else fitted on the data before --fit-before (default --from).
  const saved = flags.model ?? path.join(config.outDir, 'model.json');
  if (flags.model && !fs.existsSync(flags.model)) fail('cli', compareMsg.trackUsage(`the model file ${flags.model} does not exist`));
  let model;
  let modelSha256: string;
  if (fs.existsSync(saved) && !flags.fitBefore) {
    model = loadModel(JSON.parse(fs.readFileSync(saved, 'utf8')));
    modelSha256 = sha256File(saved);
  } else {
    const fitBefore = flags.fitBefore ?? flags.from;
    model = fitModelAsOf(config, customers, transactions, sameFile, fitBefore).model;
    const text = JSON.stringify(model);
    modelSha256 = sha256(text);
    writeFileAtomic(path.join(flags.out, 'models', `fitted-before-${fitBefore}.json`), text);
    out.log(`seglab track: no saved model given; fitted ${model.k} segments on the data before ${fitBefore} (models/fitted-before-${fitBefore}.json).`);
  }
  const tf = model.space === 'embedding' ? (await selectBackend('auto')).tf : null;
  const result = trackSegments({ model, modelSha256, customers, transactions, customersDated: sameFile }, { dates, refitWhen: policy, seed: config.seed, tf });
  await writeTrackOutputs(flags.out, result);
  const last = result.steps[result.steps.length - 1];
  out.log(`seglab track: ${dates.length} dates (${dates[0]} to ${dates[dates.length - 1]}), ${last.snapshot.ids.length} customers at the last; ${result.refits.length} refit(s). Wrote ${path.join(path.relative(process.cwd(), flags.out) || '.', 'track.html')}, timeline.json, snapshots/, steps/`);
  return 0;
}
