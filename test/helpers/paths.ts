import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { sharedDatasetsPath } from '../../lib/io/datasets-path';

/** The repository root (tests run from dist/test/..., compiled by tsc). */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir);
  return dir;
})();

/** The public datasets: $SEGLAB_DATASETS, else ../shared/datasets beside the repository (read in lib/io/datasets-path.ts). */
export const sharedDatasets = sharedDatasetsPath();

/** A fresh temporary folder for one test. */
export function tempDir(prefix = 'seglab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Folder for artifacts a test keeps (screenshots...), ignored by git. */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');

/**
 * The skip option for a test that reads public datasets: `false` when every named path under
 * sharedDatasets exists, else a reason naming what is missing (shown by the runner and counted).
 * Example: `test('UCI Wine ...', { skip: needsDatasets('uci-wine/wine.data') }, () => ...)`.
 */
export function needsDatasets(...relativePaths: string[]): string | false {
  const wanted = relativePaths.length > 0 ? relativePaths : [''];
  const missing = wanted.filter((p) => !fs.existsSync(path.join(sharedDatasets, p)));
  if (missing.length === 0) return false;
  return `needs public dataset ${missing.map((p) => p || 'folder').join(', ')}, not found in ${sharedDatasets}`;
}

/** A value computed on first use, so a test file that reads a dataset loads even when it is absent. */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}
