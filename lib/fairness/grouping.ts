/**
 * Per-attribute grouping of protected values, before any fairness figure:
 * - text: categories as they are; when two or more groups have fewer than minCellSize customers
 *   they are merged into one group named "other" (and the grouping says which);
 * - numbers with bins configured for the attribute (fairness.bins): cut at those edges;
 * - 0/1 flags and other low-cardinality integers (at most 12 distinct values): categories;
 * - birth years (integers between 1900 and the as-of year, or a column named like one): turned
 *   into ages at the as-of date, then cut at the age edges;
 * - ages (a column named like "age", or values within 0..120 that the age edges split): the age
 *   edges (fairness.numericBins, default 25/35/45/55/65);
 * - any other number: cut at its own quartiles, so the bins follow its range.
 */
import { binLabel, type ProtectedValues } from './representation';

/** Label of customers whose protected value is missing. */
const MISSING = '(missing)';
/** Name of the merged small groups. */
export const OTHER_GROUP = 'other';
const LOW_CARDINALITY = 12;

/** How to group the protected attributes. */
export interface GroupingOptions {
  /** Age edges for ages and birth years. Default [25, 35, 45, 55, 65]. */
  ageBins: readonly number[];
  /** Edges per attribute, e.g. { income: [20000, 50000] }; these win over every rule. */
  bins: Readonly<Record<string, readonly number[]>>;
  /** Year of the as-of date, for birth years. */
  asOfYear: number;
  /** The as-of date and why it was chosen, e.g. "2014-06-30, features.asOf"; named in the grouping sentence. */
  asOfNote?: string;
  /** Groups smaller than this are merged into "other" (when there are two or more of them). */
  minCellSize: number;
}

/** One attribute grouped: a group name per customer and a sentence on how. */
export interface GroupedAttribute {
  values: string[];
  /** E.g. "categorical", "0/1 flag (categories 0 and 1)", "birth year turned into age at 2026, binned at 25, 35, ...". */
  grouping: string;
  /** Groups merged into "other" (empty when none). */
  mergedIntoOther: string[];
}

function roundEdge(x: number): number {
  if (x === 0) return 0;
  const digits = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(x))));
  const f = 10 ** Math.min(digits, 6);
  return Math.round(x * f) / f;
}

/** Quartile edges of the values, rounded to two significant digits, distinct and increasing. */
function ownRangeEdges(sorted: readonly number[]): number[] {
  const edges: number[] = [];
  for (const p of [0.25, 0.5, 0.75]) {
    const e = roundEdge(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
    if (e > sorted[0] && (edges.length === 0 || e > edges[edges.length - 1])) edges.push(e);
  }
  return edges.length ? edges : [roundEdge(sorted[Math.floor(sorted.length / 2)])];
}

function numericGroups(attribute: string, values: readonly (number | null)[], opts: GroupingOptions): { names: string[]; grouping: string } {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const label = (f: (x: number) => string): string[] => values.map((v) => (v === null || !Number.isFinite(v) ? MISSING : f(v)));
  const configured = opts.bins[attribute];
  if (configured && configured.length) return { names: label((x) => binLabel(x, configured)), grouping: `binned at ${configured.join(', ')} (fairness.bins)` };
  const distinct = [...new Set(present)].sort((a, b) => a - b);
  const integers = present.every((v) => Number.isInteger(v));
  const min = distinct[0] ?? 0;
  const max = distinct[distinct.length - 1] ?? 0;
  const namedYear = /birth|yob|year_?of_?birth|born/i.test(attribute);
  if (integers && present.length && ((namedYear && min > 1800) || (min >= 1900 && max <= opts.asOfYear && max - min >= 5))) {
    const ages = label((y) => binLabel(opts.asOfYear - y, opts.ageBins));
    return { names: ages, grouping: `birth year turned into age in ${opts.asOfYear} (${opts.asOfYear} − birth year${opts.asOfNote ? `; as-of date ${opts.asOfNote}` : ''}), binned at ${opts.ageBins.join(', ')}` };
  }
  const namedAge = /(^|_|\b)age(_|\b|$)/i.test(attribute);
  if (namedAge) return { names: label((x) => binLabel(x, opts.ageBins)), grouping: `age, binned at ${opts.ageBins.join(', ')}` };
  if (integers && distinct.length <= LOW_CARDINALITY) {
    const kind = distinct.length === 2 && min === 0 && max === 1 ? '0/1 flag' : `${distinct.length} distinct values`;
    return { names: label((x) => String(x)), grouping: `categorical (${kind})` };
  }
  const ageEdgesSplit = present.some((v) => v < opts.ageBins[opts.ageBins.length - 1]) && present.some((v) => v >= opts.ageBins[0]);
  if (min >= 0 && max <= 120 && ageEdgesSplit) return { names: label((x) => binLabel(x, opts.ageBins)), grouping: `binned at ${opts.ageBins.join(', ')}` };
  const edges = ownRangeEdges(present.slice().sort((a, b) => a - b));
  return { names: label((x) => binLabel(x, edges)), grouping: `binned at its own quartiles ${edges.join(', ')}` };
}

/**
 * Groups one protected attribute (see the module comment).
 * @example groupAttribute('SeniorCitizen', { kind: 'numeric', values: [0, 1, 0] }, opts).grouping // 'categorical (0/1 flag)'
 */
export function groupAttribute(attribute: string, spec: ProtectedValues, opts: GroupingOptions): GroupedAttribute {
  const { names, grouping } = spec.kind === 'text' ? { names: spec.values.map((v) => v ?? MISSING), grouping: 'categorical' } : numericGroups(attribute, spec.values, opts);
  const counts = new Map<string, number>();
  for (const g of names) counts.set(g, (counts.get(g) ?? 0) + 1);
  const small = [...counts.entries()].filter(([g, c]) => c < opts.minCellSize && g !== OTHER_GROUP).map(([g]) => g).sort();
  let values = names;
  let how = grouping;
  if (small.length >= 2) {
    const merge = new Set(small);
    values = names.map((g) => (merge.has(g) ? OTHER_GROUP : g));
    how = `${grouping}; ${small.length} groups with fewer than ${opts.minCellSize} customers merged into "${OTHER_GROUP}" (${small.join(', ')})`;
  }
  // A lone group below minCellSize would be given away by subtraction (segment size minus the
  // published cells), so it joins the smallest large group, under a name that says so.
  const after = new Map<string, number>();
  for (const g of values) after.set(g, (after.get(g) ?? 0) + 1);
  const lone = [...after.entries()].filter(([, c]) => c < opts.minCellSize);
  const large = [...after.entries()].filter(([, c]) => c >= opts.minCellSize).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  if (lone.length === 1 && large.length >= 2) {
    const [from] = lone[0];
    const [into] = large[0];
    const name = `${into} + ${from === OTHER_GROUP ? OTHER_GROUP : `other (${from})`}`;
    values = values.map((g) => (g === from || g === into ? name : g));
    how = `${how}; "${from}" (fewer than ${opts.minCellSize} customers) merged with "${into}" into "${name}"`;
    return { values, grouping: how, mergedIntoOther: small.length >= 2 ? small : [from] };
  }
  return { values, grouping: how, mergedIntoOther: small.length >= 2 ? small : [] };
}

/** Every protected attribute grouped, as text values ready for the card. */
export function groupAttributes(attributes: Readonly<Record<string, ProtectedValues>>, opts: GroupingOptions): Record<string, GroupedAttribute> {
  return Object.fromEntries(Object.entries(attributes).map(([name, spec]) => [name, groupAttribute(name, spec, opts)]));
}
