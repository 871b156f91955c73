/**
 * `seglab notebook run`: execute a notebook headless with parameters, papermill-style.
 *
 *   source .ipynb --injectParameters--> <outDir>/<name>.ipynb (copy with an injected-parameters cell)
 *     --nbclient on the tslab kernel, cwd = the source notebook's folder--> executed <outDir>/<name>.ipynb
 *     --nbconvert --to html--> <outDir>/<name>.html
 *
 * The source notebook is only read. The kernel runs in the source notebook's folder, so the
 * notebook's relative paths (`../dist/lib/index`, `../data/demo/...`) mean what they mean in
 * Jupyter, and SEGLAB_NOTEBOOK_OUT_DIR is set to `<outDir>/run` so a notebook that writes a run
 * folder writes it beside its executed copy (a run folder is a folder of its own: seglab replaces
 * only empty folders or earlier runs).
 *
 * Execution uses nbclient (the executor inside nbconvert) through a short Python driver, because
 * the tslab kernel reports a failing cell only on stderr: the driver stops at the first failing
 * cell, still writes the partial notebook, and says which cell it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { SeglabError, msg } from '../errors/messages';
import { joinText, readIpynb, type Ipynb, type IpynbOutput } from './ipynb';
import { withHtmlCharts } from './export';
import { injectParameters, type ParameterValue } from './parameters';

/** Options of `runNotebook`; every field has a default. */
export interface RunNotebookOptions {
  /** Python with nbconvert, nbclient and ipykernel. Default $SEGLAB_PYTHON or /usr/bin/python3 (Debian's Jupyter). */
  python?: string;
  /** JUPYTER_PATH holding the tslab kernel spec. Default <repo>/.jupyter-local/share/jupyter (registered by `npm run setup`). */
  jupyterPath?: string;
  /** Seconds a single cell may run. Default 600. */
  cellTimeoutSeconds?: number;
  /** Export the executed notebook to HTML too. Default true. */
  html?: boolean;
  /** Extra environment variables for the kernel. Default none. */
  env?: Readonly<Record<string, string>>;
}

/** What `runNotebook` produced. */
export interface NotebookRun {
  status: 'completed';
  /** The source notebook (absolute; unchanged). */
  notebook: string;
  /** The executed copy, with outputs (absolute). */
  executed: string;
  /** Its HTML export (absolute); null when options.html is false. */
  html: string | null;
  /** The folder everything was written to (absolute); the notebook gets `<outDir>/run` as SEGLAB_NOTEBOOK_OUT_DIR. */
  outDir: string;
  /** The parameter values injected, after conversion to the declared kinds. */
  parameters: Record<string, ParameterValue>;
  /** Code cells executed, the injected one included. */
  codeCells: number;
  /** Wall time of execution and export, seconds. */
  seconds: number;
}

/** The repository root: the nearest folder above this file with a package.json, outside dist/. */
function repoRoot(): string {
  let dir = __dirname;
  while ((!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Debian's Python by default (the python3 first on PATH may have no Jupyter). */
export function defaultPython(): string {
  return process.env.SEGLAB_PYTHON ?? '/usr/bin/python3';
}

/** Where `npm run setup` registers the tslab kernel. */
export function defaultJupyterPath(): string {
  return path.join(repoRoot(), '.jupyter-local', 'share', 'jupyter');
}

/**
 * Runs the prepared notebook with nbclient and prints one JSON line: which cell failed, if any.
 * argv: notebook (read and overwritten with the executed version), kernel cwd, kernel, timeout.
 */
const DRIVER = `
import json, sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
path, cwd, kernel, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
nb = nbformat.read(path, as_version=4)
state = {'index': None}
def on_cell_execute(cell=None, cell_index=None, **kwargs):
    state['index'] = cell_index
client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, resources={'metadata': {'path': cwd}}, on_cell_execute=on_cell_execute)
result = {'failure': None, 'cell': None, 'detail': ''}
try:
    client.execute()
except CellTimeoutError as e:
    result = {'failure': 'timeout', 'cell': state['index'], 'detail': str(e).strip().splitlines()[-1:]}
except CellExecutionError as e:
    result = {'failure': 'error', 'cell': state['index'], 'detail': [str(getattr(e, 'ename', '')), str(getattr(e, 'evalue', ''))]}
except DeadKernelError as e:
    result = {'failure': 'dead-kernel', 'cell': state['index'], 'detail': [str(e)]}
finally:
    nbformat.write(nb, path)
print('SEGLAB-RESULT ' + json.dumps(result))
`;

interface DriverResult {
  failure: 'timeout' | 'error' | 'dead-kernel' | null;
  cell: number | null;
  detail: string[] | string;
}

function runProcess(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; spawnError: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e) => resolve({ code: null, stdout, stderr, spawnError: e.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr, spawnError: null }));
  });
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/**
 * The error text of a failed tslab cell, without the stack: tslab writes runtime errors to stderr
 * as "evalmachine.<anonymous>:LINE / the line / ^ / (blank) / Error: text / at ...", and type errors
 * as "LINE:COL - message".
 */
export function cellErrorText(outputs: readonly IpynbOutput[]): string {
  const parts: string[] = [];
  for (const o of outputs) {
    if (o.output_type === 'error') {
      const text = [o.ename, o.evalue].filter((s) => s && s.trim()).join(': ');
      if (text) parts.push(text);
    } else if (o.output_type === 'stream' && o.name === 'stderr') {
      let lines = joinText(o.text).split('\n');
      // "file:line", the offending line, a caret, a blank line: where, not what.
      if (/^\S+:\d+$/.test(lines[0]?.trim() ?? '')) {
        const blank = lines.findIndex((l) => l.trim() === '');
        lines = blank >= 0 ? lines.slice(blank + 1) : lines;
      }
      const kept = lines.filter((l) => !/^\s+at\s/.test(l) && !/^Node\.js v\d/.test(l));
      // A Node error object printed after its message ({ code: ..., requireStack: [...] }) is noise here.
      const brace = kept.findIndex((l, j) => j > 0 && /^\{\s*$|^\s+code: /.test(l));
      const text = (brace > 0 ? kept.slice(0, brace) : kept).join('\n').trim();
      if (text) parts.push(text);
    }
  }
  return parts.join('\n') || 'the kernel reported an error without a message';
}

/**
 * Execute a notebook headless with parameters, papermill-style, into `outDir`: the executed copy
 * `<outDir>/<name>.ipynb` and its HTML export `<outDir>/<name>.html`. The source notebook is never
 * modified. Unknown parameter names throw a SeglabError listing the notebook's parameters; a
 * failing cell throws one naming the notebook, the cell (1-based, markdown cells counted, as in
 * the source notebook) and the error text (the partial executed copy is still written).
 * Relative paths given as parameters are read by the notebook, from the notebook's own folder.
 * @param params values for the `parameters` cell's names; strings are converted to the declared kind ("4" -> 4)
 * @example const run = await runNotebook('notebooks/01-quickstart.ipynb', { k: 4 }, 'reports/nb-k4');
 */
export async function runNotebook(
  notebookPath: string,
  params: Readonly<Record<string, ParameterValue>>,
  outDir: string,
  options: RunNotebookOptions = {},
): Promise<NotebookRun> {
  const t0 = performance.now();
  const source = path.resolve(notebookPath);
  const nb: Ipynb = readIpynb(source);
  const { notebook, injectedIndex, values } = injectParameters(nb, source, params);
  const out = path.resolve(outDir);
  const name = path.basename(source).replace(/\.ipynb$/i, '');
  const executed = path.join(out, `${name}.ipynb`);
  if (executed === source) throw new SeglabError('notebook', msg.notebookOutIsSource(source));
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(executed, `${JSON.stringify(notebook, null, 1)}\n`);

  const python = options.python ?? defaultPython();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: options.jupyterPath ?? defaultJupyterPath(),
    JUPYTER_PLATFORM_DIRS: '1',
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    SEGLAB_NOTEBOOK_OUT_DIR: path.join(out, 'run'),
    ...options.env,
  };
  const kernel = nb.metadata.kernelspec?.name ?? 'tslab';
  const timeout = String(Math.max(1, Math.round(options.cellTimeoutSeconds ?? 600)));
  const exec = await runProcess(python, ['-Xfrozen_modules=off', '-c', DRIVER, executed, path.dirname(source), kernel, timeout], path.dirname(source), env);
  const line = exec.stdout.split('\n').find((l) => l.startsWith('SEGLAB-RESULT '));
  if (exec.spawnError || !line) {
    throw new SeglabError('notebook', msg.notebookCannotExecute(source, python, exec.spawnError ?? lastLines(exec.stderr, 8)));
  }
  const result = JSON.parse(line.slice('SEGLAB-RESULT '.length)) as DriverResult;
  if (result.failure !== null) {
    const ran = readIpynb(executed);
    const index = result.cell ?? -1;
    const cell = ran.cells[index];
    // Number cells as in the source notebook: the injected cell is not in it.
    const sourceNumber = index === injectedIndex ? null : index > injectedIndex ? index : index + 1;
    const detail = Array.isArray(result.detail) ? result.detail.filter(Boolean).join(': ') : result.detail;
    const text = result.failure === 'error' && cell ? cellErrorText(cell.outputs ?? []) : `${result.failure === 'timeout' ? `no result within ${timeout} s` : 'the kernel died'}${detail ? ` (${detail})` : ''}`;
    throw new SeglabError('notebook', msg.notebookCellFailed(source, sourceNumber, nb.cells.length, cell ? joinText(cell.source).trim().split('\n')[0] : '', text, executed));
  }

  let html: string | null = null;
  if (options.html !== false) {
    // Charts are Vega-Lite specs in the notebook; the page gets them drawn by vega-embed (export.ts).
    const forExport = path.join(out, `.${name}.export.ipynb`);
    fs.writeFileSync(forExport, `${JSON.stringify(await withHtmlCharts(readIpynb(executed)), null, 1)}\n`);
    const exported = await runProcess(python, ['-Xfrozen_modules=off', '-m', 'nbconvert', '--to', 'html', '--output', name, '--output-dir', out, forExport], out, env);
    fs.rmSync(forExport, { force: true });
    html = path.join(out, `${name}.html`);
    if (exported.code !== 0 || !fs.existsSync(html)) throw new SeglabError('notebook', msg.notebookExportFailed(executed, exported.spawnError ?? lastLines(exported.stderr, 8)));
  }
  return {
    status: 'completed',
    notebook: source,
    executed,
    html,
    outDir: out,
    parameters: values,
    codeCells: notebook.cells.filter((c) => c.cell_type === 'code').length,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}
