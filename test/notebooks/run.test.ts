/**
 * Papermill-style runs: the parameters cell is parsed, values are injected after it, the notebook
 * is executed headless into a run folder, and errors name the notebook, the cell and the problem.
 * The pure parts run everywhere; the executions need Jupyter and the tslab kernel (npm run setup).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeglabError, msg } from '../../lib/errors/messages';
import { parseNotebookArgs } from '../../lib/notebook/args';
import { readIpynb, type Ipynb } from '../../lib/notebook/ipynb';
import { coerceParameters, injectParameters, notebookParameters, INJECTED_TAG } from '../../lib/notebook/parameters';
import { cellErrorText, runNotebook } from '../../lib/notebook/run';
import { tempDir } from '../helpers/paths';
import { NOTEBOOK_DIR, jupyterProblem, text } from './jupyter';

const QUICKSTART = path.join(NOTEBOOK_DIR, '01-quickstart.ipynb');

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function tinyNotebook(sources: string[]): Ipynb {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', language: 'typescript', display_name: 'TypeScript' } },
    cells: sources.map((source, i) => ({ cell_type: 'code', id: `c${i}`, source, metadata: i === 0 ? { tags: ['parameters'] } : {}, outputs: [], execution_count: null })),
  };
}

test('notebookParameters reads the declarations of the parameters cell, with kinds and annotations', () => {
  const nb = tinyNotebook(["/** doc */\nconst k = 3;\nlet name = 'x';\nconst on = true;\nconst fixed: number | null = null;\nconst out = process.env.X ?? '../r';\nconsole.log(k);", 'k;']);
  const params = notebookParameters(nb, 'tiny.ipynb');
  assert.deepEqual(
    params.map((p) => [p.name, p.keyword, p.kind, p.annotation]),
    [['k', 'const', 'number', null], ['name', 'let', 'string', null], ['on', 'const', 'boolean', null], ['fixed', 'const', 'other', 'number | null'], ['out', 'const', 'other', null]],
  );
  const quickstart = notebookParameters(readIpynb(QUICKSTART), QUICKSTART).map((p) => p.name);
  for (const name of ['configPath', 'seed', 'kMin', 'kMax', 'k', 'outDir']) assert.ok(quickstart.includes(name), name);
});

test('injectParameters adds an injected-parameters cell right after the parameters cell and leaves the input alone', () => {
  const nb = deepFreeze(tinyNotebook(['const k = 3;\nconst label = "a";\nconst fixed: number | null = null;', 'console.log(k);']));
  const before = JSON.stringify(nb);
  const { notebook, injectedIndex, values } = injectParameters(nb, 'tiny.ipynb', { k: '4', label: 'it\'s "quoted"', fixed: 6 });
  assert.equal(JSON.stringify(nb), before);
  assert.equal(injectedIndex, 1);
  assert.deepEqual(values, { k: 4, label: 'it\'s "quoted"', fixed: 6 });
  const cell = notebook.cells[1];
  assert.deepEqual(cell.metadata.tags, [INJECTED_TAG]);
  assert.match(text(cell.source), /^const k = 4;$/m);
  assert.match(text(cell.source), /^const label = "it's \\"quoted\\"";$/m);
  assert.match(text(cell.source), /^const fixed: number \| null = 6;$/m);
  assert.equal(notebook.cells.length, 3);
  // Injecting into an already injected copy replaces the old cell instead of stacking a second one.
  const again = injectParameters(notebook, 'tiny.ipynb', { k: 5 });
  assert.equal(again.notebook.cells.filter((c) => (c.metadata.tags ?? []).includes(INJECTED_TAG)).length, 1);
  assert.match(text(again.notebook.cells[1].source), /^const k = 5;$/m);
});

test('unknown parameter names and values of the wrong kind are rejected with the message builders', () => {
  const nb = tinyNotebook(['const kMax = 8;\nconst seed = 42;\nconst verbose = false;', '']);
  const declared = notebookParameters(nb, 'nb.ipynb');
  assert.throws(() => injectParameters(nb, 'nb.ipynb', { kmax: 4 }), (e: unknown) => e instanceof SeglabError && e.message === `notebook: ${msg.notebookUnknownParameters('nb.ipynb', ['kmax'], declared)}`);
  assert.match(msg.notebookUnknownParameters('nb.ipynb', ['kmax'], declared), /did you mean "kMax"\?.*kMax = 8; seed = 42; verbose = false/);
  assert.throws(() => coerceParameters(declared, { seed: 'abc' }, 'nb.ipynb'), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.notebookParameterType('seed', 'a finite number', '42', 'abc')));
  assert.throws(() => coerceParameters(declared, { verbose: 'yes' }, 'nb.ipynb'), /true or false/);
  assert.deepEqual(coerceParameters(declared, { verbose: 'true', seed: 7 }, 'nb.ipynb'), { verbose: true, seed: 7 });
  assert.throws(() => notebookParameters({ ...nb, cells: [{ ...nb.cells[1], metadata: {} }] }, 'none.ipynb'), (e: unknown) => e instanceof SeglabError && e.message.includes(msg.notebookNoParametersCell('none.ipynb')));
});

test('parseNotebookArgs: -p / --param / --out / --timeout, defaults and errors', () => {
  assert.deepEqual(parseNotebookArgs(['notebooks/01-quickstart.ipynb', '-p', 'k=6', '--param=data=../x,y.csv', '-p', 'label=a=b']), {
    notebook: 'notebooks/01-quickstart.ipynb',
    params: { k: '6', data: '../x,y.csv', label: 'a=b' },
    outDir: path.join('reports', 'notebooks', '01-quickstart'),
    cellTimeoutSeconds: 600,
  });
  assert.deepEqual(parseNotebookArgs(['--out', 'runs/a', 'nb.ipynb', '--timeout=90']), { notebook: 'nb.ipynb', params: {}, outDir: 'runs/a', cellTimeoutSeconds: 90 });
  assert.throws(() => parseNotebookArgs([]), (e: unknown) => e instanceof SeglabError && e.message === `cli: ${msg.notebookUsage('no notebook given')}`);
  assert.throws(() => parseNotebookArgs(['nb.ipynb', '-p', 'k']), (e: unknown) => e instanceof SeglabError && e.message === `cli: ${msg.notebookBadParamArg('k')}`);
  assert.throws(() => parseNotebookArgs(['nb.ipynb', '-p', 'k=1', '-p', 'k=2']), (e: unknown) => e instanceof SeglabError && e.message === `cli: ${msg.notebookRepeatedParam('k')}`);
  assert.throws(() => parseNotebookArgs(['nb.ipynb', '-p']), (e: unknown) => e instanceof SeglabError && e.message === `cli: ${msg.flagNeedsValue('-p')}`);
  assert.throws(() => parseNotebookArgs(['nb.ipynb', '--timeout', '0']), /--timeout "0"/);
  assert.throws(() => parseNotebookArgs(['nb.ipynb', '--kernel', 'x']), /--kernel/);
});

test('cellErrorText keeps the error, drops the location header and the stack', () => {
  const runtime = cellErrorText([
    { output_type: 'stream', name: 'stdout', text: 'fine\n' },
    { output_type: 'stream', name: 'stderr', text: ['evalmachine.<anonymous>:2\n', "throw new Error('boom');\n", '^\n', '\n', 'Error: boom at k=3\n', '    at evalmachine.<anonymous>:2:7\n', '    at Script.runInThisContext (node:vm:135:14)\n'] },
  ]);
  assert.equal(runtime, 'Error: boom at k=3');
  assert.equal(cellErrorText([{ output_type: 'stream', name: 'stderr', text: "2:7 - Type 'string' is not assignable to type 'number'.\n" }]), "2:7 - Type 'string' is not assignable to type 'number'.");
  assert.equal(cellErrorText([]), 'the kernel reported an error without a message');
});

function skipWithoutJupyter(): string | null {
  const problem = jupyterProblem();
  if (problem) assert.fail(`cannot execute notebooks headless: ${problem}`);
  return null;
}

function segmentsOf(csvFile: string): Map<string, string> {
  const [, ...lines] = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
  return new Map(lines.map((l) => [l.slice(0, l.lastIndexOf(',')), l.slice(l.lastIndexOf(',') + 1)]));
}

test('runNotebook: 01 with k fixed to 4 writes 4 segments, the executed copy and its HTML, and leaves the source alone', { timeout: 15 * 60 * 1000 }, async () => {
  skipWithoutJupyter();
  const sourceBefore = fs.readFileSync(QUICKSTART, 'utf8');
  const out = tempDir('seglab-nbrun-k4-');
  const run = await runNotebook(QUICKSTART, { k: '4' }, out);
  assert.equal(fs.readFileSync(QUICKSTART, 'utf8'), sourceBefore, 'the source notebook is never modified');
  assert.equal(run.status, 'completed');
  assert.deepEqual(run.parameters, { k: 4 });
  assert.equal(run.executed, path.join(out, '01-quickstart.ipynb'));
  assert.ok(run.html && fs.readFileSync(run.html, 'utf8').includes('class="seglab-chart"'), 'HTML export with the charts');
  const executed = readIpynb(run.executed);
  const injectedAt = executed.cells.findIndex((c) => (c.metadata.tags ?? []).includes(INJECTED_TAG));
  assert.ok(injectedAt > 0 && (executed.cells[injectedAt - 1].metadata.tags ?? []).includes('parameters'), 'injected right after the parameters cell');
  assert.match(text(executed.cells[injectedAt].source), /^const k: number \| null = 4;$/m);
  const segments = new Set(segmentsOf(path.join(out, 'run', 'segments.csv')).values());
  assert.deepEqual([...segments].sort(), ['1', '2', '3', '4']);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'run', 'manifest.json'), 'utf8')) as { config: { cluster: { kMin: number; kMax: number } } };
  assert.deepEqual([manifest.config.cluster.kMin, manifest.config.cluster.kMax], [4, 4]);
});

test('runNotebook: an unknown parameter fails before anything runs, listing the notebook parameters', async () => {
  const out = tempDir('seglab-nbrun-unknown-');
  const declared = notebookParameters(readIpynb(QUICKSTART), path.resolve(QUICKSTART));
  await assert.rejects(runNotebook(QUICKSTART, { clusters: 4 }, out), (e: unknown) => e instanceof SeglabError && e.message === `notebook: ${msg.notebookUnknownParameters(path.resolve(QUICKSTART), ['clusters'], declared)}`);
  assert.deepEqual(fs.readdirSync(out), [], 'nothing written');
});

test('runNotebook: a failing cell gives a SeglabError with the notebook, the cell number and the error text, no stack', { timeout: 5 * 60 * 1000 }, async () => {
  skipWithoutJupyter();
  const dir = tempDir('seglab-nbrun-fail-');
  const file = path.join(dir, 'fails.ipynb');
  const nb = tinyNotebook(['const k = 3;', 'console.log("k is", k);', "throw new Error('boom at k=' + k);", 'console.log("never");']);
  nb.cells.splice(1, 0, { cell_type: 'markdown', id: 'md', source: '# a heading', metadata: {} });
  fs.writeFileSync(file, JSON.stringify(nb));
  const out = path.join(dir, 'out');
  await assert.rejects(runNotebook(file, { k: 7 }, out, { html: false }), (e: unknown) => {
    assert.ok(e instanceof SeglabError);
    assert.equal(e.message, `notebook: ${msg.notebookCellFailed(file, 4, 5, "throw new Error('boom at k=' + k);", 'Error: boom at k=7', path.join(out, 'fails.ipynb'))}`);
    assert.doesNotMatch(e.message, /\n\s+at /);
    return true;
  });
  const partial = readIpynb(path.join(out, 'fails.ipynb'));
  assert.deepEqual(partial.cells[partial.cells.length - 1].outputs, [], 'cells after the failure did not run');
});

test('runNotebook: 05 without the shared datasets prints SKIPPED and still completes', { timeout: 10 * 60 * 1000 }, async () => {
  skipWithoutJupyter();
  const out = tempDir('seglab-nbrun-skip-');
  const missing = path.join(out, 'no-datasets-here');
  const run = await runNotebook(path.join(NOTEBOOK_DIR, '05-ethics-and-bias.ipynb'), { datasetsDir: missing }, out, { html: false });
  const streams = readIpynb(run.executed).cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'stream');
  assert.ok(streams.some((o) => o.name === 'stdout' && text(o.text).startsWith(`SKIPPED: ${path.join(missing, 'adult-census-income', 'adult.data')} was not found`)));
  assert.ok(!streams.some((o) => o.name === 'stderr'), 'no errors or warnings');
});

test('runNotebook: 08 without the shared datasets prints SKIPPED and still completes', { timeout: 10 * 60 * 1000 }, async () => {
  skipWithoutJupyter();
  const out = tempDir('seglab-nbrun-skip08-');
  const missing = path.join(out, 'no-datasets-here');
  const run = await runNotebook(path.join(NOTEBOOK_DIR, '08-segments-over-time.ipynb'), { datasetsDir: missing, outDir: path.join(out, 'pages') }, out, { html: false });
  const streams = readIpynb(run.executed).cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'stream');
  assert.ok(streams.some((o) => o.name === 'stdout' && text(o.text).startsWith(`SKIPPED: ${path.join(missing, 'online-retail', 'online_retail.csv.gz')} was not found`)));
  assert.ok(!streams.some((o) => o.name === 'stderr'), 'no errors or warnings');
  assert.ok(!fs.existsSync(path.join(out, 'pages')), 'nothing written without data');
});
