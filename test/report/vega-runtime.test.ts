import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { compileToVega, compileWithWarnings, runtimeScripts, runtimeScriptTags, scriptSafe } from '../../lib/report/vega-runtime';
import { SeglabError, msg } from '../../lib/errors/messages';

test('runtimeScriptTags inlines vega and vega-embed with nothing that closes the tag early', () => {
  const tags = runtimeScriptTags();
  assert.equal((tags.match(/<script>/g) ?? []).length, 2);
  assert.equal((tags.match(/<\/script/gi) ?? []).length, 2, 'only the two closing tags');
  assert.doesNotMatch(tags, /<!--/);
  assert.doesNotMatch(tags, /sourceMappingURL/);
  assert.ok(tags.length > 400_000, `runtime is ${tags.length} characters`);
});

test('scriptSafe neutralises </script, <!-- and <script inside strings without changing their value', () => {
  const source = 'var a = "</script><!-- <script>"; var b = /<\\/script>/;';
  const safe = scriptSafe(source);
  assert.doesNotMatch(safe, /<\/script|<!--|<script/i);
  const sandbox: { a?: string } = {};
  vm.runInNewContext(safe, sandbox);
  assert.equal(sandbox.a, '</script><!-- <script>');
});

test('the runtime defines window.vega and window.vegaEmbed even when a RequireJS define exists', () => {
  let defineCalls = 0;
  const define = Object.assign(() => void defineCalls++, { amd: {} });
  const sandbox: Record<string, unknown> = { console, setTimeout, clearTimeout, setInterval, clearInterval, URL, TextEncoder, TextDecoder, define };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  for (const script of runtimeScripts()) {
    try {
      vm.runInContext(script, sandbox);
    } catch (e) {
      throw new Error(`runtime bundle failed in a fake window: ${(e as Error).message}`); // not the whole minified line
    }
  }
  assert.equal(defineCalls, 0, 'RequireJS define must not capture the bundles');
  assert.equal(typeof sandbox.vegaEmbed, 'function');
  assert.equal((sandbox.vega as { version: string }).version, '6.4.0');
  assert.equal(sandbox.define, define, 'the page\'s define is left in place');
});

test('compileToVega compiles in Node; invalid specs throw a SeglabError', async () => {
  const spec = await compileToVega({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
  assert.match(String(spec.$schema), /vega\/v6/);
  assert.ok(Array.isArray(spec.marks));
  await assert.rejects(() => compileToVega({ title: 'broken', data: { values: [] }, mark: 'no-such-mark' }), (e: unknown) => {
    assert.ok(e instanceof SeglabError);
    assert.ok(e.message.startsWith('report: ' + msg.reportSpecInvalid('broken', '').split('(')[0]));
    return true;
  });
});

test('compileWithWarnings reports Vega-Lite warnings instead of printing them', async () => {
  const { warnings } = await compileWithWarnings({
    data: { values: [{ a: 1 }] },
    mark: 'point',
    encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'a', type: 'quantitative' } },
  });
  assert.ok(warnings.length > 0, 'a quantitative shape encoding is a warning');
});
