/**
 * Generates schema/seglab.config.schema.json (JSON Schema draft-07) from the config types in
 * lib/config/types.ts (`RunConfigInput`), with each field's doc comment as its description, so the
 * schema cannot drift from the types: test/config/schema.test.ts regenerates it and compares.
 *
 *   node dist/scripts/generate-schema.js            # writes schema/seglab.config.schema.json
 *   node dist/scripts/generate-schema.js --check    # exit 1 when the shipped file is out of date
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

type Schema = Record<string, unknown>;

/** The repository root (this file runs from dist/scripts or scripts). */
function root(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir);
  return dir;
}

export const SCHEMA_FILE = 'schema/seglab.config.schema.json';

/** Build the schema of `RunConfigInput` from the TypeScript sources under `repoRoot`. */
export function buildConfigSchema(repoRoot = root()): Schema {
  const file = path.join(repoRoot, 'lib', 'config', 'types.ts');
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'RunConfigInput');
  if (!alias) throw new Error('RunConfigInput not found in lib/config/types.ts');

  const doc = (symbol: ts.Symbol): string | undefined => {
    const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
    return text || undefined;
  };

  const convert = (type: ts.Type, depth: number): Schema => {
    if (depth > 12) return {};
    const flags = type.getFlags();
    if (flags & ts.TypeFlags.String) return { type: 'string' };
    if (flags & ts.TypeFlags.Number) return { type: 'number' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    if (flags & ts.TypeFlags.StringLiteral) return { const: (type as ts.StringLiteralType).value };
    if (flags & ts.TypeFlags.NumberLiteral) return { const: (type as ts.NumberLiteralType).value };
    if (flags & ts.TypeFlags.BooleanLiteral) return { const: checker.typeToString(type) === 'true' };
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.getFlags() & ts.TypeFlags.Undefined));
      // boolean arrives as true | false.
      const bools = parts.filter((t) => t.getFlags() & ts.TypeFlags.BooleanLiteral);
      const rest = parts.filter((t) => !(t.getFlags() & ts.TypeFlags.BooleanLiteral));
      const schemas = [...rest.map((t) => convert(t, depth + 1)), ...(bools.length === 2 ? [{ type: 'boolean' }] : bools.map((t) => convert(t, depth + 1)))];
      if (schemas.length === 1) return schemas[0];
      if (schemas.every((s) => 'const' in s)) return { enum: schemas.map((s) => s.const) };
      return { anyOf: schemas };
    }
    if (checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type as ts.TypeReference).map((t) => convert(t, depth + 1));
      return { type: 'array', items, minItems: items.length, maxItems: items.length };
    }
    if (checker.isArrayType(type)) {
      const [item] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: convert(item, depth + 1) };
    }
    // An intersection (Partial<A> & { b?: B }) is an object with the properties of both.
    if (flags & ts.TypeFlags.Object || type.isIntersection()) {
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      for (const prop of checker.getPropertiesOfType(type)) {
        const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
        const propType = declaration ? checker.getTypeOfSymbolAtLocation(prop, declaration) : checker.getTypeOfSymbol(prop);
        const schema = convert(propType, depth + 1);
        const description = doc(prop);
        properties[prop.name] = description ? { description, ...schema } : schema;
        if (!(prop.getFlags() & ts.SymbolFlags.Optional)) required.push(prop.name);
      }
      const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
      const out: Schema = { type: 'object' };
      if (Object.keys(properties).length) out.properties = properties;
      if (required.length) out.required = required;
      out.additionalProperties = index ? convert(index, depth + 1) : false;
      return out;
    }
    return {};
  };

  const body = convert(checker.getTypeAtLocation(alias.name), 0);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'seglab run config',
    description:
      'One run of seglab: sources, column roles, cleaning, features, embedding, clustering, fairness, profiles, CLV and campaigns. Every field is optional here; seglab fills the defaults and needs sources.customers.path (or --customers). Generated from lib/config/types.ts by scripts/generate-schema.ts; do not edit by hand.',
    ...body,
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
      console.error(`${SCHEMA_FILE} is out of date: run "node dist/scripts/generate-schema.js" after changing lib/config/types.ts.`);
      process.exit(1);
    }
    console.log(`${SCHEMA_FILE} is up to date.`);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote ${SCHEMA_FILE}`);
  }
}
