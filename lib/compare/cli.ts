/**
 * `seglab compare <before> <after> --out <dir> [--weight clv] [--refit | --same-model]`: the
 * comparison of two run or score folders. Parsing is self-contained here. Writes migration.json,
 * drift.json, audiences/*.csv, compare.html and charts/ into <out> (never into an input folder).
 */
import { parseCommandArgs } from '../io/args';
import * as path from 'node:path';
import { compareMsg, fail } from '../errors/messages';
import { writeFileAtomic } from '../io/atomic';
import { renderReport } from '../report/html';
import { compareSnapshots, type CompareOptions, type CompareResult } from './compare';
import { compareDocument } from './report';
import { readSnapshot, type Snapshot } from './snapshot';
import { audienceFiles, driftJson, migrationJson } from './write';

export interface CompareFlags {
  before: string;
  after: string;
  out: string;
  options: CompareOptions;
}

/**
 * Parse `seglab compare` arguments.
 * @example parseCompareFlags(['a', 'b', '--out', 'o']).options // {}
 */
export function parseCompareFlags(args: readonly string[]): CompareFlags {
  const spec = { out: { type: 'string' }, weight: { type: 'string' }, refit: { type: 'boolean' }, 'same-model': { type: 'boolean' } } as const;
  const { values, positionals: positional } = parseCommandArgs(args, spec, (problem) => fail('cli', compareMsg.usage(problem)), true);
  const out = values.out ?? null;
  const options: CompareOptions = {};
  if (values.weight !== undefined) {
    if (values.weight === 'clv') options.weightByClv = true;
    else fail('cli', compareMsg.usage(`--weight "${values.weight}" is not known; the one weight is "clv"`));
  }
  if (values.refit && values['same-model']) fail('cli', compareMsg.usage('give --refit or --same-model, not both'));
  if (values.refit || values['same-model']) options.refit = values.refit === true;
  if (positional.length !== 2) fail('cli', compareMsg.usage(`expected two folders, got ${positional.length}`));
  if (!out) fail('cli', compareMsg.usage('--out is required'));
  return { before: path.resolve(positional[0]), after: path.resolve(positional[1]), out: path.resolve(out), options };
}

/**
 * Write every output of a comparison into `outDir`; returns the relative paths written.
 * @example await writeCompareOutputs('reports/cmp', result, before, after)
 */
export async function writeCompareOutputs(outDir: string, result: CompareResult, before: Snapshot, after: Snapshot): Promise<string[]> {
  const files: Record<string, string> = {
    'migration.json': migrationJson(result),
    'drift.json': driftJson(result),
    ...audienceFiles(result, before, after),
  };
  for (const [rel, text] of Object.entries(files)) writeFileAtomic(path.join(outDir, ...rel.split('/')), text);
  const rendered = await renderReport(compareDocument(result));
  const charts = rendered.charts.flatMap((c) => {
    writeFileAtomic(path.join(outDir, 'charts', `${c.id}.svg`), c.svg);
    writeFileAtomic(path.join(outDir, 'charts', `${c.id}.png`), c.png);
    return [`charts/${c.id}.svg`, `charts/${c.id}.png`];
  });
  // The page last, so a compare.html on disk always has its files beside it.
  writeFileAtomic(path.join(outDir, 'compare.html'), rendered.html);
  return [...Object.keys(files), ...charts, 'compare.html'];
}

/** The body of `seglab compare`; returns the exit code. */
export async function runCompareCommand(args: readonly string[], out: { log: (s: string) => void }): Promise<number> {
  const flags = parseCompareFlags(args);
  if (flags.out === flags.before || flags.out === flags.after) fail('cli', compareMsg.usage(compareMsg.outIsInput(flags.out)));
  const before = readSnapshot(flags.before);
  const after = readSnapshot(flags.after);
  const result = compareSnapshots(before, after, flags.options);
  await writeCompareOutputs(flags.out, result, before, after);
  for (const line of result.summary) out.log(line);
  out.log(`Wrote ${path.join(path.relative(process.cwd(), flags.out) || '.', 'compare.html')}, migration.json, drift.json and audiences/`);
  return 0;
}
