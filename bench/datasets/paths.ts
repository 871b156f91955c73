/**
 * Where the public reference datasets are, for the benchmarks and the tests that read them
 * (readers in this folder; the tests import them from here).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file runs from dist/bench/datasets, compiled by tsc). */
const repoRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir);
  return dir;
})();

/** The public datasets: $SEGLAB_DATASETS, else ../shared/datasets beside the repository. */
export const sharedDatasets = process.env.SEGLAB_DATASETS
  ? path.resolve(process.env.SEGLAB_DATASETS)
  : path.resolve(repoRoot, '..', 'shared', 'datasets');
