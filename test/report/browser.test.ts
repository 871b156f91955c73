/**
 * The report in a real browser (Debian's Chromium through playwright-core): charts draw, nothing
 * is fetched, no script error or CSP violation, and the XSS strings in the data stay text.
 * Skips with a printed reason when /usr/bin/chromium is missing (CI installs it in setup).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildReportDocument } from '../../lib/report/build';
import { renderReport } from '../../lib/report/html';
import { writeReport } from '../../lib/report/write';
import { artifactsDir, tempDir } from '../helpers/paths';
import { fixtureRun, XSS_IMG, XSS_SCRIPT, type FixtureOptions } from './fixture';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

async function writeFixtureReport(options: FixtureOptions): Promise<string> {
  const { run, manifest } = fixtureRun(options);
  const dir = tempDir('seglab-report-');
  writeReport(dir, await renderReport(buildReportDocument(run, manifest)));
  return path.join(dir, 'report.html');
}

interface PageLog {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

async function openReport(context: BrowserContext, file: string, width: number): Promise<{ page: Page; log: PageLog }> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const log: PageLog = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('dialog', (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  await page.waitForFunction(
    () => Array.from(document.querySelectorAll('[data-chart]')).every((el) => el.querySelector('svg, canvas') || el.classList.contains('chart-failed')),
    undefined,
    { timeout: 30_000 },
  );
  return { page, log };
}

async function assertHealthy(page: Page, log: PageLog, html: string): Promise<void> {
  const charts = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-chart]')).map((el) => ({
      id: el.getAttribute('data-chart'),
      drawn: !!el.querySelector('svg .mark-group, canvas'),
      failed: el.classList.contains('chart-failed'),
      width: el.getBoundingClientRect().width,
    })),
  );
  assert.equal(charts.length, (html.match(/data-chart="/g) ?? []).length);
  assert.ok(charts.length >= 18, `${charts.length} charts`);
  for (const c of charts) {
    assert.ok(c.drawn && !c.failed, `chart ${c.id} drawn`);
    assert.ok(c.width > 200, `chart ${c.id} is ${c.width}px wide`);
  }
  assert.deepEqual(log.errors, [], 'no console errors, warnings or CSP violations');
  assert.deepEqual(log.dialogs, [], 'no alert/confirm/prompt');
  for (const url of log.requests) assert.match(url, /^(file|data):/, `network request ${url}`);
  const injected = await page.evaluate(() => ({
    imgs: document.querySelectorAll('img').length,
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    scripts: document.querySelectorAll('script').length,
  }));
  assert.equal(injected.imgs, 0, 'no <img> elements');
  assert.equal(injected.handlers, 0, 'no inline event handlers');
  assert.equal(injected.scripts, (html.match(/<script\b/g) ?? []).length, 'no extra <script> elements');
  const horizontalOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(horizontalOverflow <= 1, `page overflows horizontally by ${horizontalOverflow}px`);
}

test('the report renders in Chromium with no network, errors or injected markup', { timeout: 180_000 }, async (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
    t.skip(`${CHROMIUM} is not installed`);
    return;
  }
  const clean = await writeFixtureReport({});
  const hostile = await writeFixtureReport({ hostile: true });
  const userDataDir = tempDir('seglab-chromium-');
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    fs.mkdirSync(artifactsDir, { recursive: true });

    await t.test('plain fixture, laptop width: screenshot', async () => {
      const { page, log } = await openReport(context, clean, 1280);
      await assertHealthy(page, log, fs.readFileSync(clean, 'utf8'));
      const sections = await page.evaluate(() => Array.from(document.querySelectorAll('main > section > h2')).map((h) => h.textContent));
      assert.deepEqual(sections, [
        'What to do, per segment',
        'Executive summary',
        'Segment overview',
        'Personas',
        'Feature profile',
        'Map of customers',
        'Recency, frequency and spend by segment',
        'Campaign results and recommendations',
        'Customer lifetime value',
        'Fairness and privacy',
        'Data quality',
        'What the numbers mean',
      ]);
      // Detail is folded: open on demand.
      const folded = await page.evaluate(() => Array.from(document.querySelectorAll('main > section.folded > details:not([open]) > summary h2')).map((h) => h.textContent));
      assert.deepEqual(folded, ['How the number of segments was chosen', 'Run manifest']);
      const cards = await page.evaluate(() => Array.from(document.querySelectorAll('.cards .card h3')).map((h) => h.textContent));
      assert.deepEqual(cards, ['Promising', 'Lost', 'Champions']);
      await page.screenshot({ path: path.join(artifactsDir, 'report.png'), fullPage: true });
      await page.close();
    });

    await t.test('XSS strings in a feature name, segment label and group value stay text', async () => {
      const { page, log } = await openReport(context, hostile, 1280);
      await assertHealthy(page, log, fs.readFileSync(hostile, 'utf8'));
      const text = await page.evaluate(() => document.body.innerText);
      assert.ok(text.includes(XSS_IMG), 'feature name shown as text');
      assert.ok(text.includes(XSS_SCRIPT), 'segment name (profile.names override) shown as text');
      assert.ok(text.includes(`${XSS_IMG} 55 on average`), 'hostile feature name in a persona trait shown as text');
      // The tooltip of the last heatmap cell (Segment 3 × the hostile feature) must show it as text too.
      const cell = page.locator('[data-chart="feature-profile"] g.mark-rect.role-mark path').last();
      await cell.scrollIntoViewIfNeeded();
      const box = await cell.boundingBox();
      assert.ok(box, 'heatmap cell has a box');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const tooltip = page.locator('#vg-tooltip-element.visible');
      await tooltip.waitFor({ timeout: 5_000 });
      assert.ok((await tooltip.innerText()).includes(XSS_IMG));
      assert.equal(await tooltip.locator('img, svg, script').count(), 0);
      assert.deepEqual(log.dialogs, []);
      await page.screenshot({ path: path.join(artifactsDir, 'report-xss.png'), fullPage: false });
      await page.close();
    });

    await t.test('phone width: charts fit, nothing overflows the page', async () => {
      const { page, log } = await openReport(context, clean, 390);
      await assertHealthy(page, log, fs.readFileSync(clean, 'utf8'));
      await page.screenshot({ path: path.join(artifactsDir, 'report-phone.png'), fullPage: true });
      await page.close();
    });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});
