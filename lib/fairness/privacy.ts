/**
 * Privacy checks of a run's outputs: PII values from the input must never appear in an output
 * file, and exported profiles must not single anyone out through their quasi-identifiers
 * (k-anonymity: every combination of quasi-identifier values shared by at least k rows).
 */
import type { PiiHit, QuasiIdentifierReport } from './types';

const TOKEN = /[\p{L}\p{N}]+/gu;
const ALNUM = /[\p{L}\p{N}]/u;

/** "anna@example.com" -> "a**************m": enough to find the row, not enough to leak it. */
function mask(value: string): string {
  return value.length <= 2 ? '*'.repeat(value.length) : `${value[0]}${'*'.repeat(value.length - 2)}${value[value.length - 1]}`;
}

/** Token -> start offsets in the text (tokens lower-cased). */
function tokenIndex(text: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const match of text.matchAll(TOKEN)) {
    const key = match[0].toLowerCase();
    const at = index.get(key);
    if (at) at.push(match.index as number);
    else index.set(key, [match.index as number]);
  }
  return index;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Finds input PII values in output texts: case-insensitive, whole-word (a value must not sit
 * inside a longer word or number), one hit per (file, value). Values shorter than `minLength`
 * characters after trimming (e.g. initials) are skipped, since they would match ordinary words.
 * Hits carry the value's index and a mask, never the value itself.
 * @param outputTexts file name -> text of every output file (report.html, segments.csv, ...).
 * @param piiValues the input's values of its PII columns (emails, names, phones...).
 * @example scanForPii({ 'report.html': '<p>anna@example.com</p>' }, ['Anna@example.com']) // [{ file: 'report.html', line: 1, valueIndex: 0, masked: 'A**************m' }]
 */
export function scanForPii(outputTexts: Readonly<Record<string, string>>, piiValues: readonly string[], minLength = 4): PiiHit[] {
  const needles = piiValues
    .map((raw, valueIndex) => ({ value: raw.trim(), valueIndex }))
    .filter(({ value }) => value.length >= minLength)
    .map(({ value, valueIndex }) => {
      const first = value.match(new RegExp(TOKEN.source, 'u'));
      return { value, lower: value.toLowerCase(), valueIndex, firstToken: first ? first[0].toLowerCase() : null, offset: first?.index ?? 0 };
    })
    .filter((n) => n.firstToken !== null);
  const hits: PiiHit[] = [];
  for (const file of Object.keys(outputTexts).sort()) {
    const text = outputTexts[file];
    const index = tokenIndex(text);
    for (const needle of needles) {
      for (const tokenStart of index.get(needle.firstToken as string) ?? []) {
        const start = tokenStart - needle.offset;
        const end = start + needle.value.length;
        if (start < 0 || end > text.length) continue;
        if (text.slice(start, end).toLowerCase() !== needle.lower) continue;
        const before = start > 0 ? text[start - 1] : '';
        const after = end < text.length ? text[end] : '';
        if (ALNUM.test(needle.value[0]) && before && ALNUM.test(before)) continue;
        if (ALNUM.test(needle.value[needle.value.length - 1]) && after && ALNUM.test(after)) continue;
        hits.push({ file, line: lineAt(text, start), valueIndex: needle.valueIndex, masked: mask(needle.value) });
        break;
      }
    }
  }
  return hits;
}

/**
 * Equivalence classes of exported rows over their quasi-identifiers (e.g. segment, age band,
 * region): how many rows are unique, and how many sit in a class smaller than `minCellSize`.
 * @example quasiIdentifierUniqueness([{ seg: 1 }, { seg: 1 }, { seg: 2 }], ['seg'], 2).uniqueRows // 1
 */
export function quasiIdentifierUniqueness(
  rows: readonly Readonly<Record<string, string | number | null>>[],
  quasiIdentifiers: readonly string[],
  minCellSize: number,
): QuasiIdentifierReport {
  const classSize = new Map<string, number>();
  const keys = rows.map((row) => JSON.stringify(quasiIdentifiers.map((q) => row[q] ?? null)));
  for (const key of keys) classSize.set(key, (classSize.get(key) ?? 0) + 1);
  let uniqueRows = 0;
  let rowsBelowK = 0;
  for (const key of keys) {
    const size = classSize.get(key) as number;
    if (size === 1) uniqueRows++;
    if (size < minCellSize) rowsBelowK++;
  }
  return {
    quasiIdentifiers: [...quasiIdentifiers],
    rows: rows.length,
    classes: classSize.size,
    uniqueRows,
    rowsBelowK,
    smallestClass: classSize.size ? Math.min(...classSize.values()) : 0,
  };
}
