/**
 * Money in the report: with the currency of the config (profile.currency, an ISO 4217 code) when
 * set ("$1,234", "€56.20"), else the number followed by "(currency units)" only in headers.
 */
import { formatNumber } from './format';

/**
 * A money value: whole units from 100 up, cents below; the currency symbol when known.
 * @example formatMoney(1616.424, 'USD') // '$1,616'
 * @example formatMoney(12.5, undefined) // '12.5'
 */
export function formatMoney(value: number, currency?: string): string {
  if (!Number.isFinite(value)) return '\u2014';
  if (!currency) return formatNumber(Math.abs(value) >= 100 ? Math.round(value) : Number(value.toFixed(2)));
  const digits = Math.abs(value) >= 100 ? 0 : 2;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A unit for headers and axes: "USD" or "currency units". */
export function moneyUnit(currency?: string): string {
  return currency ?? 'currency units';
}
