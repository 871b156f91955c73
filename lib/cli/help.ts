/**
 * Help texts of every `seglab` command, `--version`, and the test for a help flag. The texts say
 * what the command does, its options with defaults, an example and where the output goes.
 */
import { NOTEBOOK_USAGE } from '../notebook/args';
import { seglabVersion } from '../pipeline/manifest';

/** The commands `seglab <command> --help` knows. */
export const COMMANDS = ['run', 'reproduce', 'score', 'compare', 'track', 'notebook', 'schema', 'sql'] as const;
export type Command = (typeof COMMANDS)[number];

const EXIT_CODES = `Exit codes: 0 done, 1 a problem with the input or the config (the message says what to fix),
2 a usage error (unknown option, missing value), 3 "reproduce" found a difference, 70 a bug in seglab.`;

const HELP: Record<Command, string> = {
  run: `seglab run — segment customers and write a run folder with the report

Usage:
  seglab run --config <file.json> [options]
  seglab run --customers <file> --transactions <file> [--out <dir>] [options]

Options (each overrides the config file):
  --config <file>        run config (JSON; see schema/seglab.config.schema.json); relative paths in it
                         resolve against its folder
  --customers <file>     customers table (CSV, TSV, Parquet, XLSX, JSON lines)
  --transactions <file>  order lines (customer id, order date, amount)
  --campaigns <file>     campaign log (customer id, campaign, converted [, revenue, cost])
  --out <dir>            run folder to write (default reports/<name>)
  --name <name>          run name (default "run")
  --seed <n>             the run's one seed, a whole number (default 42)
  --k <n|min-max>        number of segments, or the range to choose from (default 2-8); refused when
                         the segments could not each hold cluster.minSegmentShare of the customers and
                         at least fairness.minCellSize of them
  -h, --help             this text

Data in a database (the tables stay there; its own options):
  seglab run --warehouse <file.duckdb|postgres://...|clickhouse://host:port> --config <file>
             [--orders <table>] [--customers <table>] [--segments-table <table>] [--out <dir>]
             [--min-sample <customers>] [--as-of YYYY-MM-DD] [--staged] [--daily-parts <n>]
  fits on a deterministic hash sample (>= --min-sample customers, default 100000), scores every
  customer by SQL into --segments-table (default seglab_segments) in the database, and writes the
  engine's aggregates to warehouse.json and the report; --staged scores through two work tables
  (one scan of the order lines, one GROUP BY per statement) for engines with a memory limit;
  --daily-parts n (implies --staged) fills the customer-day table in n hash parts of the customers

Example:
  seglab run --config data/demo/seglab.config.json --out reports/demo

On a terminal it shows the stage being run and a bar; at the end it lists the segments (names and
sizes) and every warning. Writes segments.csv, profiles.json, fairness.json, data-quality.json,
clv.json/clv.csv (with order lines), campaigns.json (with a campaign log), model.json,
manifest.json, report.html and charts/.

${EXIT_CODES}`,
  sql: `seglab sql — the SQL that scores customers with a saved model inside a database

Usage:
  seglab sql --model <run-folder>/model.json --dialect <engine> [--orders <table>] [--customers <table>]
             [--as-of YYYY-MM-DD] [--no-encoder]

Options:
  --model <file>       the run's model.json
  --dialect <engine>   duckdb, postgres, clickhouse (18.x and later), bigquery, snowflake or spark
  --orders <table>     order lines table, optionally schema.table (default orders)
  --customers <table>  customers table (default customers)
  --as-of <date>       the day recency is counted to (default the model's features.asOf; required
                       when it has none)
  --no-encoder         refuse rather than write the autoencoder's layers as SQL

Prints one SQL statement (nested subqueries, no window functions) that computes, per customer, the
model's features exactly as fitted and the nearest segment: customer_id, segment (1..k),
segment_name, distance, second_distance, then the features in standardised units.

Example:
  seglab sql --model reports/demo/model.json --dialect postgres --orders shop.orders --as-of 2026-01-01 | psql

${EXIT_CODES}`,
  reproduce: `seglab reproduce — rerun a run from its manifest and compare

Usage:
  seglab reproduce <run-folder>

Reruns the run recorded in <run-folder>/manifest.json (same config, seed and TensorFlow backend)
without writing anything, and says "identical" or names the first stage whose output differs.

Example:
  seglab reproduce reports/demo

${EXIT_CODES}`,
  score: `seglab score — put new customers into the segments of a saved run

Usage:
  seglab score --model <run-folder>/model.json --customers <file> [--transactions <file>]
               [--as-of YYYY-MM-DD] --out <dir>

Options:
  --model <file>         model.json of a run folder
  --customers <file>     the new customers
  --transactions <file>  their order lines (needed when the model uses purchase features)
  --as-of <date>         reference date for recency (default: the new data's last order day)
  --out <dir>            folder for segments.csv (never an input folder)

Uses the run's exact feature transforms, encoder and centroids; nothing is refitted.

Example:
  seglab score --model reports/demo/model.json --customers new.csv --out reports/scored

${EXIT_CODES}`,
  compare: `seglab compare — what changed between two run or score folders

Usage:
  seglab compare <before> <after> --out <dir> [--weight clv] [--refit | --same-model]

Options:
  --out <dir>            folder for compare.html, migration.json, drift.json and audiences/ (never
                         <before> or <after>)
  --weight clv           weight the migration matrix by customer lifetime value
  --refit / --same-model treat <after> as a refit (segments matched to <before>'s by the Hungarian
                         method) or as scored with the same model (default: decided from the models)

Writes the k x k migration matrix with entered and exited customers, segment-share and feature
drift (PSI: below 0.1 stable, 0.1-0.25 warn, from 0.25 alert), per-segment entered/exited audiences.

Example:
  seglab compare reports/2011-06 reports/2011-12 --out reports/what-changed

${EXIT_CODES}`,
  track: `seglab track — segments month by month with one saved model

Usage:
  seglab track --config <file.json> [--model <run>/model.json | --fit-before YYYY-MM-DD]
               --every month --from YYYY-MM-DD --to YYYY-MM-DD --out <dir>

Scores the config's customers as of the first of each month (features recomputed from the order
lines up to that day), compares consecutive months, and refits when the config's
"track": { "refitWhen": { "psi": 0.25, "stability": 0.7 } } says so, keeping segment numbers by
matching. Writes track.html, timeline.json and snapshots/.

Example:
  seglab track --config data/examples/online-retail.config.json --fit-before 2011-06-01 \\
      --every month --from 2011-06-01 --to 2011-12-01 --out reports/retail-over-time

${EXIT_CODES}`,
  notebook: `seglab notebook — run a notebook headless and export it to HTML

Usage:
  ${NOTEBOOK_USAGE}

Example:
  seglab notebook run notebooks/01-quickstart.ipynb -p k=6

${EXIT_CODES}`,
  schema: `seglab schema — print the JSON Schema of the run config

Usage:
  seglab schema

The same schema ships as schema/seglab.config.schema.json; put
  "$schema": "<path to>/schema/seglab.config.schema.json"
at the top of a config for completion and checks in your editor.

Example:
  seglab schema > seglab.config.schema.json

${EXIT_CODES}`,
};

/** The help text of one command. */
export function commandHelp(command: Command): string {
  return HELP[command];
}

/** True when the arguments ask for help (`--help` or `-h` anywhere before a `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** True for a command `seglab <command> --help` knows. */
export function isCommand(name: string | undefined): name is Command {
  return (COMMANDS as readonly (string | undefined)[]).includes(name);
}

/** `seglab --version`: "seglab 0.1.0 (Node v20...)". */
export function versionLine(): string {
  return `seglab ${seglabVersion()} (Node ${process.version})`;
}
