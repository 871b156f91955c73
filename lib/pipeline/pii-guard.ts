/**
 * The last guard before anything is written: which input values are personal, and, when one of
 * them is found in an output, a sentence naming the column, a masked example and the config fix.
 */
import type { RunConfig } from '../config/types';
import { missingSet } from '../clean/coerce';
import { detectPersonalColumns, maskValue, type PiiFinding } from '../clean/pii';
import type { CleanedSources } from './sources';
import { distinctive, type PersonalValue } from '../fairness/pii-scan';
import type { PiiHit } from '../fairness/types';
import type { RawTable } from '../load/csv';
import { isDuckSource, type LoadedSources } from '../load/source';

/** The in-memory tables of a run by role. */
function tables(inputs: LoadedSources): RawTable[] {
  const tx = inputs.transactions;
  return [inputs.customers, ...(tx && !isDuckSource(tx) ? [tx] : []), ...Object.values(inputs.extras).filter((t): t is RawTable => t !== undefined)];
}

/** Column label in messages: plain for the customers file, "role: column" for the others. */
function label(role: string, column: string): string {
  return role === 'customers' ? column : `${role}: ${column}`;
}

/**
 * Personal customer ids: when the id column itself holds e-mails, phones, IBANs or card numbers
 * and ids are not pseudonymised, the ids are personal values too (segments.csv would carry them).
 */
export function personalIdFinding(inputs: LoadedSources, config: RunConfig): PiiFinding | null {
  if (config.privacy.pseudonymise) return null;
  const t = inputs.customers;
  const idx = t.header.indexOf(config.columns.customerId);
  if (idx < 0) return null;
  const view: RawTable = { ...t, header: [t.header[idx]], rows: t.rows.map((r) => [r[idx]]) };
  const found = detectPersonalColumns(view, [], missingSet(config.clean.missingTokens));
  return found.find((f) => f.reason !== 'free-text' && f.reason !== 'postal-code' && f.reason !== 'date-of-birth') ?? null;
}

/**
 * The distinct values of every personal column of every in-memory source (what must never
 * appear in an output), each with its column. Values stay in memory: only masks are ever printed.
 */
export function personalValues(inputs: LoadedSources, personal: CleanedSources['personal'], idFinding: PiiFinding | null = null): PersonalValue[] {
  const out: PersonalValue[] = [];
  const seen = new Set<string>();
  for (const t of tables(inputs)) {
    // Dates of birth are dropped at ingest and their values hidden in the profile; as values they are
    // ordinary dates (an order date can be the same day), so they are not searched for in the outputs.
    const columns = personal.filter((p) => p.source === t.role).flatMap((p) => p.findings.filter((f) => f.reason !== 'date-of-birth').map((f) => f.column));
    if (t.role === 'customers' && idFinding) columns.push(idFinding.column);
    for (const column of columns) {
      const idx = t.header.indexOf(column);
      if (idx < 0) continue;
      for (const row of t.rows) {
        const value = (row[idx] ?? '').trim();
        const key = `${t.role}\u0000${column}\u0000${value}`;
        if (!value || seen.has(key)) continue;
        seen.add(key);
        out.push({ value, column: label(t.role, column) });
      }
    }
  }
  return out;
}

/**
 * Sorts the scan's hits into real leaks and coincidences. A personal column is dropped at ingest,
 * so its value can only reach an output through another input column that carries it (or the
 * customer id): a hit with such a carrier is real. A single ordinary word ("White", "Text") that
 * no other column carries matched seglab's own words by chance: it is counted, not a leak. A
 * distinctive value (e-mail, phone, IBAN, full name) without a carrier is still treated as real.
 * Each real hit gets a sentence: where, which personal column, a masked example and the exact fix.
 */
export function classifyPiiHits(
  hits: readonly PiiHit[],
  values: readonly PersonalValue[],
  inputs: LoadedSources,
  personal: CleanedSources['personal'],
  config: RunConfig,
): { real: PiiHit[]; explanations: string[]; coincidental: number } {
  const real: PiiHit[] = [];
  const explanations: string[] = [];
  let coincidental = 0;
  const texts = explainPiiHits(hits, values, inputs, personal, config);
  hits.forEach((hit, i) => {
    const value = values[hit.valueIndex]?.value ?? '';
    const text = texts[i];
    if (!distinctive(value) && text.endsWith(NO_CARRIER)) coincidental++;
    else {
      real.push(hits[i]);
      explanations.push(text);
    }
  });
  return { real, explanations, coincidental };
}

const NO_CARRIER = 'and no other input column carries it: report this as a seglab bug';

/**
 * One sentence per hit: where, which personal column, a masked example, and the exact fix: the
 * non-personal input column that carries the same value (declare it in columns.pii), the
 * customer id (turn on privacy.pseudonymise), or, when no input column explains it, a bug report.
 */
export function explainPiiHits(hits: readonly PiiHit[], values: readonly PersonalValue[], inputs: LoadedSources, personal: CleanedSources['personal'], config: RunConfig): string[] {
  // One pass over the inputs: which non-personal columns carry each hit value.
  const wanted = new Map<string, string[]>(hits.map((h) => [(values[h.valueIndex]?.value ?? '').toLowerCase(), []]));
  for (const t of tables(inputs)) {
    const personalCols = new Set(personal.filter((p) => p.source === t.role).flatMap((p) => p.findings.map((f) => f.column)));
    t.header.forEach((col, j) => {
      if (personalCols.has(col)) return;
      const seen = new Set<string>();
      for (const r of t.rows) {
        const v = (r[j] ?? '').trim().toLowerCase();
        const list = wanted.get(v);
        if (list && !seen.has(v) && list.length < 3) {
          seen.add(v);
          list.push(label(t.role, col));
        }
      }
    });
  }
  return hits.map((hit) => {
    const value = values[hit.valueIndex]?.value ?? '';
    const carriers = wanted.get(value.toLowerCase()) ?? [];
    const where = `${hit.file} line ${hit.line} holds a value of personal column "${hit.column ?? '?'}" (${value ? maskValue(value) : hit.masked})`;
    if (carriers.includes(config.columns.customerId) || hit.column === config.columns.customerId)
      return `${where}, carried by the customer id "${config.columns.customerId}": set "privacy": { "pseudonymise": true } (salt in the ${config.privacy.saltEnv} environment variable) so ids are written as pseudonyms`;
    if (carriers.length) return `${where}, carried by ${carriers.map((c) => `"${c}"`).join(', ')}: add ${carriers.map((c) => `"${c.replace(/^[a-z]+: /, '')}"`).join(', ')} to "columns": { "pii": [...] } so it is dropped at ingest`;
    return `${where}, ${NO_CARRIER}`;
  });
}

/** A one-line description of a personal column found (not declared), for the run's warnings. */
export function describeFinding(source: string, f: PiiFinding): string {
  const what: Record<PiiFinding['reason'], string> = {
    declared: 'declared in columns.pii',
    name: 'its name says it holds personal data',
    'postal-code': 'it holds postal codes',
    'date-of-birth': 'it holds dates of birth (for age, give a birth-year column: birth years are read as ages)',
    email: 'its values are e-mail addresses',
    phone: 'its values are phone numbers',
    iban: 'its values are IBANs (valid mod-97 checksum)',
    card: 'its values are payment-card numbers (valid Luhn checksum)',
    'free-text': 'its text contains e-mail addresses, IBANs, card or phone numbers',
  };
  const counts = f.scanned ? ` (${f.matched} of ${f.scanned} values scanned${f.example ? `, e.g. ${f.example}` : ''})` : '';
  return `column "${f.column}" of ${source}: ${what[f.reason]}${counts}`;
}
