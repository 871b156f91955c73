/**
 * lib/notebook/display.ts without a kernel: the payload builders, and showChart / showTable sending
 * to a test sink (runtime once per sink, element ids unique, no kernel -> clear error).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as dfd from 'danfojs-node';
import { SeglabError, msg } from '../../lib/errors/messages';
import { VEGALITE_MIME, chartMimeBundle, chartPayload, showChart, showTable, tablePayload, type MimeBundle } from '../../lib/notebook/display';
import { withHtmlCharts } from '../../lib/notebook/export';
import type { Ipynb } from '../../lib/notebook/ipynb';
import { runtimeScripts } from '../../lib/report/vega-runtime';
import type { VegaLiteSpec } from '../../lib/report/types';

const spec: VegaLiteSpec = Object.freeze({
  title: 'Sizes <b>',
  description: 'Bar chart of "sizes" & more',
  width: 'container',
  height: 120,
  data: { values: [{ segment: 'A', n: 3 }, { segment: 'B', n: 5 }] },
  mark: 'bar',
  encoding: { x: { field: 'n', type: 'quantitative' }, y: { field: 'segment', type: 'nominal' } },
});

/** A fragment that occurs once in the inlined runtime (the wrapper against RequireJS's define). */
const RUNTIME_MARK = '(function (define, exports, module)';

function html(bundle: MimeBundle): string {
  const value = bundle['text/html'];
  assert.equal(typeof value, 'string');
  return value as string;
}

function countOf(text: string, fragment: string): number {
  return text.split(fragment).length - 1;
}

test('chartPayload: HTML drawn by vega-embed, the Vega-Lite bundle with a fixed width, a PNG and plain text', async () => {
  const bundle = await chartPayload(spec, { elementId: 'chart-1' });
  const page = html(bundle);
  assert.match(page, /<div id="chart-1" class="seglab-chart"/);
  assert.match(page, /window\.vegaEmbed\(el, spec, options\)/);
  assert.equal(countOf(page, RUNTIME_MARK), 0, 'no runtime unless asked');
  // The compiled Vega spec is inlined (the page has no vega-lite), with "<" escaped.
  assert.match(page, /"\$schema":"https:\/\/vega\.github\.io\/schema\/vega\/v\d/);
  assert.ok(page.includes('Sizes \\u003cb\\u003e'), 'title escaped inside the script');
  assert.ok(!page.includes('Sizes <b>'));
  // The description is escaped in attributes.
  assert.ok(page.includes('aria-label="Bar chart of &quot;sizes&quot; &amp; more"'));

  const vl = bundle[VEGALITE_MIME] as Record<string, unknown>;
  assert.equal(vl.width, 720, 'width "container" becomes the export width');
  assert.deepEqual(vl.encoding, spec.encoding);
  assert.equal(spec.width, 'container', 'input spec not modified');

  const png = Buffer.from(bundle['image/png'] as string, 'base64');
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.ok(page.includes(`src="data:image/png;base64,${bundle['image/png'] as string}"`), 'PNG shown until the chart draws');
  assert.equal(bundle['text/plain'], '[chart] Sizes <b>');
});

test('chartPayload: runtime on request, inlined once; png and width options', async () => {
  const bundle = await chartPayload(spec, { includeRuntime: true, png: false, width: 400, elementId: 'c' });
  const page = html(bundle);
  assert.equal(countOf(page, RUNTIME_MARK), runtimeScripts().length);
  assert.ok(page.indexOf(RUNTIME_MARK) < page.indexOf('<div id="c"'), 'runtime before the chart');
  assert.equal(bundle['image/png'], undefined);
  assert.ok(page.includes('max-width:400px"></div>'), 'no fallback image in the chart element');
  assert.equal((bundle[VEGALITE_MIME] as Record<string, unknown>).width, 400);
});

test('chartPayload: an invalid spec is a SeglabError, not a broken chart', async () => {
  await assert.rejects(chartPayload({ title: 'Bad', mark: 'no-such-mark', data: { values: [] } }, { png: false }), (e: unknown) => e instanceof SeglabError);
});

test('tablePayload: first rows of a Danfo frame, escaped, numbers formatted and right-aligned, missing as a dash', () => {
  const frame = new dfd.DataFrame({
    customer_id: ['C1', 'C2<script>', 'C3'],
    income: [41234.56, null, 0.853],
    region: ['West & "North"', null, 'East'],
  });
  const bundle = tablePayload(frame, { maxRows: 2, caption: 'Customers' });
  const page = html(bundle);
  assert.match(page, /^<div class="seglab-table-wrap tex2jax_ignore mathjax_ignore">\n<table class="seglab-table"/);
  assert.ok(page.includes('Customers (first 2 of 3 rows × 3 columns)'));
  assert.ok(page.includes('C2&lt;script&gt;'));
  assert.ok(!page.includes('<script>'));
  assert.ok(page.includes('West &amp; &quot;North&quot;'));
  assert.ok(page.includes('<td style="text-align:right">41,235</td>'));
  assert.ok(page.includes('<th scope="col" style="text-align:right">income</th>'));
  assert.equal(countOf(page, '<tr>'), 3, 'header + 2 rows');
  assert.ok(!page.includes('C3'));
  assert.equal((bundle['text/plain'] as string).split('\n')[3], 'C2<script>\t—\t—');
});

test('tablePayload: row objects, column choice and order, percentages; unknown columns are a clear error', () => {
  const rows = Object.freeze([Object.freeze({ group: 'F', share: 0.1234, n: 3 }), Object.freeze({ group: 'M', share: 0.5, n: 4, extra: true })]);
  const page = html(tablePayload(rows, { columns: ['share', 'group'], percent: ['share'] }));
  assert.ok(page.includes('2 rows × 2 columns'));
  assert.ok(page.indexOf('>share<') < page.indexOf('>group<'));
  assert.ok(page.includes('>12.3%<') && page.includes('>50.0%<'));
  assert.ok(!page.includes('extra'));
  const all = html(tablePayload(rows));
  assert.ok(all.includes('>extra<') && all.includes('>true<'), 'keys of every row, in order of first appearance');
  assert.throws(
    () => tablePayload(rows, { columns: ['group', 'shares'] }),
    (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.notebookUnknownColumns(['shares'], ['group', 'share', 'n', 'extra'])),
  );
});

test('showChart: the runtime goes with the first chart of a page only; element ids are unique', async () => {
  const sent: MimeBundle[] = [];
  const sink = (bundle: MimeBundle): void => {
    sent.push(bundle);
  };
  await showChart(spec, { sink, png: false, mode: 'html' });
  await showChart(spec, { sink, png: false, mode: 'html' });
  await showChart(spec, { sink, png: false, mode: 'html', runtime: 'always' });
  await showChart(spec, { sink, png: false, mode: 'html', runtime: 'never' });
  assert.deepEqual(
    sent.map((b) => countOf(html(b), RUNTIME_MARK) > 0),
    [true, false, true, false],
  );
  const ids = sent.map((b) => /<div id="([^"]+)"/.exec(html(b))?.[1]);
  assert.equal(new Set(ids).size, 4, `ids ${ids.join(', ')}`);

  // Another page (sink) starts without the runtime again.
  const other: MimeBundle[] = [];
  await showChart(spec, { sink: (b) => other.push(b), png: false, mode: 'html', runtime: 'auto' });
  assert.ok(html(other[0]).includes(RUNTIME_MARK));
});

test('showChart and showTable outside a tslab kernel say how to get one', async () => {
  await assert.rejects(showChart(spec), (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.notebookNoKernel('showChart')));
  assert.throws(() => showTable([{ a: 1 }]), (e: unknown) => e instanceof SeglabError && e.message.endsWith(msg.notebookNoKernel('showTable')));
  const sent: MimeBundle[] = [];
  showTable([{ a: 1 }], { sink: (b) => sent.push(b) });
  assert.deepEqual(sent, [tablePayload([{ a: 1 }])]);
});

test('showChart by default sends the Vega-Lite spec and plain text only (no HTML, no runtime, no PNG), every time', async () => {
  const sent: MimeBundle[] = [];
  await showChart(spec, { sink: (b) => sent.push(b) });
  await showChart(spec, { sink: (b) => sent.push(b) });
  for (const b of sent) {
    assert.deepEqual(Object.keys(b).sort(), ['text/plain', VEGALITE_MIME].sort());
    assert.equal((b[VEGALITE_MIME] as { width?: unknown }).width, 720, 'width "container" fixed for the renderer');
  }
  assert.ok(JSON.stringify(sent).length < 4000, `a chart bundle of ${JSON.stringify(sent).length} bytes`);
  await assert.rejects(chartMimeBundle({ title: 'Bad', mark: 'no-such-mark', data: { values: [] } }), (e: unknown) => e instanceof SeglabError);
});

test('table cells keep "$0 - $100" as text for MathJax (tex2jax_ignore / mathjax_ignore around the table)', () => {
  const page = html(tablePayload([{ band: '$0 - $100', n: 3 }]));
  assert.match(page, /^<div class="seglab-table-wrap tex2jax_ignore mathjax_ignore">[\s\S]*\$0 - \$100[\s\S]*<\/div>$/);
});

test('withHtmlCharts adds vega-embed HTML to a copy for the HTML export: runtime once, the notebook unchanged', async () => {
  const output = { output_type: 'display_data' as const, data: { [VEGALITE_MIME]: spec, 'text/plain': '[chart] x' }, metadata: {} };
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: 'code', id: 'a', metadata: {}, source: '', execution_count: 1, outputs: [output, { ...output }] },
      { cell_type: 'code', id: 'b', metadata: {}, source: '', execution_count: 2, outputs: [{ output_type: 'stream', name: 'stdout', text: 'hi' }] },
    ],
  } as unknown as Ipynb;
  const before = JSON.stringify(nb);
  const copy = await withHtmlCharts(nb);
  assert.equal(JSON.stringify(nb), before, 'the notebook itself is not changed');
  const pages = (copy.cells[0].outputs ?? []).map((o) => String(o.data?.['text/html'] ?? ''));
  assert.deepEqual(pages.map((p) => countOf(p, RUNTIME_MARK) > 0), [true, false]);
  assert.ok(pages.every((p) => p.includes('class="seglab-chart"') && !p.includes('data:image/png')));
});
