/**
 * SVG -> PNG with resvg (a Rust rasteriser with its own font loader). Its own module, without
 * vega, so the chart-export worker (png-worker.ts) loads only resvg.
 */
import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** Pixels per SVG pixel. Default 2 (sharp on high-density screens and in slides). */
  scale?: number;
  /** Background colour. Default "white" (transparent PNGs look broken in dark slide themes). */
  background?: string;
}

/**
 * Rasterise an SVG string to PNG bytes with resvg, using the system fonts (DejaVu Sans as the
 * fallback for generic families).
 * @example fs.writeFileSync('chart.png', svgToPng(svg, { scale: 2 }));
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: options.background ?? 'white',
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
