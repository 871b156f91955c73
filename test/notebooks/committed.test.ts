/**
 * The notebooks as committed: on the tslab kernel, without outputs, a `parameters` cell first, and
 * importing seglab only through its compiled public barrel.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { notebookFiles, readNotebook, text } from './jupyter';

/** Largest total size of outputs a committed notebook may keep (bytes of JSON). */
const MAX_OUTPUT_BYTES = 2000;

const files = notebookFiles();

test('there are notebooks', () => {
  assert.ok(files.some((f) => path.basename(f) === '01-quickstart.ipynb'), `found: ${files.map((f) => path.basename(f)).join(', ') || 'none'}`);
});

for (const file of files) {
  const name = path.basename(file);

  test(`${name}: nbformat 4 on the tslab (TypeScript) kernel`, () => {
    const nb = readNotebook(file);
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.metadata.kernelspec?.name, 'tslab');
    assert.equal(nb.metadata.kernelspec?.language, 'typescript');
  });

  test(`${name}: committed without outputs`, () => {
    const nb = readNotebook(file);
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    const bytes = code.reduce((sum, c) => sum + JSON.stringify(c.outputs ?? []).length - 2, 0);
    assert.ok(
      bytes <= MAX_OUTPUT_BYTES,
      `${name} keeps ${bytes} bytes of outputs; clear them before committing: /usr/bin/python3 -m nbconvert --clear-output --inplace notebooks/${name}`,
    );
    const withImages = code.filter((c) => (c.outputs ?? []).some((o) => o.data && Object.keys(o.data).some((m) => m.startsWith('image/'))));
    assert.equal(withImages.length, 0, 'no images in committed outputs');
  });

  test(`${name}: the first code cell is tagged "parameters"`, () => {
    const first = readNotebook(file).cells.find((c) => c.cell_type === 'code');
    assert.ok(first?.metadata.tags?.includes('parameters'), 'tag the first code cell "parameters" (papermill-style injection)');
  });

  test(`${name}: imports seglab only through the compiled public barrel, no import() in cells`, () => {
    const code = readNotebook(file)
      .cells.filter((c) => c.cell_type === 'code')
      .map((c) => text(c.source))
      .join('\n');
    const specifiers = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
    const local = specifiers.filter((s) => s.startsWith('.') || s.startsWith('/'));
    assert.ok(local.length > 0, 'the notebook imports seglab');
    // tslab compiles only files under the notebook's folder, so ../lib/*.ts cannot be imported;
    // and notebooks use the public surface only (lib/index.ts).
    assert.deepEqual([...new Set(local)], ['../dist/lib/index']);
    // A dynamic import() inside a cell fails in tslab (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
    assert.doesNotMatch(code, /\bimport\s*\(/);
  });
}
