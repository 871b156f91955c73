import * as fs from 'node:fs';
import { SeglabError, msg } from '../errors/messages';

/** A delimited file as read: the header and every data row as strings, nothing coerced yet. */
export interface RawTable {
  /** Source role ("customers", "transactions", ...), used in messages. */
  role: string;
  file: string;
  delimiter: string;
  /** True when the file started with a UTF-8 byte-order mark (removed). */
  hadBom: boolean;
  header: string[];
  /** Data rows; every row has header.length fields. */
  rows: string[][];
  /** 1-based line number in the file where each data row starts (for messages). */
  lines: number[];
  /** Fully blank lines skipped (counted in the ledger as repairs, not rows). */
  blankLines: number;
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

/** Guess the delimiter from the header line: the candidate that splits it into the most fields. */
export function sniffDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    let count = 0;
    let inQuotes = false;
    for (const ch of headerLine) {
      if (ch === '"') inQuotes = !inQuotes;
      else if (ch === d && !inQuotes) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Split CSV text into records (RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * newlines; CRLF and LF both end a record). Returns each record with its starting line number.
 */
export function parseRecords(
  text: string,
  delimiter: string,
  where: { role: string; file: string },
): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let fieldStarted = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ fields, line: recordLine });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new SeglabError('load', msg.unterminatedQuote(where.role, where.file, quoteLine));
  if (fieldStarted || fields.length > 0) {
    fields.push(field);
    out.push({ fields, line: recordLine });
  }
  return out;
}

/** Decode bytes as UTF-8, failing with the line of the first invalid byte. */
function decodeUtf8(bytes: Uint8Array, role: string, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first bad byte by decoding growing prefixes line by line.
    let line = 1;
    let start = 0;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new SeglabError('load', msg.notUtf8(role, file, line));
  }
}

/**
 * Read a delimited text file (UTF-8, optional BOM, CRLF or LF, RFC 4180 quoting) into a RawTable.
 * The delimiter is sniffed from the header unless given. Errors name the file and line.
 * @example const t = readDelimited('data/demo/customers.csv', 'customers');
 */
export function readDelimited(file: string, role: string, delimiter?: string): RawTable {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new SeglabError('load', msg.fileNotFound(role, file));
  const bytes = fs.readFileSync(file);
  // TextDecoder drops a leading byte-order mark itself; note that there was one.
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = decodeUtf8(bytes, role, file);
  if (text.trim().length === 0) throw new SeglabError('load', msg.fileEmpty(role, file));
  const firstLineEnd = text.search(/\r?\n/);
  const headerLine = firstLineEnd === -1 ? text : text.slice(0, firstLineEnd);
  const delim = delimiter ?? sniffDelimiter(headerLine);
  const records = parseRecords(text, delim, { role, file });
  const header = records[0].fields.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new SeglabError('load', msg.duplicateHeader(role, file, h));
    seen.add(h);
  }
  const rows: string[][] = [];
  const lines: number[] = [];
  const ragged: { line: number; fields: number }[] = [];
  let blankLines = 0;
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r];
    if (fields.length === 1 && fields[0].trim() === '') {
      blankLines++;
      continue;
    }
    if (fields.length !== header.length) {
      ragged.push({ line, fields: fields.length });
      continue;
    }
    rows.push(fields);
    lines.push(line);
  }
  if (ragged.length) throw new SeglabError('load', msg.raggedRows(role, file, header.length, ragged));
  if (rows.length === 0) throw new SeglabError('load', msg.headerOnly(role, file));
  return { role, file, delimiter: delim, hadBom, header, rows, lines, blankLines };
}

/** The index of `column` in the table, or a clear error naming the setting that asked for it. */
export function requireColumn(table: RawTable, column: string, setting: string): number {
  const idx = table.header.indexOf(column);
  if (idx === -1) throw new SeglabError('load', msg.missingColumn(table.role, table.file, column, setting, table.header));
  return idx;
}
