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

export type ReportBlock = ChartBlock | TableBlock | ParagraphBlock | CalloutBlock | KeyValueBlock;

export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}

/** A report before rendering: plain data, every string unescaped (the renderer escapes). */
export interface ReportDocument {
  title: string;
  subtitle: string;
  /** Executive summary, one plain sentence per item. */
  summary: string[];
  /**
   * Optional: callouts shown first, above the summary (e.g. "a protected attribute was used as a
   * feature"), so the first paragraph of the report carries them.
   */
  notices?: CalloutBlock[];
  /** Optional: headline figures shown as tiles beside the summary, e.g. { label: 'Customers', value: '12,408' }. */
  highlights?: { label: string; value: string }[];
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
