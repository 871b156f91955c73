/** The one declaration of the config: validator, schema, defaults and library options agree with it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { checkKeys, defaultsOf, int, resolveSection, schemaOf, section, text, type Entry, type Field, type Fields } from '../../lib/config/declare';
import { CAMPAIGN_OPTIONS, RUN_CONFIG } from '../../lib/config/fields';
import { DEFAULTS, validateConfig } from '../../lib/config/validate';
import { buildConfigSchema } from '../../scripts/generate-schema';
import { resolveCampaignOptions } from '../../lib/campaigns/validate';
import { SeglabError, msg } from '../../lib/errors/messages';

const ajv = new Ajv({ allErrors: true, strict: true });
const schemaValid = ajv.compile(buildConfigSchema());
const sources = { customers: { path: 'c.csv' } };

/** Every declared number with its dotted path (sources are skipped: skipLines is checked per source below). */
function numberFields(fields: Fields, at = ''): [string, Field<number>][] {
  return Object.entries(fields).flatMap(([key, entry]: [string, Entry]) => {
    const where = at ? `${at}.${key}` : key;
    if (entry.kind === 'section') return key === 'sources' ? [] : numberFields(entry.fields, where);
    return entry.bounds ? [[where, entry as Field<number>]] : [];
  });
}

/** { a: { b: v } } from "a.b". */
function nested(where: string, v: unknown): Record<string, unknown> {
  return where.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), v) as Record<string, unknown>;
}

test('every declared bound is enforced the same way by validateConfig and by the generated schema', () => {
  const fields = numberFields(RUN_CONFIG.fields);
  assert.ok(fields.length >= 30, `found ${fields.length} number fields`);
  for (const [where, field] of fields) {
    const { min, max, integer } = field.bounds ?? {};
    const dflt = typeof field.default === 'number' ? field.default : null;
    if (dflt !== null) {
      if (min !== undefined) assert.ok(dflt >= min, `${where}: default ${dflt} >= ${min}`);
      if (max !== undefined) assert.ok(dflt <= max, `${where}: default ${dflt} <= ${max}`);
    }
    const ok = (v: number) => {
      const config = { sources, ...nested(where, v) };
      let validator = true;
      try {
        validateConfig(config, '/p');
      } catch (e) {
        assert.ok(e instanceof SeglabError, where);
        // Checks across fields (kMin <= kMax) are not the schema's: only this field's own sentence counts.
        validator = !e.message.includes(`"${where}" is ${v}, expected`);
      }
      assert.equal(schemaValid(config), validator, `${where} = ${v}: schema ${!validator ? 'accepts' : 'refuses'} what validateConfig ${validator ? 'accepts' : 'refuses'}`);
      return validator;
    };
    if (min !== undefined) {
      assert.equal(ok(min), true, `${where}: min ${min} accepted`);
      assert.equal(ok(min - (integer ? 1 : Math.max(Math.abs(min) * 1e-3, 1e-9))), false, `${where}: below min refused`);
    }
    if (max !== undefined) {
      assert.equal(ok(max), true, `${where}: max ${max} accepted`);
      assert.equal(ok(max + (integer ? 1 : Math.max(Math.abs(max) * 1e-3, 1e-9))), false, `${where}: above max refused`);
    }
    if (integer && min !== undefined) assert.equal(ok(min + 0.5), false, `${where}: a fraction refused`);
  }
});

test('campaign options given to evaluateCampaigns have the config\'s defaults and bounds (they used to disagree)', () => {
  const resolved = resolveCampaignOptions({});
  for (const [name, field] of Object.entries(CAMPAIGN_OPTIONS)) {
    assert.equal(resolved[name as keyof typeof resolved], field.default, name);
    assert.equal(DEFAULTS.campaigns[name as keyof typeof DEFAULTS.campaigns], field.default, name);
  }
  // confidence max was 0.999 in the config and 0.9999 for a direct call; bootstrap min 50 vs 100.
  for (const options of [{ confidence: 0.9995 }, { bootstrap: 50 }, { power: 0.9995 }]) {
    assert.doesNotThrow(() => resolveCampaignOptions(options));
    assert.doesNotThrow(() => validateConfig({ sources, campaigns: options }, '/p'));
  }
  for (const options of [{ confidence: 0.99999 }, { bootstrap: 49 }, { power: 0.49 }, { probabilityBest: 1.5 }]) {
    assert.throws(() => resolveCampaignOptions(options), SeglabError, JSON.stringify(options));
    assert.throws(() => validateConfig({ sources, campaigns: options }, '/p'), SeglabError, JSON.stringify(options));
  }
  assert.throws(() => resolveCampaignOptions({ bootstrap: 49 }), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.campaignsBadOption('bootstrap', 49, 'a whole number in [50, 1000000]')));
});

test('the stages get the resolved config itself: cluster.restarts accepts what k-means accepts (max 10000)', () => {
  assert.equal(validateConfig({ sources, cluster: { restarts: 10_000 } }, '/p').cluster.restarts, 10_000);
  assert.throws(() => validateConfig({ sources, cluster: { restarts: 10_001 } }, '/p'), /"cluster.restarts" is 10001, expected an integer >= 1 and <= 10000/);
});

test('a new field is one entry: validator, defaults, key check and schema all know it', () => {
  const demo = section('A demo section.', {
    name: text({ doc: 'A name.', default: 'x' }),
    tolerance: int({ doc: 'A new whole number.', default: 3, min: 1, max: 9 }),
  });
  assert.deepEqual({ ...defaultsOf(demo) }, { name: 'x', tolerance: 3 });
  const problems: string[] = [];
  const resolved = resolveSection(demo, { tolerance: 12 }, 'demo', problems, { baseDir: '/', root: {} });
  assert.equal(resolved.tolerance, 3);
  assert.deepEqual(problems, [msg.badConfigValue('demo.tolerance', 12, 'an integer >= 1 and <= 9')]);
  const keyProblems: string[] = [];
  checkKeys(demo, { tolerence: 2 }, 'demo', keyProblems);
  assert.match(keyProblems[0], /unknown setting "demo.tolerence" \(did you mean "tolerance"\?\)/);
  const schema = schemaOf(demo) as { properties: Record<string, Record<string, unknown>> };
  assert.deepEqual(schema.properties.tolerance, { description: 'A new whole number. Default 3 (1..9).', type: 'integer', minimum: 1, maximum: 9 });
});
