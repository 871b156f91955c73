/**
 * The report's stylesheet: one column on phones, a sticky table of contents beside the content
 * from 1100 px, and a print layout (no contents, no shadows, figures and tables kept whole).
 */
import { FONT_STACK } from './charts';

export const REPORT_CSS = `
:root {
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f5f6f8; --card: #ffffff;
  --accent: #2f5d8a; --accent-soft: #e8eff7;
  --info: #2f5d8a; --info-bg: #eef4fb; --warn: #a16207; --warn-bg: #fef9e7; --fail: #b91c1c; --fail-bg: #fdecec;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; scroll-behavior: smooth; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: 16px; line-height: 1.55; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem 1rem; z-index: 10; }
.wrap { max-width: 1200px; margin: 0 auto; padding: 0 1.25rem; }
.masthead { background: #1f3b57; color: #fff; padding: 2.25rem 0 2rem; }
.masthead .eyebrow { margin: 0 0 .35rem; font-size: .8rem; letter-spacing: .08em; text-transform: uppercase; color: #b9cde2; font-weight: 600; }
.masthead h1 { margin: 0; font-size: clamp(1.6rem, 4vw, 2.3rem); line-height: 1.2; font-weight: 700; overflow-wrap: anywhere; }
.masthead .subtitle { margin: .5rem 0 0; color: #d6e2ee; font-size: 1rem; overflow-wrap: anywhere; }
.layout { display: block; padding-top: 1.5rem; padding-bottom: 3rem; }
.toc { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1.5rem; }
.toc h2 { font-size: .8rem; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); margin: 0 0 .5rem; }
.toc ol { margin: 0; padding-left: 1.2rem; }
.toc li { margin: .2rem 0; }
.toc a { text-decoration: none; }
.toc a:hover, .toc a:focus { text-decoration: underline; }
main { min-width: 0; }
main > section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem 1.75rem; margin-bottom: 1.5rem; }
main > section > h2 { margin: 0 0 1rem; font-size: 1.35rem; line-height: 1.3; padding-bottom: .6rem; border-bottom: 2px solid var(--accent-soft); }
p { margin: .6rem 0; overflow-wrap: break-word; }
.summary ul { margin: .25rem 0 0; padding-left: 1.2rem; }
.summary li { margin: .45rem 0; overflow-wrap: anywhere; }
.summary li::marker { color: var(--accent); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .75rem; margin: 0 0 1.25rem; padding: 0; }
.tiles div { background: var(--accent-soft); border-radius: 6px; padding: .75rem 1rem; }
.tiles dt { font-size: .75rem; letter-spacing: .05em; text-transform: uppercase; color: var(--muted); font-weight: 600; }
.tiles dd { margin: .15rem 0 0; font-size: clamp(1.05rem, 3.2vw, 1.45rem); font-weight: 700; color: var(--ink); font-variant-numeric: tabular-nums; overflow-wrap: normal; word-break: keep-all; }
.kv { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: .35rem 1.25rem; margin: 1rem 0; }
.kv div { display: contents; }
.kv dt { color: var(--muted); font-weight: 600; }
.kv dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.callout { border-left: 4px solid var(--info); background: var(--info-bg); border-radius: 0 6px 6px 0; padding: .75rem 1rem; margin: 1rem 0; overflow-wrap: anywhere; }
.callout-warn { border-color: var(--warn); background: var(--warn-bg); }
.callout-warn strong { color: var(--warn); }
.callout-fail { border-color: var(--fail); background: var(--fail-bg); }
.callout-fail strong { color: var(--fail); }
.callout-info strong { color: var(--info); }
main > .callout { margin: 0 0 1.5rem; font-size: 1.05rem; }
figure.chart { margin: 1.5rem 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { margin-bottom: .5rem; }
figure.chart h3 { margin: 0; font-size: 1.05rem; }
figure.chart .chart-desc { margin: .2rem 0 0; color: var(--muted); font-size: .875rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
img.chart-still { display: block; max-width: 100%; height: auto; }
main > section.decide { border-top: 4px solid var(--accent); }
section.folded > details > summary { cursor: pointer; list-style: none; display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1rem; }
section.folded > details > summary::-webkit-details-marker { display: none; }
section.folded > details > summary h2 { margin: 0; font-size: 1.35rem; line-height: 1.3; }
section.folded > details > summary h2::before { content: "\\25B8  "; color: var(--accent); }
section.folded > details[open] > summary h2::before { content: "\\25BE  "; }
section.folded .fold-hint { color: var(--muted); font-size: .85rem; }
section.folded > details[open] .fold-hint { display: none; }
details.more { margin: .75rem 0; }
details.more > summary { cursor: pointer; color: var(--accent); font-weight: 600; }
.chart-view { width: 100%; min-height: 120px; }
.chart-view .vega-embed { width: 100%; display: block; }
.chart-view svg { max-width: 100%; height: auto; }
.chart-failed { padding: 1rem; background: var(--fail-bg); color: var(--fail); border-radius: 6px; }
.table-wrap { overflow-x: auto; margin: 1rem 0; border: 1px solid var(--line); border-radius: 6px;
  /* Scroll cue: a shadow on the side that has more columns (it moves with the scroll). */
  background: linear-gradient(to right, var(--card) 30%, rgba(255,255,255,0)) left center / 2.5rem 100% no-repeat local,
    linear-gradient(to left, var(--card) 30%, rgba(255,255,255,0)) right center / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.22), rgba(0,0,0,0)) left center / .9rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.22), rgba(0,0,0,0)) right center / .9rem 100% no-repeat scroll; }
.table-wrap table tbody tr td { background-color: transparent; }
.table-wrap:focus { outline: 2px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.wide { min-width: 40rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .6rem .75rem; color: var(--ink); background: #fafbfc; border-bottom: 1px solid var(--line); }
th, td { padding: .45rem .75rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
td.token { word-break: break-all; min-width: 12rem; }
td.short { white-space: nowrap; }
thead th { background: #fafbfc; color: var(--muted); font-weight: 600; font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; vertical-align: bottom; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:nth-child(even) td { background: #fcfcfd; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.suppressed { color: var(--muted); font-style: italic; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .8rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-top: 4px solid var(--accent); border-radius: 6px; padding: .9rem 1rem; background: var(--card); break-inside: avoid; page-break-inside: avoid; min-width: 0; }
.card h3 { margin: 0; font-size: 1.1rem; overflow-wrap: anywhere; }
.card .card-sub { margin: .1rem 0 .5rem; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.card p { font-size: .92rem; }
.card-muted { border-top-color: var(--line); color: var(--muted); }
.card-facts { display: flex; flex-wrap: wrap; gap: .4rem 1.25rem; margin: .5rem 0; }
.card-facts div { min-width: 5.5rem; }
.card-facts dt { font-size: .7rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
.card-facts dd { margin: 0; font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.traits { list-style: none; margin: .4rem 0 0; padding: 0; font-size: .88rem; }
.traits li { padding-left: 1.2rem; position: relative; overflow-wrap: anywhere; }
.traits.up li::before { content: "\\25B2"; position: absolute; left: 0; color: #b45309; font-size: .7rem; top: .25rem; }
.traits.down li::before { content: "\\25BC"; position: absolute; left: 0; color: #2f5d8a; font-size: .7rem; top: .25rem; }
h3.sub { margin: 1.75rem 0 .5rem; font-size: 1.1rem; color: var(--ink); break-after: avoid; page-break-after: avoid; }
ul.list { margin: .5rem 0; padding-left: 1.2rem; }
ul.list li { margin: .25rem 0; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 0 1rem 2rem; }
#vg-tooltip-element { font-family: ${FONT_STACK}; font-size: 12px; }
@media (min-width: 1100px) {
  .layout { display: grid; grid-template-columns: 230px minmax(0, 1fr); gap: 1.75rem; align-items: start; }
  .toc { position: sticky; top: 1rem; margin-bottom: 0; }
}
@media (max-width: 1099px) {
  /* Below the two-column layout the decision table comes first; the contents follow the report's lead. */
  .layout { display: flex; flex-direction: column; }
  .toc { order: 2; }
  main { order: 1; }
}
@media (max-width: 600px) {
  body { font-size: 15px; }
  .wrap { padding: 0 .75rem; }
  main > section { padding: 1.1rem 1rem; border-radius: 6px; }
  .kv { grid-template-columns: 1fr; gap: .1rem; }
  .kv dd { margin-bottom: .5rem; }
  th, td { padding: .4rem .5rem; }
}
@media print {
  @page { margin: 16mm 14mm; }
  body { background: #fff; font-size: 11pt; }
  .toc, .skip { display: none; }
  .masthead { background: none; color: var(--ink); padding: 0 0 1rem; border-bottom: 2px solid var(--ink); }
  .masthead .eyebrow, .masthead .subtitle { color: var(--muted); }
  .layout { display: block; padding: 1rem 0 0; }
  .wrap { max-width: none; padding: 0; }
  main > section { border: 0; padding: 0; margin: 0 0 1.5rem; }
  main > section > h2 { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  table, .kv, .callout { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  #vg-tooltip-element { display: none; }
}
`;
