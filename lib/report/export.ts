/**
 * Static chart export for files beside the report: Vega-Lite -> Vega -> SVG (vega's headless
 * View, no canvas package) -> PNG (resvg, a Rust rasteriser with its own font loader).
 *
 * Fonts: resvg reads the system fonts (Debian: fonts-dejavu-core, found with `fc-list`). Without
 * any font installed, text in the PNG is silently left out; the SVG is unaffected.
 */
import type { VegaLiteSpec } from './types';
import { compileToVega, loadVega, type VegaSpec } from './vega-runtime';

/** Width in CSS pixels given to charts whose spec says `width: "container"` when exported. */
export const EXPORT_WIDTH = 720;

/** The spec with `width: "container"` replaced by a fixed width (no container exists in Node). */
export function withFixedWidth(vlSpec: VegaLiteSpec, width = EXPORT_WIDTH): VegaLiteSpec {
  return vlSpec.width === 'container' ? { ...vlSpec, width } : vlSpec;
}

/**
 * Text with every character XML 1.0 forbids (NUL and the other C0 controls but tab, LF and CR;
 * U+FFFE/U+FFFF; lone surrogates) replaced by U+FFFD. A NUL byte in an input value or column
 * name reaches chart labels; the SVG must stay well-formed for resvg and browsers.
 * @example xmlSafe('a\u0000b') // 'a\uFFFDb'
 */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Render a compiled Vega spec to an SVG string with a headless View (renderer "none").
 * @example const svg = await vegaToSvg(await compileToVega(vlSpec));
 */
export async function vegaToSvg(vgSpec: VegaSpec): Promise<string> {
  const { vega } = await loadVega();
  const view = new vega.View(vega.parse(vgSpec as Parameters<typeof vega.parse>[0]), { renderer: 'none' });
  try {
    return xmlSafe(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * A Vega-Lite spec as a standalone SVG document (width "container" becomes EXPORT_WIDTH px).
 * @example const svg = await chartToSvg(segmentSizesChart(profiles));
 */
export async function chartToSvg(vlSpec: VegaLiteSpec): Promise<string> {
  return vegaToSvg(await compileToVega(withFixedWidth(vlSpec)));
}

export { svgToPng, type PngOptions } from './png';
