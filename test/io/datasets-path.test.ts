import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { sharedDatasetsPath } from '../../lib/io/datasets-path';
import { projectRoot } from '../../lib/io/project-root';
import { sharedDatasets as benchDatasets } from '../../bench/datasets/paths';
import { sharedDatasets as testDatasets } from '../helpers/paths';

test('datasets path: one reader for tests and benchmarks; $SEGLAB_DATASETS wins, else ../shared/datasets', () => {
  assert.equal(sharedDatasetsPath({ SEGLAB_DATASETS: 'rel/data' }), path.resolve('rel/data'));
  assert.equal(sharedDatasetsPath({}), path.resolve(projectRoot(), '..', 'shared', 'datasets'));
  assert.equal(benchDatasets, sharedDatasetsPath());
  assert.equal(testDatasets, benchDatasets);
});
