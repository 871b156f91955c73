/**
 * Shared by the notebook tests: the notebooks in notebooks/, their JSON shape, and a headless
 * nbconvert run on the project's tslab kernel (Debian's Jupyter, registered by `npm run setup`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../helpers/paths';
import type { Ipynb, IpynbCell, IpynbOutput } from '../../lib/notebook/ipynb';

/** Debian's Python, which has nbconvert and ipykernel (the pyenv python3 on PATH has no Jupyter). */
export const SYSTEM_PYTHON = process.env.SEGLAB_PYTHON ?? '/usr/bin/python3';

/** Where `npm run setup` registers the tslab kernel (JUPYTER_PATH). */
export const JUPYTER_PATH = path.join(repoRoot, '.jupyter-local', 'share', 'jupyter');

export const NOTEBOOK_DIR = path.join(repoRoot, 'notebooks');

/** The notebook JSON shapes are the library's (lib/notebook/ipynb.ts). */
export type NotebookOutput = IpynbOutput;
export type NotebookCell = IpynbCell;
export type Notebook = Ipynb;

/** Every committed notebook, as absolute paths, sorted. */
export function notebookFiles(): string[] {
  if (!fs.existsSync(NOTEBOOK_DIR)) return [];
  return fs
    .readdirSync(NOTEBOOK_DIR)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => path.join(NOTEBOOK_DIR, f));
}

export function readNotebook(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
}

export function text(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('') : (value ?? '');
}

/** Why the notebooks cannot be executed here, or null when Jupyter and the tslab kernel are ready. */
export function jupyterProblem(): string | null {
  const fix = 'Run "npm run setup" first (it installs Debian\'s Jupyter when missing and registers the tslab kernel in .jupyter-local).';
  if (!fs.existsSync(SYSTEM_PYTHON)) return `${SYSTEM_PYTHON} does not exist. ${fix}`;
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import nbconvert, nbclient, ipykernel'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${SYSTEM_PYTHON} has no Jupyter (import nbconvert, nbclient, ipykernel failed: ${probe.stderr.trim().split('\n').pop()}). ${fix}`;
  const spec = path.join(JUPYTER_PATH, 'kernels', 'tslab', 'kernel.json');
  if (!fs.existsSync(spec)) return `the tslab kernel is not registered (${path.relative(repoRoot, spec)} is missing). ${fix}`;
  const argv = (JSON.parse(fs.readFileSync(spec, 'utf8')) as { argv?: string[] }).argv ?? [];
  if (!argv[0] || !fs.existsSync(argv[0])) return `the tslab kernel points to ${argv[0] ?? '(nothing)'}, which does not exist. ${fix}`;
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'lib', 'index.js'))) return `dist/lib/index.js is missing; notebooks import the compiled library. Run "npm run build".`;
  return null;
}

export interface NbconvertResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `python3 -m nbconvert <args>` with the project's JUPYTER_PATH. (`python3 -m jupyter
 * nbconvert` needs Debian's separate jupyter-nbconvert launcher; the module runs without it.)
 */
export function nbconvert(args: readonly string[], env: Record<string, string> = {}): NbconvertResult {
  const result = spawnSync(SYSTEM_PYTHON, ['-Xfrozen_modules=off', '-m', 'nbconvert', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60 * 1000,
    env: { ...process.env, JUPYTER_PATH, JUPYTER_PLATFORM_DIRS: '1', PYDEVD_DISABLE_FILE_VALIDATION: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: (result.stderr ?? '') + (result.error ? `\n${String(result.error)}` : '') };
}

/** Files under a folder with their modification times, to prove a run wrote nothing there. */
export function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.statSync(p).mtimeMs;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}
