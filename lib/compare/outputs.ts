/** The files of a comparison (`seglab compare`, lib/cli/compare.ts): written atomically into one folder. */
import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomic';
import { renderReport } from '../report/html';
import type { CompareResult } from './compare';
import { compareDocument } from './report';
import type { Snapshot } from './snapshot';
import { audienceFiles, driftJson, migrationJson } from './write';

/**
 * Write every output of a comparison into `outDir`; returns the relative paths written.
 * @example await writeCompareOutputs('reports/cmp', result, before, after)
 */
export async function writeCompareOutputs(outDir: string, result: CompareResult, before: Snapshot, after: Snapshot): Promise<string[]> {
  const files: Record<string, string> = {
    'migration.json': migrationJson(result),
    'drift.json': driftJson(result),
    ...audienceFiles(result, before, after),
  };
  for (const [rel, text] of Object.entries(files)) writeFileAtomic(path.join(outDir, ...rel.split('/')), text);
  const rendered = await renderReport(compareDocument(result));
  const charts = rendered.charts.flatMap((c) => {
    writeFileAtomic(path.join(outDir, 'charts', `${c.id}.svg`), c.svg);
    writeFileAtomic(path.join(outDir, 'charts', `${c.id}.png`), c.png);
    return [`charts/${c.id}.svg`, `charts/${c.id}.png`];
  });
  // The page last, so a compare.html on disk always has its files beside it.
  writeFileAtomic(path.join(outDir, 'compare.html'), rendered.html);
  return [...Object.keys(files), ...charts, 'compare.html'];
}
