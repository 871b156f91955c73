/** seglab --version, <command> --help, exit 2 on usage errors, the --k refusal and the progress display. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot, tempDir } from '../helpers/paths';
import { writeFixture } from '../helpers/fixtures';
import { msg } from '../../lib/errors/messages';
import { COMMANDS, commandHelp } from '../../lib/cli/help';
import { bar, progressDisplay } from '../../lib/cli/progress';
import { checkKFeasible, kFeasibility } from '../../lib/cluster/k-feasible';

const bin = path.join(repoRoot, 'bin', 'seglab.js');
const demo = path.join(repoRoot, 'data', 'demo');

function seglab(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function demoConfig(over: Record<string, unknown> = {}): { file: string; out: string } {
  const out = tempDir('seglab-help-');
  const config = JSON.parse(fs.readFileSync(path.join(demo, 'seglab.config.json'), 'utf8'));
  const merged = {
    ...config,
    $schema: undefined,
    outDir: out,
    sources: { customers: { path: path.join(demo, 'customers.csv') }, transactions: { path: path.join(demo, 'transactions.csv') } },
    embed: { ...config.embed, epochs: 5 },
    ...over,
  };
  const dir = writeFixture({ 'config.json': JSON.stringify(merged) });
  return { file: path.join(dir, 'config.json'), out };
}

test('seglab --version prints the package version and exits 0', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  for (const flag of ['--version', '-v']) {
    const r = seglab([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), `seglab ${pkg.version} (Node ${process.version})`);
  }
});

test('seglab <command> --help prints that command\'s options and an example, for every command', () => {
  for (const command of COMMANDS) {
    const r = seglab([command, '--help']);
    assert.equal(r.code, 0, command);
    assert.equal(r.stdout.trim(), commandHelp(command).trim());
    assert.match(r.stdout, new RegExp(`^seglab ${command}`), command);
    assert.match(r.stdout, /Example:/);
    assert.match(r.stdout, /Exit codes: .*2 a usage error/s);
  }
  const run = seglab(['run', '--config', 'x.json', '-h']);
  assert.equal(run.code, 0);
  for (const flag of ['--config', '--customers', '--transactions', '--campaigns', '--out', '--name', '--seed', '--k']) assert.ok(run.stdout.includes(flag), flag);
});

test('usage errors exit 2 with one line and a pointer to --help; input problems exit 1', () => {
  for (const args of [['run', '--custmers', 'x.csv'], ['run', '--config'], ['score', '--model'], ['notebook', 'frobnicate'], ['reproduce'], ['schema', 'extra']]) {
    const r = seglab(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr.split('\n')[0], /^seglab cli: /);
    assert.match(r.stderr, new RegExp(`Run "seglab ${args[0]} --help" for the options`));
    assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/);
  }
  assert.equal(seglab(['frobnicate']).code, 2);
  // --transactions alone says exactly what is missing (a usage error); --customers alone is a
  // customers-only run (test/cli/customers-only.test.ts).
  const alone = seglab(['run', '--transactions', 'data/demo/transactions.csv']);
  assert.equal(alone.code, 2);
  assert.equal(alone.stderr.split('\n')[0], `seglab cli: ${msg.inputFlagMissing('--transactions', '--customers')}`);
  const missing = seglab(['run', '--config', '/no/config.json']);
  assert.equal(missing.code, 1, 'a missing file is an input problem, not a usage error');
});

test('the k floor: k segments need k × max(⌈share·n⌉, minCellSize) customers', () => {
  assert.deepEqual(kFeasibility(2000, 0.02, 50), { perSegment: 50, kLargest: 40 });
  assert.deepEqual(kFeasibility(10000, 0.02, 50), { perSegment: 200, kLargest: 50 });
  assert.deepEqual(kFeasibility(60, 0.02, 10), { perSegment: 10, kLargest: 6 });
  assert.throws(() => checkKFeasible(2000, { kMin: 41, kMax: 41, minSegmentShare: 0.02 }, 50), (e: Error) => e.message === `cluster: ${msg.kInfeasible(41, 2000, 50, 0.02, 50, 40)}`);
  assert.doesNotThrow(() => checkKFeasible(2000, { kMin: 40, kMax: 45, minSegmentShare: 0.02 }, 50));
});

test('seglab run --k 50 on the demo is refused with the numbers, before any clustering, and writes nothing', () => {
  const { file, out } = demoConfig();
  const r = seglab(['run', '--config', file, '--k', '50']);
  assert.equal(r.code, 1, r.stderr);
  const m = /k=50 segments cannot each hold (\d+) customers \(the larger of cluster.minSegmentShare=0.02 of ([\d,]+) customers/.exec(r.stderr);
  assert.ok(m, r.stderr);
  const n = Number(m[2].replace(/,/g, ''));
  const f = kFeasibility(n, 0.02, 50);
  assert.equal(r.stderr.trim(), `seglab cluster: ${msg.kInfeasible(50, n, f.perSegment, 0.02, 50, f.kLargest)}`);
  assert.ok(f.kLargest < 50 && f.kLargest >= 2);
  assert.equal(fs.existsSync(path.join(out, 'report.html')), false);
});

test('progress: plain lines when not a terminal, a redrawn bar on a terminal', () => {
  assert.equal(bar(3, 12, 12), '[###---------]');
  const lines: string[] = [];
  const plain = progressDisplay({ write: () => assert.fail('nothing is drawn on a non-terminal'), isTTY: false }, (l) => lines.push(l));
  plain.listener({ stage: 'load', phase: 'start' });
  plain.listener({ stage: 'load', phase: 'end', ms: 1234, result: { customers: { rows: new Array(20) }, transactions: { rows: new Array(300) }, extras: {} } });
  plain.listener({ stage: 'features', phase: 'end', ms: 50, result: { customerIds: new Array(20).fill('x') } });
  plain.done();
  assert.deepEqual(lines, ['seglab: reading the input files done in 1.2 s (320 rows)', 'seglab: building features done in 0.1 s (20 customers)']);

  let screen = '';
  const tty = progressDisplay({ write: (s: string) => (screen += s), isTTY: true, columns: 120 }, () => assert.fail('no plain lines on a terminal'), () => 0);
  tty.listener({ stage: 'cluster', phase: 'start' });
  assert.match(screen, /\r\x1b\[2Kseglab \[-+\] choosing k and segmenting · 0\.0 s$/);
  tty.listener({ stage: 'cluster', phase: 'end', ms: 10, result: { clustering: { k: 5 } } });
  assert.match(screen, /seglab \[#+-+\] choosing k and segmenting · k = 5 · 0\.0 s$/);
  tty.done();
  assert.ok(screen.endsWith('\r\x1b[2K'), 'the bar is cleared before the summary');
});

test('seglab run in a pseudo-terminal shows the progress bar, then the summary with segments and warnings', { skip: fs.existsSync('/usr/bin/script') ? false : 'needs util-linux "script" for a pseudo-terminal' }, () => {
  const { file } = demoConfig({ embed: { enabled: false } });
  const command = `${process.execPath} ${bin} run --config ${file}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000, env: { ...process.env, COLUMNS: '120' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const screen = r.stdout;
  // The bar is redrawn in place (carriage return + clear line) through the stages.
  assert.match(screen, /\r\x1b\[2Kseglab \[[#-]{20}\] reading the input files/);
  assert.match(screen, /\r\x1b\[2Kseglab \[[#-]{20}\] choosing k and segmenting · [\d,]+ customers/);
  assert.match(screen, /\r\x1b\[2Kseglab \[#{20}\] writing the report and run folder/);
  assert.doesNotMatch(screen, /done in \d/, 'no plain progress lines on a terminal');
  const summary = screen.slice(screen.lastIndexOf('\x1b[2K') + 4);
  assert.match(summary, /customers in \d+ segments/);
  const segments = [...summary.matchAll(/^ {2}(\d+)\. (.+) — ([\d,]+) customers \((\d+\.\d)%\)\r?$/gm)];
  assert.ok(segments.length >= 2, summary);
  assert.deepEqual(segments.map((s) => Number(s[1])), segments.map((_, i) => i + 1));
  assert.match(summary, /(No warnings\.|\d+ warnings?:)/);
  assert.match(summary, /Report: .*report\.html/);
});
