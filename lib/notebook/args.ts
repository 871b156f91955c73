/**
 * Command-line arguments of `seglab notebook run <notebook.ipynb> [-p name=value ...] [--out <dir>]
 * [--timeout <seconds>]`, parsed into what `runNotebook` takes.
 */
import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';

/** Usage of `seglab notebook run`, for the CLI's help text. */
export const NOTEBOOK_USAGE = `seglab notebook run <notebook.ipynb> [-p name=value ...] [--out <dir>] [--timeout <seconds>]

  -p, --param name=value  set a parameter of the notebook's "parameters" cell (repeatable); the value is
                          read as the parameter's declared kind (number, true/false, or text)
  --out <dir>             folder for the executed notebook, its HTML export and anything the notebook
                          writes (default reports/notebooks/<notebook name>)
  --timeout <seconds>     longest a single cell may run (default 600)

Relative paths given as parameters are read by the notebook from its own folder (e.g. ../data/demo/customers.csv).`;

/** What `parseNotebookArgs` returns: call `runNotebook(notebook, params, outDir, { cellTimeoutSeconds })`. */
export interface NotebookArgs {
  /** The notebook to run, as given. */
  notebook: string;
  /** Parameter values as text (runNotebook converts them to the declared kinds). */
  params: Record<string, string>;
  /** Output folder, as given or the default reports/notebooks/<name>. */
  outDir: string;
  /** Longest a single cell may run, seconds; default 600. */
  cellTimeoutSeconds: number;
}

const PARAM_NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * Parse the arguments after `seglab notebook run`. Accepts `-p k=6`, `-p=k=6`, `--param k=6`,
 * `--out dir`, `--out=dir`, `--timeout 300`. Throws a SeglabError (stage "cli") on a missing
 * notebook, a malformed or repeated parameter, or an unknown flag.
 * @example parseNotebookArgs(['notebooks/01-quickstart.ipynb', '-p', 'k=6']) // { notebook, params: { k: '6' }, outDir: 'reports/notebooks/01-quickstart', cellTimeoutSeconds: 600 }
 */
export function parseNotebookArgs(args: readonly string[]): NotebookArgs {
  let notebook: string | undefined;
  let outDir: string | undefined;
  let timeout = 600;
  const params: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const raw = args[i];
    const eq = raw.startsWith('-') ? raw.indexOf('=') : -1;
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    const inline = eq >= 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('-'))) throw new SeglabError('cli', msg.flagNeedsValue(flag));
      return v;
    };
    switch (flag) {
      case '-p':
      case '--param': {
        const assignment = value();
        const at = assignment.indexOf('=');
        const name = at > 0 ? assignment.slice(0, at).trim() : '';
        if (!PARAM_NAME.test(name)) throw new SeglabError('cli', msg.notebookBadParamArg(assignment));
        if (name in params) throw new SeglabError('cli', msg.notebookRepeatedParam(name));
        params[name] = assignment.slice(at + 1);
        break;
      }
      case '--out':
        outDir = value();
        break;
      case '--timeout': {
        const text = value();
        timeout = Number(text);
        if (!Number.isFinite(timeout) || timeout <= 0) throw new SeglabError('cli', msg.notebookBadTimeout(text));
        break;
      }
      default:
        if (raw.startsWith('-')) throw new SeglabError('cli', msg.unknownFlag(raw, ['-p', '--param', '--out', '--timeout']));
        if (notebook !== undefined) throw new SeglabError('cli', msg.notebookUsage(`a second notebook "${raw}" (one at a time)`));
        notebook = raw;
    }
  }
  if (notebook === undefined) throw new SeglabError('cli', msg.notebookUsage('no notebook given'));
  return {
    notebook,
    params,
    outDir: outDir ?? path.join('reports', 'notebooks', path.basename(notebook).replace(/\.ipynb$/i, '')),
    cellTimeoutSeconds: timeout,
  };
}
