import * as path from 'node:path';
import { resolveRunConfig, parseKRange, type RunFlags } from '../config/load';
import type { DetectedRoles } from '../config/detect';
import { SeglabError, isSeglabError, msg } from '../errors/messages';
import { runPipeline } from '../pipeline/run';
import { writeRunOutputs } from '../pipeline/outputs';
import { reproduceRun } from '../pipeline/reproduce';
import { parseNotebookArgs, NOTEBOOK_USAGE } from '../notebook/args';
import { runNotebook } from '../notebook/run';
import { runScoreCommand } from '../model/cli';

export const USAGE = `seglab — customer segmentation workbench

Usage:
  seglab run --config <file.json> [overrides]
  seglab run --customers <file> --transactions <file> --out <dir> [--seed <n>] [--k <n|min-max>]
  seglab reproduce <run-folder>
  seglab score --model <run-folder>/model.json --customers <file> [--transactions <file>] [--as-of YYYY-MM-DD] --out <dir>
  seglab notebook run <notebook.ipynb> [-p name=value ...] [--out <dir>]
  seglab help

Options of "run" (each overrides the config file):
  --config <file>        run config (JSON); relative paths in it resolve against its folder
  --customers <file>     customers CSV (customer id, demographics, ...)
  --transactions <file>  transactions CSV (customer id, order date, amount); optional: without it the customer columns are the features
  --survey <file>        survey answers, one row per customer (joined on the id; numeric answers can be features)
  --web <file>           web analytics per session or per customer (joined on the id)
  --campaigns <file>     campaign log (customer id, campaign, converted [, revenue, cost]); writes campaigns.json
  --out <dir>            run folder to write (default reports/<name>)
  --name <name>          run name (default "run")
  --seed <n>             the run's one seed (default 42)
  --k <n|min-max>        number of segments, or the range to choose from by silhouette (default 2-8)

"score" puts new customers into the segments of a saved model (model.json in every run folder),
with the run's exact feature transforms, encoder and centroids; writes <out>/segments.csv.

"reproduce" reruns a run from its manifest.json (same config, seed and TensorFlow backend)
without writing anything, and says "identical" or names the first stage whose output differs.
Exit code: 0 identical, 3 different, 1 error.

${NOTEBOOK_USAGE}

Writes into the run folder: segments.csv, profiles.json, fairness.json, data-quality.json,
clv.json and clv.csv (when there are order lines), campaigns.json (with a campaign log),
manifest.json, report.html and charts/ (SVG and PNG of every chart).
`;

const VALUE_FLAGS = ['--config', '--customers', '--transactions', '--campaigns', '--out', '--name', '--seed', '--k', '--survey', '--web'] as const;

/** Parse the options of "seglab run". */
export function parseRunFlags(args: readonly string[]): RunFlags {
  const flags: RunFlags = {};
  for (let i = 0; i < args.length; i++) {
    const raw = args[i];
    const [flag, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) throw new SeglabError('cli', msg.unknownFlag(raw, VALUE_FLAGS));
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new SeglabError('cli', msg.flagNeedsValue(flag));
    switch (flag as (typeof VALUE_FLAGS)[number]) {
      case '--config':
        flags.config = value;
        break;
      case '--customers':
        flags.customers = value;
        break;
      case '--transactions':
        flags.transactions = value;
        break;
      case '--campaigns':
        flags.campaigns = value;
        break;
      case '--survey':
        flags.surveys = value;
        break;
      case '--web':
        flags.web = value;
        break;
      case '--out':
        flags.out = value;
        break;
      case '--name':
        flags.name = value;
        break;
      case '--seed': {
        const seed = Number(value);
        if (!Number.isInteger(seed) || seed < 0) throw new SeglabError('cli', msg.badConfigValue('--seed', value, 'a whole number >= 0'));
        flags.seed = seed;
        break;
      }
      case '--k':
        flags.k = parseKRange(value);
        break;
    }
  }
  return flags;
}

/** The detected roles as a config fragment the user can paste into a config file. */
export function describeDetected(d: DetectedRoles): string {
  const fragment = {
    columns: { customerId: d.customerId, orderDate: d.orderDate, amount: d.amount, pii: d.pii },
    fairness: { protected: d.protected },
    features: { customerColumns: [] as string[] },
  };
  return [
    'Detected column roles (copy into a config file to fix them):',
    JSON.stringify(fragment, null, 2),
    d.numericFeatures.length
      ? `Numeric customer columns you could add to features.customerColumns: ${d.numericFeatures.join(', ')}`
      : 'No other numeric customer columns found.',
  ].join('\n');
}

type Out = { log: (s: string) => void; error: (s: string) => void };

/** Run the CLI; returns the exit code. Errors a user can act on print one line, no stack trace. */
export async function main(argv: readonly string[], out: Out = console): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.log(USAGE);
        return command === undefined ? 2 : 0;
      case 'run': {
        const t0 = performance.now();
        const { config, detected } = resolveRunConfig(parseRunFlags(rest));
        if (detected) out.log(describeDetected(detected));
        const run = await runPipeline(config);
        const manifest = await writeRunOutputs(run, run.inputs);
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        const rel = path.relative(process.cwd(), config.outDir) || '.';
        out.log(
          `seglab: ${run.customerIds.length} customers in ${run.clustering.k} segments (${run.representation}, backend ${manifest.backend}) in ${seconds} s.\n` +
            `Report: ${path.join(rel, 'report.html')}`,
        );
        for (const w of [...run.clustering.warnings, ...run.fairness.warnings]) out.log(`warning: ${w}`);
        return 0;
      }
      case 'reproduce': {
        if (rest.length !== 1 || rest[0].startsWith('--')) throw new SeglabError('cli', msg.reproduceUsage());
        const report = await reproduceRun(path.resolve(rest[0]));
        for (const s of report.stages) out.log(`  ${s.same ? 'same     ' : 'DIFFERENT'} ${s.stage}`);
        if (report.identical) {
          out.log(`identical: every stage of ${rest[0]} reproduced exactly (backend ${report.backend.rerun}).`);
          return 0;
        }
        const first = report.firstDifference as NonNullable<typeof report.firstDifference>;
        out.log(`different: the first stage whose output differs is "${first.stage}": ${first.detail}.`);
        if (report.backend.recorded !== report.backend.rerun)
          out.log(`note: the recorded run used backend "${report.backend.recorded}", this machine "${report.backend.rerun}".`);
        return 3;
      }
      case 'score':
        return await runScoreCommand(rest, out);
      case 'notebook': {
        const [sub, ...nbArgs] = rest;
        if (sub !== 'run') throw new SeglabError('cli', msg.notebookUsage(sub ? `unknown subcommand "${sub}"` : 'missing subcommand "run"'));
        const a = parseNotebookArgs(nbArgs);
        const r = await runNotebook(a.notebook, a.params, a.outDir, { cellTimeoutSeconds: a.cellTimeoutSeconds });
        out.log(`notebook: ${path.relative(process.cwd(), r.executed)} executed in ${r.seconds} s; HTML: ${path.relative(process.cwd(), r.html as string)}`);
        return 0;
      }
      default:
        out.error(`seglab: unknown command "${command}". Run "seglab help".`);
        return 2;
    }
  } catch (e) {
    if (isSeglabError(e)) {
      out.error(`seglab ${e.message}`);
      return 1;
    }
    const err = e as Error;
    out.error(`seglab: internal error: ${err?.message ?? String(e)}\n${err?.stack ?? ''}\nThis is a bug in seglab; please report it with the command you ran.`);
    return 70;
  }
}
