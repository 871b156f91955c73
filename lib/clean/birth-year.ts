/**
 * Birth-year and age columns by name, and the values no living customer can have: a birth year
 * giving an age above 110 at the as-of date, or after it (Customer Personality Analysis has 1893,
 * 1899 and 1900 in a table of 2012-2014 customers).
 */

/** Names that hold a year of birth: Year_Birth, birth_year, yob, year_of_birth, BirthYear... */
const BIRTH_YEAR = /^(year_?(of_?)?birth|birth_?year|yob|yr_?of_?birth|born(_?in)?(_?year)?)$/i;
/** Names that hold a date of birth (a date, not a year, unless the values are years). */
const BIRTH_DATE = /^(dob|date_?of_?birth|birth_?date|birthday|d_?o_?b)$/i;
/** Names that hold an age. */
const AGE = /^(age|age_?years|customer_?age|age_?at_?.*)$/i;

const norm = (s: string): string => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** True for a column named like a year of birth. @example isBirthYearName('Year_Birth') // true */
export function isBirthYearName(name: string): boolean {
  return BIRTH_YEAR.test(norm(name));
}

/** True for a column named like a date of birth (dob, date_of_birth, birthdate). */
export function isBirthDateName(name: string): boolean {
  return BIRTH_DATE.test(norm(name));
}

/** True for a column named like an age. @example isAgeName('Age') // true */
export function isAgeName(name: string): boolean {
  return AGE.test(norm(name));
}

/** Oldest plausible age of a customer, in years. */
export const MAX_PLAUSIBLE_AGE = 110;

/** The implausible values of a birth-year column at an as-of year. */
export interface ImplausibleBirthYears {
  /** Values giving an age above MAX_PLAUSIBLE_AGE. */
  tooOld: number;
  /** Values after the as-of year. */
  future: number;
  /** The distinct implausible values, smallest first (at most 5). */
  values: number[];
}

/**
 * Count the birth years no customer can have at `asOfYear`.
 * @example implausibleBirthYears([1893, 1960, 1975], 2014) // { tooOld: 1, future: 0, values: [1893] }
 */
export function implausibleBirthYears(values: readonly (number | null)[], asOfYear: number): ImplausibleBirthYears {
  let tooOld = 0;
  let future = 0;
  const seen = new Set<number>();
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (asOfYear - v > MAX_PLAUSIBLE_AGE) tooOld++;
    else if (v > asOfYear) future++;
    else continue;
    seen.add(v);
  }
  return { tooOld, future, values: [...seen].sort((a, b) => a - b).slice(0, 5) };
}

/**
 * Count the ages no customer can have (above MAX_PLAUSIBLE_AGE or below 0).
 * @example implausibleAges([34, 130, -1]) // { tooOld: 1, future: 1, values: [-1, 130] }
 */
export function implausibleAges(values: readonly (number | null)[]): ImplausibleBirthYears {
  let tooOld = 0;
  let future = 0;
  const seen = new Set<number>();
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v > MAX_PLAUSIBLE_AGE) tooOld++;
    else if (v < 0) future++;
    else continue;
    seen.add(v);
  }
  return { tooOld, future, values: [...seen].sort((a, b) => a - b).slice(0, 5) };
}
