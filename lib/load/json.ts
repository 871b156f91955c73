import { SeglabError, msg } from '../errors/messages';
import type { RawTable } from './csv';
import { readText } from './csv';
import { own } from '../io/dict';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Read a JSON array of objects, or NDJSON (one object per line), into a RawTable. Columns are
 * the union of the keys in first-seen order; a missing key or null is "" (missing). Nested
 * values are kept as JSON text. Gzip is handled.
 * @example readJsonTable('web.ndjson', 'web', 'ndjson').header // ['customer_id', 'sessions']
 */
export function readJsonTable(file: string, role: string, format: 'json' | 'ndjson'): RawTable {
  const { text, hadBom, gzipped } = readText(file, role);
  if (text.trim() === '') throw new SeglabError('load', msg.fileEmpty(role, file));
  const records: { value: unknown; line: number }[] = [];
  if (format === 'ndjson') {
    const lines = text.split(/\r?\n/);
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      try {
        records.push({ value: JSON.parse(l), line: i + 1 });
      } catch (e) {
        throw new SeglabError('load', msg.jsonNotTable(role, file, `line ${i + 1}: ${(e as Error).message}`));
      }
    });
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new SeglabError('load', msg.jsonNotTable(role, file, (e as Error).message));
    }
    const arr = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' && Array.isArray((parsed as { data?: unknown }).data) ? (parsed as { data: unknown[] }).data : null;
    if (!arr) throw new SeglabError('load', msg.jsonNotTable(role, file, 'the top level is not an array (nor an object with a "data" array)'));
    arr.forEach((value, i) => records.push({ value, line: i + 1 }));
  }
  const header: string[] = [];
  const seen = new Set<string>();
  for (const { value, line } of records) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SeglabError('load', msg.jsonNotTable(role, file, `record ${line} is not an object`));
    for (const k of Object.keys(value)) {
      if (!seen.has(k)) {
        seen.add(k);
        header.push(k);
      }
    }
  }
  if (records.length === 0) throw new SeglabError('load', msg.headerOnly(role, file));
  const rows = records.map(({ value }) => header.map((h) => cell(own(value as Record<string, unknown>, h))));
  return {
    role,
    file,
    delimiter: '',
    hadBom,
    header,
    rows,
    lines: records.map((r) => r.line),
    blankLines: 0,
    guessed: gzipped ? ['gzip-compressed (read with zlib)'] : [],
  };
}
