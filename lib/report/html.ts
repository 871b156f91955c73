/**
 * The HTML renderer: a ReportDocument becomes one self-contained, offline HTML file.
 *
 *   ReportDocument --escape + format--> markup
 *                  --compileToVega-->   Vega specs, embedded as JSON (<script type="application/json">)
 *                  --chartToSvg/svgToPng--> exported charts (RenderedChart; the PNGs in a worker thread, png-export.ts)
 *   + vega/vega-embed runtime inlined once + a bootstrap that draws every chart with vegaEmbed.
 *
 * Safety: every string from the document is escaped; embedded JSON cannot close its element; a
 * Content-Security-Policy allows no network at all and runs only the inline scripts whose sha256
 * hashes it lists (so markup injected despite the escaping could not run a script either).
 *
 * Table numbers (see format.ts): integers and values >= 1,000 with thousands separators
 * ("12,345"), other numbers with 3 significant digits ("0.853"), columns whose key or label says
 * "share", "percent", "pct", "proportion" or "%" as percentages with one decimal ("12.3%").
 */
import { createHash } from 'node:crypto';
import { SeglabError, msg } from '../errors/messages';
import { chartToSvg, vegaToSvg } from './export';
import { pngExporter, type PngExporter } from './png-export';
import { escapeHtml, formatCell, isFileSafeId, jsonForScript } from './format';
import { REPORT_CSS } from './styles';
import type {
  CalloutBlock,
  CardsBlock,
  ChartBlock,
  KeyValueBlock,
  RenderedChart,
  RenderedReport,
  ReportBlock,
  ReportDocument,
  TableBlock,
} from './types';
import { compileToVega, runtimeScripts, type VegaSpec } from './vega-runtime';

export { escapeHtml, jsonForScript } from './format';

/** Draws every `[data-chart]` element from its JSON spec; shows a plain message when one fails. */
const BOOTSTRAP = `(function () {
  'use strict';
  var options = { mode: 'vega', renderer: 'svg', actions: false, ast: true, tooltip: { theme: 'light' } };
  function fail(el, error, still) {
    el.classList.add('chart-failed');
    el.textContent = 'This chart could not be drawn interactively (' + ((error && error.message) || error) + '); the picture below is the same chart.';
    if (still) el.parentNode.insertBefore(still, el.nextSibling);
    console.error(error);
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (el) {
    // The still image inside the chart is for readers without JavaScript; the live chart replaces it.
    var still = el.querySelector('img.chart-still');
    if (still) still.parentNode.removeChild(still);
    try {
      if (typeof window.vegaEmbed !== 'function') throw new Error('the chart library did not load');
      var spec = JSON.parse(document.getElementById('spec-' + el.getAttribute('data-chart')).textContent);
      window.vegaEmbed(el, spec, options).catch(function (error) { fail(el, error, still); });
    } catch (error) {
      fail(el, error, still);
    }
  });
})();`;

const CALLOUT_LABEL: Record<CalloutBlock['level'], string> = { info: 'Note', warn: 'Review', fail: 'Problem' };

function sha256Source(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy: nothing from the network; only the listed inline scripts run. */
export function contentSecurityPolicy(scripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.length ? scripts.map(sha256Source).join(' ') : "'none'"}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function anchor(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function renderTable(table: TableBlock): string {
  const numeric = (key: string): boolean => table.rows.some((r) => typeof r[key] === 'number') && table.rows.every((r) => r[key] === null || typeof r[key] === 'number');
  const align = table.columns.map((c) => c.align ?? (numeric(c.key) ? 'right' : 'left'));
  const head = table.columns
    .map((c, i) => `<th scope="col"${align[i] === 'right' ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`)
    .join('');
  const body = table.rows
    .map((row) => {
      const cells = table.columns.map((c, i) => {
        const value = row[c.key] ?? null;
        const classes = [
          align[i] === 'right' ? 'num' : '',
          typeof value === 'string' && value.startsWith('suppressed') ? 'suppressed' : '',
          typeof value === 'string' && /\S{32}/.test(value) ? 'token' : '', // hashes, long paths: break anywhere
          typeof value === 'string' && value.length <= 16 ? 'short' : '', // "Segment 1", "within band": keep on one line
        ]
          .filter(Boolean)
          .join(' ');
        return `<td${classes ? ` class="${classes}"` : ''}>${escapeHtml(formatCell(value, c.key, c.label))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = escapeHtml(table.caption);
  // Five columns or more need room: on a phone they scroll sideways instead of wrapping every word.
  return `<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table${table.columns.length >= 5 ? ' class="wide"' : ''}>
<caption>${caption}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

function renderKeyValue(block: KeyValueBlock): string {
  const items = block.items.map((i) => `<div><dt>${escapeHtml(i.label)}</dt><dd>${escapeHtml(i.value)}</dd></div>`).join('');
  return `<dl class="kv">${items}</dl>`;
}

function renderCards(block: CardsBlock): string {
  const traits = (items: readonly string[], cls: string, label: string): string =>
    items.length ? `<ul class="traits ${cls}" aria-label="${label}">${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>` : '';
  const cards = block.cards.map(
    (c) => `<article class="card${c.muted ? ' card-muted' : ''}">
<h3>${escapeHtml(c.title)}</h3>
<p class="card-sub">${escapeHtml(c.subtitle)}</p>
${c.facts.length ? `<dl class="card-facts">${c.facts.map((f) => `<div><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`).join('')}</dl>` : ''}
<p>${escapeHtml(c.text)}</p>
${traits(c.above, 'up', 'Above the other customers')}${traits(c.below, 'down', 'Below the other customers')}
</article>`,
  );
  return `<div class="cards">\n${cards.join('\n')}\n</div>`;
}

function renderCallout(block: CalloutBlock): string {
  return `<p class="callout callout-${block.level}" role="note"><strong>${CALLOUT_LABEL[block.level]}:</strong> ${escapeHtml(block.text)}</p>`;
}

function renderChart(block: ChartBlock, vgSpec: VegaSpec, still: Omit<RenderedChart, 'png'> | undefined): string {
  const title = escapeHtml(block.title);
  const description = escapeHtml(block.description);
  // The description is for screen readers (aria-describedby), not printed above every chart.
  // Without JavaScript (or when the file is mailed alone) the chart shows as an image embedded in the file.
  const image = still ? `<img class="chart-still" alt="${title}" src="data:image/svg+xml;base64,${Buffer.from(still.svg, 'utf8').toString('base64')}">` : '';
  return `<figure class="chart" id="chart-${block.id}">
<figcaption><h3>${title}</h3><p class="visually-hidden" id="desc-${block.id}">${description}</p></figcaption>
<div class="chart-view" data-chart="${block.id}" role="img" aria-label="${title}" aria-describedby="desc-${block.id}">${image}</div>
<script type="application/json" id="spec-${block.id}">${jsonForScript(vgSpec)}</script>
</figure>`;
}

function renderBlock(block: ReportBlock, specs: ReadonlyMap<string, VegaSpec>, stills: ReadonlyMap<string, Omit<RenderedChart, 'png'>> = new Map()): string {
  switch (block.kind) {
    case 'chart':
      return renderChart(block, specs.get(block.id) as VegaSpec, stills.get(block.id));
    case 'table':
      return renderTable(block);
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'callout':
      return renderCallout(block);
    case 'keyvalue':
      return renderKeyValue(block);
    case 'heading':
      return `<h3 class="sub">${escapeHtml(block.text)}</h3>`;
    case 'cards':
      return renderCards(block);
    case 'list':
      return `<ul class="list">${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    default: {
      const unhandled: never = block;
      throw new Error(`unhandled report block ${JSON.stringify(unhandled)}`);
    }
  }
}

function chartBlocks(doc: ReportDocument): ChartBlock[] {
  const charts = doc.sections.flatMap((s) => s.blocks.filter((b): b is ChartBlock => b.kind === 'chart'));
  const seen = new Set<string>();
  for (const c of charts) {
    if (!isFileSafeId(c.id)) throw new SeglabError('report', msg.reportChartIdInvalid(c.id));
    if (seen.has(c.id)) throw new SeglabError('report', msg.reportChartIdDuplicate(c.id));
    seen.add(c.id);
  }
  return charts;
}

/** The spec as embedded in the page: no title (the figure caption has it, and wraps on phones), no $schema URL. */
async function pageSpec(block: ChartBlock): Promise<VegaSpec> {
  const { title: _title, ...untitled } = block.spec;
  if (block.grammar === 'vega') return untitled;
  const { $schema: _schema, ...vgSpec } = await compileToVega(untitled);
  return vgSpec;
}

async function exportSvg(block: ChartBlock): Promise<string> {
  return block.grammar === 'vega' ? await vegaToSvg(block.spec) : await chartToSvg(block.spec);
}

/** A report whose HTML and SVGs are done while its chart PNGs may still be rasterising. */
export interface StartedReport {
  html: string;
  /** Every chart's SVG, in the report's order (the PNGs come with `finish`). */
  svgs: Omit<RenderedChart, 'png'>[];
  /** The whole rendered report, once every PNG is made; rejects with the first chart's export error. */
  finish(): Promise<RenderedReport>;
}

/**
 * Render a report document to one self-contained HTML file (about 600 kB of it is the inlined
 * vega runtime) plus an SVG and a PNG of every chart. Throws a SeglabError on a chart id that is
 * not file-name-safe or not unique, or on an invalid chart spec.
 * @example const { html, charts } = await renderReport(buildReportDocument(run, manifest));
 */
export async function renderReport(doc: ReportDocument): Promise<RenderedReport> {
  return (await startReport(doc)).finish();
}

/**
 * renderReport in two steps: resolves when the HTML and every SVG are done, while the PNGs are
 * rasterised in a worker thread (png-export.ts); `finish()` waits for them. The caller can do
 * other work in between (lib/pipeline/outputs.ts scans and builds the other files). The result
 * of `finish()` equals renderReport's.
 * @example const started = await startReport(doc); scan(started.html); const { charts } = await started.finish();
 */
export async function startReport(doc: ReportDocument, exporter: PngExporter = pngExporter()): Promise<StartedReport> {
  const pngs: Promise<Uint8Array>[] = [];
  try {
    const charts = chartBlocks(doc);
    const specs = new Map<string, VegaSpec>();
    for (const c of charts) specs.set(c.id, await pageSpec(c));
    const svgs: Omit<RenderedChart, 'png'>[] = [];
    for (const c of charts) {
      const svg = await exportSvg(c);
      svgs.push({ id: c.id, title: c.title, svg });
      const png = exporter.png(svg);
      // Awaited in finish(); until then a failed PNG is not an unhandled rejection.
      png.catch(() => undefined);
      pngs.push(png);
    }
    const html = renderHtml(doc, charts, specs, new Map(svgs.map((c) => [c.id, c])));
    return {
      html,
      svgs,
      finish: async () => {
        // The PNGs the worker has not started are made here rather than waited for.
        exporter.help();
        // In chart order: the error is the first failing chart's, as when each PNG was made in turn.
        const rendered: RenderedChart[] = [];
        for (let i = 0; i < svgs.length; i++) rendered.push({ ...svgs[i], png: await pngs[i] });
        return { html, charts: rendered };
      },
    };
  } finally {
    // (On an error, PNGs already asked for finish in the worker, unread, and the worker stops.)
    exporter.close();
  }
}

function renderHtml(doc: ReportDocument, charts: readonly ChartBlock[], specs: ReadonlyMap<string, VegaSpec>, stills: ReadonlyMap<string, Omit<RenderedChart, 'png'>>): string {
  const sectionIds = doc.sections.map((s, i) => `${anchor('section', s.id)}${doc.sections.findIndex((t) => t.id === s.id) === i ? '' : `-${i}`}`);
  const toc = [
    ...(doc.lead ? [`<li><a href="#decide">${escapeHtml(doc.lead.title)}</a></li>`] : []),
    `<li><a href="#summary">${escapeHtml(doc.summaryTitle ?? 'Executive summary')}</a></li>`,
    ...doc.sections.map((s, i) => `<li><a href="#${sectionIds[i]}">${escapeHtml(s.title)}</a></li>`),
  ].join('\n');
  const notices = (doc.notices ?? []).map(renderCallout).join('\n');
  const tiles = doc.highlights?.length
    ? `<dl class="tiles">${doc.highlights.map((h) => `<div><dt>${escapeHtml(h.label)}</dt><dd>${escapeHtml(h.value)}</dd></div>`).join('')}</dl>`
    : '';
  const summary = `<section id="summary" class="summary" aria-labelledby="summary-title">
<h2 id="summary-title">${escapeHtml(doc.summaryTitle ?? 'Executive summary')}</h2>
${tiles}
<ul>
${doc.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}
</ul>
</section>`;
  const lead = doc.lead
    ? `<section id="decide" class="decide" aria-labelledby="decide-title">
<h2 id="decide-title">${escapeHtml(doc.lead.title)}</h2>
${doc.lead.blocks.map((b) => renderBlock(b, specs, stills)).join('\n')}
</section>`
    : '';
  const sections = doc.sections
    .map((s, i) =>
      s.folded
        ? `<section id="${sectionIds[i]}" class="folded" aria-labelledby="${sectionIds[i]}-title">
<details><summary><h2 id="${sectionIds[i]}-title">${escapeHtml(s.title)}</h2><span class="fold-hint">details: click to open</span></summary>
${s.blocks.map((b) => renderBlock(b, specs, stills)).join('\n')}
</details>
</section>`
        : `<section id="${sectionIds[i]}" aria-labelledby="${sectionIds[i]}-title">
<h2 id="${sectionIds[i]}-title">${escapeHtml(s.title)}</h2>
${s.blocks.map((b) => renderBlock(b, specs, stills)).join('\n')}
</section>`,
    )
    .join('\n');

  const scripts = charts.length ? [...runtimeScripts(), BOOTSTRAP] : [];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(scripts))}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="seglab">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header class="masthead"><div class="wrap">
<p class="eyebrow">${escapeHtml(doc.eyebrow ?? 'Customer segmentation report')}</p>
<h1>${escapeHtml(doc.title)}</h1>
<p class="subtitle">${escapeHtml(doc.subtitle)}</p>
</div></header>
<div class="layout wrap">
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>
${toc}
</ol></nav>
<main id="main">
${lead}
${notices}
${summary}
${sections}
</main>
</div>
<footer>Generated by seglab. This file is self-contained: it loads nothing from the network.</footer>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
