/**
 * The cleaning fit: every value the customer cleaning learns from its data (fill values, winsor
 * limits) and the rules it applies by name (recodes, allowed values, which columns are numbers).
 * A run saves it in model.json; `seglab score` applies it to new customers instead of learning
 * those values again from the new file:
 *
 *   training customers ──cleanCustomers──> CleanFit ──model.json──> cleanCustomers(new, { fit }) ──> same fills, same limits
 */
import { dict, dictFrom } from '../io/dict';
import type { WinsorRule } from '../config/types';
import { fail, msg } from '../errors/messages';

/** One numeric column's fill: the rule and the value it gave on the training rows. */
export interface NumericFill {
  rule: 'median' | 'mode' | 'indicator' | 'constant';
  value: number;
}

/** One text column's fill (null: the training column had no value to take the mode of). */
export interface TextFill {
  rule: 'mode' | 'constant';
  value: string | null;
}

/** One column's winsor limits as learned on the training rows. */
export interface WinsorLimits {
  rule: WinsorRule;
  bounds: [number, number];
}

/** Everything the customer cleaning learned or applied by rule, to apply unchanged to new customers. */
export interface CleanFit {
  format: 'seglab.cleanFit';
  version: 1;
  /** Columns of the customers file read as numbers (config columns, and protected columns that looked numeric). */
  numericColumns: string[];
  /** Numeric fills per column (clean.missing / clean.numericMissing). */
  numericFill: Record<string, NumericFill>;
  /** Text fills per column (clean.missing). */
  textFill: Record<string, TextFill>;
  /** Winsor limits per column (clean.winsorise). */
  winsor: Record<string, WinsorLimits>;
  /** Recode maps per text column (clean.recode), as applied. */
  recode: Record<string, Record<string, string>>;
  /** Allowed values per text column (clean.allowedValues); others become "other". */
  allowedValues: Record<string, string[]>;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Check a parsed cleaning fit (model.json's "cleanFit"); throws a SeglabError naming the problem.
 * @example const fit = loadCleanFit(model.cleanFit);
 */
export function loadCleanFit(json: unknown): CleanFit {
  const bad = (what: string): never => fail('model', msg.modelInvalid(`"cleanFit" ${what}`));
  if (!isObject(json) || json.format !== 'seglab.cleanFit' || json.version !== 1) return bad('should have format "seglab.cleanFit" and version 1');
  if (!Array.isArray(json.numericColumns) || !json.numericColumns.every((c) => typeof c === 'string')) bad('"numericColumns" should be a list of column names');
  for (const key of ['numericFill', 'textFill', 'winsor', 'recode', 'allowedValues'] as const) if (!isObject(json[key])) bad(`"${key}" should be an object`);
  for (const [col, f] of Object.entries(json.numericFill as Record<string, unknown>)) {
    if (!isObject(f) || !isFiniteNumber(f.value)) bad(`"numericFill.${col}" should have a finite "value"`);
  }
  for (const [col, w] of Object.entries(json.winsor as Record<string, unknown>)) {
    if (!isObject(w) || !Array.isArray(w.bounds) || w.bounds.length !== 2 || !w.bounds.every(isFiniteNumber) || (w.bounds[0] as number) > (w.bounds[1] as number)) {
      bad(`"winsor.${col}" should have "bounds" [low, high] of finite numbers`);
    }
  }
  const copy = JSON.parse(JSON.stringify(json)) as CleanFit;
  const maps = ['numericFill', 'textFill', 'winsor', 'recode', 'allowedValues'] as const;
  return { ...copy, ...Object.fromEntries(maps.map((key) => [key, dictFrom(Object.entries(copy[key]))])) } as CleanFit;
}

/** An empty fit (nothing learned yet). */
export function emptyCleanFit(): CleanFit {
  // Prototype-free maps: column names such as "constructor" or "__proto__" are ordinary keys.
  return { format: 'seglab.cleanFit', version: 1, numericColumns: [], numericFill: dict(), textFill: dict(), winsor: dict(), recode: dict(), allowedValues: dict() };
}
