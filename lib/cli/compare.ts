/**
 * `seglab compare <before> <after> --out <dir> [--weight clv] [--refit | --same-model]`: the
 * comparison of two run or score folders. Parsing is self-contained here; the comparison and its
 * outputs are lib/compare's (compareSnapshots, writeCompareOutputs: migration.json, drift.json,
 * audiences/*.csv, compare.html and charts/ into <out>, never into an input folder).
 */
import { parseCommandArgs } from '../io/args';
import * as path from 'node:path';
import { compareMsg, fail } from '../errors/messages';
import { compareSnapshots, type CompareOptions } from '../compare/compare';
import { writeCompareOutputs } from '../compare/outputs';
import { readSnapshot } from '../compare/snapshot';

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
