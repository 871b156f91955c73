/**
 * End to end: every notebooks/*.ipynb executed headless on the tslab kernel with nbconvert, into a
 * temporary folder (nothing is written into notebooks/), then exported to HTML; the charts must be
 * in both, and the HTML export must draw them in Chromium offline (when Chromium is installed).
 *
 * Needs Debian's Jupyter and the tslab kernel registered by `npm run setup`; fails with that
 * instruction when they are missing.
 */
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { VEGALITE_MIME } from '../../lib/notebook/display';
import { withHtmlCharts } from '../../lib/notebook/export';
import { runtimeScripts } from '../../lib/report/vega-runtime';
import { spawnSync } from 'node:child_process';
import { tempDir, artifactsDir, repoRoot, sharedDatasets } from '../helpers/paths';
import { NOTEBOOK_DIR, jupyterProblem, nbconvert, notebookFiles, readNotebook, snapshot, text, type NbconvertResult, type Notebook, type NotebookOutput } from './jupyter';

const CHROMIUM = '/usr/bin/chromium';
const hillstromDir = path.join(sharedDatasets, 'hillstrom-email');
/** Opens each inlined runtime bundle (the wrapper that hides RequireJS's `define`). */
const RUNTIME_MARK = '(function (define, exports, module)';

/** What specific notebooks must show, beyond "runs without errors". */
const EXPECTED: Record<string, { minCharts: number; tableCaptions: string[]; chartTitles: string[]; runFiles: string[] }> = {
  '01-quickstart.ipynb': {
    minCharts: 5,
    tableCaptions: ['Cleaned customers (Danfo DataFrame', 'Row ledger', 'Representation ratios'],
    chartTitles: ['Share of customers and share of value by segment', 'Map of customers (2-D projection), coloured by segment'],
    runFiles: ['report.html', 'manifest.json', 'segments.csv'],
  },
  '02-explore-and-clean.ipynb': {
    minCharts: 1,
    tableCaptions: ['Data quality of customers', 'Cleaned customers (Danfo DataFrame', 'Numeric columns after cleaning', 'Gender after cleaning (Danfo valueCounts)', 'Row ledger'],
    chartTitles: ['Missing values by input column'],
    runFiles: [],
  },
  '03-features.ipynb': {
    minCharts: 1,
    tableCaptions: ['Rule-based RFM cells (rfmSegment)', 'Clustering features', 'Categorical criteria'],
    chartTitles: [],
    runFiles: [],
  },
  '04-embeddings-and-clustering.ipynb': {
    minCharts: 5,
    tableCaptions: ['Representation evidence', 'Every k tried in'],
    chartTitles: ['Silhouette by number of segments (higher is better)', 'Inertia by number of segments (look for the elbow)', 'Map of customers (2-D projection), coloured by segment'],
    runFiles: [],
  },
  // 05 and 06 read ../shared/datasets; without it they print "SKIPPED: ..." (tested in run.test.ts).
  '05-ethics-and-bias.ipynb': {
    minCharts: fs.existsSync(path.join(sharedDatasets, 'adult-census-income', 'adult.data')) ? 2 : 0,
    tableCaptions: fs.existsSync(path.join(sharedDatasets, 'adult-census-income', 'adult.data')) ? ['Sampled people, cleaned (Danfo DataFrame)', 'Columns left out of the features', 'Fairness checks', 'Can the features predict the protected attribute?', 'Mitigation before / after'] : [],
    chartTitles: [],
    runFiles: [],
  },
  '06-personas-clv-and-campaigns.ipynb': {
    minCharts: 2,
    tableCaptions: ['Segment profiles', 'Predictive CLV', ...(fs.existsSync(hillstromDir) ? ['Uplift against no e-mail, per segment', 'Decision per segment'] : [])],
    chartTitles: [],
    runFiles: [],
  },
  // 08 reads Online Retail from ../shared/datasets; without it it prints "SKIPPED: ..." (tested in run.test.ts).
  '08-segments-over-time.ipynb': {
    minCharts: fs.existsSync(path.join(sharedDatasets, 'online-retail', 'online_retail.csv.gz')) ? 5 : 0,
    tableCaptions: fs.existsSync(path.join(sharedDatasets, 'online-retail', 'online_retail.csv.gz')) ? ['Segment sizes by month', 'Feature drift, first vs last month', 'Files written'] : [],
    chartTitles: fs.existsSync(path.join(sharedDatasets, 'online-retail', 'online_retail.csv.gz')) ? ['Customers per segment over time', 'Where the customers of each segment went'] : [],
    runFiles: fs.existsSync(path.join(sharedDatasets, 'online-retail', 'online_retail.csv.gz')) ? ['compare/compare.html', 'compare/migration.json', 'track/timeline.json'] : [],
  },
  '09-danfo-workbench.ipynb': {
    minCharts: 2,
    tableCaptions: ['Cleaned customers (Danfo DataFrame', 'describe of income', 'Customers per region (Danfo valueCounts)', 'Mean income per region (Danfo groupby)', 'Features in their own units (a Danfo DataFrame)', 'Segment profiles (a Danfo DataFrame)', 'Mean income per segment (joined table'],
    chartTitles: ['Mean income per segment'],
    runFiles: [],
  },
  '10-score-new-customers.ipynb': {
    minCharts: 1,
    tableCaptions: ['New customers with their segment (Danfo DataFrame)', 'Segment shares, known vs new customers'],
    chartTitles: ['Segment shares: known customers vs new customers'],
    runFiles: [],
  },
  '07-the-report.ipynb': {
    minCharts: 2,
    tableCaptions: ['Run folder', 'Inputs (seed'],
    chartTitles: [],
    runFiles: ['report.html', 'manifest.json', 'segments.csv', 'fairness.json'],
  },
};

function outputs(nb: Notebook): NotebookOutput[] {
  return nb.cells.flatMap((c) => c.outputs ?? []);
}

function htmlOf(o: NotebookOutput): string {
  const value = o.data?.['text/html'];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join('') : '';
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/**
 * Why an execution failed. tslab reports a failing cell only through a stderr stream (nbconvert
 * shows "<Error>: " with no text), so the notebook is run again with --allow-errors and the first
 * cell with stderr or an error output is shown with its source.
 */
function diagnose(rerun: NbconvertResult, executedFile: string): string {
  const tail = rerun.stderr.split('\n').slice(-25).join('\n');
  if (!fs.existsSync(executedFile)) return `nbconvert could not run it at all:\n${tail}`;
  const cells = readNotebook(executedFile).cells;
  const index = cells.findIndex((c) => (c.outputs ?? []).some((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr')));
  if (index === -1) return `no cell reported an error; nbconvert said:\n${tail}`;
  const problems = (cells[index].outputs ?? [])
    .filter((o) => o.output_type === 'error' || o.name === 'stderr')
    .map((o) => (o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : text(o.text)).split('\n').slice(0, 12).join('\n'));
  return `cell ${index} (0-based, markdown included):\n${text(cells[index].source)}\n---\n${problems.join('\n')}`;
}

function failIfNotReady(): void {
  const problem = jupyterProblem();
  if (problem) assert.fail(`cannot execute the notebooks headless: ${problem}`);
}

/** Draw the exported page offline in Chromium, with a RequireJS-like `define` on the page. */
async function assertDrawsInChromium(t: TestContext, htmlFile: string, charts: number, screenshot: string): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# browser check skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
    t.skip(`${CHROMIUM} is not installed`);
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // Offline: the template's CDN scripts (RequireJS, MathJax) fail as they would without network.
    await page.route(/^https?:/, (route) => route.abort());
    // Jupyter pages carry RequireJS; an AMD `define` must not swallow the inlined vega bundles.
    await page.addInitScript(() => {
      const define = (): void => undefined;
      (define as unknown as { amd: object }).amd = {};
      (window as unknown as { define: unknown }).define = define;
    });
    await page.goto(`file://${htmlFile}`);
    await page.waitForFunction((n) => document.querySelectorAll('.seglab-chart svg.marks').length >= n, charts, { timeout: 60_000 });
    const drawn = await page.evaluate(() => document.querySelectorAll('.seglab-chart svg.marks').length);
    assert.equal(drawn, charts);
    assert.deepEqual(pageErrors, []);
    fs.mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
  } finally {
    await browser.close();
  }
}

const files = notebookFiles();

test('notebooks exist', () => {
  assert.ok(files.length > 0, `no notebooks in ${NOTEBOOK_DIR}`);
});

for (const file of files) {
  const name = path.basename(file);
  test(`${name} runs headless on the tslab kernel and exports to HTML with its charts`, { timeout: 30 * 60 * 1000 }, async (t) => {
    failIfNotReady();
    const work = tempDir('seglab-notebook-');
    const executedDir = path.join(work, 'executed');
    const runDir = path.join(work, 'run');
    const before = snapshot(NOTEBOOK_DIR);

    const execute = (extra: string[]) =>
      nbconvert(
        ['--to', 'notebook', '--execute', ...extra, '--ExecutePreprocessor.timeout=600', '--ExecutePreprocessor.kernel_name=tslab', '--output-dir', executedDir, file],
        { SEGLAB_NOTEBOOK_OUT_DIR: runDir },
      );
    const run = execute([]);
    if (run.status !== 0) assert.fail(`executing ${name} failed:\n${diagnose(execute(['--allow-errors']), path.join(executedDir, name))}`);
    assert.deepEqual(snapshot(NOTEBOOK_DIR), before, 'executing a notebook must not write into notebooks/');

    const executedFile = path.join(executedDir, name);
    const executed = readNotebook(executedFile);
    const all = outputs(executed);
    const errors = all.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
    assert.deepEqual(errors, [], 'error outputs');
    const stderr = all.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => text(o.text));
    assert.deepEqual(stderr, [], 'stderr output (warnings, type errors)');

    // Charts are Vega-Lite specs for the front end's own renderer: no HTML, no script runtime, no PNG.
    const chartOutputs = all.filter((o) => typeof o.data?.[VEGALITE_MIME] === 'object');
    const tableOutputs = all.filter((o) => htmlOf(o).includes('<table class="seglab-table"'));
    for (const o of chartOutputs) {
      assert.deepEqual(Object.keys(o.data ?? {}).sort(), ['text/plain', VEGALITE_MIME].sort(), 'a chart output holds the Vega-Lite spec and a line of text only');
    }
    assert.ok(all.every((o) => !htmlOf(o).includes(RUNTIME_MARK) && !('image/png' in (o.data ?? {}))), 'no script runtime and no PNG in the saved notebook');
    const codeBytes = Buffer.byteLength(JSON.stringify(readNotebook(file)));
    const savedBytes = fs.statSync(executedFile).size;
    console.log(`# ${name}: ${chartOutputs.length} charts, ${tableOutputs.length} tables; source ${Math.round(codeBytes / 1024)} KB, executed ${Math.round(savedBytes / 1024)} KB`);

    const expected = EXPECTED[name];
    if (expected) {
      assert.ok(chartOutputs.length >= expected.minCharts, `${chartOutputs.length} charts, expected at least ${expected.minCharts}`);
      const titles = chartOutputs.map((o) => (o.data?.[VEGALITE_MIME] as { title?: unknown }).title);
      for (const title of expected.chartTitles) assert.ok(titles.includes(title), `chart "${title}" in ${JSON.stringify(titles)}`);
      for (const caption of expected.tableCaptions) {
        assert.ok(tableOutputs.some((o) => htmlOf(o).includes(caption)), `a table captioned "${caption}"`);
      }
      for (const f of expected.runFiles) assert.ok(fs.existsSync(path.join(runDir, f)), `the notebook wrote ${f} to SEGLAB_NOTEBOOK_OUT_DIR`);
    }
    if (name === '01-quickstart.ipynb') {
      // The CLI and the notebook give the same assignments: seglab run with the same config and seed.
      const cliDir = path.join(work, 'cli');
      const cli = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'seglab.js'), 'run', '--config', path.join(repoRoot, 'data', 'demo', 'seglab.config.json'), '--out', cliDir], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(cli.status, 0, `seglab run failed:\n${cli.stderr}`);
      assert.equal(fs.readFileSync(path.join(runDir, 'segments.csv'), 'utf8'), fs.readFileSync(path.join(cliDir, 'segments.csv'), 'utf8'), 'segments.csv of the notebook and of seglab run');
    }

    const htmlDir = path.join(work, 'html');
    // The export draws the specs with vega-embed: the same step as runNotebook (lib/notebook/export.ts).
    const forExport = path.join(work, name);
    fs.writeFileSync(forExport, JSON.stringify(await withHtmlCharts(executed)));
    const exported = nbconvert(['--to', 'html', '--output-dir', htmlDir, forExport]);
    assert.equal(exported.status, 0, `nbconvert --to html failed for ${name}:\n${exported.stderr.split('\n').slice(-20).join('\n')}`);
    const htmlFile = path.join(htmlDir, name.replace(/\.ipynb$/, '.html'));
    const page = fs.readFileSync(htmlFile, 'utf8');
    assert.equal(count(page, 'class="seglab-chart"'), chartOutputs.length, 'every chart in the HTML export');
    assert.equal(count(page, RUNTIME_MARK), chartOutputs.length ? runtimeScripts().length : 0, 'runtime once in the HTML export');
    assert.equal(count(page, '<table class="seglab-table"'), tableOutputs.length, 'every table in the HTML export');

    if (chartOutputs.length) {
      await assertDrawsInChromium(t, htmlFile, chartOutputs.length, path.join(artifactsDir, name.replace(/\.ipynb$/, '.png')));
    }
  });
}
