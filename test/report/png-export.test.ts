import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { featureHeatmapChart, segmentSizesChart } from '../../lib/report/charts';
import { chartToSvg, svgToPng } from '../../lib/report/export';
import { renderReport, startReport } from '../../lib/report/html';
import { pngExporter } from '../../lib/report/png-export';
import { buildReportDocument } from '../../lib/report/build';
import { fixtureRun } from './fixture';

const bytes = (png: Uint8Array): Buffer => Buffer.from(png.buffer, png.byteOffset, png.byteLength);

test('a PNG made in the worker thread equals the in-process PNG byte for byte', async () => {
  const { run } = fixtureRun({ hostile: true });
  const svgs = [await chartToSvg(segmentSizesChart(run.profiles)), await chartToSvg(featureHeatmapChart(run.profiles))];
  const exporter = pngExporter();
  assert.equal(exporter.inWorker, true, 'the compiled worker script exists next to png-export.js');
  const fromWorker = await Promise.all([...svgs.map((s) => exporter.png(s)), exporter.png(svgs[0], { scale: 1, background: '#102030' })]);
  exporter.close();
  assert.equal(exporter.inWorker, false, 'closed once nothing is pending');
  const local = [...svgs.map((s) => svgToPng(s)), svgToPng(svgs[0], { scale: 1, background: '#102030' })];
  fromWorker.forEach((png, i) => {
    assert.ok(png instanceof Uint8Array);
    assert.ok(bytes(png).equals(bytes(local[i])), `PNG ${i}: ${png.length} B from the worker vs ${local[i].length} B in-process`);
  });
  assert.notEqual(bytes(local[0]).length, bytes(local[2]).length, 'the options reach the worker');
});

test('help(): the caller makes the PNGs the worker has not started; every PNG is the same bytes', async () => {
  const { run } = fixtureRun({ hostile: true });
  const svgs = [await chartToSvg(segmentSizesChart(run.profiles)), await chartToSvg(featureHeatmapChart(run.profiles))];
  const exporter = pngExporter();
  assert.equal(exporter.inWorker, true);
  const asked = Array.from({ length: 8 }, (_, i) => exporter.png(svgs[i % 2], { scale: 1 + (i % 3) }));
  exporter.help();
  const pngs = await Promise.all(asked);
  exporter.close();
  pngs.forEach((png, i) => assert.ok(bytes(png).equals(bytes(svgToPng(svgs[i % 2], { scale: 1 + (i % 3) }))), `PNG ${i}`));
});

test('without the worker script, and with { worker: false }, PNGs are made in-process with the same bytes', async () => {
  const { run } = fixtureRun();
  const svg = await chartToSvg(segmentSizesChart(run.profiles));
  for (const exporter of [pngExporter({ workerScript: path.join(os.tmpdir(), 'seglab-no-such-worker.js') }), pngExporter({ worker: false })]) {
    assert.equal(exporter.inWorker, false);
    assert.ok(bytes(await exporter.png(svg)).equals(bytes(svgToPng(svg))));
    exporter.close();
  }
});

test('a worker that fails to start leaves its PNGs to the main thread', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-png-'));
  const broken = path.join(dir, 'broken-worker.js');
  fs.writeFileSync(broken, "throw new Error('cannot start');\n");
  try {
    const { run } = fixtureRun();
    const svg = await chartToSvg(segmentSizesChart(run.profiles));
    const exporter = pngExporter({ workerScript: broken });
    const pngs = await Promise.all([exporter.png(svg), exporter.png(svg, { scale: 1 })]);
    exporter.close();
    assert.ok(bytes(pngs[0]).equals(bytes(svgToPng(svg))));
    assert.ok(bytes(pngs[1]).equals(bytes(svgToPng(svg, { scale: 1 }))));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an export error from the worker reaches the caller as the in-process error', async () => {
  const bad = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect</svg>';
  let local: unknown;
  try {
    svgToPng(bad);
  } catch (error) {
    local = error;
  }
  assert.ok(local instanceof Error, 'resvg rejects the malformed SVG in-process');
  const exporter = pngExporter();
  assert.equal(exporter.inWorker, true);
  await assert.rejects(exporter.png(bad), (e: unknown) => e instanceof Error && e.constructor === (local as Error).constructor && e.message === (local as Error).message);
  // The worker is still usable after a failure.
  const { run } = fixtureRun();
  const svg = await chartToSvg(segmentSizesChart(run.profiles));
  assert.ok(bytes(await exporter.png(svg)).equals(bytes(svgToPng(svg))));
  exporter.close();
});

test('startReport: HTML and SVGs first, then the same report renderReport gives, PNGs from the worker or in-process', async () => {
  const { run, manifest } = fixtureRun({ hostile: true });
  const doc = buildReportDocument(run, manifest);
  const started = await startReport(doc);
  const whole = await started.finish();
  assert.ok(whole.charts.length >= 5, `${whole.charts.length} charts`);
  assert.equal(started.html, whole.html);
  assert.deepEqual(started.svgs, whole.charts.map(({ png: _png, ...c }) => c));
  // Every PNG is the in-process rasterisation of the chart's SVG.
  for (const c of whole.charts) assert.ok(bytes(c.png).equals(bytes(svgToPng(c.svg))), `chart ${c.id}`);
  // Vega numbers its clip paths and gradients per process ("clip1", "clip25", "gradient_0"...), so
  // later renders differ in those ids only; the pictures are the same.
  const unnumbered = (text: string): string => text.replace(/(clip|gradient_)\d+/g, '$1');
  for (const other of [await (await startReport(doc, pngExporter({ worker: false }))).finish(), await renderReport(doc)]) {
    assert.deepEqual(other.charts.map((c) => [c.id, c.title]), whole.charts.map((c) => [c.id, c.title]));
    other.charts.forEach((c, i) => {
      assert.ok(unnumbered(c.svg) === unnumbered(whole.charts[i].svg), `SVG of chart ${c.id}`);
      assert.ok(bytes(c.png).equals(bytes(whole.charts[i].png)), `PNG of chart ${c.id}`);
    });
  }
});

test('the worker never keeps the process alive, and a pending PNG is waited for', () => {
  const lib = path.resolve(__dirname, '../../lib/report');
  // A process that opens an exporter and never closes it exits at once; one awaiting a PNG gets it.
  const script = `
    const { pngExporter } = require(${JSON.stringify(path.join(lib, 'png-export.js'))});
    const open = pngExporter();
    if (!open.inWorker) throw new Error('no worker');
    if (process.argv[1] === 'wait') {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/></svg>';
      open.png(svg).then((png) => console.log('png', png.length));
    }`;
  for (const mode of ['idle', 'wait']) {
    const t0 = Date.now();
    const child = spawnSync(process.execPath, ['-e', script, mode], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(child.status, 0, `${mode}: ${child.stderr}`);
    assert.ok(Date.now() - t0 < 20_000, `${mode}: exited after ${Date.now() - t0} ms`);
    if (mode === 'wait') assert.match(child.stdout, /^png \d+$/m);
    else assert.equal(child.stdout, '');
  }
});
