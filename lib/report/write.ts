/**
 * Write a rendered report into a run folder: report.html and charts/<id>.svg + .png, each file
 * written atomically (a reader never sees half a report).
 */
import * as path from 'node:path';
import { SeglabError, msg } from '../errors/messages';
import { writeFileAtomic } from '../io/atomic';
import { isFileSafeId } from './format';
import type { RenderedReport } from './types';

/**
 * Write `report.html` and `charts/<id>.svg` / `charts/<id>.png` under `outDir` (created if
 * missing). Returns the paths written, relative to `outDir`, with "/" separators, report first.
 * @example writeReport('reports/demo', await renderReport(doc)) // ['report.html', 'charts/segment-sizes.svg', ...]
 */
export function writeReport(outDir: string, rendered: RenderedReport): string[] {
  const written: string[] = [];
  const write = (relative: string, data: string | Uint8Array): void => {
    writeFileAtomic(path.join(outDir, ...relative.split('/')), data);
    written.push(relative);
  };
  for (const chart of rendered.charts) {
    if (!isFileSafeId(chart.id)) throw new SeglabError('report', msg.reportChartIdInvalid(chart.id));
    write(`charts/${chart.id}.svg`, chart.svg);
    write(`charts/${chart.id}.png`, chart.png);
  }
  // The report last, so a report.html on disk always has its chart files beside it.
  write('report.html', rendered.html);
  return ['report.html', ...written.filter((f) => f !== 'report.html')];
}

/**
 * The files of a rendered report, in memory (relative path -> bytes), for a run folder written
 * whole (lib/io/run-folder.ts): `charts/<id>.svg`, `charts/<id>.png` and `report.html`.
 * @example Object.keys(reportFiles(await renderReport(doc))) // ['charts/segment-sizes.svg', ..., 'report.html']
 */
export function reportFiles(rendered: RenderedReport): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (const chart of rendered.charts) {
    if (!isFileSafeId(chart.id)) throw new SeglabError('report', msg.reportChartIdInvalid(chart.id));
    files[`charts/${chart.id}.svg`] = chart.svg;
    files[`charts/${chart.id}.png`] = chart.png;
  }
  files['report.html'] = rendered.html;
  return files;
}
