/**
 * Defaults and validation of `features.geographic`: the geographic segmentation criterion
 * (region, country, postcode area, distance bands). Called once by validateConfig.
 */
import { msg } from '../errors/messages';
import type { GeographicConfig } from './types';
import { isObject, num, strList, type Problems } from './values';

export const GEOGRAPHIC_DEFAULTS: GeographicConfig = { columns: [], postcode: null, postcodeDigits: 2, distanceBands: {} };

export const GEOGRAPHIC_KEYS: Record<string, readonly string[]> = { 'features.geographic': Object.keys(GEOGRAPHIC_DEFAULTS) };

/** `features.geographic` validated, defaults filled. */
export function geographicSection(v: unknown, problems: Problems): GeographicConfig {
  if (v === undefined) return { ...GEOGRAPHIC_DEFAULTS, columns: [], distanceBands: {} };
  if (!isObject(v)) {
    problems.push(msg.badConfigValue('features.geographic', v, 'an object'));
    return { ...GEOGRAPHIC_DEFAULTS, columns: [], distanceBands: {} };
  }
  let postcode: string | null = null;
  if (v.postcode !== undefined && v.postcode !== null) {
    if (typeof v.postcode === 'string' && v.postcode.trim()) postcode = v.postcode;
    else problems.push(msg.badConfigValue('features.geographic.postcode', v.postcode, 'a column name or null'));
  }
  const distanceBands: Record<string, number[]> = {};
  if (v.distanceBands !== undefined) {
    if (!isObject(v.distanceBands)) problems.push(msg.badConfigValue('features.geographic.distanceBands', v.distanceBands, 'an object of column -> [edges]'));
    else {
      for (const [col, edges] of Object.entries(v.distanceBands)) {
        if (Array.isArray(edges) && edges.length > 0 && edges.every((e) => typeof e === 'number' && Number.isFinite(e) && e >= 0)) distanceBands[col] = edges.slice() as number[];
        else problems.push(msg.badConfigValue(`features.geographic.distanceBands.${col}`, edges, 'a list of distances >= 0 (e.g. [5, 20, 50])'));
      }
    }
  }
  return {
    columns: strList(v.columns, 'features.geographic.columns', [], problems),
    postcode,
    postcodeDigits: num(v.postcodeDigits, 'features.geographic.postcodeDigits', GEOGRAPHIC_DEFAULTS.postcodeDigits, problems, { min: 1, max: 5, integer: true }),
    distanceBands,
  };
}
