/**
 * The date at which birth years become ages (fairness grouping, data-quality checks), and why
 * that date: features.asOf when declared; else the reference date of the order lines (the day
 * after the last one); else the latest date in a date column of the customers file (e.g. a
 * sign-up date, so the ages are those of the period the data describes); else the run date.
 * The run date is the last resort: on an old table it makes every customer older than they were.
 */
import { parseDate, sniffDateOrder } from '../clean/dates';
import type { DateFormat } from '../config/types';
import { MAX_PLAUSIBLE_AGE, implausibleAges, implausibleBirthYears, isAgeName, isBirthYearName } from '../clean/birth-year';
import { msg } from '../errors/messages';

/** The as-of date for ages and where it came from. */
export interface AgeAsOf {
  /** ISO day, e.g. "2014-06-30". */
  date: string;
  /** Its year (age = year − birth year). */
  year: number;
  /** Why this date, e.g. 'features.asOf' or 'the latest date in customers column "Dt_Customer"'. */
  source: string;
}

/** At least this share of a text column's non-missing values must read as dates for it to count. */
const DATE_SHARE = 0.95;

/** Latest date of one text column, or null when it is not a date column. */
export function latestDate(values: readonly (string | null)[], declared: DateFormat): number | null {
  const present = values.filter((v): v is string => v !== null && v.trim() !== '');
  if (present.length < 2) return null;
  const order = declared === 'dmy' || declared === 'mdy' ? declared : sniffDateOrder(present, new Set([''])).order;
  // A text column (segment names, categories) is told apart on its first values: no full pass over a million rows.
  const head = present.slice(0, 500);
  if (head.filter((v) => !Number.isNaN(parseDate(v, order))).length < DATE_SHARE * head.length) return null;
  let max = -Infinity;
  let ok = 0;
  for (const v of present) {
    const t = parseDate(v, order);
    if (Number.isNaN(t)) continue;
    ok++;
    if (t > max) max = t;
  }
  return ok >= DATE_SHARE * present.length ? max : null;
}

/**
 * Resolve the as-of date for ages.
 * @param declared features.asOf ('' or undefined when not set)
 * @param fromOrders the features' reference date from order lines ('' when none)
 * @param text the customers' text columns (date columns stay text after cleaning)
 * @param dateFormat columns.dateFormat
 * @param now the run's clock (ms)
 * @example resolveAgeAsOf(undefined, '', { Dt: ['30-07-2012', '29-06-2014'] }, 'dmy', Date.now()).date // '2014-06-29'
 */
export function resolveAgeAsOf(
  declared: string | null | undefined,
  fromOrders: string,
  text: Readonly<Record<string, readonly (string | null)[]>>,
  dateFormat: DateFormat,
  now: number,
): AgeAsOf {
  const day = (iso: string, source: string): AgeAsOf => ({ date: iso, year: Number(iso.slice(0, 4)), source });
  if (declared) return day(declared, 'features.asOf');
  if (fromOrders) return day(fromOrders, 'the reference date of the order lines');
  let best: { t: number; col: string } | null = null;
  for (const [col, values] of Object.entries(text)) {
    const t = latestDate(values, dateFormat);
    if (t !== null && (best === null || t > best.t)) best = { t, col };
  }
  if (best) return day(new Date(best.t).toISOString().slice(0, 10), `the latest date in customers column "${best.col}"; set features.asOf to choose another`);
  return day(new Date(now).toISOString().slice(0, 10), 'the run date: no features.asOf, no order lines and no date column in the customers file; set features.asOf to the date the data describes');
}

/** What a run did with a column, to say after an implausible-value alert. */
export interface ColumnUse {
  /** Clip bounds before clustering, when the column is a clustering feature. */
  clip?: [number, number] | null;
  feature: boolean;
  protectedAttribute: boolean;
}

/**
 * Data-quality alerts for birth-year and age columns of the cleaned customers (after clean.ranges):
 * values giving an age above 110 or below 0 at the as-of date, and what the run did with them.
 * @example birthYearAlerts({ Year_Birth: [1893, 1970] }, asOf, () => ({ feature: false, protectedAttribute: true }))
 */
export function birthYearAlerts(
  numeric: Readonly<Record<string, readonly (number | null)[]>>,
  asOf: AgeAsOf,
  use: (column: string) => ColumnUse,
): string[] {
  const out: string[] = [];
  for (const [column, values] of Object.entries(numeric)) {
    const kind = isBirthYearName(column) ? 'birth year' : isAgeName(column) ? 'age' : null;
    if (!kind) continue;
    const bad = kind === 'birth year' ? implausibleBirthYears(values, asOf.year) : implausibleAges(values);
    if (!bad.tooOld && !bad.future) continue;
    const u = use(column);
    const done: string[] = [];
    if (u.feature) {
      const clip = u.clip;
      const clipped = clip ? bad.values.filter((v) => v < clip[0] || v > clip[1]) : [];
      done.push(
        clipped.length && clip
          ? `As a clustering feature they were clipped to ${clipped.some((v) => v < clip[0]) ? clip[0] : clip[1]} before clustering${clipped.length < bad.values.length ? ' (some of them only)' : ''}, still implausible.`
          : 'They were used as they are in the clustering features.',
      );
    }
    if (u.protectedAttribute) done.push(`The fairness card counts them in its oldest age group (${kind === 'birth year' ? `age = ${asOf.year} \u2212 birth year` : 'as recorded'}).`);
    if (!u.feature && !u.protectedAttribute) done.push('The column is neither a feature nor a protected attribute here, so they change no figure.');
    const range = kind === 'birth year' ? `[${asOf.year - MAX_PLAUSIBLE_AGE}, ${asOf.year}]` : `[0, ${MAX_PLAUSIBLE_AGE}]`;
    out.push(msg.implausibleBirthYears('customers', column, kind, bad.tooOld, bad.future, bad.values, `${asOf.date} (${asOf.source.split(';')[0]})`, done.join(' '), `If they are errors, set clean.ranges { "${column}": ${range} } so they become missing.`));
  }
  return out;
}
