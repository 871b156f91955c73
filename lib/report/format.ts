/**
 * Escaping and number formatting for the HTML report. Every string from data (column names,
 * group values, segment labels, file names) goes through `escapeHtml` before it reaches markup.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Escape text for HTML element content and quoted attribute values.
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  // Control characters (a NUL byte in an input value) are not allowed in HTML text: U+FFFD instead.
  return String(text).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
}

/**
 * JSON for a `<script type="application/json">` element that no value can close or break:
 * `<`, `>`, `&`, U+2028 and U+2029 become \u escapes (still the same JSON once parsed).
 * @example jsonForScript({ a: '</script>' }) // '{"a":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A number for a table cell: integers and values >= 1,000 with thousands separators and no
 * decimals (12,345); smaller values with 3 significant digits (0.853, 12.3, 0.0123); tiny values
 * in scientific notation (1.2e-5); non-finite values as an em dash or ±∞.
 * @example formatNumber(41234.56) // '41,235'
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (Number.isInteger(value) || abs >= 1000) return sign + grouped.format(abs);
  if (abs < 1e-4) return sign + abs.toExponential(1);
  // toPrecision then Number drops trailing zeros (0.500 -> 0.5) but keeps 3 significant digits.
  return sign + String(Number(abs.toPrecision(3)));
}

/**
 * A share in [0, 1] as a percentage with one decimal (0.1234 -> "12.3%"); below 0.1% it keeps
 * two significant digits so small shares do not read as zero.
 * @example formatPercent(0.5) // '50.0%'
 */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  const pct = share * 100;
  if (pct !== 0 && Math.abs(pct) < 0.1) return `${Number(pct.toPrecision(2))}%`;
  return `${pct.toFixed(1)}%`;
}

/**
 * True when a table column holds shares (shown as percentages): its key or label mentions
 * "share", "percent", "pct", "proportion" or "%". Ratios ("ratio", "index") stay plain numbers.
 */
export function isShareColumn(key: string, label: string): boolean {
  return /share|percent|pct|proportion|%/i.test(`${key} ${label}`);
}

/**
 * The text of a table cell: null -> em dash, strings as given, numbers by `formatNumber`, or
 * `formatPercent` in a share column. The result is plain text (escape it for HTML).
 * @example formatCell(0.25, 'segmentShare', 'Share of segment') // '25.0%'
 */
export function formatCell(value: string | number | null, key: string, label: string): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return isShareColumn(key, label) ? formatPercent(value) : formatNumber(value);
}

/**
 * True for a chart id that is safe as a file name and an HTML id: lowercase letters and digits
 * in groups joined by single "-".
 * @example isFileSafeId('segment-sizes') // true; isFileSafeId('../x') // false
 */
export function isFileSafeId(id: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id);
}
