import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { constants as bufferConstants, isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { SeglabError, msg } from '../errors/messages';
import { plausibleIdColumns } from './id-columns';

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

/** Records of a delimited text as parsed: fields and the 1-based line each record starts on. */
interface ParsedRecords {
  fields: string[][];
  lines: number[];
}

/** Line breaks (LF, CRLF or a lone CR) in bytes [from, to). */
function countLineBreaks(buf: Uint8Array & { indexOf(value: number, byteOffset?: number): number }, from: number, to: number, hasCr: boolean): number {
  let count = 0;
  for (let k = buf.indexOf(0x0a, from); k !== -1 && k < to; k = buf.indexOf(0x0a, k + 1)) count++;
  if (hasCr) for (let k = buf.indexOf(0x0d, from); k !== -1 && k < to; k = buf.indexOf(0x0d, k + 1)) if (buf[k + 1] !== 0x0a) count++;
  return count;
}

/**
 * The line where the quoted field that never closes opens, scanning the unfinished record from
 * `start` (its first byte, on line `line`) with csv-parse's quoting rules (relax_quotes).
 */
function openQuoteLine(buf: Buffer, start: number, line: number, delimiter: number, hasCr: boolean): number {
  let i = start;
  const n = buf.length;
  while (i < n) {
    if (buf[i] === 0x22) {
      let q = buf.indexOf(0x22, i + 1);
      while (q !== -1 && buf[q + 1] === 0x22) q = buf.indexOf(0x22, q + 2);
      if (q === -1) return line + countLineBreaks(buf, start, i, hasCr);
      i = q + 1;
    }
    // An unquoted field (or the text after a closing quote) runs to the delimiter or the line's end.
    while (i < n && buf[i] !== delimiter && buf[i] !== 0x0a && buf[i] !== 0x0d) i++;
    i++;
  }
  return line + countLineBreaks(buf, start, n, hasCr);
}

/** Line breaks (LF, CRLF or a lone CR) inside one field's text. */
function breaksIn(text: string): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) count++;
  for (let k = text.indexOf('\r'); k !== -1; k = text.indexOf('\r', k + 1)) if (text.charCodeAt(k + 1) !== 10) count++;
  return count;
}

/**
 * Split delimited bytes (UTF-8, no BOM) into records with csv-parse: RFC 4180 quoting (delimiters,
 * doubled quotes and newlines inside quotes), LF, CRLF and lone CR mixed in one file, a quote inside
 * an unquoted field kept as text, text after a closing quote kept (`"ab"cd` reads as `"ab"cd`),
 * records of any width (the caller reports ragged rows together). The wrapper adds what csv-parse
 * does not report the way seglab's messages need: the line each record STARTS on (csv-parse counts a
 * CRLF inside quotes as two lines; here a record spans 1 + the line breaks inside its fields), the
 * line where an unterminated quote OPENED, and the per-field size cap with the record's line and column.
 */
function parseRecordBytes(buf: Buffer, delimiter: string, where: { role: string; file: string }, firstLine = 1): ParsedRecords {
  let fields: string[][];
  try {
    fields = parse(buf, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const hasCr = buf.indexOf(0x0d) !== -1;
    if (code === 'CSV_QUOTE_NOT_CLOSED')
      throw new SeglabError('load', msg.unterminatedQuote(where.role, where.file, openQuoteLine(buf, 0, firstLine, delimiter.charCodeAt(0), hasCr)));
    const line = typeof (e as { lines?: number }).lines === 'number' ? (e as { lines: number }).lines + firstLine - 1 : firstLine;
    throw new SeglabError('load', msg.csvUnreadable(where.role, where.file, line, code ?? 'unknown', (e as Error).message));
  }
  const lines = new Array<number>(fields.length);
  // Every record ends with one line break (the last may not): more breaks than that are inside quoted
  // fields, and only then are the fields searched. Without a quote character there are none.
  const terminated = buf.length > 0 && (buf[buf.length - 1] === 0x0a || buf[buf.length - 1] === 0x0d);
  const quoted = buf.indexOf(0x22) !== -1 && countLineBreaks(buf, 0, buf.length, buf.indexOf(0x0d) !== -1) > fields.length - (terminated ? 0 : 1);
  // No field can exceed the cap unless the whole text does (a character is at least one byte).
  const capped = buf.length > MAX_FIELD_CHARS;
  let line = firstLine;
  for (let r = 0; r < fields.length; r++) {
    const record = fields[r];
    lines[r] = line;
    line++;
    if (quoted) for (const f of record) line += breaksIn(f);
    if (capped) {
      const j = record.findIndex((f) => f.length > MAX_FIELD_CHARS);
      if (j !== -1) throw new SeglabError('load', msg.fieldTooLarge(where.role, where.file, lines[r], j + 1, record[j].length));
    }
  }
  return { fields, lines };
}

/**
 * Split CSV text into records (see parseRecordBytes: csv-parse plus line numbers and seglab's
 * messages). Returns each record with the line it starts on.
 */
export function parseRecords(
  text: string,
  delimiter: string,
  where: { role: string; file: string },
): { fields: string[]; line: number }[] {
  const parsed = parseRecordBytes(Buffer.from(text, 'utf8'), delimiter, where);
  return parsed.fields.map((fields, r) => ({ fields, line: parsed.lines[r] }));
}

/**
 * The most bytes the JavaScript reader takes: one JavaScript string holds at most ~512 M characters
 * (V8), so a larger file cannot be decoded whole; it goes through DuckDB instead. Also the cap on
 * what a gzip file may inflate to (a gzip bomb stops here, not after gigabytes of memory).
 */
export const MAX_JS_BYTES = Math.min(bufferConstants.MAX_STRING_LENGTH, 512 * 1024 * 1024);

/** Check bytes are UTF-8 that fits the JavaScript reader, failing with the line of the first invalid byte. */
function checkUtf8(bytes: Uint8Array, role: string, file: string): void {
  // Too long for one string is not an encoding problem (a 600 MB ASCII file is valid UTF-8).
  if (bytes.length > MAX_JS_BYTES) throw new SeglabError('load', msg.tooLargeForJs(role, file, bytes.length, MAX_JS_BYTES));
  if (isUtf8(bytes)) return;
  // Find the first bad byte by checking the file line by line.
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (!isUtf8(bytes.subarray(start, i))) break;
      line++;
      start = i + 1;
    }
  }
  throw new SeglabError('load', msg.notUtf8(role, file, line));
}

/** Decode bytes as UTF-8, failing with the line of the first invalid byte. */
function decodeUtf8(bytes: Uint8Array, role: string, file: string): string {
  checkUtf8(bytes, role, file);
  return new TextDecoder('utf-8').decode(bytes);
}

const hasBom = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

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
  return { text: decodeUtf8(bytes, role, file), hadBom: hasBom(bytes), gzipped };
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
  const { bytes, gzipped } = readFileBytes(file, role);
  checkUtf8(bytes, role, file);
  const hadBom = hasBom(bytes);
  // The bytes go to csv-parse as they are (no whole-file JavaScript string is made).
  return tableFromBytes(hadBom ? bytes.subarray(3) : bytes, role, file, opts, { hadBom, gzipped });
}

/** The text form of readDelimited (for tests and for text that did not come from a file). */
export function parseDelimitedText(
  fullText: string,
  role: string,
  file: string,
  opts: DelimitedOptions = {},
  info: { hadBom: boolean; gzipped: boolean } = { hadBom: false, gzipped: false },
): RawTable {
  return tableFromBytes(Buffer.from(fullText, 'utf8'), role, file, opts, info);
}

const isBlankByte = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;

/** UTF-8 bytes (BOM removed) of a delimited file -> RawTable: skip lines, sniff, parse, header, ragged and blank rows. */
function tableFromBytes(allBytes: Buffer, role: string, file: string, opts: DelimitedOptions, info: { hadBom: boolean; gzipped: boolean }): RawTable {
  const hadBom = info.hadBom;
  const guessed: string[] = info.gzipped ? ['gzip-compressed (read with zlib)'] : [];
  let bytes = allBytes;
  let skippedLineCount = 0;
  for (let k = 0; k < (opts.skipLines ?? 0); k++) {
    const end = bytes.indexOf(0x0a);
    bytes = end === -1 ? bytes.subarray(bytes.length) : bytes.subarray(end + 1);
    skippedLineCount++;
  }
  let firstContent = 0;
  while (firstContent < bytes.length && isBlankByte(bytes[firstContent])) firstContent++;
  if (firstContent === bytes.length) throw new SeglabError('load', msg.fileEmpty(role, file));
  const delim = opts.delimiter ?? sniffDelimiter(bytes.subarray(0, 65536).toString('utf8'));
  if (!opts.delimiter) guessed.push(`delimiter ${JSON.stringify(delim)}`);
  const parsed = parseRecordBytes(bytes, delim, { role, file }, 1 + skippedLineCount);
  const records = parsed.fields;
  if (opts.trimFields) for (let r = 0; r < records.length; r++) records[r] = records[r].map((f) => f.trim());
  const hasHeader = opts.columnNames ? false : opts.header ?? sniffHeader(records.slice(0, 50));
  if (opts.header === undefined && !opts.columnNames) guessed.push(hasHeader ? 'first line is a header' : 'no header line (columns named column_1, column_2, ...)');
  const width = records[0].length;
  const header = opts.columnNames
    ? opts.columnNames.slice()
    : hasHeader
      ? records[0].map((h) => h.trim())
      : Array.from({ length: width }, (_, j) => `column_${j + 1}`);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new SeglabError('load', msg.duplicateHeader(role, file, h));
    seen.add(h);
  }
  // Rows are compacted in place (blank and ragged records out), so no second array of every record is made.
  const rows = records;
  const lines = parsed.lines;
  const ragged: { line: number; fields: number }[] = [];
  let blankLines = 0;
  let kept = 0;
  for (let r = hasHeader ? 1 : 0; r < records.length; r++) {
    const fields = records[r];
    const line = lines[r];
    if (fields.length === 1 && fields[0].trim() === '') {
      blankLines++;
      continue;
    }
    if (fields.length !== header.length) {
      ragged.push({ line, fields: fields.length });
      continue;
    }
    rows[kept] = fields;
    lines[kept] = line;
    kept++;
  }
  rows.length = kept;
  lines.length = kept;
  if (ragged.length) throw new SeglabError('load', msg.raggedRows(role, file, header.length, ragged));
  if (rows.length === 0) throw new SeglabError('load', msg.headerOnly(role, file));
  return { role, file, delimiter: delim, hadBom, header, rows, lines, blankLines, guessed };
}

/** True for a setting that names a customer id column (columns.customerId, sources.*.idColumn, campaigns.columns.customerId). */
export function isIdSetting(setting: string): boolean {
  return setting === 'columns.customerId' || setting === 'campaigns.columns.customerId' || /^sources\.\w+\.idColumn/.test(setting);
}

/**
 * The index of `column` in the table, or a clear error naming the setting that asked for it. For an
 * id setting it proposes only columns that could be an id (never a close name such as Customer_Age).
 */
export function requireColumn(table: RawTable, column: string, setting: string): number {
  const idx = table.header.indexOf(column);
  if (idx === -1) {
    const ids = isIdSetting(setting) ? plausibleIdColumns(table.header, (j) => table.rows.map((r) => r[j] ?? ''), table.role === 'customers') : undefined;
    throw new SeglabError('load', msg.missingColumn(table.role, table.file, column, setting, table.header, ids));
  }
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
    checkUtf8(part, role, file);
    const hadBom = hasBom(part);
    return tableFromBytes(hadBom ? part.subarray(3) : part, role, file, opts, { hadBom, gzipped: false });
  } finally {
    fs.closeSync(fd);
  }
}
