/**
 * The report's sentence naming the segmentation criteria (features.families) and, for the
 * geographic criterion, the columns and features that stand for it. True on the run at hand:
 * it counts the features the model actually kept.
 */
import { geographicColumnNames } from '../features/geographic';
import type { ReportRun } from './types';

const SHOWN = 6;

/**
 * @example criteriaSentence(run) // "Segmentation criteria (features.families): behavioural, geographic. Geographic criterion: Country (3 features: …)."
 */
export function criteriaSentence(run: ReportRun): string {
  const families = run.config.features.families;
  const geo = run.config.features.geographic;
  const parts = [`Segmentation criteria (features.families): ${families.join(', ')}.`];
  const prefixes = geo ? geographicColumnNames(geo) : [];
  if (prefixes.length) {
    const described = prefixes.map((prefix) => {
      const used = run.featureNames.filter((n) => n.startsWith(`${prefix}=`));
      if (!used.length) return `${prefix} (no feature kept: every customer has the same value)`;
      const list = used.slice(0, SHOWN).join(', ') + (used.length > SHOWN ? ', \u2026' : '');
      return `${prefix} (${used.length} feature${used.length === 1 ? '' : 's'}: ${list})`;
    });
    parts.push(`Geographic criterion: ${described.join('; ')}.`);
    if (!families.includes('geographic')) parts.push('features.geographic is set, so the geographic criterion is used although features.families does not list it.');
  } else if (families.includes('geographic')) {
    parts.push('The geographic criterion is listed, but features.geographic names no column, so no geographic feature was used.');
  }
  // features.families defaults to ["behavioural"]: a customers-only table (no order lines, or
  // features.behavioural empty) was reported as segmented on behavioural criteria.
  if (families.includes('behavioural')) {
    const why = run.config.features.behavioural.length === 0 ? 'features.behavioural is empty' : !run.config.sources.transactions ? 'there are no transactions' : null;
    if (why) parts.push(`No behavioural feature was used, though the criterion is listed (${why}): the features are the customers file's columns; set features.families to the criteria they stand for.`);
  }
  return parts.join(' ');
}
