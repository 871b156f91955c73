import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SeglabError, msg } from '../../lib/errors/messages';
import { buildReportDocument } from '../../lib/report/build';
import { renderReport } from '../../lib/report/html';
import type { RenderedReport, ReportDocument } from '../../lib/report/types';
import { fixtureRun, XSS_ATTR, XSS_IMG, XSS_SCRIPT } from './fixture';

/** A chart's still image: the only <img> the page may hold. */
const STILL = /<img class="chart-still" alt="[^"<>]*" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+">/g;

let hostile: Promise<{ doc: ReportDocument; rendered: RenderedReport }> | undefined;
function hostileReport(): Promise<{ doc: ReportDocument; rendered: RenderedReport }> {
  hostile ??= (async () => {
    const { run, manifest } = fixtureRun({ hostile: true });
    const doc = buildReportDocument(run, manifest);
    return { doc, rendered: await renderReport(doc) };
  })();
  return hostile;
}

/** The inline scripts of the page: [attributes, body]. */
function scripts(html: string): [string, string][] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => [m[1], m[2]]);
}

/** The page without the inlined runtime bundles (their source legitimately contains "<img" etc.). */
function markupOnly(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
}

test('no XSS string survives as markup anywhere in the page', async () => {
  const { html } = (await hostileReport()).rendered;
  const markup = markupOnly(html);
  // The only images are the charts' still pictures (SVG as base64 data, which cannot run scripts inside <img>).
  const stills = markup.match(STILL) ?? [];
  assert.ok(stills.length > 0, 'charts carry still images for readers without JavaScript');
  const rest = markup.replace(STILL, '');
  for (const raw of [XSS_IMG, XSS_SCRIPT, XSS_ATTR, '<img', '<svg', '<script>alert']) assert.ok(!rest.includes(raw), `raw ${raw}`);
  for (const [, body] of scripts(html).filter(([attrs]) => attrs.includes('json'))) assert.doesNotMatch(body, /[<>&]/);
  assert.ok(markup.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the feature name shows as text');
  assert.ok(markup.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), 'the segment label shows as text');
  assert.ok(markup.includes('&quot;&#39;&gt;&lt;svg onload=alert(1)&gt;'), 'the group value shows as text');
});

test('every <script> closes where it should and the JSON specs parse back to the data', async () => {
  const { html, charts } = (await hostileReport()).rendered;
  const all = scripts(html);
  assert.equal((html.match(/<script\b/gi) ?? []).length, all.length);
  assert.equal((html.match(/<\/script/gi) ?? []).length, all.length, 'no stray </script');
  const json = all.filter(([attrs]) => attrs.includes('application/json'));
  assert.equal(json.length, charts.length);
  const specs = json.map(([, body]) => JSON.stringify(JSON.parse(body)));
  assert.ok(specs.some((s) => s.includes(JSON.stringify(XSS_SCRIPT).slice(1, -1))), 'segment label inside a spec');
  assert.ok(specs.some((s) => s.includes(JSON.stringify(XSS_IMG).slice(1, -1))), 'feature name inside a spec');
  assert.equal(all.filter(([attrs]) => attrs.trim() === '').length, 3, 'vega, vega-embed and the bootstrap');
});

test('a Content-Security-Policy allows no network and runs exactly the inline scripts', async () => {
  const { html } = (await hostileReport()).rendered;
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, 'CSP meta tag');
  const policy = csp.replace(/&#39;/g, "'");
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /img-src data:(;|$)/);
  assert.doesNotMatch(policy, /https?:|'unsafe-eval'|\*/);
  const hashes = [...policy.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]).sort();
  const executable = scripts(html).filter(([attrs]) => attrs.trim() === '');
  const actual = executable.map(([, body]) => createHash('sha256').update(body, 'utf8').digest('base64')).sort();
  assert.deepEqual(hashes, actual);
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'CSP comes before any script');
});

test('nothing is fetched from the network: no src/href to http(s) or protocol-relative URLs', async () => {
  const { html } = (await hostileReport()).rendered;
  const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
  const tags = markup.match(/<[a-z][^>]*>/gi) ?? [];
  // Attributes are read whole (a quoted value is consumed with its attribute), so escaped text such as
  // aria-label="&lt;img src=x ..." is not mistaken for a src attribute.
  const attributes = (tag: string) => [...tag.matchAll(/\s([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)].map((m) => ({ name: m[1].toLowerCase(), value: m[2] ?? m[3] ?? m[4] }));
  const refs = tags.flatMap((tag) => attributes(tag).filter((a) => ['src', 'href', 'action', 'poster', 'srcset', 'data'].includes(a.name)).map((a) => a.value));
  assert.ok(refs.length > 0, 'the page has in-page links');
  for (const ref of refs) assert.match(ref, /^(#|data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$)/, `only in-page links and embedded chart images, found ${ref.slice(0, 80)}`);
  assert.doesNotMatch(markup, /url\(\s*['"]?(https?:)?\/\//i, 'no CSS url() to the network');
  assert.doesNotMatch(markup, /@import/i);
  for (const [attrs, body] of scripts(html)) if (attrs.includes('json')) assert.doesNotMatch(body, /https?:\/\//, 'specs carry no URLs ($schema removed)');
});

test('structure: every section, a table of contents, figure captions, accessible charts', async () => {
  const { doc, rendered } = await hostileReport();
  const { html } = rendered;
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(html, /@media print/);
  assert.match(html, /@media \(max-width: 600px\)/);
  assert.match(html, /<section id="summary"/);
  for (const s of doc.sections) {
    assert.match(html, new RegExp(`<section id="section-${s.id}"`), s.id);
    assert.match(html, new RegExp(`<a href="#section-${s.id}">`), `toc link to ${s.id}`);
  }
  const chartIds = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.id] : [])));
  assert.deepEqual(rendered.charts.map((c) => c.id), chartIds);
  for (const id of chartIds) {
    assert.match(html, new RegExp(`<figure class="chart" id="chart-${id}">\\n<figcaption><h3>`), id);
    // The description is for screen readers (aria-describedby), not a visible paragraph; the still image is the no-JavaScript fallback.
    assert.match(html, new RegExp(`<p class="visually-hidden" id="desc-${id}">[^<]{40,}</p>`), id);
    assert.match(html, new RegExp(`<div class="chart-view" data-chart="${id}" role="img" aria-label="[^"]+" aria-describedby="desc-${id}"><img class="chart-still" alt="[^"]+" src="data:image/svg\\+xml;base64,[A-Za-z0-9+/=]+"></div>`), id);
    assert.doesNotMatch(html, /charts\/[a-z0-9-]+\.(svg|png)/, 'no reference to a charts/ folder that may not travel with the file');
  }
});

test('tables: numbers formatted, shares as percentages, suppressed cells spelled out', async () => {
  const { html } = (await hostileReport()).rendered;
  assert.match(html, /<td class="num">1,032<\/td>/, 'thousands separator');
  assert.match(html, /<td class="num">96\.9%<\/td>/, 'kept share as a percentage');
  assert.match(html, /<td class="num">0\.694<\/td>/, 'ratio with 3 significant digits');
  assert.match(html, /<td class="num suppressed">suppressed \(k-anonymity\)<\/td>/);
  assert.match(html, /<td>—<\/td>|<td class="num">—<\/td>/, 'null as an em dash');
});

test('chart ids must be file-name-safe and unique', async () => {
  const chart = { kind: 'chart' as const, title: 't', description: 'd', spec: { data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } } };
  const doc = (ids: string[]): ReportDocument => ({ title: 't', subtitle: 's', summary: [], sections: [{ id: 's', title: 'S', blocks: ids.map((id) => ({ ...chart, id })) }] });
  await assert.rejects(() => renderReport(doc(['../evil'])), (e: unknown) => e instanceof SeglabError && e.message === `report: ${msg.reportChartIdInvalid('../evil')}`);
  await assert.rejects(() => renderReport(doc(['a', 'a'])), (e: unknown) => e instanceof SeglabError && e.message === `report: ${msg.reportChartIdDuplicate('a')}`);
});

test('a document without charts inlines no runtime', async () => {
  const { html, charts } = await renderReport({ title: 'T', subtitle: 'S', summary: ['one'], sections: [{ id: 'x', title: 'X', blocks: [{ kind: 'paragraph', text: 'hello <b>' }] }] });
  assert.equal(charts.length, 0);
  assert.ok(html.length < 30_000, `${html.length} characters`);
  assert.match(html, /<p>hello &lt;b&gt;<\/p>/);
  assert.match(html, /script-src &#39;none&#39;/);
  assert.doesNotMatch(html, /<script/);
});
