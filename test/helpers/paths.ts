import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';

/** The repository root (tests run from dist/test/..., compiled by tsc). */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir);
  return dir;
})();

/** The public datasets: $SEGLAB_DATASETS, else ../shared/datasets beside the repository. */
export const sharedDatasets = process.env.SEGLAB_DATASETS
  ? path.resolve(process.env.SEGLAB_DATASETS)
  : path.resolve(repoRoot, '..', 'shared', 'datasets');

/** A fresh temporary folder for one test. */
export function tempDir(prefix = 'seglab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Folder for artifacts a test keeps (screenshots...), ignored by git. */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
