import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { tempDir } from '../helpers/paths';
import { msg } from '../../lib/errors/messages';
import { checkOutputPlace, commitRunFolder, fsErrorSentence, lockRunFolder, realPathOf, verifyRunFolder } from '../../lib/io/run-folder';
import { sha256 } from '../../lib/io/atomic';
import { validateConfig } from '../../lib/config/validate';
import { resolveRunConfig } from '../../lib/config/load';

/** A run's files with a manifest listing the hashes of the others (what writeRunOutputs builds). */
function runFiles(tag: string, extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = { 'segments.csv': `customer_id,segment\nC1,${tag}\n`, 'charts/a.svg': `<svg>${tag}</svg>`, ...extra };
  const outputs = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, sha256(v)]));
  return { ...files, 'manifest.json': JSON.stringify({ tag, outputs }) };
}

function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, readTree(path.join(dir, e.name), rel));
    else out[rel] = fs.readFileSync(path.join(dir, e.name), 'utf8');
  }
  return out;
}

const siblingsOf = (outDir: string) => fs.readdirSync(path.dirname(outDir)).filter((n) => n !== path.basename(outDir));

test('an --out that is a symbolic link to an input folder is refused (real paths compared)', () => {
  const data = tempDir('seglab-in-');
  fs.writeFileSync(path.join(data, 'customers.csv'), 'customer_id\nC1\n');
  const link = path.join(tempDir('seglab-links-'), 'out');
  fs.symlinkSync(data, link);
  assert.equal(realPathOf(path.join(link, 'new')), path.join(fs.realpathSync(data), 'new'));
  assert.throws(() => checkOutputPlace(link, [path.join(data, 'customers.csv')], null), { message: `outputs: ${msg.outDirInsideInput(link, 'input', fs.realpathSync(data))}` });
  // A folder inside the input folder, and a folder that holds an input, are refused too.
  assert.throws(() => checkOutputPlace(path.join(data, 'reports', 'run'), [path.join(data, 'customers.csv')], null), /lies inside the folder of an input file/);
  assert.throws(() => checkOutputPlace(path.dirname(data), [path.join(data, 'customers.csv')], null), /contains the input file/);
  // The config's folder: refused for the config's own folder.
  const configDir = tempDir('seglab-cfg-');
  assert.throws(() => checkOutputPlace(path.join(configDir, 'reports', 'x'), [], configDir), /config file's folder/);
  assert.doesNotThrow(() => checkOutputPlace(tempDir('seglab-ok-'), [path.join(data, 'customers.csv')], configDir));
});

test('a config "name" must be a plain slug, and a config never writes into its own folder by default', () => {
  for (const name of ['..', '.', '../x', 'a/b', '.hidden']) {
    assert.throws(() => validateConfig({ name, sources: { customers: { path: '/x/c.csv' } } }, '/tmp'), (e: Error) => e.message.includes(msg.nameNotSlug(name)), name);
  }
  const dir = tempDir('seglab-cfgdir-');
  fs.writeFileSync(path.join(dir, 'c.csv'), 'customer_id\nC1\n');
  fs.writeFileSync(path.join(dir, 't.csv'), 'customer_id\nC1\n');
  const data = tempDir('seglab-data-');
  fs.copyFileSync(path.join(dir, 'c.csv'), path.join(data, 'c.csv'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ name: 'demo', sources: { customers: { path: path.join(data, 'c.csv') } } }));
  // Run from elsewhere: the default run folder is reports/<name> under the working directory.
  const cwd = tempDir('seglab-cwd-');
  assert.equal(resolveRunConfig({ config: path.join(dir, 'config.json') }, cwd).config.outDir, path.join(cwd, 'reports', 'demo'));
  // Run from the config's folder: that default would lie inside it, so it is refused with the fix.
  assert.throws(() => resolveRunConfig({ config: path.join(dir, 'config.json') }, dir), /config file's folder/);
});

test('a run folder is replaced whole: no file of the older run remains, and no sibling is left', () => {
  const outDir = path.join(tempDir('seglab-out-'), 'run');
  commitRunFolder(outDir, runFiles('old', { 'clv.csv': 'old clv', 'charts/old.png': 'png' }));
  assert.deepEqual(verifyRunFolder(outDir, JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')).outputs), []);
  const next = runFiles('new');
  commitRunFolder(outDir, next);
  assert.deepEqual(readTree(outDir), next);
  assert.deepEqual(siblingsOf(outDir), []);
});

test('an output path that is a file, or a folder with a directory named manifest.json, is refused and left alone', () => {
  const parent = tempDir('seglab-out-');
  const file = path.join(parent, 'run');
  fs.writeFileSync(file, 'not a folder');
  assert.throws(() => commitRunFolder(file, runFiles('x')), { message: `outputs: ${msg.outDirNotRunFolder(file, 'is a file, not a folder')}` });
  assert.equal(fs.readFileSync(file, 'utf8'), 'not a folder');
  const odd = path.join(parent, 'odd');
  fs.mkdirSync(path.join(odd, 'manifest.json'), { recursive: true });
  assert.throws(() => commitRunFolder(odd, runFiles('x')), { message: `outputs: ${msg.outDirNotRunFolder(odd, 'has a manifest.json that is not a file')}` });
  const user = path.join(parent, 'thesis');
  fs.mkdirSync(user);
  fs.writeFileSync(path.join(user, 'chapter1.tex'), 'mine');
  assert.throws(() => commitRunFolder(user, runFiles('x')), /holds files but no manifest.json/);
  assert.equal(fs.readFileSync(path.join(user, 'chapter1.tex'), 'utf8'), 'mine');
  assert.deepEqual(siblingsOf(file).sort(), ['odd', 'thesis']);
});

test('disk full and a read-only file system: one sentence naming the path and the fix, old run intact, nothing half-written', () => {
  for (const code of ['ENOSPC', 'EROFS']) {
    const outDir = path.join(tempDir('seglab-out-'), 'run');
    const old = runFiles('old');
    commitRunFolder(outDir, old);
    let writes = 0;
    const failing = {
      writeFile(file: string, data: string | Uint8Array) {
        if (++writes === 2) throw Object.assign(new Error(`${code}: simulated`), { code });
        fs.writeFileSync(file, data);
      },
    };
    assert.throws(
      () => commitRunFolder(outDir, runFiles('new'), failing),
      (e: Error) => e.message.startsWith('outputs: could not write "' + outDir) && e.message.includes(code) && !e.message.includes('\n') && e.message === `outputs: ${fsErrorSentence({ code }, e.message.split('"')[1])}`,
    );
    assert.deepEqual(readTree(outDir), old, code);
    assert.deepEqual(siblingsOf(outDir), [], code);
  }
  // A read-only parent of a new run folder (real EACCES/EROFS when not root): simulated the same way.
  const fresh = path.join(tempDir('seglab-out-'), 'new-run');
  const ro = { writeFile: () => { throw Object.assign(new Error('EROFS'), { code: 'EROFS' }); } };
  assert.throws(() => commitRunFolder(fresh, runFiles('n'), ro), /read-only; choose an outDir/);
  assert.equal(fs.existsSync(fresh), false, 'no partial folder');
  assert.deepEqual(siblingsOf(fresh), []);
});

test('a lock stops two runs writing one folder; a dead process\'s lock is taken over', async () => {
  const outDir = path.join(tempDir('seglab-out-'), 'run');
  const lock = path.join(path.dirname(outDir), '.run.seglab-lock');
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  try {
    fs.writeFileSync(lock, String(sleeper.pid));
    assert.throws(() => commitRunFolder(outDir, runFiles('a')), { message: `outputs: ${msg.outDirLocked(outDir, sleeper.pid as number, lock)}` });
    assert.equal(fs.existsSync(outDir), false);
  } finally {
    sleeper.kill('SIGKILL');
  }
  await new Promise((r) => sleeper.once('exit', r));
  // The holder is gone: its lock is stale and the next run proceeds (and releases it).
  commitRunFolder(outDir, runFiles('b'));
  assert.equal(fs.existsSync(lock), false);
  assert.equal(JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')).tag, 'b');
  // Re-entrant within one process.
  const release = lockRunFolder(outDir);
  commitRunFolder(outDir, runFiles('c'));
  assert.ok(fs.existsSync(lock));
  release();
  assert.equal(fs.existsSync(lock), false);
});

test('verifyRunFolder finds a mixed folder: new segments beside the old manifest, and an unlisted stale file', () => {
  const outDir = path.join(tempDir('seglab-out-'), 'run');
  commitRunFolder(outDir, runFiles('old'));
  const outputs = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')).outputs;
  fs.writeFileSync(path.join(outDir, 'segments.csv'), 'customer_id,segment\nC1,new\n');
  fs.writeFileSync(path.join(outDir, 'clv.csv'), 'stale');
  assert.deepEqual(verifyRunFolder(outDir, outputs), ['segments.csv differs from its recorded sha256', 'clv.csv is not listed in the manifest']);
});
