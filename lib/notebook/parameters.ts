/**
 * Papermill-style parameters for TypeScript notebooks (papermill has no TypeScript translator):
 *
 *   notebook --parametersCell--> cell tagged "parameters" --notebookParameters--> declared names
 *   given values --coerceParameters (checked against the declarations)--> TypeScript literals
 *   --injectParameters--> a copy of the notebook with an "injected-parameters" cell after it
 *
 * Everything here is pure: the notebook given is never modified.
 */
import { SeglabError, msg } from '../errors/messages';
import { joinText, type Ipynb, type IpynbCell } from './ipynb';

/** A value a parameter can be given (the CLI gives strings; they are coerced to the declared kind). */
export type ParameterValue = string | number | boolean;

/** What the parameters cell declares about one parameter. */
export interface NotebookParameter {
  name: string;
  /** `const` or `let`; the injected cell redeclares with the same keyword. */
  keyword: 'const' | 'let' | 'var';
  /** Kind of the default, from the type annotation or the literal: decides how a CLI string is read. */
  kind: 'number' | 'string' | 'boolean' | 'other';
  /** The type annotation as written (`number | null`), kept on the injected declaration; null when none. */
  annotation: string | null;
  /** The default as written in the cell, e.g. `42` or `process.env.X ?? '../reports'`. */
  defaultText: string;
}

/** Tag of the cell holding the defaults. */
export const PARAMETERS_TAG = 'parameters';
/** Tag of the cell seglab inserts after it. */
export const INJECTED_TAG = 'injected-parameters';

/** Index of the first cell tagged "parameters", or -1. */
export function parametersCellIndex(nb: Ipynb): number {
  return nb.cells.findIndex((c) => c.cell_type === 'code' && (c.metadata.tags ?? []).includes(PARAMETERS_TAG));
}

const DECLARATION = /^\s*(?:export\s+)?(const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.*?)\s*;?\s*$/;

function kindOf(annotation: string | undefined, value: string): NotebookParameter['kind'] {
  if (annotation !== undefined) {
    const t = annotation.trim();
    return t === 'number' || t === 'string' || t === 'boolean' ? t : 'other';
  }
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) return 'number';
  if (value === 'true' || value === 'false') return 'boolean';
  if (/^(['"`]).*\1$/.test(value)) return 'string';
  return 'other';
}

/**
 * The parameters a notebook declares: every top-level `const|let|var name = ...` line of its cell
 * tagged "parameters" (one declaration per line; doc comments in between are fine).
 * Throws a SeglabError when the notebook has no parameters cell.
 * @example notebookParameters(readIpynb(file), file).map((p) => p.name) // ['configPath', 'seed', 'k', ...]
 */
export function notebookParameters(nb: Ipynb, file: string): NotebookParameter[] {
  const index = parametersCellIndex(nb);
  if (index < 0) throw new SeglabError('notebook', msg.notebookNoParametersCell(file));
  const out: NotebookParameter[] = [];
  for (const line of joinText(nb.cells[index].source).split('\n')) {
    const m = DECLARATION.exec(line);
    if (!m) continue;
    out.push({ name: m[2], keyword: m[1] as NotebookParameter['keyword'], kind: kindOf(m[3], m[4]), annotation: m[3]?.trim() ?? null, defaultText: m[4] });
  }
  return out;
}

/** A value as a TypeScript literal. Strings go through JSON, which is valid TypeScript. */
export function typescriptLiteral(value: ParameterValue): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  return typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function coerce(parameter: NotebookParameter, value: ParameterValue): ParameterValue {
  switch (parameter.kind) {
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) throw new SeglabError('notebook', msg.notebookParameterType(parameter.name, 'a finite number', parameter.defaultText, value));
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new SeglabError('notebook', msg.notebookParameterType(parameter.name, 'true or false', parameter.defaultText, value));
    case 'string':
      return String(value);
    case 'other':
      // An expression default (e.g. `process.env.X ?? '...'`, `number | null`): a number given
      // as text is most likely meant as a number.
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
      return typeof value === 'string' && (value === 'true' || value === 'false') ? value === 'true' : value;
    default: {
      const never: never = parameter.kind;
      return never;
    }
  }
}

/**
 * Check given values against the declared parameters and convert them to the declared kinds
 * ("6" -> 6 for a number parameter). Unknown names throw a SeglabError listing the notebook's
 * parameters; a value of the wrong kind throws one naming the parameter and its default.
 * @example coerceParameters(params, { k: '4' }, file) // { k: 4 }
 */
export function coerceParameters(declared: readonly NotebookParameter[], given: Readonly<Record<string, ParameterValue>>, file: string): Record<string, ParameterValue> {
  const byName = new Map(declared.map((p) => [p.name, p]));
  const unknown = Object.keys(given).filter((name) => !byName.has(name));
  if (unknown.length) throw new SeglabError('notebook', msg.notebookUnknownParameters(file, unknown, declared));
  const out: Record<string, ParameterValue> = {};
  for (const [name, value] of Object.entries(given)) out[name] = coerce(byName.get(name) as NotebookParameter, value);
  return out;
}

/** The source of the injected cell: one declaration per given parameter, in the notebook's order. */
export function injectedSource(declared: readonly NotebookParameter[], values: Readonly<Record<string, ParameterValue>>): string {
  const lines = ['// Injected by seglab notebook run: these values replace the defaults of the parameters cell above.'];
  for (const p of declared) if (p.name in values) lines.push(`${p.keyword} ${p.name}${p.annotation ? `: ${p.annotation}` : ''} = ${typescriptLiteral(values[p.name])};`);
  return lines.join('\n');
}

/**
 * A copy of the notebook with an `injected-parameters` code cell right after the `parameters`
 * cell (an injected cell left from an earlier run is replaced), its outputs cleared.
 * The input notebook is not modified.
 * @example injectParameters(nb, file, { k: 4 }).cells[3].source // "// Injected ...\nconst k = 4;"
 */
export function injectParameters(nb: Ipynb, file: string, given: Readonly<Record<string, ParameterValue>>): { notebook: Ipynb; injectedIndex: number; values: Record<string, ParameterValue> } {
  const declared = notebookParameters(nb, file);
  const values = coerceParameters(declared, given, file);
  const index = parametersCellIndex(nb);
  const kept = nb.cells.filter((c) => !(c.metadata.tags ?? []).includes(INJECTED_TAG));
  const at = kept.indexOf(nb.cells[index]) + 1;
  const injected: IpynbCell = {
    cell_type: 'code',
    ...(nb.nbformat_minor >= 5 ? { id: 'injected-parameters' } : {}),
    execution_count: null,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    source: injectedSource(declared, values),
  };
  const cells = [...kept.slice(0, at), injected, ...kept.slice(at)].map((c) => (c.cell_type === 'code' && c !== injected ? { ...c, outputs: [], execution_count: null } : c));
  return { notebook: { ...nb, cells }, injectedIndex: at, values };
}
