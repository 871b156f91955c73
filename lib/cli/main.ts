import * as path from 'node:path';
import { resolveRunConfig, parseKRange, type RunFlags } from '../config/load';
import { parseCommandArgs } from '../io/args';
import type { DetectedRoles } from '../inspect/roles';
import { inspectInputs } from '../inspect/inputs';
import { SeglabError, isSeglabError, msg } from '../errors/messages';
import { runPipeline } from '../pipeline/run';
import { writeRunOutputs } from '../pipeline/outputs';
import { parseNotebookArgs, NOTEBOOK_USAGE } from '../notebook/args';
import { runNotebook } from '../notebook/run';
import { runScoreCommand } from './score';
import { runSqlCommand } from './sql';
import { runWarehouseCommand } from './warehouse';
import { reproduceWarehouseRun } from '../warehouse/reproduce';
import { terminalSafe } from '../errors/sanitize';
import { runCompareCommand } from './compare';
import { runTrackCommand } from './track';
import { commandHelp, isCommand, versionLine, wantsHelp } from './help';
import { progressDisplay, type ProgressStream } from './progress';
import { summaryLines, type SummarySection } from './summary';
import { fairnessVerdictLines } from './run-summary';
import { configSchemaText } from '../config/schema';

/**
 * Extra sections of the end-of-run summary, in order (each returns lines, or [] to show nothing).
 * The fairness verdict comes first after the segments.
 */
export const SUMMARY_SECTIONS: readonly SummarySection[] = [fairnessVerdictLines];

export const USAGE = `seglab — customer segmentation workbench

Usage:
  seglab run --config <file.json> [overrides]
  seglab run --customers <file> --transactions <file> --out <dir> [--seed <n>] [--k <n|min-max>]
  seglab reproduce <run-folder>
  seglab score --model <run-folder>/model.json --customers <file> [--transactions <file>] [--as-of YYYY-MM-DD] --out <dir>
  seglab notebook run <notebook.ipynb> [-p name=value ...] [--out <dir>]
  seglab compare <before> <after> --out <dir> [--weight clv] [--refit | --same-model]
  seglab track --config <file.json> [--model <model.json> | --fit-before YYYY-MM-DD] --every month --from YYYY-MM-DD --to YYYY-MM-DD --out <dir>
  seglab schema                      print the JSON Schema of the run config
  seglab sql --model <run-folder>/model.json --dialect duckdb|postgres|clickhouse|bigquery|snowflake|spark [--orders <table>] [--customers <table>] [--as-of YYYY-MM-DD]
  seglab <command> --help            options and an example for one command
  seglab --version
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

"compare" says what changed between two run or score folders: migration matrix (entered, exited),
segment-share and feature drift (PSI), refit matching; writes compare.html, migration.json,
drift.json and audiences/*.csv. "track" scores the config's customers as of each month with one
model (refitting by the config's track.refitWhen) and writes track.html, timeline.json, snapshots/.

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
  const options = Object.fromEntries(VALUE_FLAGS.map((f) => [f.slice(2), { type: 'string' as const }]));
  const { values } = parseCommandArgs(args, options, (_problem, detail) => {
    throw new SeglabError('cli', detail.kind === 'unknown' ? msg.unknownFlag(detail.flag, VALUE_FLAGS) : msg.flagNeedsValue(detail.flag));
  });
  for (const [name, value] of Object.entries(values) as [string, string][]) {
    const flag = `--${name}`;
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

/**
 * JSON for the terminal that stays JSON: JSON.stringify escapes C0 controls; DEL and C1 controls (which
 * a terminal may act on) become \u escapes too. Never cut like terminalSafe's quoted spans: a long
 * column name cut to "Naive…_2" (130 characters) made the printed config invalid (trial of 2026-11-29).
 */
function terminalJson(json: string): string {
  return json.replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The detected roles as a config fragment the user can paste into a config file, safe to print on a terminal. */
export function describeDetected(d: DetectedRoles): string {
  // The complete config the run was resolved from (nulls dropped: a null role is no role): pasted into
  // a file and run with --config, it repeats this run.
  if (d.config) {
    const notFeatures = (d.notFeatures ?? []).map((x) => `${x.column} (${x.reason})`);
    const customersOnly = d.config.features?.customerColumns !== undefined;
    return [
      'Detected column roles. The complete config of this run (save it as a .json file and run `seglab run --config <file>` to repeat the run, or edit it to change a role):',
      terminalJson(JSON.stringify(d.config, (_key, value: unknown) => (value === null ? undefined : value), 2)),
      terminalSafe(
        [
          ...(d.rowNumbered ? [`No customer id column found: the rows are numbered as "row_id", one row per customer (name the id column in columns.customerId if the file has one).`] : []),
          ...(d.label ? [`Outcome column (columns.label, profiled per segment, never a feature): ${d.label}`] : []),
          ...(notFeatures.length ? [`Not used as features: ${notFeatures.join(', ')}`] : []),
          ...(!customersOnly && d.numericFeatures.length ? [`Numeric customer columns you could add to features.customerColumns: ${d.numericFeatures.join(', ')}`] : []),
          ...(customersOnly && d.codeLike?.length ? [`Numeric features whose values look like codes (whole numbers from 1, under 30 of them), averaged as amounts; if they are codes, move them to features.categoricalColumns: ${d.codeLike.join(', ')}`] : []),
          ...(d.textCategories?.length ? [`Text columns not used, which features.categoricalColumns would use (one 0/1 feature per level): ${d.textCategories.map((c) => `${c.column} (${c.levels} values)`).join(', ')}`] : []),
        ].join('\n'),
      ),
    ]
      .filter((part) => part !== '')
      .join('\n');
  }
  const fragment = {
    columns: { customerId: d.customerId, orderDate: d.orderDate, amount: d.amount, pii: d.pii },
    fairness: { protected: d.protected },
    features: { customerColumns: [] as string[] },
  };
  return [
    'Detected column roles (copy into a config file to fix them):',
    terminalJson(JSON.stringify(fragment, null, 2)),
    terminalSafe(
      d.numericFeatures.length
        ? `Numeric customer columns you could add to features.customerColumns: ${d.numericFeatures.join(', ')}`
        : 'No other numeric customer columns found.',
    ),
  ].join('\n');
}

type Out = { log: (s: string) => void; error: (s: string) => void; progress?: ProgressStream };

/** Run the CLI; returns the exit code. Errors a user can act on print one line, no stack trace. */
export async function main(argv: readonly string[], out: Out = console): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--version' || command === '-v' || command === 'version') {
      out.log(versionLine());
      return 0;
    }
    if (isCommand(command) && wantsHelp(rest)) {
      out.log(commandHelp(command));
      return 0;
    }
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.log(USAGE);
        return command === undefined ? 2 : 0;
      case 'run': {
        // The data stays in a database (lib/warehouse/run.ts): its own flags, parsed in lib/cli/warehouse.ts.
        if (rest.some((a) => a === '--warehouse' || a.startsWith('--warehouse='))) return await runWarehouseCommand(rest, out);
        const t0 = performance.now();
        const { config, detected } = resolveRunConfig(parseRunFlags(rest), process.cwd(), inspectInputs);
        if (detected) out.log(describeDetected(detected));
        // Progress: a bar on stderr when it is a terminal, else one plain line per stage on stdout.
        const progress = progressDisplay(out.progress ?? process.stderr, (line) => out.log(line));
        let run: Awaited<ReturnType<typeof runPipeline>>;
        let manifest: Awaited<ReturnType<typeof writeRunOutputs>>;
        try {
          run = await runPipeline(config, { onStage: progress.listener });
          progress.listener({ stage: 'write', phase: 'start' });
          const w0 = performance.now();
          manifest = await writeRunOutputs(run, run.inputs);
          progress.listener({ stage: 'write', phase: 'end', ms: performance.now() - w0 });
        } finally {
          progress.done();
        }
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        const rel = path.relative(process.cwd(), config.outDir) || '.';
        for (const line of summaryLines(run, { seconds, report: path.join(rel, 'report.html'), backend: manifest.backend }, SUMMARY_SECTIONS)) out.log(line);
        return 0;
      }
      case 'reproduce': {
        if (rest.length !== 1 || rest[0].startsWith('--')) throw new SeglabError('cli', msg.reproduceUsage());
        const report = await reproduceWarehouseRun(path.resolve(rest[0])); // an ordinary run goes on to reproduceRun
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
      case 'sql':
        return await runSqlCommand(rest, out);
      case 'compare':
        return await runCompareCommand(rest, out);
      case 'track':
        return await runTrackCommand(rest, out);
      case 'notebook': {
        const [sub, ...nbArgs] = rest;
        if (sub !== 'run') throw new SeglabError('cli', msg.notebookUsage(sub ? `unknown subcommand "${sub}"` : 'missing subcommand "run"'));
        const a = parseNotebookArgs(nbArgs);
        const r = await runNotebook(a.notebook, a.params, a.outDir, { cellTimeoutSeconds: a.cellTimeoutSeconds });
        out.log(`notebook: ${path.relative(process.cwd(), r.executed)} executed in ${r.seconds} s; HTML: ${path.relative(process.cwd(), r.html as string)}`);
        return 0;
      }
      case 'schema':
        if (rest.length) throw new SeglabError('cli', msg.schemaUsage(rest));
        out.log(configSchemaText());
        return 0;
      default:
        out.error(`seglab: unknown command "${command}". Run "seglab help".`);
        return 2;
    }
  } catch (e) {
    if (isSeglabError(e)) {
      out.error(terminalSafe(`seglab ${e.message}`));
      // Usage errors (unknown option, missing value...) exit 2, as the README says; input and config problems 1.
      if (e.stage === 'cli') {
        if (isCommand(command)) out.error(`Run "seglab ${command} --help" for the options.`);
        return 2;
      }
      return 1;
    }
    const err = e as Error;
    out.error(`seglab: internal error: ${err?.message ?? String(e)}\n${err?.stack ?? ''}\nThis is a bug in seglab; please report it with the command you ran.`);
    return 70;
  }
}
