/**
 * Where the public reference datasets are, for the benchmarks and the tests that read them
 * (readers in this folder; the tests import them from here). The path itself is read in one place,
 * lib/io/datasets-path.ts, shared with test/helpers/paths.ts.
 */
import { sharedDatasetsPath } from '../../lib/io/datasets-path';

/** The public datasets: $SEGLAB_DATASETS, else ../shared/datasets beside the repository. */
export const sharedDatasets = sharedDatasetsPath();
