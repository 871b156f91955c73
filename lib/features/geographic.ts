/**
 * The geographic segmentation criterion (features.geographic): region / country columns as they
 * are, a postcode reduced to its area, distances cut into bands. Each becomes a text column that
 * `featureColumns` (build.ts) one-hot encodes like features.categoricalColumns, with its levels
 * fitted once and applied unchanged when scoring (apply.ts).
 */
import type { GeographicConfig } from '../config/types';
import type { CleanCustomers } from '../clean/customers';
import { SeglabError, msg } from '../errors/messages';
import { bandLabels } from './encode';

import { postcodeArea } from '../clean/postcode';

export { postcodeArea };

/** A geographic text column for one-hot encoding: its feature name prefix and one value per customer row. */
export interface GeographicColumn {
  /** Name the one-hot columns are prefixed with ("Country", "postcode_area", "distance_km_band"). */
  name: string;
  /** The column of the customers file it comes from. */
  source: string;
  kind: 'region' | 'postcode area' | 'distance band';
  values: (string | null)[];
}

/** The names of the one-hot prefixes `geographicColumns` produces, without the data. */
export function geographicColumnNames(geo: GeographicConfig): string[] {
  return [...geo.columns, ...(geo.postcode ? [`${geo.postcode}_area`] : []), ...Object.keys(geo.distanceBands).map((c) => `${c}_band`)];
}

/** The customers-file columns the geographic criterion reads. */
export function geographicSources(geo: GeographicConfig): string[] {
  return [...geo.columns, ...(geo.postcode ? [geo.postcode, `${geo.postcode}_area`] : []), ...Object.keys(geo.distanceBands)];
}

/**
 * The geographic columns of every customer row (the caller picks the kept rows).
 * @example geographicColumns(customers, { columns: ['Country'], postcode: null, postcodeDigits: 2, distanceBands: {} })[0].values
 */
export function geographicColumns(customers: CleanCustomers, geo: GeographicConfig): GeographicColumn[] {
  const known = [...Object.keys(customers.text), ...Object.keys(customers.numeric)];
  const text = (col: string, setting: string): (string | null)[] => {
    const values = customers.text[col] ?? customers.numeric[col]?.map((v) => (v === null ? null : String(v)));
    if (!values) throw new SeglabError('features', msg.missingColumn('customers', customers.ledger.file, col, setting, known));
    return values;
  };
  const out: GeographicColumn[] = geo.columns.map((col) => ({ name: col, source: col, kind: 'region', values: text(col, 'features.geographic.columns') }));
  if (geo.postcode) {
    // cleanCustomers derives the area while it still sees the postcode (a full postcode is personal data and is dropped).
    const name = `${geo.postcode}_area`;
    const area = customers.text[name] ?? text(geo.postcode, 'features.geographic.postcode').map((v) => postcodeArea(v, geo.postcodeDigits));
    out.push({ name, source: geo.postcode, kind: 'postcode area', values: area });
  }
  for (const [col, edges] of Object.entries(geo.distanceBands)) {
    const values = customers.numeric[col];
    if (!values) throw new SeglabError('features', msg.featureNotNumeric(col, String(customers.text[col]?.find((v) => v !== null) ?? '')));
    out.push({ name: `${col}_band`, source: col, kind: 'distance band', values: bandLabels({ column: col, edges: edges.slice() }, values) });
  }
  return out;
}
