/**
 * Run folders written whole or not at all.
 *
 *   check place ──> lock ──> write every file into a hidden sibling ──> swap it in ──> unlock
 *   (real paths:    (.<name>.seglab-lock,  (.<name>.seglab-new-<pid>-<id>)   (rename old away,
 *    never in or    pid inside; a dead                                        rename new in,
 *    around an      pid's lock is stale)                                      delete old)
 *    input)
 *
 * The rule for an existing folder: it is replaced whole when it is empty or holds a seglab run
 * (a manifest.json file); anything else is refused. The previous run stays untouched until the
 * new one is complete, so a crash or a kill leaves either the old complete run or the new one;
 * the only gap is between the two renames (microseconds), and `recoverRunFolder` (called when the
 * next run takes the lock) puts the old run back if a kill landed there. Files of an older run
 * never linger: the new folder holds exactly the new run's files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { SeglabError, msg } from '../errors/messages';

/** The bytes of a run folder: relative path ("charts/x.svg") -> content. */
export type FolderFiles = Record<string, string | Uint8Array>;

/** The file-system calls a run folder is written with (tests inject failures: disk full, read-only). */
export interface FolderIo {
  writeFile: (file: string, data: string | Uint8Array) => void;
}

const REAL_IO: FolderIo = {
  writeFile(file, data) {
    const fd = fs.openSync(file, 'wx');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
};

/**
 * The real path of `p` (symbolic links resolved) even when its last parts do not exist yet: the
 * deepest existing ancestor is resolved and the rest appended.
 * @example realPathOf('/tmp/link-to-data/new-run') // '/home/me/data/new-run'
 */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest);
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      rest.unshift(path.basename(cur));
      cur = parent;
    }
  }
}

/** True when `inner` is `outer` or lies inside it (both absolute, normalised). */
function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Refuse an output folder that is, or lies inside, an input file's folder or the config file's
 * folder, or that contains an input file, comparing real paths (a symlinked --out is caught).
 * @example checkOutputPlace('reports/demo', ['data/demo/customers.csv'], 'data/demo')
 */
export function checkOutputPlace(outDir: string, inputFiles: readonly string[], configDir: string | null, stage = 'outputs'): void {
  const problem = outputPlaceProblem(outDir, inputFiles, configDir);
  if (problem) throw new SeglabError(stage, problem);
}

/** The reason `checkOutputPlace` refuses an output folder, or null (for validators that collect problems). */
export function outputPlaceProblem(outDir: string, inputFiles: readonly string[], configDir: string | null): string | null {
  const out = realPathOf(outDir);
  for (const file of inputFiles) {
    const real = realPathOf(file);
    const folder = path.dirname(real);
    if (isWithin(out, folder)) return msg.outDirInsideInput(outDir, 'input', folder);
    if (isWithin(real, out)) return msg.outDirHoldsInput(outDir, file);
  }
  if (configDir !== null) {
    const folder = realPathOf(configDir);
    if (isWithin(out, folder)) return msg.outDirInsideInput(outDir, 'config', folder);
  }
  return null;
}

/** One sentence for a file-system error: what failed, where, and what to do. */
export function fsErrorSentence(e: unknown, file: string): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? 'error';
  const fixes: Record<string, string> = {
    ENOSPC: 'the disk is full; free some space or choose an outDir / --out on another disk',
    EDQUOT: 'the disk quota is used up; free some space or choose an outDir / --out elsewhere',
    EROFS: 'the file system is read-only; choose an outDir / --out on a writable disk',
    EACCES: 'permission denied; choose a folder you may write to, or fix its permissions',
    EPERM: 'operation not permitted; choose a folder you may write to, or fix its permissions',
    ENOTDIR: 'a part of that path is a file, not a folder; choose another outDir / --out',
    EISDIR: 'a folder is in the way of a file; choose another outDir / --out',
    EEXIST: 'something is already in the way there; choose another outDir / --out',
    EMFILE: 'too many open files; close other programs and try again',
  };
  return msg.fsFailed(file, code, Object.prototype.hasOwnProperty.call(fixes, code) ? fixes[code] : `${String(err?.message ?? e).split('\n')[0]}; check the path and try again`);
}

function fsFail(e: unknown, file: string): never {
  if (e instanceof SeglabError) throw e;
  throw new SeglabError('outputs', fsErrorSentence(e, file));
}

function siblings(outDir: string): { parent: string; base: string; lock: string; prefixNew: string; prefixOld: string } {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  return { parent, base, lock: path.join(parent, `.${base}.seglab-lock`), prefixNew: `.${base}.seglab-new-`, prefixOld: `.${base}.seglab-old-` };
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why an existing path may not be replaced as a run folder, or null when it may. */
function notReplaceable(outDir: string): string | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(outDir);
  } catch {
    return null;
  }
  if (!st.isDirectory()) return st.isSymbolicLink() ? 'is a symbolic link' : 'is a file, not a folder';
  const entries = fs.readdirSync(outDir);
  if (entries.length === 0) return null;
  const manifest = path.join(outDir, 'manifest.json');
  if (!fs.existsSync(manifest)) return 'holds files but no manifest.json';
  if (!fs.statSync(manifest).isFile()) return 'has a manifest.json that is not a file';
  return null;
}

/**
 * After a crash: put back an old run a kill left renamed away, and delete the half-written new
 * folders and old copies of processes that are gone. Called with the lock held.
 */
export function recoverRunFolder(outDir: string): void {
  const { parent, prefixNew, prefixOld } = siblings(outDir);
  if (!fs.existsSync(parent)) return;
  const names = fs.readdirSync(parent);
  const olds = names.filter((n) => n.startsWith(prefixOld)).sort();
  for (const name of olds) {
    const old = path.join(parent, name);
    if (!fs.existsSync(outDir)) fs.renameSync(old, outDir);
    else fs.rmSync(old, { recursive: true, force: true });
  }
  for (const name of names.filter((n) => n.startsWith(prefixNew))) {
    const pid = Number(name.slice(prefixNew.length).split('-')[0]);
    if (pid !== process.pid && !pidAlive(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

/**
 * Take the lock of a run folder (a `.<name>.seglab-lock` file beside it holding this pid); a lock
 * whose process is gone is taken over. Returns the function that releases it. Re-entrant within
 * one process (the CLI holds it for the whole run; writing the folder takes it again).
 * @example const release = lockRunFolder('reports/demo'); try { ... } finally { release(); }
 */
export function lockRunFolder(outDir: string): () => void {
  const { parent, lock } = siblings(path.resolve(outDir));
  try {
    fs.mkdirSync(parent, { recursive: true });
  } catch (e) {
    fsFail(e, parent);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      recoverRunFolder(path.resolve(outDir));
      return () => fs.rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fsFail(e, lock);
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(lock, 'utf8').trim());
      } catch {
        continue; // released between our attempt and this read
      }
      if (pid === process.pid) return () => undefined;
      if (pidAlive(pid)) throw new SeglabError('outputs', msg.outDirLocked(outDir, pid, lock));
      fs.rmSync(lock, { force: true });
    }
  }
  throw new SeglabError('outputs', msg.outDirLocked(outDir, 0, lock));
}

/**
 * Write a whole run folder: every file into a hidden sibling folder, then swapped in for the old
 * run (see the rule at the top of this file). On any failure the sibling is deleted, the old run
 * is left as it was, and the error is one sentence naming the path and the fix.
 * @example commitRunFolder('reports/demo', { 'segments.csv': '...', 'manifest.json': '...' })
 */
export function commitRunFolder(outDir: string, files: FolderFiles, io: FolderIo = REAL_IO): void {
  const target = path.resolve(outDir);
  const release = lockRunFolder(target);
  const { parent, prefixNew, prefixOld } = siblings(target);
  const id = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const stageDir = path.join(parent, `${prefixNew}${id}`);
  try {
    const why = notReplaceable(target);
    if (why) throw new SeglabError('outputs', msg.outDirNotRunFolder(outDir, why));
    let current = stageDir;
    try {
      fs.mkdirSync(stageDir);
      for (const [name, data] of Object.entries(files)) {
        current = path.join(stageDir, ...name.split('/'));
        fs.mkdirSync(path.dirname(current), { recursive: true });
        io.writeFile(current, data);
      }
    } catch (e) {
      fsFail(e, path.join(target, path.relative(stageDir, current)));
    }
    const old = path.join(parent, `${prefixOld}${id}`);
    try {
      if (fs.existsSync(target)) {
        fs.renameSync(target, old);
        fs.renameSync(stageDir, target);
      } else fs.renameSync(stageDir, target);
    } catch (e) {
      if (!fs.existsSync(target) && fs.existsSync(old)) fs.renameSync(old, target);
      fsFail(e, target);
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(stageDir, { recursive: true, force: true });
    release();
  }
}

/** Every file under `dir`, relative, with "/" separators. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/**
 * Check a run folder against its manifest: every listed output exists with the recorded sha256,
 * and no file is there that the manifest does not list. Returns the problems found ([] = whole).
 * @example verifyRunFolder('reports/demo') // []
 */
export function verifyRunFolder(dir: string, outputs: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const listed = new Set(Object.keys(outputs));
  for (const [name, hash] of Object.entries(outputs)) {
    const file = path.join(dir, ...name.split('/'));
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) problems.push(`${name} is missing`);
    else if (crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') !== hash) problems.push(`${name} differs from its recorded sha256`);
  }
  for (const name of listFiles(dir)) if (name !== 'manifest.json' && !listed.has(name)) problems.push(`${name} is not listed in the manifest`);
  return problems;
}
