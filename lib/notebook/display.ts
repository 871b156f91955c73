/**
 * Rich output for notebooks on the tslab TypeScript kernel: inline Vega-Lite charts and HTML tables.
 *
 *   spec --chartMimeBundle--> { application/vnd.vegalite.v5+json, text/plain } --showChart--> kernel
 *   frame --tablePayload--> { text/html, text/plain } --showTable--> kernel
 *   executed notebook --withHtmlCharts (lib/notebook/export.ts)--> HTML export drawn offline
 *
 * A chart is sent as its Vega-Lite spec only (and a line of plain text). JupyterLab (and Notebook 7,
 * VS Code) draw it with their own Vega renderer: it stays interactive after a page reload and in the
 * saved notebook, which carries no script runtime and no PNG (JupyterLab itself may add one PNG
 * per chart when it saves). There is no `text/html` in the bundle on purpose: JupyterLab ranks HTML
 * above its Vega renderer and would otherwise show the HTML. Front ends without a Vega renderer
 * (the classic Notebook 6 and nbconvert's HTML export) get the chart drawn by vega-embed:
 * `jupyter/nbextensions/seglab-vega` for the classic Notebook, and `withHtmlCharts`, which adds
 * `chartPayload`'s HTML (runtime once, with the first chart) to a copy of the notebook before the
 * HTML export. `showChart(spec, { mode: "html" })` still sends that HTML from the kernel.
 *
 * Table cells are wrapped so that JupyterLab's and the classic Notebook's MathJax leave "$0 - $100"
 * as text (class tex2jax_ignore / mathjax_ignore).
 */
import { createHash } from 'node:crypto';
import { SeglabError, msg } from '../errors/messages';
import { chartToSvg, svgToPng, withFixedWidth, EXPORT_WIDTH } from '../report/export';
import { escapeHtml, formatNumber, formatPercent, jsonForScript } from '../report/format';
import type { VegaLiteSpec } from '../report/types';
import { compileToVega, runtimeScriptTags } from '../report/vega-runtime';

/** A Jupyter MIME bundle: MIME type -> content (binary content as base64 text, JSON types as objects). */
export type MimeBundle = Record<string, string | Record<string, unknown>>;

/** Where bundles go: the tslab kernel by default, any function in tests. */
export type DisplaySink = (bundle: MimeBundle) => void;

/** MIME type of a Vega-Lite spec (JupyterLab's and VS Code's renderers read it). */
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

export interface ChartPayloadOptions {
  /** Put the vega + vega-embed runtime (~580 kB of script) in front of the chart. Default false. */
  includeRuntime?: boolean;
  /** Add a static PNG: `image/png`, and inside the HTML until vega-embed draws. Default true. */
  png?: boolean;
  /** PNG pixels per CSS pixel. Default 1 (keeps notebooks small; the live chart is vector). */
  pngScale?: number;
  /** Width in CSS px of the PNG and of the Vega-Lite bundle when the spec says width "container". Default 720. */
  width?: number;
  /** HTML id of the chart's element, unique on the page. Default: "seglab-chart-" + a hash of the spec. */
  elementId?: string;
}

/** Options of `showChart`. */
export interface ShowChartOptions extends Omit<ChartPayloadOptions, 'includeRuntime' | 'elementId'> {
  /**
   * "mime" (default): the Vega-Lite spec only, drawn by the front end's own Vega renderer (JupyterLab,
   * Notebook 7, VS Code; the classic Notebook with jupyter/nbextensions/seglab-vega). "html": the
   * vega-embed HTML of chartPayload, with the runtime on the first chart (front ends without a renderer).
   */
  mode?: 'mime' | 'html';
  /** "auto" (default): include the runtime on the first chart sent to this sink; "always"; "never". */
  runtime?: 'auto' | 'always' | 'never';
  /** Where to send the bundle. Default: the tslab kernel this code runs in. */
  sink?: DisplaySink;
}

/** A Danfo DataFrame, seen structurally (danfojs-node's `DataFrame` fits). */
export interface FrameLike {
  readonly columns: readonly string[];
  readonly shape: readonly number[];
  readonly values: unknown;
}

/** What `showTable` accepts: a Danfo DataFrame or an array of plain row objects. */
export type TableInput = FrameLike | readonly Readonly<Record<string, unknown>>[];

export interface TableOptions {
  /** Rows shown (the first ones). Default 10. */
  maxRows?: number;
  /** Columns shown, in this order. Default: all (for row objects, keys in order of first appearance). */
  columns?: readonly string[];
  /** Columns holding shares in [0, 1], shown as percentages (0.123 -> "12.3%"). Default none. */
  percent?: readonly string[];
  /** Caption above the table. The row/column count is always added. */
  caption?: string;
}

/** Options of `showTable`. */
export interface ShowTableOptions extends TableOptions {
  /** Where to send the bundle. Default: the tslab kernel this code runs in. */
  sink?: DisplaySink;
}

/** Short, stable hex digest of any JSON value (used for element ids). */
function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * The script that draws one chart. It waits briefly for `window.vegaEmbed` (the runtime may sit in
 * an earlier output that the front end renders a moment later) and leaves the PNG in place, with a
 * note, when the runtime never comes (e.g. its output was cleared: rerun with runtime "always").
 */
function drawScript(elementId: string, vgSpec: unknown): string {
  return `(function () {
  var el = document.getElementById(${jsonForScript(elementId)});
  if (!el) return;
  var spec = ${jsonForScript(vgSpec)};
  var options = { mode: 'vega', renderer: 'svg', ast: true, actions: { export: true, source: false, compiled: false, editor: false } };
  var tries = 0;
  function draw() {
    if (typeof window.vegaEmbed === 'function') {
      window.vegaEmbed(el, spec, options).catch(function (error) {
        el.insertAdjacentText('beforeend', 'The interactive chart failed to draw: ' + error);
      });
    } else if (++tries < 50) {
      setTimeout(draw, 100);
    } else {
      el.setAttribute('title', 'The chart runtime is not on this page; showing the static image. Rerun with showChart(spec, { runtime: "always" }).');
    }
  }
  draw();
})();`;
}

/**
 * Build the MIME bundle of an inline chart (no kernel needed). Compiles Vega-Lite to Vega in Node,
 * so the page needs only the vega and vega-embed bundles. Throws a SeglabError on an invalid spec.
 * @example const bundle = await chartPayload(segmentSizesChart(run.profiles), { includeRuntime: true });
 */
export async function chartPayload(spec: VegaLiteSpec, options: ChartPayloadOptions = {}): Promise<MimeBundle> {
  const width = options.width ?? EXPORT_WIDTH;
  const fixed = withFixedWidth(spec, width);
  const elementId = options.elementId ?? `seglab-chart-${digest(spec)}`;
  const title = typeof spec.title === 'string' ? spec.title : 'Chart';
  const description = typeof spec.description === 'string' ? spec.description : title;
  const vgSpec = await compileToVega(spec);
  const png = options.png === false ? null : base64(svgToPng(await chartToSvg(fixed), { scale: options.pngScale ?? 1 }));

  const fallback = png
    ? `<img alt="${escapeHtml(description)}" src="data:image/png;base64,${png}" style="max-width:100%;height:auto">`
    : '';
  const html = [
    options.includeRuntime ? runtimeScriptTags() : '',
    `<div id="${escapeHtml(elementId)}" class="seglab-chart" role="figure" aria-label="${escapeHtml(description)}" style="width:100%;max-width:${width}px">${fallback}</div>`,
    `<script>${drawScript(elementId, vgSpec)}</script>`,
  ].join('\n');

  const bundle: MimeBundle = {
    'text/html': html,
    [VEGALITE_MIME]: fixed,
    'text/plain': `[chart] ${title}`,
  };
  if (png) bundle['image/png'] = png;
  return bundle;
}

/**
 * The MIME bundle a chart is shown with: the Vega-Lite spec (fixed width when it says "container")
 * and a line of plain text. The spec is compiled once to check it: an invalid spec is a SeglabError.
 * @example const bundle = await chartMimeBundle(segmentSizesChart(profiles));
 */
export async function chartMimeBundle(spec: VegaLiteSpec, options: { width?: number } = {}): Promise<MimeBundle> {
  const fixed = withFixedWidth(spec, options.width ?? EXPORT_WIDTH);
  await compileToVega(spec);
  const title = typeof spec.title === 'string' ? spec.title : 'Chart';
  return { [VEGALITE_MIME]: fixed, 'text/plain': `[chart] ${title}` };
}

/** Text of one table cell (plain, unescaped). */
function cellText(value: unknown, asPercent: boolean): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return asPercent ? formatPercent(value) : formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '—' : value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

function isFrameLike(input: TableInput): input is FrameLike {
  return !Array.isArray(input);
}

/** Column names and the first `maxRows` rows as objects, plus the total row count. */
function tableRows(input: TableInput, maxRows: number): { columns: string[]; rows: Record<string, unknown>[]; total: number } {
  if (isFrameLike(input)) {
    const columns = [...input.columns];
    const values = Array.isArray(input.values) ? (input.values as unknown[]) : [];
    // A one-column frame may hold a flat array of values rather than rows.
    const asRows = values.slice(0, maxRows).map((row) => (Array.isArray(row) ? row : [row]));
    return {
      columns,
      rows: asRows.map((row) => Object.fromEntries(columns.map((c, j) => [c, row[j]]))),
      total: input.shape[0] ?? values.length,
    };
  }
  const rowsIn = input as readonly Readonly<Record<string, unknown>>[];
  const seen = new Set<string>();
  for (const row of rowsIn) for (const key of Object.keys(row)) seen.add(key);
  return { columns: [...seen], rows: rowsIn.slice(0, maxRows).map((r) => ({ ...r })), total: rowsIn.length };
}

/**
 * Build the MIME bundle of a table (no kernel needed): an HTML table of the first rows, every value
 * escaped, numbers right-aligned with thousands separators, missing values as "—"; plus a
 * tab-separated `text/plain` version. Throws a SeglabError when `columns` names an unknown column.
 * @example tablePayload(cleaned.customers.frame, { maxRows: 5 })
 */
export function tablePayload(input: TableInput, options: TableOptions = {}): MimeBundle {
  const maxRows = Math.max(0, Math.floor(options.maxRows ?? 10));
  const { columns: all, rows, total } = tableRows(input, maxRows);
  const columns = options.columns ? [...options.columns] : all;
  const unknown = columns.filter((c) => !all.includes(c));
  if (unknown.length) throw new SeglabError('notebook', msg.notebookUnknownColumns(unknown, all));
  const percent = new Set(options.percent ?? []);
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === 'number') && rows.every((r) => r[c] == null || typeof r[c] === 'number'));
  const cells = rows.map((r) => columns.map((c) => cellText(r[c], percent.has(c))));

  const count = `${rows.length < total ? `first ${formatNumber(rows.length)} of ` : ''}${formatNumber(total)} row${total === 1 ? '' : 's'} × ${formatNumber(columns.length)} column${columns.length === 1 ? '' : 's'}`;
  const caption = options.caption ? `${options.caption} (${count})` : count;
  const align = (j: number): string => (numeric[j] ? ' style="text-align:right"' : ' style="text-align:left"');
  const html = [
    // tex2jax_ignore / mathjax_ignore: MathJax in JupyterLab and the classic Notebook would read "$0 - $100" as math.
    '<div class="seglab-table-wrap tex2jax_ignore mathjax_ignore">',
    '<table class="seglab-table" style="font-variant-numeric:tabular-nums">',
    `<caption style="caption-side:top;text-align:left">${escapeHtml(caption)}</caption>`,
    `<thead><tr>${columns.map((c, j) => `<th scope="col"${align(j)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${cells.map((row) => `<tr>${row.map((v, j) => `<td${align(j)}>${escapeHtml(v)}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
    '</div>',
  ].join('\n');
  const text = [caption, columns.join('\t'), ...cells.map((row) => row.join('\t'))].join('\n');
  return { 'text/html': html, 'text/plain': text };
}

// ---- sending ----------------------------------------------------------------------------------

/** The part of tslab's kernel module (tslab/dist/jupyter.js) used here. */
interface TslabJupyterModule {
  lastWriteDisplayData: ((data: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void) | null;
}

/**
 * The tslab kernel this code runs in, found among the loaded modules rather than required: outside
 * a kernel nothing is loaded (tslab pulls in a whole TypeScript compiler), and a kernel started
 * from another tslab install is found too. tslab's public `display` sends one MIME type per
 * message; the kernel module's writer sends a whole bundle, so front ends can choose.
 */
function tslabKernel(): TslabJupyterModule | null {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file) || !mod) continue;
    const kernel = mod.exports as Partial<TslabJupyterModule>;
    if (typeof kernel.lastWriteDisplayData === 'function') return kernel as TslabJupyterModule;
  }
  return null;
}

/**
 * Page state per sink: whether the runtime was sent, and a chart counter for unique element ids.
 * This is module state on purpose: it mirrors the state of the page the kernel writes to (the
 * runtime, once loaded, stays in the page for every later chart), which lives exactly as long as
 * the kernel process. Keyed by sink (for the kernel, by tslab's kernel module), so each test's own
 * sink starts afresh and nothing else is shared.
 */
const pages = new WeakMap<object, { runtimeSent: boolean; charts: number }>();

function pageOf(key: object): { runtimeSent: boolean; charts: number } {
  let page = pages.get(key);
  if (!page) {
    page = { runtimeSent: false, charts: 0 };
    pages.set(key, page);
  }
  return page;
}

function resolveSink(sink: DisplaySink | undefined, what: string): { send: DisplaySink; key: object } {
  if (sink) return { send: sink, key: sink };
  const kernel = tslabKernel();
  if (!kernel) throw new SeglabError('notebook', msg.notebookNoKernel(what));
  return {
    key: kernel,
    send: (bundle) => {
      const write = kernel.lastWriteDisplayData;
      if (!write) throw new SeglabError('notebook', msg.notebookNoKernel(what));
      write({ data: bundle, metadata: {}, transient: {} }, false);
    },
  };
}

/**
 * Show a Vega-Lite chart inline in a tslab notebook (await it: the spec is checked by compiling it).
 * By default only the spec is sent, for the front end's own Vega renderer; with mode "html" the
 * first chart of the kernel also carries the vega runtime and later ones reuse it.
 * @example await showChart(segmentMapChart(run.map, run.profiles));
 */
export async function showChart(spec: VegaLiteSpec, options: ShowChartOptions = {}): Promise<void> {
  const { send, key } = resolveSink(options.sink, 'showChart');
  if ((options.mode ?? 'mime') === 'mime') {
    send(await chartMimeBundle(spec, { width: options.width }));
    return;
  }
  const page = pageOf(key);
  const mode = options.runtime ?? 'auto';
  const includeRuntime = mode === 'always' || (mode === 'auto' && !page.runtimeSent);
  page.charts += 1;
  const bundle = await chartPayload(spec, { ...options, includeRuntime, elementId: `seglab-chart-${digest(spec)}-${page.charts}` });
  send(bundle);
  if (includeRuntime) page.runtimeSent = true;
}

/**
 * Show the first rows of a Danfo DataFrame or of an array of row objects as an HTML table.
 * @example showTable(cleaned.customers.frame, { maxRows: 5 });
 */
export function showTable(input: TableInput, options: ShowTableOptions = {}): void {
  const { send } = resolveSink(options.sink, 'showTable');
  send(tablePayload(input, options));
}
