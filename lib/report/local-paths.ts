/**
 * The report names input files by their file name only: absolute paths of the machine that ran
 * seglab ("/home/ana/data/customers.csv") say nothing to a reader and leak a local layout. The
 * manifest.json keeps the full paths for reproduction.
 */
import * as path from 'node:path';
import type { ReportBlock, ReportSection } from './types';

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** A table cell without its folder when it is an absolute path. @example fileNameOnly('/a/b/c.csv') // 'c.csv' */
export function fileNameOnly(value: string | number | null): string | number | null {
  if (typeof value !== 'string' || !ABSOLUTE.test(value)) return value;
  return value.includes('\\') && !value.includes('/') ? path.win32.basename(value) : path.basename(value);
}

function block(b: ReportBlock): ReportBlock {
  if (b.kind !== 'table') return b;
  return { ...b, rows: b.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fileNameOnly(v)]))) };
}

/** Sections whose table cells show file names instead of absolute paths. */
export function withoutLocalPaths(sections: readonly ReportSection[]): ReportSection[] {
  return sections.map((s) => ({ ...s, blocks: s.blocks.map(block) }));
}
