/** The runner's result types, declared with the stages that read them (re-exported for old imports). */
export type { ExcludedColumn } from '../features/excluded';
export type { Manifest, MapPoint } from '../report/manifest';
export type { RunResult } from '../report/run-result';
