/**
 * Command-line arguments through Node's `util.parseArgs`, with its problems said as the command's
 * usage sentence (the CLI prints it and exits with code 2). `--flag value` and `--flag=value` both work.
 */
import { parseArgs } from 'node:util';

/** The options of one command: each a text value or an on/off switch. */
export type ArgSpec = Record<string, { type: 'string' | 'boolean' }>;

/** What was wrong, for commands that word it their own way: the flag as written and the kind of problem. */
export interface ArgProblem {
  kind: 'unknown' | 'needs value' | 'twice';
  /** The argument as given ("--k=3", "file.csv") for "unknown", else the flag ("--out"). */
  flag: string;
}

type Values<S extends ArgSpec> = { [K in keyof S]?: S[K]['type'] extends 'string' ? string : boolean };

/**
 * Parse `args` for a command with `options`; `usage(problem)` throws the command's usage error.
 * Unknown options (and positionals, unless allowed) are "unknown argument"; a text option without a
 * value (or followed by another option) "needs a value"; a switch given twice is refused.
 * @example parseCommandArgs(['--out', 'o'], { out: { type: 'string' } }, (p) => fail('cli', p)).values.out // "o"
 */
export function parseCommandArgs<S extends ArgSpec>(
  args: readonly string[],
  options: S,
  usage: (problem: string, detail: ArgProblem) => never,
  allowPositionals = false,
): { values: Values<S>; positionals: string[] } {
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!allowPositionals) usage(`unknown argument "${token.value}"`, { kind: 'unknown', flag: token.value });
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
    if (!spec) usage(`unknown argument "${args[token.index]}"`, { kind: 'unknown', flag: args[token.index] });
    if (spec.type === 'string') {
      // parseArgs leaves an option-like next argument alone (value undefined): "--out --k" has no value.
      if (token.value === undefined || token.value === '' || token.value.startsWith('--')) usage(`${token.rawName} needs a value`, { kind: 'needs value', flag: token.rawName });
      values[token.name] = token.value;
    } else {
      if (values[token.name] === true) usage(`${token.rawName} is given twice`, { kind: 'twice', flag: token.rawName });
      values[token.name] = true;
    }
  }
  return { values: values as Values<S>, positionals };
}
