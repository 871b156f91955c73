/**
 * The Vega runtime, shared by the HTML report and by notebooks (tslab inline charts).
 *
 *   Vega-Lite spec --compileToVega (Node)--> Vega spec --JSON--> page --vegaEmbed (browser)--> SVG
 *
 * Vega-Lite is compiled here, in Node, so a page needs only the vega and vega-embed browser
 * bundles, which `runtimeScriptTags()` inlines. vega and vega-lite are ESM-only packages: they are
 * loaded with `await import()` (the promise is memoised; that memo is the module's only state).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import type { VegaLiteSpec } from './types';

/** A compiled Vega spec (plain JSON). */
export type VegaSpec = Record<string, unknown>;

export type VegaModule = typeof import('vega', { with: { 'resolution-mode': 'import' } });
export type VegaLiteModule = typeof import('vega-lite', { with: { 'resolution-mode': 'import' } });

let modules: Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> | undefined;

/**
 * Load vega and vega-lite once (ESM, via dynamic import); later calls share the same promise.
 * @example const { vega } = await loadVega();
 */
export function loadVega(): Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return modules;
}

/** A compiled spec with the Vega-Lite warnings the compiler logged (empty when clean). */
export interface CompiledChart {
  spec: VegaSpec;
  warnings: string[];
}

/**
 * Compile a Vega-Lite spec to Vega in Node, collecting warnings instead of printing them.
 * Throws a SeglabError when Vega-Lite rejects the spec.
 * @example const { spec, warnings } = await compileWithWarnings({ mark: 'bar', data: { values: [] } });
 */
export async function compileWithWarnings(vlSpec: VegaLiteSpec): Promise<CompiledChart> {
  const { vegaLite } = await loadVega();
  const warnings: string[] = [];
  const text = (args: readonly unknown[]): string => args.map(String).join(' ');
  const logger = {
    level(): number {
      return 2; // vega's Warn level: warnings reach warn(), info/debug are dropped.
    },
    error(...args: readonly unknown[]): never {
      throw new SeglabError('report', msg.reportSpecInvalid(String(vlSpec.title ?? ''), text(args)));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  try {
    const compiled = vegaLite.compile(vlSpec as unknown as Parameters<VegaLiteModule['compile']>[0], {
      logger: logger as unknown as NonNullable<Parameters<VegaLiteModule['compile']>[1]>['logger'],
    });
    return { spec: compiled.spec as unknown as VegaSpec, warnings };
  } catch (e) {
    if (e instanceof SeglabError) throw e;
    throw new SeglabError('report', msg.reportSpecInvalid(String(vlSpec.title ?? ''), (e as Error).message));
  }
}

/**
 * Compile a Vega-Lite spec to a Vega spec (in Node), so the page needs only vega + vega-embed.
 * Warnings are dropped; use `compileWithWarnings` to see them. Throws on an invalid spec.
 * Public: the notebook helper uses it for inline charts.
 * @example const vgSpec = await compileToVega({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
 */
export async function compileToVega(vlSpec: VegaLiteSpec): Promise<VegaSpec> {
  return (await compileWithWarnings(vlSpec)).spec;
}

/**
 * Make text safe inside a `<script>` element: the HTML parser ends a script at `</script`, and
 * `<!--` / `<script` switch it into the "double escaped" state. `\x3C` means `<` inside the JS
 * strings and regular expressions where these sequences occur in the bundles.
 */
export function scriptSafe(source: string): string {
  return source
    .replace(/\r\n?/g, '\n') // the HTML parser normalises newlines; do it first so CSP hashes match
    .replace(/<(?=\/script|!--|script)/gi, '\\x3C')
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '');
}

function bundlePath(pkg: 'vega' | 'vega-embed', file: string): string {
  // The packages' "exports" hide build/*.min.js, so resolve the entry point and look beside it.
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new SeglabError('report', msg.reportRuntimeMissing(pkg, file));
  }
  const full = path.join(path.dirname(entry), file);
  if (!fs.existsSync(full)) throw new SeglabError('report', msg.reportRuntimeMissing(pkg, full));
  return full;
}

/**
 * The bodies of the runtime scripts (vega, then vega-embed), already `scriptSafe` and wrapped in a
 * function whose `define`, `exports` and `module` parameters are undefined: the UMD headers then
 * set `window.vega` / `window.vegaEmbed` even on a page with a RequireJS `define` (Jupyter).
 * The HTML report hashes these bodies for its Content-Security-Policy.
 */
export function runtimeScripts(): string[] {
  return [
    ['vega', 'vega.min.js'],
    ['vega-embed', 'vega-embed.min.js'],
  ].map(([pkg, file]) => {
    const source = fs.readFileSync(bundlePath(pkg as 'vega' | 'vega-embed', file), 'utf8');
    return `(function (define, exports, module) {\n${scriptSafe(source)}\n}).call(window);`;
  });
}

/**
 * The vega + vega-embed browser bundles as inline `<script>` tags (about 580 kB), safe against a
 * RequireJS `define` and against `</script` inside the bundles. After them, `window.vegaEmbed`
 * renders a compiled spec: `vegaEmbed(el, vgSpec, { mode: 'vega', ast: true })`.
 * Public: notebooks emit it once, before their first chart.
 * @example display.html(runtimeScriptTags() + chartHtml)
 */
export function runtimeScriptTags(): string {
  return runtimeScripts()
    .map((body) => `<script>${body}</script>`)
    .join('\n');
}
