import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { constants as bufferConstants } from 'node:buffer';
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
  /** What the reader guessed rather than was told (delimiter, header, gzip...), in plain words. Default []. */
  guessed?: string[];
}

/** How to read a delimited file; every field optional. */
export interface DelimitedOptions {
  /** Field delimiter (one character). Default: sniffed. */
  delimiter?: string;
  /** Does the first (non-skipped) line hold the column names? Default: sniffed. */
  header?: boolean;
  /** Names for a file without a header. Default column_1, column_2, ... */
  columnNames?: readonly string[];
  /** Lines to skip at the top. Default 0. */
  skipLines?: number;
  /** Trim spaces around every field. Default false. */
  trimFields?: boolean;
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

function countOutsideQuotes(line: string, d: string): number {
  let count = 0;
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === d && !inQuotes) count++;
  }
  return count;
}

/**
 * Guess the delimiter from the first lines: the candidate that splits the header into the most
 * fields, preferring one that splits every sampled line the same way.
 * @example sniffDelimiter('a;b;c\n1;2;3') // ';'
 */
export function sniffDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 20).filter((l) => l.trim() !== '');
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const head = counts[0] ?? 0;
    // A delimiter that splits every line into the same number of fields beats one that only splits the header.
    const consistent = counts.every((c) => c === head);
    const score = head * (consistent ? 2 : 1);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const NUMBER_LIKE = /^[\s$€£(+-]*\d[\d.,\s%)]*$/;

/**
 * Guess whether the first record is a header: it is when no field of it looks like a number
 * while some later row has a number in a column. Also a header when every field is text and
 * distinct, and the later rows repeat none of those values.
 */
export function sniffHeader(records: readonly string[][]): boolean {
  if (records.length < 2) return true;
  const first = records[0];
  const rest = records.slice(1, 50);
  if (first.some((f) => NUMBER_LIKE.test(f.trim()))) return false;
  const numericCols = first.map((_, j) => rest.filter((r) => NUMBER_LIKE.test((r[j] ?? '').trim())).length > rest.length / 2);
  if (numericCols.some(Boolean)) return true;
  return new Set(first).size === first.length && !rest.some((r) => r.some((f, j) => f === first[j]));
}

/** Fields longer than this (characters) are refused: almost always a quote that never closed. */
export const MAX_FIELD_CHARS = 1_048_576;

/**
 * Split CSV text into records (RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * newlines; CRLF and LF both end a record). Returns each record with its starting line number.
 * Scans with slices, not per-character string building (a 100 MB file parses in seconds).
 */
export function parseRecords(
  text: string,
  delimiter: string,
  where: { role: string; file: string },
): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const n = text.length;
  const D = delimiter.charCodeAt(0);
  const Q = 34;
  const LF = 10;
  const CR = 13;
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const tooLong = (len: number): void => {
    if (len > MAX_FIELD_CHARS) throw new SeglabError('load', msg.fieldTooLarge(where.role, where.file, recordLine, fields.length + 1, len));
  };
  while (i <= n) {
    if (i === n) {
      // End of text: close a record that has started (a field after a delimiter, or any field).
      if (fields.length > 0) {
        fields.push('');
        out.push({ fields, line: recordLine });
      }
      break;
    }
    let value: string;
    if (text.charCodeAt(i) === Q) {
      const quoteLine = line;
      const parts: string[] = [];
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) throw new SeglabError('load', msg.unterminatedQuote(where.role, where.file, quoteLine));
        const chunk = text.slice(j, q);
        for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
        parts.push(chunk);
        if (text.charCodeAt(q + 1) === Q) {
          parts.push('"');
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Characters after the closing quote up to the delimiter are kept (lenient, like most readers).
      let k = j;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === D || c === LF || c === CR) break;
        k++;
      }
      value = parts.join('') + text.slice(j, k);
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === D || c === LF || c === CR) break;
        k++;
      }
      value = text.slice(i, k);
      i = k;
    }
    tooLong(value.length);
    fields.push(value);
    if (i >= n) {
      out.push({ fields, line: recordLine });
      break;
    }
    const c = text.charCodeAt(i);
    if (c === D) {
      i++;
      if (i === n) {
        fields.push('');
        out.push({ fields, line: recordLine });
        break;
      }
      continue;
    }
    // End of line (CRLF, LF or a lone CR).
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    out.push({ fields, line: recordLine });
    fields = [];
    line++;
    recordLine = line;
  }
  return out;
}

/**
 * The most bytes the JavaScript reader takes: one JavaScript string holds at most ~512 M characters
 * (V8), so a larger file cannot be decoded whole; it goes through DuckDB instead. Also the cap on
 * what a gzip file may inflate to (a gzip bomb stops here, not after gigabytes of memory).
 */
export const MAX_JS_BYTES = Math.min(bufferConstants.MAX_STRING_LENGTH, 512 * 1024 * 1024);

/** Decode bytes as UTF-8, failing with the line of the first invalid byte. */
function decodeUtf8(bytes: Uint8Array, role: string, file: string): string {
  // Too long for one string is not an encoding problem (a 600 MB ASCII file is valid UTF-8).
  if (bytes.length > MAX_JS_BYTES) throw new SeglabError('load', msg.tooLargeForJs(role, file, bytes.length, MAX_JS_BYTES));
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

/** Read a file's bytes, gunzipping a gzip file (magic bytes 1f 8b). */
export function readFileBytes(file: string, role: string, maxInflated = MAX_JS_BYTES): { bytes: Buffer; gzipped: boolean } {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new SeglabError('load', msg.fileNotFound(role, file));
  const raw = fs.readFileSync(file);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return { bytes: zlib.gunzipSync(raw, { maxOutputLength: maxInflated }), gzipped: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
        throw new SeglabError('load', msg.gzipTooLarge(role, file, raw.length, maxInflated));
      throw new SeglabError('load', msg.gzipBroken(role, file, (e as Error).message));
    }
  }
  return { bytes: raw, gzipped: false };
}

/** Decode a file's bytes as UTF-8 text (gzip and BOM handled). */
export function readText(file: string, role: string): { text: string; hadBom: boolean; gzipped: boolean } {
  const { bytes, gzipped } = readFileBytes(file, role);
  // TextDecoder drops a leading byte-order mark itself; note that there was one.
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { text: decodeUtf8(bytes, role, file), hadBom, gzipped };
}

/**
 * Read a delimited text file (UTF-8, optional BOM, CRLF or LF, RFC 4180 quoting, gzip) into a
 * RawTable. The delimiter and the presence of a header are sniffed unless given; what was
 * guessed is listed in `guessed`. Errors name the file and line.
 * The third argument may be a delimiter (as before) or a DelimitedOptions object.
 * @example const t = readDelimited('data/demo/customers.csv', 'customers');
 * @example readDelimited('adult.test', 'customers', { delimiter: ',', skipLines: 1, trimFields: true, columnNames: [...] })
 */
export function readDelimited(file: string, role: string, options?: string | DelimitedOptions): RawTable {
  const opts: DelimitedOptions = typeof options === 'string' ? { delimiter: options } : options ?? {};
  const { text, hadBom, gzipped } = readText(file, role);
  return parseDelimitedText(text, role, file, opts, { hadBom, gzipped });
}

/** The text form of readDelimited (for tests and for text that did not come from a file). */
export function parseDelimitedText(
  fullText: string,
  role: string,
  file: string,
  opts: DelimitedOptions = {},
  info: { hadBom: boolean; gzipped: boolean } = { hadBom: false, gzipped: false },
): RawTable {
  const hadBom = info.hadBom;
  const guessed: string[] = info.gzipped ? ['gzip-compressed (read with zlib)'] : [];
  let text = fullText;
  let skippedLineCount = 0;
  for (let k = 0; k < (opts.skipLines ?? 0); k++) {
    const end = text.indexOf('\n');
    text = end === -1 ? '' : text.slice(end + 1);
    skippedLineCount++;
  }
  if (text.trim().length === 0) throw new SeglabError('load', msg.fileEmpty(role, file));
  const delim = opts.delimiter ?? sniffDelimiter(text.slice(0, 65536));
  if (!opts.delimiter) guessed.push(`delimiter ${JSON.stringify(delim)}`);
  const parsed = parseRecords(text, delim, { role, file });
  const records = parsed.map((r) => ({
    fields: opts.trimFields ? r.fields.map((f) => f.trim()) : r.fields,
    line: r.line + skippedLineCount,
  }));
  const hasHeader = opts.columnNames ? false : opts.header ?? sniffHeader(records.slice(0, 50).map((r) => r.fields));
  if (opts.header === undefined && !opts.columnNames) guessed.push(hasHeader ? 'first line is a header' : 'no header line (columns named column_1, column_2, ...)');
  const width = records[0].fields.length;
  const header = opts.columnNames
    ? opts.columnNames.slice()
    : hasHeader
      ? records[0].fields.map((h) => h.trim())
      : Array.from({ length: width }, (_, j) => `column_${j + 1}`);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new SeglabError('load', msg.duplicateHeader(role, file, h));
    seen.add(h);
  }
  const rows: string[][] = [];
  const lines: number[] = [];
  const ragged: { line: number; fields: number }[] = [];
  let blankLines = 0;
  for (let r = hasHeader ? 1 : 0; r < records.length; r++) {
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
  return { role, file, delimiter: delim, hadBom, header, rows, lines, blankLines, guessed };
}

/** The index of `column` in the table, or a clear error naming the setting that asked for it. */
export function requireColumn(table: RawTable, column: string, setting: string): number {
  const idx = table.header.indexOf(column);
  if (idx === -1) throw new SeglabError('load', msg.missingColumn(table.role, table.file, column, setting, table.header));
  return idx;
}

/** Bytes read from the top of a file to detect column roles (flags path): 16 MB. */
export const SAMPLE_BYTES = 16 * 1024 * 1024;

/**
 * The first `maxBytes` of a delimited file (cut at the last full line) read as a RawTable: enough
 * to detect column roles without reading a 600 MB file in JavaScript. Gzip files are read whole
 * (within the inflate cap). Returns the whole file when it is smaller.
 * @example readDelimitedSample('big/transactions.csv', 'transactions').rows.length // a few hundred thousand
 */
export function readDelimitedSample(file: string, role: string, options?: string | DelimitedOptions, maxBytes = SAMPLE_BYTES): RawTable {
  const opts: DelimitedOptions = typeof options === 'string' ? { delimiter: options } : options ?? {};
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new SeglabError('load', msg.fileNotFound(role, file));
  const size = fs.statSync(file).size;
  const head = Buffer.alloc(Math.min(2, size));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
    if (size <= maxBytes || (head[0] === 0x1f && head[1] === 0x8b)) return readDelimited(file, role, opts);
    const bytes = Buffer.alloc(maxBytes);
    const n = fs.readSync(fd, bytes, 0, maxBytes, 0);
    const cut = bytes.subarray(0, n).lastIndexOf(0x0a);
    const part = bytes.subarray(0, cut > 0 ? cut + 1 : n);
    const hadBom = part.length >= 3 && part[0] === 0xef && part[1] === 0xbb && part[2] === 0xbf;
    return parseDelimitedText(decodeUtf8(part, role, file), role, file, opts, { hadBom, gzipped: false });
  } finally {
    fs.closeSync(fd);
  }
}
