/** A Vega-Lite spec (kept loose here; validated against the Vega-Lite schema in tests). */
export type VegaLiteSpec = Record<string, unknown>;

export interface ChartBlock {
  kind: 'chart';
  /** File-name-safe id, e.g. "segment-sizes": the chart is also written as charts/<id>.svg and .png. */
  id: string;
  title: string;
  /** Accessible description (aria-label / figcaption). */
  description: string;
  spec: VegaLiteSpec;
  /** The spec's grammar; default "vega-lite". "vega" for charts Vega-Lite cannot draw (a Sankey), embedded as is. */
  grammar?: 'vega-lite' | 'vega';
}

export interface TableBlock {
  kind: 'table';
  caption: string;
  columns: { key: string; label: string; align?: 'left' | 'right' }[];
  /** Cell values; numbers are formatted by the renderer, null shows as an em dash. */
  rows: Record<string, string | number | null>[];
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
}

export interface CalloutBlock {
  kind: 'callout';
  level: 'info' | 'warn' | 'fail';
  text: string;
}

export interface KeyValueBlock {
  kind: 'keyvalue';
  items: { label: string; value: string }[];
}

/** One card of a card grid (e.g. a persona): a title, a subtitle, a paragraph, key figures and two trait lists. */
export interface Card {
  title: string;
  subtitle: string;
  text: string;
  facts: { label: string; value: string }[];
  /** Traits above the rest ("▲ buy often: +1.7 SD"), and below. */
  above: string[];
  below: string[];
  /** Shown muted, e.g. a suppressed segment. */
  muted?: boolean;
}

export interface CardsBlock {
  kind: 'cards';
  cards: Card[];
}

/** A sub-heading inside a section. */
export interface HeadingBlock {
  kind: 'heading';
  text: string;
}

/** A bulleted list of plain sentences. */
export interface ListBlock {
  kind: 'list';
  items: string[];
}

export type ReportBlock = ChartBlock | TableBlock | ParagraphBlock | CalloutBlock | KeyValueBlock | CardsBlock | ListBlock | HeadingBlock;

export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
  /** Detail for those who want it (model parameters, raw numbers): rendered folded (<details>), open on demand. Default false. */
  folded?: boolean;
}

/** A report before rendering: plain data, every string unescaped (the renderer escapes). */
export interface ReportDocument {
  title: string;
  subtitle: string;
  /** Executive summary, one plain sentence per item. */
  summary: string[];
  /** Heading of the summary section and its contents entry. Default "Executive summary". */
  summaryTitle?: string;
  /** The line above the title. Default "Customer segmentation report". */
  eyebrow?: string;
  /**
   * Optional: callouts shown first, above the summary (e.g. "a protected attribute was used as a
   * feature"), so the first paragraph of the report carries them.
   */
  notices?: CalloutBlock[];
  /** Optional: headline figures shown as tiles beside the summary, e.g. { label: 'Customers', value: '12,408' }. */
  highlights?: { label: string; value: string }[];
  /** Optional: the first screen, before everything else: the decision table per segment and what to do (decisions.ts). */
  lead?: { title: string; blocks: ReportBlock[] };
  sections: ReportSection[];
}

/** A chart rendered for export beside the report. */
export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
  png: Uint8Array;
}

export interface RenderedReport {
  html: string;
  charts: RenderedChart[];
}

export type { FeatureDistribution } from '../profile/types';

/** What the report reads: a run result (sections whose stage produced nothing are left out or say why). */
export type ReportRun = import('./run-result').RunResult;
