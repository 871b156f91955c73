import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import { isObject, type Problems } from './values';
import { checkKeys, defaultsOf, resolveSection } from './declare';
import { ANNOTATION_KEYS, RUN_CONFIG } from './fields';
import type { RunConfig, SourceSpec } from './types';
import { realPathOf } from '../io/run-folder';

/** Every default, from the one declaration (lib/config/fields.ts). */
export const DEFAULTS: Omit<RunConfig, 'sources' | 'outDir'> = (() => {
  const { sources: _sources, outDir: _outDir, ...defaults } = defaultsOf(RUN_CONFIG);
  return defaults;
})();

/**
 * Validate a user's config once and fill every default. Relative paths resolve against `baseDir`
 * (the config file's folder). Throws one SeglabError listing every problem found.
 * @example validateConfig({ sources: { customers: { path: 'c.csv' }, transactions: { path: 't.csv' } } }, process.cwd())
 */
export function validateConfig(input: unknown, baseDir: string): RunConfig {
  const problems: Problems = [];
  checkKeys(RUN_CONFIG, input, '', problems, ANNOTATION_KEYS);
  const c = isObject(input) ? input : {};
  if (c.$schema !== undefined && typeof c.$schema !== 'string') problems.push(msg.badConfigValue('$schema', c.$schema, 'the path or URL of the JSON Schema, as text'));
  const config = resolveSection(RUN_CONFIG, c, '', problems, { baseDir, root: {} }) as RunConfig;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(config.name)) problems.push(msg.nameNotSlug(config.name));
  const clean = isObject(c.clean) ? c.clean : {};
  // Real paths: an outDir that is a symbolic link to an input folder is caught too. (The stricter
  // rule, nothing inside an input's or the config's folder, applies where a run folder is written:
  // config/load.ts for the CLI and pipeline/outputs.ts.)
  const outReal = realPathOf(config.outDir);
  for (const src of Object.values(config.sources) as SourceSpec[]) {
    if (src?.path && path.dirname(realPathOf(src.path)) === outReal) problems.push(msg.outDirIsInputFolder(config.outDir));
  }
  if (config.clean.excludeWithoutConsent && clean.excludeWithoutConsent === true && !config.columns.consent)
    problems.push(msg.badConfigValue('clean.excludeWithoutConsent', true, 'false unless columns.consent names the consent column'));
  if (!config.features.allowProtected) {
    for (const col of [...config.features.categoricalColumns, ...Object.keys(config.features.bands)]) {
      if (config.fairness.protected.includes(col)) problems.push(msg.featureIsProtected(col));
    }
  }
  if (!config.features.allowProtected) {
    const geo = config.features.geographic;
    for (const col of [...geo.columns, ...(geo.postcode ? [geo.postcode] : []), ...Object.keys(geo.distanceBands)]) {
      if (config.fairness.protected.includes(col)) problems.push(msg.featureIsProtected(col));
    }
  }
  if (config.cluster.kMin > config.cluster.kMax) problems.push(msg.kRangeBad(config.cluster.kMin, config.cluster.kMax));
  if (config.features.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(config.features.asOf))
    problems.push(msg.badConfigValue('features.asOf', config.features.asOf, 'a date yyyy-mm-dd'));
  for (const col of config.features.logColumns) {
    if (!config.features.customerColumns.includes(col))
      problems.push(msg.badConfigValue('features.logColumns', col, `a column listed in features.customerColumns (${config.features.customerColumns.join(', ') || 'none'})`));
  }
  if (!config.features.allowProtected) {
    for (const col of config.features.customerColumns) {
      if (config.fairness.protected.includes(col)) problems.push(msg.featureIsProtected(col));
    }
  }
  const outcome = config.columns.label;
  if (outcome && [...config.features.customerColumns, ...config.features.categoricalColumns, ...Object.keys(config.features.bands)].includes(outcome))
    problems.push(msg.featureIsOutcome(outcome));
  if (config.profile.valueColumns.length > 0 && config.sources.transactions)
    problems.push(msg.valueColumnsWithOrderLines(config.profile.valueColumns));
  for (const col of config.profile.valueColumns) {
    if (col === config.columns.customerId || col === outcome || config.columns.pii.includes(col))
      problems.push(msg.badConfigValue('profile.valueColumns', col, 'a numeric amount column of the customers file, not the customer id, the outcome (columns.label) or a personal-data column'));
  }
  if (problems.length) throw new SeglabError('config', msg.configInvalid([...new Set(problems)]));
  return config;
}
