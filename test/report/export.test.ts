import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { featureHeatmapChart, segmentSizesChart } from '../../lib/report/charts';
import { chartToSvg, EXPORT_WIDTH, svgToPng } from '../../lib/report/export';
import { fixtureRun, XSS_IMG, XSS_SCRIPT } from './fixture';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) }; // IHDR follows the signature
}

test('chartToSvg renders a standalone SVG with marks, escaping text from the data', async () => {
  const { run } = fixtureRun({ hostile: true });
  const svg = await chartToSvg(featureHeatmapChart(run.profiles));
  assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /class="mark-rect/);
  assert.match(svg, /class="mark-text/);
  assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'), 'feature name escaped in the SVG text');
  assert.ok(!svg.includes(XSS_IMG) && !svg.includes(XSS_SCRIPT), 'no raw markup from the data');
  const width = Number(/^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
  assert.ok(width >= EXPORT_WIDTH, `exported width ${width}`);
});

test('svgToPng rasterises at 2x with text drawn', async () => {
  const { run } = fixtureRun();
  const svg = await chartToSvg(segmentSizesChart(run.profiles));
  const png = svgToPng(svg);
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  const svgWidth = Number(/^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
  assert.equal(pngSize(png).width, Math.round(svgWidth * 2));
  // Text adds pixels: the same SVG without <text> elements must give a smaller PNG.
  const noText = svgToPng(svg.replace(/<text[^>]*>.*?<\/text>/g, ''));
  assert.ok(png.length > noText.length * 1.1, `with text ${png.length} B vs without ${noText.length} B`);
});

test('the system has fonts for PNG text (fc-list)', (t) => {
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', { encoding: 'utf8' });
  } catch {
    t.skip('fc-list is not installed; PNG text may be missing');
    return;
  }
  assert.match(fonts, /\.(ttf|otf)/i, 'at least one TrueType/OpenType font (apt-get install fonts-dejavu-core)');
});
