/**
 * The output scan: values of the input's personal columns must never appear in an output file.
 *
 * The scan looks where data sits, not at markup: CSV fields, JSON strings (keys and values),
 * the text of HTML/SVG elements and their title / aria-label / alt attributes, and the data
 * values of the Vega specs embedded as JSON. Chart markup (`fill="white"`, a "marks" group, the
 * Vega runtime) is not data, so a surname such as White, Marks or Root cannot match it.
 *
 * A value matches a data field when the whole field equals it (case-insensitive, trimmed). A
 * distinctive value (with a digit or "@", or of two or more words, e.g. an e-mail, a phone, an
 * IBAN, a full name) also matches inside a field, as a whole word. A single ordinary word is
 * only matched as a whole CSV or JSON field: in prose it is indistinguishable from the word.
 */
import type { PiiHit } from './types';

/** A personal value to look for, with the input column it came from. */
export interface PersonalValue {
  value: string;
  /** Input column (e.g. "Surname", or "transactions: note"). */
  column?: string;
}

/** One piece of data in an output file: its text, the 1-based line, and whether it is a whole CSV/JSON field. */
interface DataField {
  text: string;
  line: number;
  structured: boolean;
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const ALNUM = /[\p{L}\p{N}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
/** TOKEN without the global flag: the first token of a value (no lastIndex state between calls). */
const FIRST_TOKEN = new RegExp(TOKEN.source, 'u');

/** "anna@example.com" -> "a**************m". */
function mask(value: string): string {
  return value.length <= 2 ? '*'.repeat(value.length) : `${value[0]}${'*'.repeat(value.length - 2)}${value[value.length - 1]}`;
}

/** Line starts of a text, for offset -> line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function csvFields(text: string): DataField[] {
  const out: DataField[] = [];
  forEachCsvField(text, (field, line) => out.push({ text: field, line, structured: true }));
  return out;
}

/**
 * Calls `visit` with every field of a CSV text and its 1-based line, without building a list (a
 * 1M-line clv.csv has ~10M fields). A line without a quote is split at its commas; a quoted line
 * is read character by character (`""` is a quote inside a quoted field).
 */
function forEachCsvField(text: string, visit: (field: string, line: number) => void): void {
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (!line.includes('"')) {
      for (const field of line.split(',')) visit(field, lineNo);
      continue;
    }
    let field = '';
    let quoted = false;
    for (let j = 0; j < line.length; j++) {
      const ch = line[j];
      if (quoted) {
        if (ch === '"' && line[j + 1] === '"') {
          field += '"';
          j++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        visit(field, lineNo);
        field = '';
      } else field += ch;
    }
    visit(field, lineNo);
  }
}

/** Every string of a parsed JSON value (keys in `keys`); `dataOnly` keeps only strings under "values"/"datasets" (Vega data). */
function jsonStrings(value: unknown, out: string[], dataOnly: boolean, inData = !dataOnly, keys: string[] = out): void {
  if (typeof value === 'string') {
    if (inData) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out, dataOnly, inData, keys);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (inData) keys.push(key);
      jsonStrings(v, out, dataOnly, inData || key === 'values' || key === 'datasets', keys);
    }
  }
}

function jsonFields(text: string, starts: readonly number[]): DataField[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return plainFields(text);
  }
  const strings: string[] = [];
  const keys: string[] = [];
  jsonStrings(parsed, strings, false, true, keys);
  const field = (s: string, structured: boolean): DataField => {
    const at = text.indexOf(JSON.stringify(s).slice(1, -1));
    return { text: s, line: at >= 0 ? lineOf(starts, at) : 1, structured };
  };
  // Keys are mostly the file's schema ("group", "value"): only distinctive values are matched in them.
  return [...strings.map((s) => field(s, true)), ...keys.map((s) => field(s, false))];
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITY[e.toLowerCase()] ?? whole;
  });
}

const MARKUP = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<!--[\s\S]*?-->|<[^>]*>|([^<]+)/gi;
const DATA_ATTRIBUTES = /\b(?:title|aria-label|alt)\s*=\s*("([^"]*)"|'([^']*)')/gi;

function markupFields(text: string, starts: readonly number[]): DataField[] {
  const out: DataField[] = [];
  for (const m of text.matchAll(MARKUP)) {
    const at = m.index as number;
    if (m[3] !== undefined) {
      const content = decodeEntities(m[3]).trim();
      if (content) out.push({ text: content, line: lineOf(starts, at), structured: false });
    } else if (m[2] !== undefined) {
      // Inline JSON (Vega specs): only the data values count; the runtime's JavaScript is not data.
      if (!/application\/(ld\+)?json/i.test(m[1] ?? '')) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(m[2]);
      } catch {
        continue;
      }
      const strings: string[] = [];
      jsonStrings(parsed, strings, true);
      for (const s of strings) out.push({ text: s, line: lineOf(starts, at), structured: false });
    } else if (m[0].startsWith('<') && !m[0].startsWith('<!') && !m[0].startsWith('</')) {
      for (const a of m[0].matchAll(DATA_ATTRIBUTES)) {
        const v = decodeEntities(a[2] ?? a[3] ?? '').trim();
        if (v) out.push({ text: v, line: lineOf(starts, at), structured: false });
      }
    }
  }
  return out;
}

function plainFields(text: string): DataField[] {
  return text.split('\n').map((line, i) => ({ text: line, line: i + 1, structured: false }));
}

/** The data fields of an output file, by its extension. */
export function dataFields(file: string, text: string): DataField[] {
  const ext = file.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv') return csvFields(text);
  const starts = lineStarts(text);
  if (ext === 'json' || ext === 'ipynb') return jsonFields(text, starts);
  if (ext === 'html' || ext === 'htm' || ext === 'svg' || ext === 'xml') return markupFields(text, starts);
  return plainFields(text);
}

/**
 * Calls `visit` with every token (a run of letters and digits, TOKEN) of `text` and its offset.
 * ASCII text is scanned by character codes (the same tokens as TOKEN there); other text by TOKEN.
 */
function forEachToken(text: string, visit: (token: string, at: number) => void): void {
  if (NON_ASCII.test(text)) {
    for (const token of text.matchAll(TOKEN)) visit(token[0], token.index as number);
    return;
  }
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum && start < 0) start = i;
    else if (!alnum && start >= 0) {
      visit(text.slice(start, i), start);
      start = -1;
    }
  }
}

/** An ASCII letter or digit (TOKEN's characters, in ASCII text). */
function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** What String.prototype.trim removes, in ASCII: tab, LF, VT, FF, CR and space. */
function isAsciiSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32;
}

/** A-Z to a-z; other codes unchanged (toLowerCase on ASCII). */
function asciiLower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Bits of the key filter: 2^22 (512 kB), so ~150k keys leave ~4% of the bits set. */
const KEY_BITS = 1 << 22;

/** FNV-1a of text[from, to) with A-Z read as a-z (the hash of its toLowerCase, for ASCII text). */
function asciiHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ asciiLower(text.charCodeAt(i)), 0x01000193);
  return (h >>> 0) & (KEY_BITS - 1);
}

/**
 * A bit per hash of every ASCII key (a Bloom filter with one hash): a text whose bit is not set is
 * not a key. A key with a character outside ASCII cannot equal ASCII text and is left out.
 */
function keyBits(keys: Iterable<string>): Uint8Array {
  const bits = new Uint8Array(KEY_BITS >>> 3);
  for (const key of keys) {
    let ascii = true;
    for (let i = 0; i < key.length && ascii; i++) ascii = key.charCodeAt(i) < 128;
    if (!ascii) continue;
    const h = asciiHash(key, 0, key.length);
    bits[h >>> 3] |= 1 << (h & 7);
  }
  return bits;
}

function hasBit(bits: Uint8Array, h: number): boolean {
  return (bits[h >>> 3] & (1 << (h & 7))) !== 0;
}

/**
 * False only when `text` cannot match anything: it is ASCII, its trimmed text (lower case) is not a
 * whole-field key and none of its tokens is a token key, as far as the keys' hash bits tell. It
 * reads character codes and allocates nothing, so the many fields that cannot match (numbers in
 * clv.csv, ids, segment names) skip trimming, lower-casing and slicing. Anything else (non-ASCII
 * text, or a hash bit set) goes through the full comparison, so the hits are the same either way.
 */
function mayMatch(text: string, wholeBits: Uint8Array, tokenBits: Uint8Array): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) >= 128) return true;
  let start = 0;
  while (start < n && isAsciiSpace(text.charCodeAt(start))) start++;
  let end = n;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  if (start < end && hasBit(wholeBits, asciiHash(text, start, end))) return true;
  for (let i = start; i < end; ) {
    if (!isAsciiAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && isAsciiAlnum(text.charCodeAt(j))) j++;
    if (hasBit(tokenBits, asciiHash(text, i, j))) return true;
    i = j;
  }
  return false;
}

/** True when a value is specific enough to be matched inside a longer field (not just as a whole field). */
export function distinctive(value: string): boolean {
  return /[\d@]/.test(value) || (value.match(TOKEN) ?? []).length >= 2;
}

/**
 * Finds input personal values in output texts (see the module comment for what counts as a match).
 * Values shorter than `minLength` characters after trimming are skipped. One hit per (file,
 * value); hits carry the value's index, its column and a mask, never the value itself.
 * @param outputTexts file name -> text (report.html, segments.csv, charts/x.svg, ...); the extension decides how data fields are read.
 * @example scanForPii({ 'segments.csv': 'id\nanna@example.com' }, [{ value: 'Anna@example.com', column: 'email' }]) // [{ file: 'segments.csv', line: 2, valueIndex: 0, masked: 'A**************m', column: 'email' }]
 */
export function scanForPii(
  outputTexts: Readonly<Record<string, string>>,
  personal: readonly (string | PersonalValue)[],
  minLength = 4,
  /** prefilter: false compares every field in full (tests cross-check the two; the hits are the same). */
  options: { prefilter?: boolean } = {},
): PiiHit[] {
  const needles = personal
    .map((p, valueIndex) => {
      const { value, column } = typeof p === 'string' ? { value: p, column: undefined } : p;
      const trimmed = value.trim();
      const first = trimmed.match(FIRST_TOKEN);
      return { value: trimmed, lower: trimmed.toLowerCase(), column, valueIndex, firstToken: first ? first[0].toLowerCase() : null, offset: first?.index ?? 0, distinctive: distinctive(trimmed) };
    })
    .filter((n) => n.value.length >= minLength && n.firstToken !== null);
  const whole = new Map<string, (typeof needles)[number][]>();
  const byToken = new Map<string, (typeof needles)[number][]>();
  const add = (map: typeof whole, key: string, n: (typeof needles)[number]): void => {
    const list = map.get(key);
    if (list) list.push(n);
    else map.set(key, [n]);
  };
  for (const n of needles) {
    add(whole, n.lower, n);
    if (n.distinctive) add(byToken, n.firstToken as string, n);
  }
  const wholeBits = keyBits(whole.keys());
  const tokenBits = keyBits(byToken.keys());
  const prefilter = options.prefilter !== false;
  const hits: PiiHit[] = [];
  for (const file of Object.keys(outputTexts).sort()) {
    const seen = new Set<number>();
    const record = (n: (typeof needles)[number], line: number): void => {
      if (seen.has(n.valueIndex)) return;
      seen.add(n.valueIndex);
      hits.push({ file, line, valueIndex: n.valueIndex, masked: mask(n.value), ...(n.column ? { column: n.column } : {}) });
    };
    const visit = (text: string, line: number, structured: boolean): void => {
      if (prefilter && !mayMatch(text, wholeBits, tokenBits)) return;
      const lower = text.trim().toLowerCase();
      for (const n of whole.get(lower) ?? []) if (structured || n.distinctive) record(n, line);
      if (!byToken.size) return;
      forEachToken(lower, (token, at) => {
        for (const n of byToken.get(token) ?? []) {
          const start = at - n.offset;
          const end = start + n.value.length;
          if (start < 0 || end > lower.length || lower.slice(start, end) !== n.lower) continue;
          if (ALNUM.test(n.value[0]) && start > 0 && ALNUM.test(lower[start - 1])) continue;
          if (ALNUM.test(n.value[n.value.length - 1]) && end < lower.length && ALNUM.test(lower[end])) continue;
          record(n, line);
        }
      });
    };
    const text = outputTexts[file];
    if ((file.toLowerCase().split('.').pop() ?? '') === 'csv') forEachCsvField(text, (field, line) => visit(field, line, true));
    else for (const field of dataFields(file, text)) visit(field.text, field.line, field.structured);
  }
  return hits.sort((a, b) => a.file.localeCompare(b.file) || a.valueIndex - b.valueIndex);
}
