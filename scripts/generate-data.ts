/**
 * Write synthetic retail data (customers.csv, transactions.csv, truth.csv, README.md) to a folder.
 *
 *   node node_modules/ts-node/dist/bin.js scripts/generate-data.ts --customers 2000 --seed 7 --out data/demo
 *
 * Options: --customers N (default 2000), --seed S (default 7), --out DIR (required),
 * --as-of yyyy-mm-dd (default 2025-12-31), --no-dirt, --block-customers N (default 5000).
 * Prints the dirt summary, the elapsed time and the peak resident memory to stderr.
 */
import * as path from 'node:path';
import { writeRetailCsv } from '../lib/data/write';
import { describeRetail } from '../lib/data/readme';
import { writeFileAtomic } from '../lib/io/atomic';
import { isSeglabError, msg, SeglabError } from '../lib/errors/messages';
import type { RetailOptionsInput } from '../lib/data/types';

const VALUE_FLAGS = ['--customers', '--seed', '--out', '--as-of', '--block-customers'];
const SWITCHES = ['--no-dirt'];

function parseArgs(argv: readonly string[]): { out: string; options: RetailOptionsInput } {
  const values = new Map<string, string>();
  let dirt = true;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (SWITCHES.includes(flag)) {
      dirt = false;
    } else if (VALUE_FLAGS.includes(flag)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new SeglabError('generate-data', msg.flagNeedsValue(flag));
      values.set(flag, value);
    } else {
      throw new SeglabError('generate-data', msg.unknownFlag(flag, [...VALUE_FLAGS, ...SWITCHES]));
    }
  }
  const out = values.get('--out');
  if (out === undefined) throw new SeglabError('generate-data', msg.flagNeedsValue('--out'));
  const block = values.get('--block-customers');
  return {
    out,
    options: {
      customers: Number(values.get('--customers') ?? 2000),
      seed: Number(values.get('--seed') ?? 7),
      asOf: values.get('--as-of') ?? '2025-12-31',
      dirt,
      ...(block !== undefined ? { blockCustomers: Number(block) } : {}),
    },
  };
}

function main(): void {
  const { out, options } = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const files = writeRetailCsv(out, options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const o = files.options;
  const command = [
    'node node_modules/ts-node/dist/bin.js scripts/generate-data.ts',
    `--customers ${o.customers} --seed ${o.seed} --out ${out.split(path.sep).join('/')}`,
    o.asOf !== '2025-12-31' ? `--as-of ${o.asOf}` : '',
    o.dirt ? '' : '--no-dirt',
    o.blockCustomers !== 5000 ? `--block-customers ${o.blockCustomers}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  writeFileAtomic(path.join(out, 'README.md'), describeRetail(files, command));
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`${JSON.stringify(files.dirt, null, 2)}\n`);
  process.stderr.write(
    `wrote ${o.customers} customers, ${files.dirt.transactionRows} transactions to ${out} in ${seconds.toFixed(2)} s; ` +
      `${((files.customers.bytes + files.transactions.bytes + files.truth.bytes) / 1048576).toFixed(1)} MiB; peak RSS ${peakMiB.toFixed(0)} MiB\n`,
  );
}

try {
  main();
} catch (e) {
  if (isSeglabError(e)) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
