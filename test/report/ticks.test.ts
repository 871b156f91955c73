/**
 * Every chart of the report, drawn in Chromium at 1280 and 390 px: no two tick labels of an axis
 * overlap, no axis repeats a label ("-0.01 -0.01 0.00"), no label is cut to "…" where the full
 * text matters (heatmap headers wrap instead), and every chart draws marks (no empty chart).
 * Skips with a reason when /usr/bin/chromium is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { buildReportDocument } from '../../lib/report/build';
import { renderReport } from '../../lib/report/html';
import { writeReport } from '../../lib/report/write';
import { tempDir } from '../helpers/paths';
import { fixtureRun } from './fixture';

const CHROMIUM = '/usr/bin/chromium';

interface AxisLabels {
  chart: string;
  axis: number;
  labels: { text: string; left: number; right: number; top: number; bottom: number }[];
}

test('every chart renders with marks and no overlapping or repeated tick labels, at 1280 and 390 px', { timeout: 180_000, skip: fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed` }, async () => {
  const { run, manifest } = fixtureRun({});
  const dir = tempDir('seglab-ticks-');
  writeReport(dir, await renderReport(buildReportDocument(run, manifest)));
  const file = path.join(dir, 'report.html');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-chart]')).every((el) => el.querySelector('svg') || el.classList.contains('chart-failed')), undefined, { timeout: 60_000 });
      const charts = await page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-chart]')).map((el) => ({
          id: el.getAttribute('data-chart') ?? '',
          failed: el.classList.contains('chart-failed'),
          marks: el.querySelectorAll('g.role-mark > *').length,
          stills: el.querySelectorAll('img').length,
        })),
      );
      assert.ok(charts.length >= 18, `${charts.length} charts`);
      for (const c of charts) {
        assert.equal(c.failed, false, `${c.id} at ${width}px drew`);
        assert.ok(c.marks > 0, `${c.id} at ${width}px has marks (not an empty chart)`);
        assert.equal(c.stills, 0, `${c.id}: the still image gives way to the live chart`);
      }
      const axes: AxisLabels[] = await page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-chart]')).flatMap((el) =>
          Array.from(el.querySelectorAll('g.role-axis-label')).map((g, axis) => ({
            chart: el.getAttribute('data-chart') ?? '',
            axis,
            labels: Array.from(g.querySelectorAll('text'))
              .filter((t) => t.getAttribute('opacity') !== '0' && (t.textContent ?? '').trim() !== '')
              .map((t) => {
                const r = t.getBoundingClientRect();
                return { text: t.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
              }),
          })),
        ),
      );
      assert.ok(axes.length > 20, `${axes.length} axes`);
      for (const a of axes) {
        const where = `${a.chart} axis ${a.axis} at ${width}px: ${a.labels.map((l) => l.text).join(' | ')}`;
        const texts = a.labels.map((l) => l.text);
        assert.equal(new Set(texts).size, texts.length, `repeated tick labels on ${where}`);
        for (let i = 0; i < a.labels.length; i++) {
          for (let j = i + 1; j < a.labels.length; j++) {
            const p = a.labels[i];
            const q = a.labels[j];
            const overlap = Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1;
            assert.ok(!overlap, `"${p.text}" and "${q.text}" overlap on ${where}`);
          }
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
