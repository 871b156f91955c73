/**
 * Feature names as a reader sees them: `features.labels` from the config first, then the readable
 * names of the behavioural features ("recency_days" -> "days since last purchase"), then the
 * humanised column name (lib/profile/personas.ts `featureLabel`); money features carry the currency.
 */
import { featureLabel } from '../profile/personas';
import { moneyUnit } from './money';

/** Behavioural features measured in money (the order lines' amount). */
const MONEY_FEATURES = new Set(['monetary', 'avg_basket']);

/**
 * Readable name, capitalised: "Days since last purchase". Distinct features never share a name
 * (a clash keeps the column name in brackets).
 * @example readableFeatures(['recency_days', 'Balance'], {}) // Map { recency_days => 'Days since last purchase', Balance => 'Balance' }
 */
export function readableFeatures(features: readonly string[], labels: Readonly<Record<string, string>> = {}): Map<string, string> {
  // Config labels and names that are not identifier-like ("spend.total") keep their own case.
  const names = new Map(features.map((f) => {
    const label = featureLabel(f, labels);
    return [f, labels[f] || !/^[A-Za-z][A-Za-z0-9_]*(=.*)?$/.test(f) ? label : capitalise(label)];
  }));
  const counts = new Map<string, number>();
  for (const n of names.values()) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const [f, n] of names) if ((counts.get(n) ?? 0) > 1) names.set(f, `${n} (${f})`);
  return names;
}

/** An axis title with its unit: money features get the currency ("Total spend (USD)"). */
export function featureAxisTitle(feature: string, readable: string, currency?: string): string {
  return MONEY_FEATURES.has(feature) ? `${readable} (${moneyUnit(currency)})` : readable;
}

/** Whether a feature is measured in money. */
export function isMoneyFeature(feature: string): boolean {
  return MONEY_FEATURES.has(feature);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
