/**
 * Opening compare.html in Debian's Chromium (playwright-core), as test/report/browser.test.ts
 * does for the report: every chart draws (the Vega-Lite heatmap and the Vega Sankey included), no
 * console error or CSP violation, no network request.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { artifactsDir, tempDir } from '../helpers/paths';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export interface PageCheck {
  charts: { id: string | null; drawn: boolean; failed: boolean; marks: number }[];
  sections: string[];
  text: string;
}

/** Open the page, wait for every chart, assert no errors or requests; returns what was drawn. */
export async function checkInChromium(file: string, screenshot: string | null = null): Promise<PageCheck> {
  const userDataDir = tempDir('seglab-chromium-');
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-chart]')).every((el) => el.querySelector('svg') || el.classList.contains('chart-failed')),
      undefined,
      { timeout: 30_000 },
    );
    const result = await page.evaluate(() => ({
      charts: Array.from(document.querySelectorAll('[data-chart]')).map((el) => ({
        id: el.getAttribute('data-chart'),
        drawn: !!el.querySelector('svg .mark-group'),
        failed: el.classList.contains('chart-failed'),
        marks: el.querySelectorAll('svg .role-mark > *').length,
      })),
      sections: Array.from(document.querySelectorAll('main > section > h2')).map((h) => h.textContent ?? ''),
      text: document.body.innerText,
    }));
    if (screenshot) {
      fs.mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, screenshot), fullPage: true });
    }
    assert.deepEqual(errors, [], 'no console errors, warnings or CSP violations');
    for (const url of requests) assert.match(url, /^(file|data):/, `network request ${url}`);
    return result;
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
