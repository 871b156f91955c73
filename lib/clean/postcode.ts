/**
 * The area of a postcode, derived in cleaning (before a full postcode, which is personal data, is
 * dropped) and used as a feature of the geographic criterion (lib/features/geographic.ts).
 */

/**
 * The area of a postcode: the leading letters of a UK-style postcode ("SW1A 1AA" -> "SW",
 * "M1 1AE" -> "M"), else the first `digits` digits of a numeric one ("75008" -> "75",
 * "02134-1234" -> "02"); null when the value is missing or neither.
 * @example postcodeArea('EC1A 1BB') // "EC"
 */
export function postcodeArea(value: string | null, digits = 2): string | null {
  if (value === null) return null;
  const v = value.trim().toUpperCase();
  const letters = /^([A-Z]{1,2})\d/.exec(v);
  if (letters) return letters[1];
  const numeric = /^(\d+)/.exec(v.replace(/\s+/g, ''));
  if (numeric && numeric[1].length >= digits) return numeric[1].slice(0, digits);
  return null;
}
