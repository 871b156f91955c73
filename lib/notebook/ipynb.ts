/**
 * The parts of the Jupyter notebook format (nbformat 4) that seglab reads and writes, and reading
 * a notebook file with errors that name the file.
 */
import * as fs from 'node:fs';
import { SeglabError, msg } from '../errors/messages';

/** One output of a code cell, as nbformat 4 stores it. */
export interface IpynbOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell; `id` is required from nbformat 4.5 on. */
export interface IpynbCell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  source: string | string[];
  metadata: { tags?: string[] } & Record<string, unknown>;
  outputs?: IpynbOutput[];
  execution_count?: number | null;
}

export interface Ipynb {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string; language?: string; display_name?: string } } & Record<string, unknown>;
  cells: IpynbCell[];
}

/** A cell's source (or a stream's text) as one string. */
export function joinText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('') : (value ?? '');
}

/**
 * Read and shape-check a .ipynb file. Throws a SeglabError naming the file when it is missing,
 * not JSON, or not an nbformat 4 notebook.
 * @example const nb = readIpynb('notebooks/01-quickstart.ipynb');
 */
export function readIpynb(file: string): Ipynb {
  if (!fs.existsSync(file)) throw new SeglabError('notebook', msg.notebookNotFound(file));
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SeglabError('notebook', msg.notebookNotIpynb(file, `not JSON (${(e as Error).message})`));
  }
  const nb = parsed as Partial<Ipynb>;
  if (typeof nb !== 'object' || nb === null || !Array.isArray(nb.cells)) throw new SeglabError('notebook', msg.notebookNotIpynb(file, 'it has no "cells" list'));
  if (nb.nbformat !== 4) throw new SeglabError('notebook', msg.notebookNotIpynb(file, `nbformat is ${String(nb.nbformat)}, expected 4`));
  return nb as Ipynb;
}
