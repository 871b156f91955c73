/**
 * The vocabulary the run config is declared in (lib/config/fields.ts): each field once, with its
 * type, default, bounds and doc. From that one declaration come the TypeScript types
 * (`Resolved`, `Input`), the validator (`resolveSection`), the key check with its did-you-mean,
 * the defaults (`defaultsOf`) and the JSON Schema (`schemaOf`), so none of them can disagree.
 *
 * Adding a config field is one entry in fields.ts, e.g.
 *   maxIterations: int({ default: 300, min: 1, max: 10_000, doc: 'Maximum k-means iterations.' }),
 */
import { msg } from '../errors/messages';
import { isObject, type Problems } from './values';

export type JsonSchema = Record<string, unknown>;

/** What a field's default or parser may look at: the config file's folder and the fields resolved so far. */
export interface ResolveContext {
  /** Folder relative paths resolve against (the config file's folder). */
  baseDir: string;
  /** The root of the config resolved so far (sections are resolved in declaration order). */
  root: Record<string, unknown>;
  /** The enclosing section resolved so far. */
  parent: Record<string, unknown>;
}

/** One leaf of the config. `T` is its resolved type, `In` what a user writes, `Opt` whether it may be absent. */
export interface Field<T, In = T, Opt extends boolean = false> {
  readonly kind: 'field';
  readonly doc: string;
  /** The default; a function when it depends on other fields; absent for an optional field. */
  readonly default?: T | ((ctx: ResolveContext) => T);
  readonly optional: Opt;
  /** Check a given value (never undefined); record problems; return the value or a fallback. */
  parse(v: unknown, where: string, problems: Problems, ctx: ResolveContext): T;
  /** Applied to the value and to the default (e.g. a path resolved against the config folder). */
  finish?(v: T, ctx: ResolveContext): T;
  /** The JSON Schema of a written value, without the description. */
  schema(): JsonSchema;
  /** The default as written in the description, e.g. "5" (none for a default that depends on other fields). */
  defaultText?: string;
  /** The bounds as written in the description, e.g. "1..10000". */
  range?: string;
  /** Inclusive bounds of a number (for checks of library options outside the config). */
  bounds?: { min?: number; max?: number; integer?: boolean };
  /** A field without a default that must be given: what is expected, for the "is missing" sentence. */
  required?: string;
  /** Phantom: the input type. */
  readonly input?: In;
}

/** A nested object of fields; unknown keys in it are refused with a did-you-mean. */
export interface Section<F extends Fields, Opt extends boolean = false> {
  readonly kind: 'section';
  readonly doc: string;
  readonly fields: F;
  /** An optional section is absent from the resolved config unless given (e.g. sources.transactions). */
  readonly optional: Opt;
  /** Checks across this section's fields, after they are resolved. */
  readonly check?: (resolved: Record<string, unknown>, where: string, problems: Problems) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the declaration's entries differ in type by design
export type Entry = Field<any, any, boolean> | Section<any, boolean>;
export type Fields = { readonly [key: string]: Entry };

type Flatten<T> = { -readonly [K in keyof T]: T[K] } & {};
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends { optional: true } ? K : never }[keyof F];
type RequiredKeys<F extends Fields> = Exclude<keyof F, OptionalKeys<F>>;
type OutOf<E> = E extends Section<infer F, boolean> ? Resolved<F> : E extends Field<infer T, unknown, boolean> ? T : never;
type InOf<E> = E extends Section<infer F, boolean> ? Input<F> : E extends Field<unknown, infer I, boolean> ? I : never;

/** The resolved type of a section: every field with a default is present. */
export type Resolved<F extends Fields> = Flatten<{ [K in RequiredKeys<F>]: OutOf<F[K]> } & { [K in OptionalKeys<F>]?: OutOf<F[K]> }>;
/** What a user may write for a section: any field may be left out. */
export type Input<F extends Fields> = Flatten<{ [K in keyof F]?: InOf<F[K]> }>;

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

function field<T, In = T>(spec: Omit<Field<T, In, false>, 'kind' | 'optional'>): Field<T, In, false> {
  return { kind: 'field', optional: false, ...spec };
}

/** Make a field optional: no default, absent from the resolved config unless given. */
export function optional<T, In>(f: Field<T, In, boolean>): Field<T, In, true> {
  const { default: _default, defaultText: _text, ...rest } = f;
  return { ...rest, optional: true };
}

/** A field that may also be `null` (null means "none" or "decide from the data"). */
export function nullable<T, In>(f: Field<T, In, false>, dflt: T | null): Field<T | null, In | null, false> {
  return {
    kind: 'field',
    optional: false,
    doc: f.doc,
    default: dflt,
    parse: (v, where, problems, ctx) => (v === null ? null : f.parse(v, where, problems, ctx)),
    schema: () => ({ anyOf: [f.schema(), { type: 'null' }] }),
    defaultText: show(dflt),
    range: f.range,
    bounds: f.bounds,
  };
}

interface NumberSpec {
  doc: string;
  default: number;
  min?: number;
  max?: number;
}

function bounds(min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  if (min !== undefined) return `>= ${min}`;
  if (max !== undefined) return `<= ${max}`;
  return undefined;
}

function numberField(spec: NumberSpec, integer: boolean): Field<number> {
  const { min, max } = spec;
  return field<number>({
    doc: spec.doc,
    default: spec.default,
    parse(v, where, problems) {
      const ok = typeof v === 'number' && Number.isFinite(v) && (!integer || Number.isInteger(v)) && (min === undefined || v >= min) && (max === undefined || v <= max);
      if (ok) return v;
      const range = [min !== undefined ? `>= ${min}` : '', max !== undefined ? `<= ${max}` : ''].filter(Boolean).join(' and ');
      problems.push(msg.badConfigValue(where, v, `${integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`));
      return spec.default;
    },
    schema: () => ({ type: integer ? 'integer' : 'number', ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}) }),
    defaultText: String(spec.default),
    range: bounds(min, max),
    bounds: { min, max, integer },
  });
}

/** A number with optional bounds (inclusive). */
export const number = (spec: NumberSpec): Field<number> => numberField(spec, false);
/** A whole number with optional bounds (inclusive). */
export const int = (spec: NumberSpec): Field<number> => numberField(spec, true);

/** A non-empty text. */
export function text(spec: { doc: string; default: string | ((ctx: ResolveContext) => string); finish?: (v: string, ctx: ResolveContext) => string }): Field<string> {
  return field<string>({
    doc: spec.doc,
    default: spec.default,
    finish: spec.finish,
    parse(v, where, problems) {
      if (typeof v === 'string' && v.length > 0) return v;
      problems.push(msg.badConfigValue(where, v, 'a non-empty string'));
      return typeof spec.default === 'string' ? spec.default : '';
    },
    schema: () => ({ type: 'string' }),
    defaultText: typeof spec.default === 'string' ? show(spec.default) : undefined,
  });
}

/** true or false. */
export function flag(spec: { doc: string; default: boolean }): Field<boolean> {
  return field<boolean>({
    doc: spec.doc,
    default: spec.default,
    parse(v, where, problems) {
      if (typeof v === 'boolean') return v;
      problems.push(msg.badConfigValue(where, v, 'true or false'));
      return spec.default;
    },
    schema: () => ({ type: 'boolean' }),
    defaultText: String(spec.default),
  });
}

/** One of a closed list of strings (a strategy; handled with an exhaustive switch where it is used). */
export function oneOf<const V extends string>(values: readonly V[], spec: { doc: string; default: V }): Field<V> {
  return field<V>({
    doc: spec.doc,
    default: spec.default,
    parse(v, where, problems) {
      if (typeof v === 'string' && values.includes(v as V)) return v as V;
      problems.push(msg.badConfigValue(where, v, `one of ${values.map((a) => `"${a}"`).join(', ')}`));
      return spec.default;
    },
    schema: () => ({ enum: [...values] }),
    defaultText: show(spec.default),
  });
}

/** A list of strings. */
export function texts(spec: { doc: string; default: string[] }): Field<string[]> {
  return textList<string>(spec);
}

/** A list of strings, each one of `values`. */
export function oneOfList<const V extends string>(values: readonly V[], spec: { doc: string; default: NoInfer<V>[] }): Field<V[]> {
  return textList<V>({ ...spec, values });
}

function textList<V extends string>(spec: { doc: string; default: V[]; values?: readonly V[] }): Field<V[]> {
  return field<V[]>({
    doc: spec.doc,
    default: spec.default,
    parse(v, where, problems) {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        problems.push(msg.badConfigValue(where, v, 'a list of strings'));
        return spec.default.slice();
      }
      const allowed = spec.values;
      if (allowed) {
        for (const x of v) if (!allowed.includes(x)) problems.push(msg.badConfigValue(where, x, `one of ${allowed.map((b) => `"${b}"`).join(', ')}`));
      }
      return v.slice() as V[];
    },
    finish: (v) => v.slice(),
    schema: () => ({ type: 'array', items: spec.values ? { enum: [...spec.values] } : { type: 'string' } }),
    defaultText: JSON.stringify(spec.default),
  });
}

/** A list of finite numbers, each >= `min` when given (and whole numbers with `integer`). */
export function numbers(spec: { doc: string; default: number[]; min?: number; minItems?: number; integer?: boolean; expected?: string }): Field<number[]> {
  const min = spec.min ?? -Infinity;
  return field<number[]>({
    doc: spec.doc,
    default: spec.default,
    parse(v, where, problems) {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x < min)) {
        problems.push(msg.badConfigValue(where, v, `a list of numbers${min > -Infinity ? ` >= ${min}` : ''}`));
        return spec.default.slice();
      }
      if (spec.integer && v.some((x) => !Number.isInteger(x))) problems.push(msg.badConfigValue(where, v, spec.expected ?? 'whole numbers'));
      return v.slice() as number[];
    },
    finish: (v) => v.slice(),
    schema: () => ({ type: 'array', items: { type: spec.integer ? 'integer' : 'number', ...(min > -Infinity ? { minimum: min } : {}) } }),
    defaultText: JSON.stringify(spec.default),
  });
}

/** A field checked by its own rule (rules, maps of columns); `schema` describes what it accepts. */
export function custom<T, In = T>(spec: {
  doc: string;
  default: T | ((ctx: ResolveContext) => T);
  parse: (v: unknown, where: string, problems: Problems, ctx: ResolveContext) => T;
  schema: JsonSchema;
  defaultText?: string;
}): Field<T, In> {
  return field<T, In>({ doc: spec.doc, default: spec.default, parse: spec.parse, schema: () => spec.schema, defaultText: spec.defaultText });
}

/** A section of fields (an object in the config file). */
export function section<F extends Fields>(doc: string, fields: F, check?: Section<F>['check']): Section<F, false> {
  return { kind: 'section', doc, fields, optional: false, check };
}

/** A section absent from the resolved config unless the user gives it. */
export function optionalSection<F extends Fields>(s: Section<F, boolean>): Section<F, true> {
  return { ...s, optional: true };
}

/** Refuse keys a section does not declare, with a did-you-mean; recurse into sections. */
export function checkKeys(entry: Section<Fields, boolean>, value: unknown, at: string, problems: Problems, extraKeys: readonly string[] = []): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    problems.push(msg.badConfigValue(at || '(root)', value, 'an object'));
    return;
  }
  const known = [...extraKeys, ...Object.keys(entry.fields)];
  for (const key of Object.keys(value)) {
    const where = at ? `${at}.${key}` : key;
    const child = Object.prototype.hasOwnProperty.call(entry.fields, key) ? entry.fields[key] : undefined;
    if (!known.includes(key)) problems.push(msg.unknownConfigKey(where, known));
    else if (child?.kind === 'section') checkKeys(child, value[key], where, problems);
  }
}

/**
 * Resolve one section: every field checked (problems recorded in plain words) and every default
 * filled, in declaration order. Unknown keys are checked separately (checkKeys).
 */
export function resolveSection(entry: Section<Fields, boolean>, value: unknown, at: string, problems: Problems, ctx: Omit<ResolveContext, 'parent'>): Record<string, unknown> {
  const given = isObject(value) ? value : {};
  const out: Record<string, unknown> = {};
  const inner: ResolveContext = { ...ctx, root: at ? ctx.root : out, parent: out };
  for (const [key, child] of Object.entries(entry.fields)) {
    const where = at ? `${at}.${key}` : key;
    const v = given[key];
    if (child.kind === 'section') {
      if (child.optional && v === undefined) continue;
      out[key] = resolveSection(child, v, where, problems, inner);
      continue;
    }
    if (v === undefined && child.optional) continue;
    if (v === undefined && child.required !== undefined) {
      problems.push(msg.missingConfigValue(where, child.required));
      out[key] = child.default;
      continue;
    }
    let resolved: unknown;
    if (v !== undefined) resolved = child.parse(v, where, problems, inner);
    else resolved = typeof child.default === 'function' ? (child.default as (c: ResolveContext) => unknown)(inner) : child.default;
    out[key] = child.finish ? child.finish(resolved, inner) : resolved;
  }
  entry.check?.(out, at, problems);
  return out;
}

/** The defaults of a section (a fresh copy): what resolving an empty object gives. */
export function defaultsOf<F extends Fields>(entry: Section<F, boolean>, baseDir = '.'): Resolved<F> {
  const problems: Problems = [];
  return resolveSection(entry as Section<Fields, boolean>, {}, '', problems, { baseDir, root: {} }) as Resolved<F>;
}

/** The JSON Schema (draft-07) of what a user may write for a section. */
export function schemaOf(entry: Entry): JsonSchema {
  if (entry.kind === 'field') {
    // A doc that explains its default itself ("Default: sniffed") keeps its words.
    const shown = entry.defaultText !== undefined && !/\bDefault\b/.test(entry.doc);
    const facts = shown ? `Default ${entry.defaultText}${entry.range ? ` (${entry.range})` : ''}.` : entry.range ? `Range ${entry.range}.` : '';
    const description = [entry.doc, facts].filter(Boolean).join(' ');
    return { ...(description ? { description } : {}), ...entry.schema() };
  }
  // Every key is optional in what a user writes: seglab fills the defaults.
  const properties: Record<string, JsonSchema> = {};
  for (const [key, child] of Object.entries(entry.fields as Fields)) properties[key] = schemaOf(child);
  return { ...(entry.doc ? { description: entry.doc } : {}), type: 'object', properties, additionalProperties: false };
}
