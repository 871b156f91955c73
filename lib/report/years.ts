/**
 * Values of a birth-year column printed as years: "1972", never "1,972" (the thousands separator
 * every other number gets), on axes ("d", not "~s" = "1.9k") and in sentences.
 */
import { isBirthYearName } from '../clean/birth-year';
import { formatNumber } from './format';

/** A year with one decimal at most and no separator (a mean year 1972.4 stays 1972.4). */
export const formatYear = (value: number): string => (Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '\u2014');

/**
 * The formatter for values of `column`: years for a birth-year column, formatNumber otherwise.
 * @example formatterFor('Year_Birth')(1972) // '1972'
 */
export function formatterFor(column: string): (value: number) => string {
  return isBirthYearName(column) ? formatYear : formatNumber;
}

/** The Vega number format for `column`'s values: 'd' for years, else `otherwise`. */
export function vegaFormatFor(column: string, otherwise: string): string {
  return isBirthYearName(column) ? 'd' : otherwise;
}
