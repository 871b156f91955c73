/**
 * Generates schema/seglab.config.schema.json (JSON Schema draft-07) from the one declaration of the
 * config (lib/config/fields.ts): each field's type, bounds, default and doc. The validator comes from
 * the same declaration, so schema and validator cannot drift; test/config/schema.test.ts regenerates
 * the schema and compares it with the shipped file.
 *
 *   node dist/scripts/generate-schema.js            # writes schema/seglab.config.schema.json
 *   node dist/scripts/generate-schema.js --check    # exit 1 when the shipped file is out of date
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaOf } from '../lib/config/declare';
import { RUN_CONFIG } from '../lib/config/fields';

type Schema = Record<string, unknown>;

/** The repository root (this file runs from dist/scripts or scripts). */
function root(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir);
  return dir;
}

export const SCHEMA_FILE = 'schema/seglab.config.schema.json';

/** The schema of what a user may write in a config file. (`repoRoot` is kept for callers; the declaration is code.) */
export function buildConfigSchema(_repoRoot = root()): Schema {
  const body = schemaOf(RUN_CONFIG);
  const properties = body.properties as Record<string, Schema>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'seglab run config',
    description:
      'One run of seglab: sources, column roles, cleaning, features, embedding, clustering, fairness, profiles, CLV and campaigns. Every field is optional here; seglab fills the defaults and needs sources.customers.path (or --customers). Generated from lib/config/fields.ts by scripts/generate-schema.ts; do not edit by hand.',
    type: 'object',
    properties: { $schema: { description: 'Path or URL of this JSON Schema, for editors (ignored by seglab).', type: 'string' }, ...properties },
    additionalProperties: false,
  };
}

/** The schema as the shipped file's text (2-space JSON, trailing newline). */
export function configSchemaJson(repoRoot = root()): string {
  return `${JSON.stringify(buildConfigSchema(repoRoot), null, 2)}\n`;
}

if (require.main === module) {
  const repoRoot = root();
  const target = path.join(repoRoot, SCHEMA_FILE);
  const text = configSchemaJson(repoRoot);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== text) {
      console.error(`${SCHEMA_FILE} is out of date: run "node dist/scripts/generate-schema.js" after changing lib/config/fields.ts.`);
      process.exit(1);
    }
    console.log(`${SCHEMA_FILE} is up to date.`);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote ${SCHEMA_FILE}`);
  }
}
