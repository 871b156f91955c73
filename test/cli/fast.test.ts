/** seglab --version and <command> --help answer without loading the pipeline (bin/seglab.js asks lib/cli/fast first). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../helpers/paths';
import { COMMANDS } from '../../lib/cli/help';
import { quickAnswer } from '../../lib/cli/fast';
import { main } from '../../lib/cli/main';

const dist = path.join(repoRoot, 'dist', 'lib', 'cli');

test('the quick answers are the ones main() gives, and nothing else is answered early', async () => {
  const asks: string[][] = [['--version'], ['-v'], ['version'], ...COMMANDS.flatMap((c) => [[c, '--help'], [c, '-h']])];
  for (const argv of asks) {
    const lines: string[] = [];
    const code = await main(argv, { log: (s: string) => lines.push(s), error: (s: string) => lines.push(`ERR ${s}`) });
    assert.equal(code, 0, argv.join(' '));
    assert.equal(quickAnswer(argv), lines.join('\n'), argv.join(' '));
  }
  for (const argv of [[], ['help'], ['run'], ['run', '--config', 'x.json'], ['frobnicate', '--help'], ['--versions']]) assert.equal(quickAnswer(argv), null, argv.join(' '));
});

test('answering --version loads neither the pipeline nor TensorFlow.js', () => {
  const script = `
    const fast = require(${JSON.stringify(path.join(dist, 'fast.js'))});
    const text = fast.quickAnswer(['--version']) + '\\n' + fast.quickAnswer(['run', '--help']);
    const loaded = Object.keys(require.cache).filter((f) => /tensorflow|danfo|[\\\\/]pipeline[\\\\/]run\\.js|[\\\\/]cli[\\\\/]main\\.js/.test(f));
    console.log(JSON.stringify({ ok: text.includes('seglab'), loaded }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.ok, true);
  assert.deepEqual(out.loaded, []);
  // The bin script prints the same line and exits 0 (and a usage error still goes through main: exit 2).
  const v = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'seglab.js'), '--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), quickAnswer(['--version']));
});
