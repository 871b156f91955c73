/**
 * The JSON Schema of the run config, shipped as schema/seglab.config.schema.json (generated from
 * the config types by scripts/generate-schema.ts). Editors use it through `"$schema"` in a config
 * file; `seglab schema` prints it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../io/project-root';

/** Path of the shipped schema file. */
export function configSchemaPath(root = projectRoot()): string {
  return path.join(root, 'schema', 'seglab.config.schema.json');
}

/** The shipped schema's text. */
export function configSchemaText(root = projectRoot()): string {
  return fs.readFileSync(configSchemaPath(root), 'utf8').trimEnd();
}
