/**
 * Notebook exports for front ends without a Vega renderer. A chart cell's output holds only its
 * Vega-Lite spec (lib/notebook/display.ts), which nbconvert's HTML export would show as plain text;
 * `withHtmlCharts` gives a copy of the notebook in which each such output also has chartPayload's
 * vega-embed HTML (the runtime inlined once, with the first chart), so the exported page draws
 * every chart offline. The saved notebook itself stays small.
 *
 *   executed.ipynb (spec only) --withHtmlCharts--> copy with HTML --nbconvert --to html--> page
 */
import { chartPayload, VEGALITE_MIME } from './display';
import type { Ipynb } from './ipynb';
import type { VegaLiteSpec } from '../report/types';

/**
 * A copy of the notebook whose Vega-Lite outputs also carry vega-embed HTML (no PNG); the runtime
 * goes with the first chart only. Outputs that already have HTML are left as they are.
 * @example fs.writeFileSync(copy, JSON.stringify(await withHtmlCharts(readIpynb(executed))));
 */
export async function withHtmlCharts(nb: Ipynb): Promise<Ipynb> {
  const copy = JSON.parse(JSON.stringify(nb)) as Ipynb;
  let charts = 0;
  for (const [c, cell] of copy.cells.entries()) {
    for (const output of cell.outputs ?? []) {
      const spec = output.data?.[VEGALITE_MIME];
      if (!output.data || typeof spec !== 'object' || spec === null || 'text/html' in output.data) continue;
      const payload = await chartPayload(spec as VegaLiteSpec, { includeRuntime: charts === 0, png: false, elementId: `seglab-chart-${c}-${charts}` });
      output.data['text/html'] = payload['text/html'];
      charts++;
    }
  }
  return copy;
}
