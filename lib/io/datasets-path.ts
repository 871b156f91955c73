import * as path from 'node:path';
import { projectRoot } from './project-root';

/**
 * Where the public reference datasets are: $SEGLAB_DATASETS, else ../shared/datasets beside the
 * repository. The one reader of that setting for tests, benchmarks and scripts (bench/ never imports test/).
 * @example path.join(sharedDatasetsPath(), 'uci-wine/wine.data')
 */
export function sharedDatasetsPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SEGLAB_DATASETS ? path.resolve(env.SEGLAB_DATASETS) : path.resolve(projectRoot(), '..', 'shared', 'datasets');
}
